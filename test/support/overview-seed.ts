import { AdrefClient, User } from './adref-client';
import type { TestApp } from './test-app';

/** Before Timor-Leste joined (26 Oct 2025): ACCSM rounds opened now have ten electors. */
export const SEED_START = '2025-10-01T02:00:00Z';
/** After it joined: rounds opened now have eleven. */
export const SEED_LATER = '2025-11-03T02:00:00Z';

const ALL = ['BRN', 'KHM', 'IDN', 'LAO', 'MYS', 'MMR', 'PHL', 'SGP', 'THA', 'TLS', 'VNM'];
const PLUS_THREE = ['CHN', 'JPN', 'KOR'];

/** The answers a round gets, by elector index and round index: a mix, with gaps. */
const PATTERN = [
  'endorse',
  null,
  'clearance_pending',
  null,
  'endorse_with_reservation',
  null,
  'endorse',
] as const;

export interface SeedSizes {
  /** ACCSM rounds opened before Timor-Leste joined (some revised, some past their deadline). */
  early: number;
  drafting: number;
  somReview: number;
  approved: number;
  open: number;
  adopted: number;
  withdrawn: number;
  /** ACCSM+3 statements (drafts and open rounds). */
  plusThree: number;
}

export interface Seeded {
  chair: User;
  focal: Record<string, User>;
  ids: string[];
}

/**
 * Statements in every state, seeded through the API as the chair (KHM) and the focal points
 * take them, across Timor-Leste's accession: electorates of ten and of eleven.
 */
export async function seedOverview(
  t: TestApp,
  client: AdrefClient,
  sizes: SeedSizes,
): Promise<Seeded> {
  t.clock.set(SEED_START);
  const chair = await client.user('chair_secretariat', 'KHM');
  const focal = await client.focalPoints([...ALL, ...PLUS_THREE]);
  const ids: string[] = [];
  let n = 0;

  const create = async (framework: string, title?: string) => {
    n += 1;
    const created = await client.createStatement(chair, {
      framework,
      title: title ?? `ASEAN Statement ${String(n).padStart(3, '0')} on ${framework} matters`,
      titleTh: `ถ้อยแถลงอาเซียน ฉบับที่ ${n}`,
      body: `Text of statement ${n}.`,
    });
    if (created.status !== 201) throw new Error(`create: ${created.status} ${created.text}`);
    ids.push(created.body.id);
    return created.body.id as string;
  };
  const toApproved = async (id: string) => {
    await client.expectEvent(chair, id, { type: 'SUBMIT_TO_SOM' });
    await client.expectEvent(chair, id, { type: 'APPROVE_IN_PRINCIPLE' });
  };
  const open = async (id: string, deadline: string) =>
    client.expectEvent(chair, id, {
      type: 'OPEN_AD_REFERENDUM',
      deadline,
      silenceRule: 'explicit',
    });
  const answer = async (id: string, member: string, position: string, hash: string) =>
    client.expectPosition(focal[member], id, {
      member,
      position,
      versionHash: hash,
      ...(position === 'object' || position === 'endorse_with_reservation'
        ? { text: `${member} reads paragraph 2 differently.` }
        : {}),
    });
  /** Answers a share of the electors, as PATTERN says for round `k`. */
  const answerSome = async (id: string, electorate: string[], hash: string, k: number) => {
    for (const [j, member] of electorate.entries()) {
      const position = PATTERN[(k + j) % PATTERN.length];
      if (position) await answer(id, member, position, hash);
    }
    // A member who changes its answer: the later position supersedes the first.
    if (k % 3 === 0) await answer(id, electorate[1], 'endorse', hash);
    if (k % 5 === 0) await answer(id, electorate[3], 'object', hash);
  };

  // Before the accession: ten electors. Every third is revised, every fourth runs past its deadline.
  const revised: string[] = [];
  const lapsing: string[] = [];
  for (let k = 0; k < sizes.early; k += 1) {
    const id = await create('ACCSM', k === 0 ? '=HYPERLINK("http://x.test","click")' : undefined);
    await toApproved(id);
    const lapses = k % 4 === 1;
    const view = await open(id, lapses ? '2025-10-20T17:00:00+07:00' : '2026-01-15T17:00:00+07:00');
    await answerSome(id, view.round.electorate, view.currentVersion.hash, k);
    if (k % 3 === 2) {
      await client.expectEvent(chair, id, {
        type: 'REVISE',
        body: `Revised text of statement ${id}.`,
        note: 'Takes the objections in',
      });
      revised.push(id);
    } else if (lapses) lapsing.push(id);
  }

  t.clock.set(SEED_LATER);
  for (const id of lapsing) await client.expectEvent(chair, id, { type: 'DEADLINE_PASSED' });
  // Revised texts go round again, now to eleven; some answer the new text.
  for (const [k, id] of revised.entries()) {
    const view = await open(id, '2026-02-01T17:00:00+07:00');
    if (k % 2 === 0)
      await answerSome(id, view.round.electorate.slice(0, 5), view.currentVersion.hash, k);
  }
  for (let k = 0; k < sizes.drafting; k += 1) await create('ACCSM');
  for (let k = 0; k < sizes.somReview; k += 1) {
    await client.expectEvent(chair, await create('ACCSM'), { type: 'SUBMIT_TO_SOM' });
  }
  for (let k = 0; k < sizes.approved; k += 1) await toApproved(await create('ACCSM'));
  for (let k = 0; k < sizes.open; k += 1) {
    const id = await create('ACCSM');
    await toApproved(id);
    const day = String(1 + (k % 27)).padStart(2, '0');
    const view = await open(id, `2026-0${1 + (k % 3)}-${day}T17:00:00+07:00`);
    await answerSome(id, view.round.electorate, view.currentVersion.hash, k + 1);
  }
  for (let k = 0; k < sizes.adopted; k += 1) {
    const id = await create('ACCSM');
    await toApproved(id);
    const view = await open(id, '2026-01-20T17:00:00+07:00');
    for (const member of view.round.electorate) {
      await answer(id, member, 'endorse', view.currentVersion.hash);
    }
  }
  for (let k = 0; k < sizes.withdrawn; k += 1) {
    const id = await create('ACCSM');
    await toApproved(id);
    if (k % 2 === 0) await open(id, '2026-01-25T17:00:00+07:00');
    await client.expectEvent(chair, id, { type: 'WITHDRAW', reason: 'Overtaken by events' });
  }
  for (let k = 0; k < sizes.plusThree; k += 1) {
    const id = await create('ACCSM+3');
    if (k % 3 === 0) continue;
    await toApproved(id);
    const view = await open(id, `2026-01-${String(10 + k).padStart(2, '0')}T17:00:00+07:00`);
    await answerSome(id, view.round.electorate, view.currentVersion.hash, k + 2);
  }
  return { chair, focal, ids };
}

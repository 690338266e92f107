// Seeding through the real API, with the typed client: the chair's secretariat launches
// statements and takes them to an open ad-referendum round; a focal point per elector.
import { adrefClient, must } from '../client/adref-client';
import type { AdrefClient, Schemas } from '../client/adref-client';
import { sleep } from './app-process';

const DAY_MS = 86_400_000;

type EventBody =
  Schemas['PlainEventDto'] | Schemas['MeetingEventDto'] | Schemas['OpenAdReferendumDto'];

export interface OpenStatement {
  id: string;
  /** The circulated text's sha256, which every position binds. */
  versionHash: string;
}

export interface World {
  chairMember: string;
  /** Every ACCSM elector of today, each with a focal point. */
  electorate: string[];
  focalPoints: Map<string, { id: string; token: string }>;
  /** Open rounds, deadline weeks ahead: the statements the writes go to. */
  targets: OpenStatement[];
  /** Rounds whose deadline passed (and fired) while answers were missing: overdue on the board. */
  overdue: OpenStatement[];
}

export async function inParallel<T, R>(
  items: T[],
  concurrency: number,
  work: (item: T, index: number) => Promise<R>,
): Promise<R[]> {
  const results: R[] = new Array<R>(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const index = next++;
      results[index] = await work(items[index], index);
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, items.length) }, worker));
  return results;
}

async function openRound(
  chair: AdrefClient,
  title: string,
  deadline: () => string,
): Promise<OpenStatement> {
  const created = must(
    await chair.POST('/api/v1/statements', {
      body: {
        framework: 'ACCSM',
        title,
        body: `We, the Heads of Civil Service of the ASEAN Member States, ... (${title})`,
      },
    }),
    'POST /statements',
  );
  const path = { path: { id: created.id } };
  const event = async (body: EventBody) =>
    must(
      await chair.POST('/api/v1/statements/{id}/events', { params: path, body }),
      `POST ${body.type}`,
    );
  await event({ type: 'SUBMIT_TO_SOM' });
  await event({ type: 'APPROVE_IN_PRINCIPLE', meeting: 'SOM of the current ACCSM cycle (bench)' });
  const opened = await event({
    type: 'OPEN_AD_REFERENDUM',
    deadline: deadline(),
    silenceRule: 'explicit',
  });
  return { id: opened.id, versionHash: opened.currentVersion.hash };
}

export async function seedThroughApi(
  origin: string,
  adminToken: string,
  counts: { targets: number; overdue: number; concurrency: number; runId: string },
): Promise<World> {
  const admin = adrefClient(origin, adminToken);
  const frameworks = must(await admin.GET('/api/v1/frameworks'), 'GET /frameworks');
  const accsm = frameworks.find((framework) => framework.code === 'ACCSM');
  const chairMember = accsm?.chair?.member;
  if (!accsm || !chairMember) throw new Error('ACCSM has no chair today: the bench needs one');
  const user = async (role: Schemas['CreateUserDto']['role'], member: string) => {
    const created = must(
      await admin.POST('/api/v1/users', {
        body: {
          name: `${member} ${role} (bench ${counts.runId})`,
          email: `${role}.${member.toLowerCase()}.${counts.runId}@bench.invalid`,
          role,
          member,
        },
      }),
      'POST /users',
    );
    if (!created.token) throw new Error('POST /users answered without a token');
    return { id: created.id, token: created.token };
  };
  const chair = adrefClient(origin, (await user('chair_secretariat', chairMember)).token);
  const focalPoints = new Map<string, { id: string; token: string }>();
  for (const member of accsm.members) focalPoints.set(member, await user('focal_point', member));

  // The overdue rounds first: their deadline (a few seconds ahead) passes while the rest seed.
  const overdue = await inParallel(range(counts.overdue), counts.concurrency, (i) =>
    openRound(chair, `Bench overdue statement ${i + 1} (${counts.runId})`, () =>
      new Date(Date.now() + 4000).toISOString(),
    ),
  );
  const far = new Date(Date.now() + 30 * DAY_MS).toISOString();
  const targets = await inParallel(range(counts.targets), counts.concurrency, (i) =>
    openRound(chair, `Bench statement ${i + 1} (${counts.runId})`, () => far),
  );
  // The scheduler (workers on) fires each overdue deadline: the round awaits the chair's decision.
  for (const statement of overdue) {
    for (let attempt = 0; ; attempt++) {
      const view = must(
        await admin.GET('/api/v1/statements/{id}', { params: { path: { id: statement.id } } }),
        'GET /statements/:id',
      );
      if (view.roundState === 'awaiting_decision') break;
      if (attempt > 600) throw new Error(`the deadline of ${statement.id} never fired`);
      await sleep(100);
    }
  }
  return { chairMember, electorate: accsm.members, focalPoints, targets, overdue };
}

const range = (n: number): number[] => Array.from({ length: n }, (_, i) => i);

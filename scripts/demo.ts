// The demo, against a running adref:
//  1. imports the history of two real statements (scripts/imports/): the 2019 statement on good
//     governance, adopted at the 20th SOM in Chiang Rai, and the 2024 Work-Life Balance statement,
//     approved in principle at the 22nd ACCSM on 7 August 2024 and adopted by ad referendum by the
//     10 members of the day. A second run finds them imported (409) and shows them again.
//  2. runs a live round of the current cycle, dated today: the chair of the day drafts, SOM
//     reviews and approves in principle, the round opens with a deadline 14 days ahead, every
//     elector of the day answers (one with a reservation) and the last answer adopts it.
// Nothing is back-dated and no deadline is in the past. Details the sources do not give are
// marked * (illustrative). Exits non-zero, saying why, on any failure.
//
//   ADREF_ADMIN_TOKEN=<the app's admin token> npm run demo
//   (ADREF_URL, or PORT as the app reads it; default http://localhost:3000)
import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

const ORIGIN = (process.env.ADREF_URL ?? `http://localhost:${process.env.PORT || 3000}`).replace(
  /\/+$/,
  '',
);
const BASE = `${ORIGIN}/api/v1`;
const ADMIN = process.env.ADREF_ADMIN_TOKEN;
const IMPORT_FILES = ['accsm-2019-good-governance.json', 'accsm-2024-work-life-balance.json'];
const ROUND_DAYS = 14;
const DAY_MS = 86_400_000;

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

class DemoError extends Error {}

class ApiError extends DemoError {
  constructor(
    readonly status: number,
    readonly body: Json,
    what: string,
  ) {
    super(`${what} → ${status} ${body.code ?? ''}: ${body.message ?? JSON.stringify(body)}`);
  }
}

async function call(
  token: string,
  method: string,
  path: string,
  body?: unknown,
  accept: number[] = [],
): Promise<{ status: number; body: Json }> {
  let response: Response;
  try {
    response = await fetch(`${BASE}${path}`, {
      method,
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
      signal: AbortSignal.timeout(60_000),
    });
  } catch (error) {
    throw new DemoError(`${method} ${path}: no answer from ${BASE} (${(error as Error).message})`);
  }
  const answer = (await response.json().catch(() => ({}))) as Json;
  if (!response.ok && !accept.includes(response.status)) {
    throw new ApiError(response.status, answer, `${method} ${path}`);
  }
  return { status: response.status, body: answer };
}

const ok = async (token: string, method: string, path: string, body?: unknown) =>
  (await call(token, method, path, body)).body;

const say = (text = '') => console.log(text);
const step = (text: string) => console.log(`  • ${text}`);
const day = (iso: string) => iso.slice(0, 10);
const ordinal = (n: number) =>
  `${n}${n % 100 >= 11 && n % 100 <= 13 ? 'th' : (['th', 'st', 'nd', 'rd'][n % 10] ?? 'th')}`;

/** Waits up to two minutes for the app (it may still be starting) to answer /health. */
async function waitForApp(): Promise<void> {
  for (let attempt = 0; attempt < 120; attempt++) {
    try {
      if ((await fetch(`${BASE}/health`, { signal: AbortSignal.timeout(5_000) })).ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((done) => setTimeout(done, 1000));
  }
  throw new DemoError(`no adref answers at ${BASE}/health: start it with npm start`);
}

function importFile(name: string): Json {
  // From dist/scripts/ (npm run demo) or from scripts/ itself.
  const folders = [resolve(__dirname, '../../scripts/imports'), resolve(__dirname, 'imports')];
  const folder = folders.find((candidate) => existsSync(join(candidate, name)));
  if (!folder) throw new DemoError(`import file ${name} not found in ${folders.join(' or ')}`);
  return JSON.parse(readFileSync(join(folder, name), 'utf8')) as Json;
}

/** Imports one file, or finds the statement a previous run imported from it. */
async function importHistory(name: string): Promise<void> {
  const file = importFile(name);
  const answer = await call(ADMIN!, 'POST', '/statements/import', file, [409]);
  let statement = answer.body;
  if (answer.status === 409) {
    if (answer.body.code !== 'already_imported') {
      throw new ApiError(409, answer.body, `POST /statements/import (${name})`);
    }
    statement = await ok(ADMIN!, 'GET', `/statements/${answer.body.details.statementId}`);
    step(`${file.importKey}: imported before, statement ${statement.id}`);
  } else {
    step(`${file.importKey}: imported as statement ${statement.id}`);
  }
  say(`      ${statement.title}`);
  const history = await ok(ADMIN!, 'GET', `/statements/${statement.id}/history`);
  for (const event of history.events as Json[]) {
    const marks = (event.payload.illustrative ?? []) as string[];
    const when = `${day(event.at)}${marks.includes('at') ? '*' : ''}`;
    const what =
      event.type === 'RECORD_POSITION'
        ? `${event.payload.position.member} ${event.payload.position.position}s` +
          (event.payload.position.reference
            ? ` (${event.payload.position.reference}${marks.includes('reference') ? '*' : ''})`
            : '')
        : event.type === 'OPEN_AD_REFERENDUM'
          ? `round opens: ${event.payload.electorate.length} electors (${event.payload.electorate.join(', ')}), deadline ${day(event.payload.deadline)}*, ${event.payload.silenceRule}*`
          : `${event.type}${event.payload.meeting ? `, ${event.payload.meeting}` : ''}`;
    say(`      ${when}  ${what}${event.payload.imported ? '' : '  [NOT marked imported]'}`);
    if (!event.payload.imported)
      throw new DemoError(`${file.importKey}: an event is not marked imported`);
  }
  if (statement.state !== 'adopted') {
    throw new DemoError(`${file.importKey} is ${statement.state}, expected adopted`);
  }
  const adoption = statement.adoption;
  say(
    `      adopted on ${day(adoption.date)}* (${adoption.basis}${statement.round ? `, ${statement.round.tally.endorsed}/${statement.round.electorate.length} endorsed` : ''})`,
  );
  say('      * illustrative, as the file says:');
  for (const note of file.illustrative as string[]) say(`        - ${note}`);
}

/** A live round of today's cycle, from launch to adoption, with one reservation. */
async function liveRound(): Promise<void> {
  const run = `${Date.now().toString(36)}${randomBytes(3).toString('hex')}`;
  const frameworks = (await ok(ADMIN!, 'GET', '/frameworks')) as Json[];
  const accsm = frameworks.find((framework) => framework.code === 'ACCSM');
  if (!accsm) throw new DemoError('the reference data has no ACCSM framework');
  const electorate = accsm.members as string[];
  if (electorate.length === 0) throw new DemoError(`ACCSM has no members on ${accsm.date}`);
  const user = async (role: string, member: string | null, name: string) =>
    (
      await ok(ADMIN!, 'POST', '/users', {
        name,
        email: `${(member ?? 'admin').toLowerCase()}-${role}-${run}@demo.invalid`,
        role,
        ...(member ? { member } : {}),
      })
    ).token as string;

  const chairCode: string | null = accsm.chair?.member ?? null;
  say(
    chairCode
      ? `  Today (${accsm.date}) ${chairCode} chairs the ${accsm.chair.ordinal ? `${ordinal(accsm.chair.ordinal)} ` : ''}ACCSM${accsm.chair.theme ? ` ("${accsm.chair.theme}")` : ''}; ${electorate.length} members: ${electorate.join(', ')}`
      : `  Today (${accsm.date}) the reference data names no ACCSM chair: the admin acts as chair`,
  );
  const chair = chairCode
    ? await user('chair_secretariat', chairCode, `${chairCode} secretariat (demo ${run})`)
    : ADMIN!;
  const theme = accsm.chair?.theme ?? 'Cooperation on Civil Service Matters';
  const title = `ASEAN Statement on ${theme} (demo ${run})`;
  let statement = await ok(chair, 'POST', '/statements', {
    framework: 'ACCSM',
    title,
    body:
      '[ILLUSTRATIVE TEXT written for the demo.]\n\n' +
      `We, the Heads of Civil Service of the ASEAN Member States, resolve to pursue ${theme.toLowerCase()} in our civil services.`,
  });
  const id = statement.id as string;
  step(`${chairCode ?? 'admin'} drafts "${title}"* (statement ${id})`);
  const event = (body: Json) => ok(chair, 'POST', `/statements/${id}/events`, body);
  await event({ type: 'SUBMIT_TO_SOM' });
  step('submitted to SOM');
  await event({ type: 'APPROVE_IN_PRINCIPLE', meeting: 'SOM of the current ACCSM cycle (demo)*' });
  step('SOM approves it in principle*');
  const deadline = new Date(Date.now() + ROUND_DAYS * DAY_MS).toISOString();
  statement = await event({ type: 'OPEN_AD_REFERENDUM', deadline, silenceRule: 'explicit' });
  const round = statement.round;
  step(
    `ad referendum opens: ${round.electorate.length} electors (${round.electorate.join(', ')}), deadline ${deadline} (${ROUND_DAYS} days ahead), every member must endorse`,
  );

  const reserving = round.electorate.includes('MYS') ? 'MYS' : round.electorate[0];
  const hash = statement.currentVersion.hash as string;
  for (const [index, member] of (round.electorate as string[]).entries()) {
    const token = await user('focal_point', member, `${member} focal point (demo ${run})`);
    const reservation = member === reserving;
    statement = await ok(token, 'POST', `/statements/${id}/positions`, {
      member,
      versionHash: hash,
      ...(reservation
        ? {
            position: 'endorse_with_reservation',
            text: 'Endorses, with an interpretative statement on paragraph 2 (illustrative*)',
          }
        : { position: 'endorse' }),
    });
    const last = index === round.electorate.length - 1;
    if (statement.state !== (last ? 'adopted' : 'ad_referendum')) {
      throw new DemoError(`after ${member}'s answer the statement is ${statement.state}`);
    }
    const { endorsed, electorate: total } = statement.round.tally;
    step(
      `${member} ${reservation ? 'endorses with a reservation*' : 'endorses'}: ${endorsed}/${total}`,
    );
  }
  const adoption = statement.adoption;
  if (adoption?.basis !== 'consensus') throw new DemoError('the round did not adopt by consensus');
  step(`adopted on ${adoption.date} by consensus of ${statement.round.electorate.length} members`);

  const history = await ok(ADMIN!, 'GET', `/statements/${id}/history`);
  step(
    `history: ${history.events.length} events, hash chain ${history.chain.valid ? 'intact' : 'BROKEN'}`,
  );
  if (!history.chain.valid) throw new DemoError('the hash chain of the live round is broken');
  const verification = await call(ADMIN!, 'GET', `/statements/${id}/verify`, undefined, [404]);
  if (verification.status === 200) {
    step(
      `verify: ${verification.body.valid ? 'valid' : 'PROBLEMS'} (${verification.body.checkedEvents} events)`,
    );
    if (verification.body.valid !== true) {
      throw new DemoError(`verify found problems: ${JSON.stringify(verification.body.problems)}`);
    }
  }
  const overdue = await ok(ADMIN!, 'GET', '/statements?overdue=true&pageSize=100');
  if ((overdue.items as Json[]).some((item) => item.id === id)) {
    throw new DemoError('the live round is overdue on the board');
  }
  step(`board: ${overdue.total} overdue statement(s)`);
  say(`  See it: ${ORIGIN}/ and GET ${BASE}/statements/${id}`);
}

async function main(): Promise<void> {
  if (!ADMIN) throw new DemoError('set ADREF_ADMIN_TOKEN to the token the app was started with');
  await waitForApp();
  say(`adref demo against ${BASE}   (* = illustrative: not given by the sources)`);
  say('\n1. History entered by import (scripts/imports/)');
  for (const name of IMPORT_FILES) await importHistory(name);
  say('\n2. A live round of the current cycle, dated today');
  await liveRound();
  say('\nThe demo completed.');
}

main().catch((error: Error) => {
  console.error(`\ndemo failed: ${error instanceof DemoError ? error.message : error.stack}`);
  process.exit(1);
});

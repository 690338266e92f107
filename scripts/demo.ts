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
import {
  AdrefApiError,
  adrefClient,
  AdrefUnreachableError,
  must,
  refusal,
} from './client/adref-client';
import type { AdrefClient, Schemas } from './client/adref-client';

const ORIGIN = (process.env.ADREF_URL ?? `http://localhost:${process.env.PORT || 3000}`).replace(
  /\/+$/,
  '',
);
const BASE = `${ORIGIN}/api/v1`;
const IMPORT_FILES = ['accsm-2019-good-governance.json', 'accsm-2024-work-life-balance.json'];
const ROUND_DAYS = 14;
const DAY_MS = 86_400_000;

class DemoError extends Error {}

/** A field of a JSON object whose shape the document leaves open (an event's payload). */
function field(value: unknown, key: string): unknown {
  if (typeof value !== 'object' || value === null) return undefined;
  return new Map<string, unknown>(Object.entries(value)).get(key);
}
const text = (value: unknown): string => (typeof value === 'string' ? value : '');
const texts = (value: unknown): string[] =>
  Array.isArray(value) ? value.filter((item) => typeof item === 'string') : [];

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

/** An import file, as the API takes it (the API checks every field). */
function isImportFile(value: unknown): value is Schemas['ImportFileDto'] {
  return (
    typeof field(value, 'importKey') === 'string' &&
    typeof field(value, 'format') === 'string' &&
    Array.isArray(field(value, 'events')) &&
    Array.isArray(field(value, 'versions'))
  );
}

function importFile(name: string): Schemas['ImportFileDto'] {
  // From dist/scripts/ (npm run demo) or from scripts/ itself.
  const folders = [resolve(__dirname, '../../scripts/imports'), resolve(__dirname, 'imports')];
  const folder = folders.find((candidate) => existsSync(join(candidate, name)));
  if (!folder) throw new DemoError(`import file ${name} not found in ${folders.join(' or ')}`);
  const file: unknown = JSON.parse(readFileSync(join(folder, name), 'utf8'));
  if (!isImportFile(file)) throw new DemoError(`${name} is not an adref import file`);
  return file;
}

/** Imports one file, or finds the statement a previous run imported from it. */
async function importHistory(admin: AdrefClient, name: string): Promise<void> {
  const file = importFile(name);
  const answer = await admin.POST('/api/v1/statements/import', { body: file });
  let statement: Schemas['StatementDto'];
  if (answer.data) {
    statement = answer.data;
    step(`${file.importKey}: imported as statement ${statement.id}`);
  } else {
    const error = refusal(answer);
    const previous = text(field(error?.details, 'statementId'));
    if (answer.response.status !== 409 || error?.code !== 'already_imported' || !previous) {
      throw new AdrefApiError(`POST /statements/import (${name})`, answer.response.status, error);
    }
    statement = must(
      await admin.GET('/api/v1/statements/{id}', { params: { path: { id: previous } } }),
      `GET /statements/${previous}`,
    );
    step(`${file.importKey}: imported before, statement ${statement.id}`);
  }
  say(`      ${statement.title}`);
  const history = must(
    await admin.GET('/api/v1/statements/{id}/history', { params: { path: { id: statement.id } } }),
    `GET /statements/${statement.id}/history`,
  );
  for (const event of history.events) {
    const payload = event.payload;
    const marks = texts(payload.illustrative);
    const when = `${day(event.at)}${marks.includes('at') ? '*' : ''}`;
    const position = payload.position;
    const reference = text(field(position, 'reference'));
    const electorate = texts(payload.electorate);
    const meeting = text(payload.meeting);
    const what =
      event.type === 'RECORD_POSITION'
        ? `${text(field(position, 'member'))} ${text(field(position, 'position'))}s` +
          (reference ? ` (${reference}${marks.includes('reference') ? '*' : ''})` : '')
        : event.type === 'OPEN_AD_REFERENDUM'
          ? `round opens: ${electorate.length} electors (${electorate.join(', ')}), deadline ${day(text(payload.deadline))}*, ${text(payload.silenceRule)}*`
          : `${event.type}${meeting ? `, ${meeting}` : ''}`;
    say(`      ${when}  ${what}${payload.imported ? '' : '  [NOT marked imported]'}`);
    if (!payload.imported)
      throw new DemoError(`${file.importKey}: an event is not marked imported`);
  }
  if (statement.state !== 'adopted') {
    throw new DemoError(`${file.importKey} is ${statement.state}, expected adopted`);
  }
  const adoption = statement.adoption;
  if (!adoption) throw new DemoError(`${file.importKey} is adopted without an adoption`);
  say(
    `      adopted on ${day(adoption.date)}* (${adoption.basis}${statement.round ? `, ${statement.round.tally.endorsed}/${statement.round.electorate.length} endorsed` : ''})`,
  );
  say('      * illustrative, as the file says:');
  for (const note of file.illustrative ?? []) say(`        - ${note}`);
}

/** A live round of today's cycle, from launch to adoption, with one reservation. */
async function liveRound(admin: AdrefClient, adminToken: string): Promise<void> {
  const run = `${Date.now().toString(36)}${randomBytes(3).toString('hex')}`;
  const frameworks = must(await admin.GET('/api/v1/frameworks'), 'GET /frameworks');
  const accsm = frameworks.find((framework) => framework.code === 'ACCSM');
  if (!accsm) throw new DemoError('the reference data has no ACCSM framework');
  const electorate = accsm.members;
  if (electorate.length === 0) throw new DemoError(`ACCSM has no members on ${accsm.date}`);
  const user = async (role: Schemas['CreateUserDto']['role'], member: string, name: string) => {
    const { token } = must(
      await admin.POST('/api/v1/users', {
        body: {
          name,
          email: `${member.toLowerCase()}-${role}-${run}@demo.invalid`,
          role,
          member,
        },
      }),
      'POST /users',
    );
    // A fresh account always gets its token; only an Idempotency-Key replay leaves it out.
    if (!token) throw new DemoError('POST /users answered without a token');
    return token;
  };

  const chairTerm = accsm.chair;
  say(
    chairTerm
      ? `  Today (${accsm.date}) ${chairTerm.member} chairs the ${chairTerm.ordinal ? `${ordinal(chairTerm.ordinal)} ` : ''}ACCSM${chairTerm.theme ? ` ("${chairTerm.theme}")` : ''}; ${electorate.length} members: ${electorate.join(', ')}`
      : `  Today (${accsm.date}) the reference data names no ACCSM chair: the admin acts as chair`,
  );
  const chairToken = chairTerm
    ? await user(
        'chair_secretariat',
        chairTerm.member,
        `${chairTerm.member} secretariat (demo ${run})`,
      )
    : adminToken;
  const chair = adrefClient(ORIGIN, chairToken);
  const theme = chairTerm?.theme ?? 'Cooperation on Civil Service Matters';
  const title = `ASEAN Statement on ${theme} (demo ${run})`;
  let statement = must(
    await chair.POST('/api/v1/statements', {
      body: {
        framework: 'ACCSM',
        title,
        body:
          '[ILLUSTRATIVE TEXT written for the demo.]\n\n' +
          `We, the Heads of Civil Service of the ASEAN Member States, resolve to pursue ${theme.toLowerCase()} in our civil services.`,
      },
    }),
    'POST /statements',
  );
  const id = statement.id;
  const path = { path: { id } };
  step(`${chairTerm?.member ?? 'admin'} drafts "${title}"* (statement ${id})`);
  must(
    await chair.POST('/api/v1/statements/{id}/events', {
      params: path,
      body: { type: 'SUBMIT_TO_SOM' },
    }),
    'POST SUBMIT_TO_SOM',
  );
  step('submitted to SOM');
  must(
    await chair.POST('/api/v1/statements/{id}/events', {
      params: path,
      body: { type: 'APPROVE_IN_PRINCIPLE', meeting: 'SOM of the current ACCSM cycle (demo)*' },
    }),
    'POST APPROVE_IN_PRINCIPLE',
  );
  step('SOM approves it in principle*');
  const deadline = new Date(Date.now() + ROUND_DAYS * DAY_MS).toISOString();
  statement = must(
    await chair.POST('/api/v1/statements/{id}/events', {
      params: path,
      body: { type: 'OPEN_AD_REFERENDUM', deadline, silenceRule: 'explicit' },
    }),
    'POST OPEN_AD_REFERENDUM',
  );
  const round = statement.round;
  if (!round) throw new DemoError('OPEN_AD_REFERENDUM opened no round');
  step(
    `ad referendum opens: ${round.electorate.length} electors (${round.electorate.join(', ')}), deadline ${deadline} (${ROUND_DAYS} days ahead), every member must endorse`,
  );

  const reserving = round.electorate.includes('MYS') ? 'MYS' : round.electorate[0];
  const hash = statement.currentVersion.hash;
  for (const [index, member] of round.electorate.entries()) {
    const focalPoint = adrefClient(
      ORIGIN,
      await user('focal_point', member, `${member} focal point (demo ${run})`),
    );
    const reservation = member === reserving;
    statement = must(
      await focalPoint.POST('/api/v1/statements/{id}/positions', {
        params: path,
        body: {
          member,
          versionHash: hash,
          ...(reservation
            ? {
                position: 'endorse_with_reservation',
                text: 'Endorses, with an interpretative statement on paragraph 2 (illustrative*)',
              }
            : { position: 'endorse' }),
        },
      }),
      `POST /statements/${id}/positions (${member})`,
    );
    const last = index === round.electorate.length - 1;
    if (statement.state !== (last ? 'adopted' : 'ad_referendum')) {
      throw new DemoError(`after ${member}'s answer the statement is ${statement.state}`);
    }
    const tally = statement.round?.tally;
    step(
      `${member} ${reservation ? 'endorses with a reservation*' : 'endorses'}: ${tally?.endorsed}/${tally?.electorate}`,
    );
  }
  const adoption = statement.adoption;
  if (adoption?.basis !== 'consensus') throw new DemoError('the round did not adopt by consensus');
  step(`adopted on ${adoption.date} by consensus of ${round.electorate.length} members`);

  const history = must(
    await admin.GET('/api/v1/statements/{id}/history', { params: path }),
    `GET /statements/${id}/history`,
  );
  step(
    `history: ${history.events.length} events, hash chain ${history.chain.valid ? 'intact' : 'BROKEN'}`,
  );
  if (!history.chain.valid) throw new DemoError('the hash chain of the live round is broken');
  const verification = await admin.GET('/api/v1/statements/{id}/verify', { params: path });
  if (verification.data) {
    const report = verification.data;
    step(`verify: ${report.valid ? 'valid' : 'PROBLEMS'} (${report.checkedEvents} events)`);
    if (!report.valid) {
      throw new DemoError(`verify found problems: ${JSON.stringify(report.problems)}`);
    }
  } else if (verification.response.status !== 404) {
    throw new AdrefApiError(
      `GET /statements/${id}/verify`,
      verification.response.status,
      refusal(verification),
    );
  }
  const overdue = must(
    await admin.GET('/api/v1/statements', { params: { query: { overdue: true, pageSize: 100 } } }),
    'GET /statements?overdue=true',
  );
  if (overdue.items.some((item) => item.id === id)) {
    throw new DemoError('the live round is overdue on the board');
  }
  step(`board: ${overdue.total} overdue statement(s)`);
  say(`  See it: ${ORIGIN}/ and GET ${BASE}/statements/${id}`);
}

async function main(): Promise<void> {
  const adminToken = process.env.ADREF_ADMIN_TOKEN;
  if (!adminToken) {
    throw new DemoError('set ADREF_ADMIN_TOKEN to the token the app was started with');
  }
  await waitForApp();
  const admin = adrefClient(ORIGIN, adminToken);
  say(`adref demo against ${BASE}   (* = illustrative: not given by the sources)`);
  say('\n1. History entered by import (scripts/imports/)');
  for (const name of IMPORT_FILES) await importHistory(admin, name);
  say('\n2. A live round of the current cycle, dated today');
  await liveRound(admin, adminToken);
  say('\nThe demo completed.');
}

main().catch((error: unknown) => {
  const known =
    error instanceof DemoError ||
    error instanceof AdrefApiError ||
    error instanceof AdrefUnreachableError;
  console.error(
    `\ndemo failed: ${known ? error.message : error instanceof Error ? error.stack : String(error)}`,
  );
  process.exit(1);
});

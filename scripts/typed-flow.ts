// One statement from launch to adoption through the typed client (scripts/client/), with no
// cast: the chair of the day drafts, SOM reviews and approves in principle, the text is revised,
// the ad referendum round opens and every elector endorses. tsc checks each call against the
// OpenAPI document, and ESLint forbids `as`, `!` and `any` here.
//
//   ADREF_ADMIN_TOKEN=<the app's admin token> node dist/scripts/typed-flow.js
//   (ADREF_URL, or PORT as the app reads it; default http://localhost:3000)
import { randomBytes } from 'node:crypto';
import { adrefClient, must } from './client/adref-client';
import type { Schemas } from './client/adref-client';

const DAY_MS = 86_400_000;
const ROUND_DAYS = 14;

export interface TypedFlowOptions {
  origin: string;
  adminToken: string;
  log?: (line: string) => void;
}

/** Runs the flow; resolves to the statement as the last endorsement left it. */
export async function typedFlow(options: TypedFlowOptions): Promise<Schemas['StatementDto']> {
  const log = options.log ?? (() => undefined);
  const admin = adrefClient(options.origin, options.adminToken);
  const run = randomBytes(4).toString('hex');

  const frameworks = must(await admin.GET('/api/v1/frameworks'), 'GET /frameworks');
  const accsm = frameworks.find((framework) => framework.code === 'ACCSM');
  if (!accsm) throw new Error('the reference data has no ACCSM framework');
  if (accsm.members.length === 0) throw new Error(`ACCSM has no members on ${accsm.date}`);

  const user = async (role: Schemas['CreateUserDto']['role'], member: string) => {
    const { token } = must(
      await admin.POST('/api/v1/users', {
        body: {
          name: `${member} ${role} (typed flow ${run})`,
          email: `${member.toLowerCase()}-${role}-${run}@typed-flow.invalid`,
          role,
          member,
        },
      }),
      'POST /users',
    );
    // A fresh account always gets its token; only an Idempotency-Key replay leaves it out.
    if (!token) throw new Error('POST /users answered without a token');
    return token;
  };

  // The chair of the day drafts; without a chair in the reference data the admin does.
  const chairCode = accsm.chair?.member;
  const chair = chairCode
    ? adrefClient(options.origin, await user('chair_secretariat', chairCode))
    : admin;
  let statement = must(
    await chair.POST('/api/v1/statements', {
      body: {
        framework: accsm.code,
        title: `ASEAN Statement on Typed Clients (typed flow ${run})`,
        body: 'We, the Heads of Civil Service, resolve to type our clients.',
      },
    }),
    'POST /statements',
  );
  const id = statement.id;
  const path = { path: { id } };
  log(`launched ${id} (${statement.state})`);

  for (const body of [
    { type: 'SUBMIT_TO_SOM' },
    { type: 'APPROVE_IN_PRINCIPLE', meeting: 'SOM of the current ACCSM cycle (typed flow)' },
  ] satisfies (Schemas['PlainEventDto'] | Schemas['MeetingEventDto'])[]) {
    statement = must(
      await chair.POST('/api/v1/statements/{id}/events', { params: path, body }),
      `POST ${body.type}`,
    );
    log(`${body.type}: ${statement.state}`);
  }

  statement = must(
    await chair.PUT('/api/v1/statements/{id}/text', {
      params: { ...path, header: { 'If-Match': String(statement.lockVersion) } },
      body: {
        body: 'We, the Heads of Civil Service, resolve to type our clients and check them.',
        note: 'Incorporates the comments of SOM',
      },
    }),
    'PUT /text',
  );
  log(`text version ${statement.currentVersion.number}`);

  const deadline = new Date(Date.parse(accsm.date) + ROUND_DAYS * DAY_MS).toISOString();
  statement = must(
    await chair.POST('/api/v1/statements/{id}/events', {
      params: path,
      body: { type: 'OPEN_AD_REFERENDUM', deadline, silenceRule: 'explicit' },
    }),
    'POST OPEN_AD_REFERENDUM',
  );
  const round = statement.round;
  if (!round) throw new Error('OPEN_AD_REFERENDUM opened no round');
  log(`round ${round.number}: ${round.electorate.length} electors, deadline ${round.deadline}`);

  for (const member of round.electorate) {
    const focalPoint = adrefClient(options.origin, await user('focal_point', member));
    statement = must(
      await focalPoint.POST('/api/v1/statements/{id}/positions', {
        params: path,
        body: { member, position: 'endorse', versionHash: statement.currentVersion.hash },
      }),
      `POST positions (${member})`,
    );
    log(`${member} endorses: ${statement.round?.tally.endorsed}/${round.electorate.length}`);
  }
  log(`${statement.state}${statement.adoption ? ` on ${statement.adoption.date}` : ''}`);
  return statement;
}

async function main(): Promise<void> {
  const adminToken = process.env.ADREF_ADMIN_TOKEN;
  if (!adminToken) throw new Error('set ADREF_ADMIN_TOKEN to the token the app was started with');
  const origin = process.env.ADREF_URL ?? `http://localhost:${process.env.PORT || 3000}`;
  const statement = await typedFlow({ origin, adminToken, log: (line) => console.log(line) });
  if (statement.state !== 'adopted') throw new Error(`ended ${statement.state}, not adopted`);
}

if (require.main === module) {
  main().catch((error: unknown) => {
    console.error(`typed flow failed: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  });
}

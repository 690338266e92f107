import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Response } from 'supertest';
import { sha256 } from '../../src/common/hash.util';
import { NotifyService } from '../../src/notify/notify.service';
import { appRoutes, compareWithRoutes, routeKey } from '../support/app-routes';
import { OIDC_CLIENT_ID, OIDC_CLIENT_SECRET, TestIdentityProvider } from '../support/oidc-provider';
import { tableCounts } from '../support/table-counts';
import { ADMIN_TOKEN, createTestApp, TestApp } from '../support/test-app';

// Issue 8, item 6: every role against every endpoint of the running app, each cell asserted
// allowed, 401 or 403. "allowed" is made observable: the requests carry real ids and bodies
// the route accepts, so an allowed cell answers 2xx or 3xx (a row names any other status it
// expects instead); a refused cell answers 401 unauthenticated or 403 forbidden and changes
// no table.

const API = '/api/v1';
const PUBLIC_URL = 'http://localhost:3998';
const IMPORT_FILE = join(__dirname, '../../scripts/imports/accsm-2024-work-life-balance.json');

const ROLES = [
  'admin',
  'chair', // the secretariat of today's ACCSM chair (KHM)
  'formerChair', // the secretariat of the chair before it (BRN, until 2024-08-07)
  'focalOwn', // the focal point of the member the request is about (THA)
  'focalOther', // a focal point of another member (MYS)
  'observer',
  'deactivated', // a THA focal point, deactivated: its token is refused
  'nobody', // no credential at all
] as const;
type Role = (typeof ROLES)[number];
type Expected = 'allowed' | 401 | 403;

const ACTIVE_ROLES: Role[] = [
  'admin',
  'chair',
  'formerChair',
  'focalOwn',
  'focalOther',
  'observer',
];

/** Expectations by kind of route; each row below names its kind, or spells out a row. */
const everyone = (): Record<Role, Expected> =>
  Object.fromEntries(ROLES.map((role) => [role, 'allowed'])) as Record<Role, Expected>;
const only = (...allowed: Role[]): Record<Role, Expected> =>
  Object.fromEntries(
    ROLES.map((role) => [
      role,
      allowed.includes(role) ? 'allowed' : role === 'deactivated' || role === 'nobody' ? 401 : 403,
    ]),
  ) as Record<Role, Expected>;
const PUBLIC = everyone();
const SIGNED_IN = only(...ACTIVE_ROLES);
const ADMIN = only('admin');
const CHAIR = only('admin', 'chair');
/** A position for THA: its focal point answers, the chair (or an admin) records on its behalf. */
const POSITION_FOR_MEMBER = only('admin', 'chair', 'focalOwn');
/** A text proposal's proposer withdraws it: the user who made it, or a focal point of its member. */
const PROPOSER = only('chair', 'focalOwn');
/** THA's calendar link: its focal points, the secretariat of a chair THA sits under, admins. */
const MEMBER_CALENDAR = only('admin', 'chair', 'focalOwn');

interface Fixtures {
  draftId: string; // two text versions, in drafting
  roundId: string; // an ad-referendum round open, THA in the electorate
  roundHash: string;
  adoptedId: string;
  targetUserId: string;
  targetEmail: string;
  membershipId: string;
  chairTermId: string;
  meetingId: string;
  webhookId: string;
  deliveryId: string;
  feedKey: string;
  proposalId?: string; // an open text proposal for THA, made by the chair on its behalf
  documentId: string; // an annex of the round's statement
  positionId?: string; // THA's standing position in the round, made by `prepare`
}

interface Cell {
  role: Role;
  token?: string;
  fx: Fixtures;
  /** A fresh value for bodies that must differ from cell to cell (emails, keys). */
  unique: string;
}

interface Row {
  expect: Record<Role, Expected>;
  send(t: TestApp, cell: Cell): Promise<Response>;
  /** Makes fixtures the request uses up (a draft to submit), before each cell. */
  prepare?(t: TestApp, cell: Cell): Promise<Partial<Fixtures>>;
  /** The request ends the caller's credential: each cell gets actors of its own. */
  consumesCredential?: boolean;
  /** What an allowed cell answers when it is not 2xx/3xx (the request is still refused, for another reason). */
  allowedStatus?: number;
}

const bearer = (cell: Cell): Record<string, string> =>
  cell.token ? { Authorization: `Bearer ${cell.token}` } : {};

const get =
  (path: (fx: Fixtures) => string): Row['send'] =>
  (t, cell) =>
    t.http.get(path(cell.fx)).set(bearer(cell));

const write =
  (
    method: 'post' | 'put' | 'patch' | 'delete',
    path: (fx: Fixtures) => string,
    body?: (cell: Cell) => unknown,
  ): Row['send'] =>
  (t, cell) => {
    const request = t.http[method](path(cell.fx)).set(bearer(cell));
    return body ? request.send(body(cell) as object) : request;
  };

/** The smallest file file-type reads as a PDF. */
const PDF = Buffer.from('%PDF-1.4\n%%EOF\n');
/** Who reads documents: those acting for a member of the framework (no member: no documents). */
const FRAMEWORK_READERS = only('admin', 'chair', 'formerChair', 'focalOwn', 'focalOther');

const importFile = (importKey: string) => ({
  ...JSON.parse(readFileSync(IMPORT_FILE, 'utf8')),
  importKey,
});

/** route (as the running app names it) → role → allowed | 401 | 403, with the request tried. */
const MATRIX: Record<string, Row> = {
  // The OpenAPI pages: public documentation.
  'GET /api/docs': { expect: PUBLIC, send: get(() => '/api/docs') },
  'GET /api/docs/': { expect: PUBLIC, send: get(() => '/api/docs/') },
  'GET /api/docs/index.html': { expect: PUBLIC, send: get(() => '/api/docs/index.html') },
  // swagger-ui registers the route; the file is not in the package it serves from: 404 to all.
  'GET /api/docs/LICENSE': {
    expect: PUBLIC,
    allowedStatus: 404,
    send: get(() => '/api/docs/LICENSE'),
  },
  'GET /api/docs/swagger-ui-init.js': {
    expect: PUBLIC,
    send: get(() => '/api/docs/swagger-ui-init.js'),
  },
  'GET /api/docs/docs/swagger-ui-init.js': {
    expect: PUBLIC,
    send: get(() => '/api/docs/docs/swagger-ui-init.js'),
  },
  'GET /api/docs-json': { expect: PUBLIC, send: get(() => '/api/docs-json') },
  'GET /api/docs-yaml': { expect: PUBLIC, send: get(() => '/api/docs-yaml') },

  // Health: up/down for anyone, the details for admins.
  'GET /api/v1/health': { expect: PUBLIC, send: get(() => `${API}/health`) },
  'GET /api/v1/health/details': { expect: ADMIN, send: get(() => `${API}/health/details`) },

  // Reference data: read by anyone signed in, changed by admins.
  'GET /api/v1/frameworks': { expect: SIGNED_IN, send: get(() => `${API}/frameworks`) },
  'GET /api/v1/members': { expect: SIGNED_IN, send: get(() => `${API}/members`) },
  'GET /api/v1/reference/memberships': {
    expect: SIGNED_IN,
    send: get(() => `${API}/reference/memberships`),
  },
  'POST /api/v1/reference/memberships': {
    expect: ADMIN,
    send: write(
      'post',
      () => `${API}/reference/memberships`,
      () => ({
        framework: 'ACCSM+3',
        member: 'TLS',
        status: 'observer',
        validFrom: '2030-01-01',
      }),
    ),
  },
  'PATCH /api/v1/reference/memberships/:id': {
    expect: ADMIN,
    send: write(
      'patch',
      (fx) => `${API}/reference/memberships/${fx.membershipId}`,
      () => ({
        validTo: '2031-12-31',
      }),
    ),
  },
  'GET /api/v1/reference/chair-terms': {
    expect: SIGNED_IN,
    send: get(() => `${API}/reference/chair-terms`),
  },
  'POST /api/v1/reference/chair-terms': {
    expect: ADMIN,
    send: write(
      'post',
      () => `${API}/reference/chair-terms`,
      () => ({
        framework: 'ACCSM',
        chair: 'MYS',
        validFrom: '2031-01-01',
        validTo: '2032-12-31',
      }),
    ),
  },
  'PATCH /api/v1/reference/chair-terms/:id': {
    expect: ADMIN,
    send: write(
      'patch',
      (fx) => `${API}/reference/chair-terms/${fx.chairTermId}`,
      (cell) => ({
        theme: `Theme ${cell.unique}`,
      }),
    ),
  },
  'GET /api/v1/reference/meetings': {
    expect: SIGNED_IN,
    send: get(() => `${API}/reference/meetings`),
  },
  'POST /api/v1/reference/meetings': {
    expect: ADMIN,
    send: write(
      'post',
      () => `${API}/reference/meetings`,
      () => ({
        framework: 'ACCSM',
        kind: 'PREP',
        ordinal: 41,
        dateFrom: '2028-08-04',
        dateTo: '2028-08-06',
      }),
    ),
  },
  'PATCH /api/v1/reference/meetings/:id': {
    expect: ADMIN,
    send: write(
      'patch',
      (fx) => `${API}/reference/meetings/${fx.meetingId}`,
      (cell) => ({
        place: `Vientiane ${cell.unique}`,
      }),
    ),
  },

  // Accounts: admins manage them; everyone manages their own.
  'POST /api/v1/users': {
    expect: ADMIN,
    send: write(
      'post',
      () => `${API}/users`,
      (cell) => ({
        name: `Matrix ${cell.unique}`,
        email: `matrix.${cell.unique}@example.org`,
        role: 'observer',
      }),
    ),
  },
  'GET /api/v1/users': { expect: ADMIN, send: get(() => `${API}/users`) },
  'GET /api/v1/users/:id': {
    expect: ADMIN,
    send: get((fx) => `${API}/users/${fx.targetUserId}`),
  },
  'PATCH /api/v1/users/:id': {
    expect: ADMIN,
    send: write(
      'patch',
      (fx) => `${API}/users/${fx.targetUserId}`,
      (cell) => ({
        name: `Target ${cell.unique}`,
      }),
    ),
  },
  'POST /api/v1/users/:id/token': {
    expect: ADMIN,
    send: write('post', (fx) => `${API}/users/${fx.targetUserId}/token`),
  },
  'GET /api/v1/users/:id/events': {
    expect: ADMIN,
    send: get((fx) => `${API}/users/${fx.targetUserId}/events`),
  },
  'GET /api/v1/me': { expect: SIGNED_IN, send: get(() => `${API}/me`) },
  'PATCH /api/v1/me': {
    expect: SIGNED_IN,
    send: write(
      'patch',
      () => `${API}/me`,
      () => ({ language: 'en' }),
    ),
  },
  'POST /api/v1/me/token': {
    expect: SIGNED_IN,
    consumesCredential: true,
    send: write('post', () => `${API}/me/token`),
  },
  'POST /api/v1/me/sign-out-everywhere': {
    expect: SIGNED_IN,
    consumesCredential: true,
    send: write('post', () => `${API}/me/sign-out-everywhere`),
  },

  // Signing in: public, except signing out, which needs someone signed in.
  'GET /api/v1/sign-in/methods': { expect: PUBLIC, send: get(() => `${API}/sign-in/methods`) },
  'POST /api/v1/sign-in/email': {
    expect: PUBLIC,
    send: write(
      'post',
      () => `${API}/sign-in/email`,
      (cell) => ({ email: cell.fx.targetEmail }),
    ),
  },
  'POST /api/v1/sign-out': { expect: SIGNED_IN, send: write('post', () => `${API}/sign-out`) },
  'GET /sign-in/link': {
    expect: PUBLIC,
    // A fresh one-time link for each cell, as the email would carry it.
    send: async (t, cell) => {
      const token = randomBytes(32).toString('base64url');
      const now = t.clock.now();
      await t.dataSource.query(
        `INSERT INTO sign_in_links (principal_id, token_hash, created_at, expires_at)
         VALUES ($1, $2, $3, $4)`,
        [cell.fx.targetUserId, sha256(token), now, new Date(now.getTime() + 15 * 60_000)],
      );
      return t.http.get(`/sign-in/link?token=${token}`).set(bearer(cell));
    },
  },
  'GET /sign-in/oidc': { expect: PUBLIC, send: get(() => '/sign-in/oidc') },
  'GET /sign-in/oidc/callback': {
    expect: PUBLIC,
    // Without the browser's transaction cookie the round trip cannot finish: a page says so.
    allowedStatus: 400,
    send: get(() => '/sign-in/oidc/callback?code=matrix&state=matrix'),
  },

  // The workflow and the signing keys: public.
  'GET /api/v1/workflows/statement': {
    expect: PUBLIC,
    send: get(() => `${API}/workflows/statement`),
  },
  'GET /api/v1/keys': { expect: PUBLIC, send: get(() => `${API}/keys`) },

  // Statements: read by anyone signed in, driven by today's chair (or an admin).
  'POST /api/v1/statements': {
    expect: CHAIR,
    send: write(
      'post',
      () => `${API}/statements`,
      (cell) => ({
        framework: 'ACCSM',
        title: `Matrix statement ${cell.unique}`,
        body: 'The Heads of Civil Service resolve to cooperate.',
      }),
    ),
  },
  'GET /api/v1/statements': { expect: SIGNED_IN, send: get(() => `${API}/statements`) },
  'GET /api/v1/statements/:id': {
    expect: SIGNED_IN,
    send: get((fx) => `${API}/statements/${fx.draftId}`),
  },
  'PUT /api/v1/statements/:id/text': {
    expect: CHAIR,
    send: write(
      'put',
      (fx) => `${API}/statements/${fx.draftId}/text`,
      (cell) => ({
        body: `A new wording, ${cell.unique}.`,
        note: 'Matrix edit',
      }),
    ),
  },
  'GET /api/v1/statements/:id/versions': {
    expect: SIGNED_IN,
    send: get((fx) => `${API}/statements/${fx.draftId}/versions`),
  },
  'GET /api/v1/statements/:id/versions/:n': {
    expect: SIGNED_IN,
    send: get((fx) => `${API}/statements/${fx.draftId}/versions/1`),
  },
  'GET /api/v1/statements/:id/versions/:a/diff/:b': {
    expect: SIGNED_IN,
    send: get((fx) => `${API}/statements/${fx.draftId}/versions/1/diff/2`),
  },
  'POST /api/v1/statements/:id/events': {
    expect: CHAIR,
    // Each cell submits a draft of its own, so an allowed one answers 200, not 409.
    prepare: async (t) => ({ draftId: await draft(t, 'to submit') }),
    send: write(
      'post',
      (fx) => `${API}/statements/${fx.draftId}/events`,
      () => ({
        type: 'SUBMIT_TO_SOM',
      }),
    ),
  },
  'POST /api/v1/statements/:id/positions': {
    expect: POSITION_FOR_MEMBER,
    send: write(
      'post',
      (fx) => `${API}/statements/${fx.roundId}/positions`,
      (cell) => ({
        member: 'THA',
        position: 'endorse',
        versionHash: cell.fx.roundHash,
        reference: 'Note verbale No. 7/2026 of the Royal Thai Embassy',
      }),
    ),
  },
  // Comments: the electors' focal points, today's chair and admins write; everyone reads.
  'GET /api/v1/statements/:id/comments': {
    expect: SIGNED_IN,
    send: get((fx) => `${API}/statements/${fx.roundId}/comments`),
  },
  'POST /api/v1/statements/:id/comments': {
    expect: only('admin', 'chair', 'focalOwn', 'focalOther'),
    send: write(
      'post',
      (fx) => `${API}/statements/${fx.roundId}/comments`,
      (cell) => ({ text: `A comment, ${cell.unique}.`, paragraph: 1 }),
    ),
  },
  'POST /api/v1/statements/:id/reminders': {
    expect: CHAIR,
    // A round is reminded once in 12 hours: each cell reminds a round of its own.
    prepare: async (t) => {
      const id = await draft(t, 'To remind');
      await event(t, id, { type: 'SUBMIT_TO_SOM' });
      await event(t, id, { type: 'APPROVE_IN_PRINCIPLE' });
      await event(t, id, {
        type: 'OPEN_AD_REFERENDUM',
        deadline: '2026-04-01T10:00:00Z',
        silenceRule: 'explicit',
      });
      return { roundId: id };
    },
    send: write(
      'post',
      (fx) => `${API}/statements/${fx.roundId}/reminders`,
      () => ({ message: 'Please answer.' }),
    ),
  },
  'POST /api/v1/statements/:id/proposals': {
    expect: POSITION_FOR_MEMBER,
    send: write(
      'post',
      (fx) => `${API}/statements/${fx.roundId}/proposals`,
      (cell) => ({ paragraph: 1, text: `Matrix wording, ${cell.unique}.`, member: 'THA' }),
    ),
  },
  'GET /api/v1/statements/:id/proposals': {
    expect: SIGNED_IN,
    send: get((fx) => `${API}/statements/${fx.roundId}/proposals`),
  },
  'POST /api/v1/statements/:id/proposals/:pid/withdraw': {
    expect: PROPOSER,
    prepare: async (t, cell) => {
      const made = await expectOk(
        await t.http
          .post(`${API}/statements/${cell.fx.roundId}/proposals`)
          .set({ Authorization: `Bearer ${chairToken}` })
          .send({ paragraph: 1, text: `To withdraw, ${cell.unique}.`, member: 'THA' }),
        'proposal',
        201,
      );
      return { proposalId: made.body.id as string };
    },
    send: write(
      'post',
      (fx) => `${API}/statements/${fx.roundId}/proposals/${fx.proposalId}/withdraw`,
      () => ({}),
    ),
  },
  'POST /api/v1/statements/:id/documents': {
    // THA's position in the round: its focal point attaches to it, the chair to any.
    expect: POSITION_FOR_MEMBER,
    prepare: async (t, cell) => ({ positionId: await thaiPosition(t, cell.fx) }),
    send: (t, cell) =>
      t.http
        .post(`${API}/statements/${cell.fx.roundId}/documents`)
        .set(bearer(cell))
        .field('kind', 'annex')
        .field('positionId', cell.fx.positionId!)
        .attach('file', PDF, { filename: 'annex.pdf', contentType: 'application/pdf' }),
  },
  'GET /api/v1/statements/:id/documents': {
    expect: FRAMEWORK_READERS,
    send: get((fx) => `${API}/statements/${fx.roundId}/documents`),
  },
  'GET /api/v1/documents/:id': {
    expect: FRAMEWORK_READERS,
    send: get((fx) => `${API}/documents/${fx.documentId}`),
  },
  'GET /api/v1/statements/:id/history': {
    expect: SIGNED_IN,
    send: get((fx) => `${API}/statements/${fx.draftId}/history`),
  },
  'POST /api/v1/statements/import': {
    expect: ADMIN,
    send: write(
      'post',
      () => `${API}/statements/import`,
      (cell) => importFile(`matrix-${cell.unique}`),
    ),
  },
  'GET /api/v1/statements/:id/positions': {
    expect: SIGNED_IN,
    send: get((fx) => `${API}/statements/${fx.roundId}/positions`),
  },
  'GET /api/v1/statements/:id/record': {
    expect: SIGNED_IN,
    send: get((fx) => `${API}/statements/${fx.adoptedId}/record`),
  },
  'GET /api/v1/statements/:id/record.csv': {
    expect: SIGNED_IN,
    send: get((fx) => `${API}/statements/${fx.adoptedId}/record.csv`),
  },
  // The overview across statements: read by anyone signed in, as the board (pendingFor) is.
  'GET /api/v1/members/:code/inbox': {
    expect: SIGNED_IN,
    send: get(() => `${API}/members/THA/inbox`),
  },
  'GET /api/v1/frameworks/:code/matrix': {
    expect: SIGNED_IN,
    send: get(() => `${API}/frameworks/ACCSM/matrix`),
  },
  'GET /api/v1/frameworks/:code/matrix.csv': {
    expect: SIGNED_IN,
    send: get(() => `${API}/frameworks/ACCSM/matrix.csv`),
  },
  'GET /api/v1/frameworks/:code/matrix.xlsx': {
    expect: SIGNED_IN,
    send: get(() => `${API}/frameworks/ACCSM/matrix.xlsx`),
  },
  'GET /api/v1/statements/:id/record.pdf': {
    expect: SIGNED_IN,
    send: get((fx) => `${API}/statements/${fx.adoptedId}/record.pdf`),
  },
  'GET /api/v1/statements/:id/verify': {
    expect: SIGNED_IN,
    send: get((fx) => `${API}/statements/${fx.roundId}/verify`),
  },

  // Administration.
  'GET /api/v1/admin/timers': { expect: ADMIN, send: get(() => `${API}/admin/timers`) },
  'GET /api/v1/archive': { expect: ADMIN, send: get(() => `${API}/archive?framework=ACCSM`) },
  'GET /api/v1/admin/outbox': { expect: ADMIN, send: get(() => `${API}/admin/outbox`) },
  'GET /api/v1/admin/outbox/:id': {
    expect: ADMIN,
    send: get((fx) => `${API}/admin/outbox/${fx.deliveryId}`),
  },
  'POST /api/v1/admin/outbox/:id/redrive': {
    expect: ADMIN,
    send: write('post', (fx) => `${API}/admin/outbox/${fx.deliveryId}/redrive`),
  },
  'GET /api/v1/admin/webhooks': { expect: ADMIN, send: get(() => `${API}/admin/webhooks`) },
  'POST /api/v1/admin/webhooks': {
    expect: ADMIN,
    send: write(
      'post',
      () => `${API}/admin/webhooks`,
      () => ({
        member: 'VNM',
        url: 'http://127.0.0.1:9/matrix',
      }),
    ),
  },
  'DELETE /api/v1/admin/webhooks/:id': {
    expect: ADMIN,
    send: write('delete', (fx) => `${API}/admin/webhooks/${fx.webhookId}`),
  },

  // A member's deadline calendar: the link for those who act for it, the feed by its key.
  'GET /api/v1/members/:code/calendar-link': {
    expect: MEMBER_CALENDAR,
    send: get(() => `${API}/members/THA/calendar-link`),
  },
  'DELETE /api/v1/members/:code/calendar-link': {
    expect: MEMBER_CALENDAR,
    send: write('delete', () => `${API}/members/THA/calendar-link`),
  },
  'GET /api/v1/members/:code/deadlines.ics': {
    expect: PUBLIC,
    // A key of its own: the DELETE row replaces every earlier link.
    prepare: async (t) => ({ feedKey: await feedKey(t) }),
    send: get((fx) => `${API}/members/THA/deadlines.ics?key=${encodeURIComponent(fx.feedKey)}`),
  },
};

let users = 0;
const admin = { Authorization: `Bearer ${ADMIN_TOKEN}` };

async function createUser(
  t: TestApp,
  role: string,
  member?: string,
): Promise<{ id: string; token: string; email: string }> {
  users += 1;
  const email = `matrix.user${users}@example.org`;
  const response = await t.http
    .post(`${API}/users`)
    .set(admin)
    .send({ name: `${role} ${member ?? ''} ${users}`, email, role, ...(member ? { member } : {}) });
  if (response.status !== 201) throw new Error(`user: ${response.status} ${response.text}`);
  return { ...(response.body as { id: string; token: string }), email };
}

/** One credential for each role (none for nobody), made through the users API. */
async function createActors(t: TestApp): Promise<Record<Role, string | undefined>> {
  const deactivated = await createUser(t, 'focal_point', 'THA');
  const off = await t.http
    .patch(`${API}/users/${deactivated.id}`)
    .set(admin)
    .send({ active: false });
  if (off.status !== 200) throw new Error(`deactivate: ${off.status} ${off.text}`);
  return {
    admin: (await createUser(t, 'admin')).token,
    chair: (await createUser(t, 'chair_secretariat', 'KHM')).token,
    formerChair: (await createUser(t, 'chair_secretariat', 'BRN')).token,
    focalOwn: (await createUser(t, 'focal_point', 'THA')).token,
    focalOther: (await createUser(t, 'focal_point', 'MYS')).token,
    observer: (await createUser(t, 'observer')).token,
    deactivated: deactivated.token,
    nobody: undefined,
  };
}

let chairToken = '';

/** Records THA's position in the round on its behalf, and gives its id. */
async function thaiPosition(t: TestApp, fx: Fixtures): Promise<string> {
  await expectOk(
    await t.http
      .post(`${API}/statements/${fx.roundId}/positions`)
      .set({ Authorization: `Bearer ${chairToken}` })
      .send({
        member: 'THA',
        position: 'clearance_pending',
        versionHash: fx.roundHash,
        reference: 'Note verbale No. 8/2026',
      }),
    'position',
    201,
  );
  const history = await expectOk(
    await t.http
      .get(`${API}/statements/${fx.roundId}/positions`)
      .set({ Authorization: `Bearer ${chairToken}` }),
    'positions',
  );
  const positions = history.body.rounds[0].positions as {
    id: string;
    member: string;
    current: boolean;
  }[];
  return positions.find((p) => p.member === 'THA' && p.current)!.id;
}

async function expectOk(response: Response, what: string, status = 200): Promise<Response> {
  if (response.status !== status) {
    throw new Error(`${what}: ${response.status} ${response.text.slice(0, 500)}`);
  }
  return response;
}

async function draft(t: TestApp, title: string): Promise<string> {
  const created = await expectOk(
    await t.http
      .post(`${API}/statements`)
      .set({ Authorization: `Bearer ${chairToken}` })
      .send({ framework: 'ACCSM', title, body: `Draft: ${title}.` }),
    'draft',
    201,
  );
  return created.body.id as string;
}

/** The key in a fresh calendar link of THA, as an admin gets it. */
async function feedKey(t: TestApp): Promise<string> {
  const link = await expectOk(
    await t.http.get(`${API}/members/THA/calendar-link`).set(admin),
    'calendar link',
  );
  return new URL(link.body.url as string).searchParams.get('key')!;
}

async function event(t: TestApp, id: string, body: Record<string, unknown>): Promise<Response> {
  return expectOk(
    await t.http
      .post(`${API}/statements/${id}/events`)
      .set({ Authorization: `Bearer ${chairToken}` })
      .send(body),
    `event ${String(body.type)}`,
  );
}

describe('authorization matrix: every role against every route of the running app', () => {
  let t: TestApp;
  let idp: TestIdentityProvider;
  let actors: Record<Role, string | undefined>;
  let fx: Fixtures;
  let cells = 0;
  let unique = 0;

  beforeAll(async () => {
    // The provider's development notices are expected here.
    jest.spyOn(console, 'info').mockImplementation(() => undefined);
    jest.spyOn(console, 'warn').mockImplementation(() => undefined);
    idp = new TestIdentityProvider();
    const issuer = await idp.start(`${PUBLIC_URL}/sign-in/oidc/callback`);
    t = await createTestApp('2026-03-02T02:00:00Z', {
      ADREF_PUBLIC_URL: PUBLIC_URL,
      ADREF_OIDC_ISSUER: issuer,
      ADREF_OIDC_CLIENT_ID: OIDC_CLIENT_ID,
      ADREF_OIDC_CLIENT_SECRET: OIDC_CLIENT_SECRET,
    });
    actors = await createActors(t);
    chairToken = actors.chair!;
    const target = await createUser(t, 'observer');

    const draftId = await draft(t, 'Read by everyone');
    await expectOk(
      await t.http
        .put(`${API}/statements/${draftId}/text`)
        .set({ Authorization: `Bearer ${chairToken}` })
        .send({ body: 'Second wording.', note: 'Second version' }),
      'edit',
    );
    const adoptedId = await draft(t, 'Adopted at SOM');
    await event(t, adoptedId, { type: 'SUBMIT_TO_SOM' });
    await event(t, adoptedId, { type: 'ADOPT_AT_MEETING', meeting: '23rd ACCSM SOM' });

    const webhook = await expectOk(
      await t.http
        .post(`${API}/admin/webhooks`)
        .set(admin)
        .send({ member: 'THA', url: 'http://127.0.0.1:9/matrix' }),
      'webhook',
      201,
    );
    const roundId = await draft(t, 'In an ad-referendum round');
    await event(t, roundId, { type: 'SUBMIT_TO_SOM' });
    await event(t, roundId, { type: 'APPROVE_IN_PRINCIPLE' });
    const opened = await event(t, roundId, {
      type: 'OPEN_AD_REFERENDUM',
      deadline: '2026-04-01T17:00:00+07:00',
      silenceRule: 'explicit',
    });
    // The round's announcement to THA's webhook becomes a delivery (the workers are off).
    await t.app.get(NotifyService).expandPending();
    const [delivery] = await t.dataSource.query(
      `SELECT d.id FROM deliveries d JOIN outbox_messages m ON m.id = d.message_id
        WHERE m.statement_id = $1 LIMIT 1`,
      [roundId],
    );
    if (!delivery) throw new Error('no delivery to redrive');

    const reference = async (path: string, body: Record<string, unknown>) =>
      (await expectOk(await t.http.post(`${API}${path}`).set(admin).send(body), path, 201)).body
        .id as string;
    fx = {
      draftId,
      roundId,
      roundHash: opened.body.currentVersion.hash,
      adoptedId,
      targetUserId: target.id,
      targetEmail: target.email,
      membershipId: await reference('/reference/memberships', {
        framework: 'ACCSM+3',
        member: 'TLS',
        status: 'observer',
        validFrom: '2029-01-01',
        validTo: '2029-12-31',
      }),
      chairTermId: await reference('/reference/chair-terms', {
        framework: 'ACCSM',
        chair: 'LAO',
        validFrom: '2029-01-01',
        validTo: '2030-12-31',
      }),
      meetingId: await reference('/reference/meetings', {
        framework: 'ACCSM',
        kind: 'SOM',
        ordinal: 40,
        dateFrom: '2027-08-04',
        dateTo: '2027-08-06',
      }),
      webhookId: webhook.body.id,
      deliveryId: delivery.id,
      feedKey: await feedKey(t),
      documentId: (
        await expectOk(
          await t.http
            .post(`${API}/statements/${roundId}/documents`)
            .set(admin)
            .field('kind', 'annex')
            .attach('file', PDF, { filename: 'annex.pdf', contentType: 'application/pdf' }),
          'document',
          201,
        )
      ).body.id,
    };
  });

  afterAll(async () => {
    const routes = t ? appRoutes(t.app).length : 0;
    console.log(
      `authorization matrix: ${routes} routes × ${ROLES.length} roles = ${routes * ROLES.length} cells; ${cells} requests asserted (${t?.database})`,
    );
    await t?.close();
    await idp?.stop();
    jest.restoreAllMocks();
  });

  it('has a row for every route of the running app, and no row without a route', () => {
    const routes = appRoutes(t.app);
    expect(routes.length).toBeGreaterThan(50);
    expect(compareWithRoutes(routes, Object.keys(MATRIX))).toEqual({ missing: [], stale: [] });
  });

  it('the completeness check can fail: a route added to the running app without a row is reported', () => {
    const instance = t.app.getHttpAdapter().getInstance();
    const router = instance.router ?? instance._router;
    const before = router.stack.length;
    instance.post(`${API}/zz-unlisted/:id`, (_request: unknown, response: any) =>
      response.status(204).end(),
    );
    try {
      const routes = appRoutes(t.app);
      expect(routes.map(routeKey)).toContain('POST /api/v1/zz-unlisted/:id');
      expect(compareWithRoutes(routes, Object.keys(MATRIX))).toEqual({
        missing: ['POST /api/v1/zz-unlisted/:id'],
        stale: [],
      });
      // And a row whose route is gone is reported as well.
      expect(compareWithRoutes(routes, [...Object.keys(MATRIX), 'GET /api/v1/gone']).stale).toEqual(
        ['GET /api/v1/gone'],
      );
    } finally {
      router.stack.splice(before);
    }
    expect(appRoutes(t.app).map(routeKey)).not.toContain('POST /api/v1/zz-unlisted/:id');
  });

  it.each(Object.keys(MATRIX))('%s', async (key) => {
    const row = MATRIX[key];
    const own = row.consumesCredential ? await createActors(t) : actors;
    const problems: string[] = [];
    for (const role of ROLES) {
      unique += 1;
      const cell: Cell = { role, token: own[role], fx, unique: `c${unique}` };
      if (row.prepare) cell.fx = { ...fx, ...(await row.prepare(t, cell)) };
      const expected = row.expect[role];
      const before = expected === 'allowed' ? null : await tableCounts(t.dataSource);
      const response = await row.send(t, cell);
      cells += 1;
      const got = `${response.status} ${String(response.text ?? '').slice(0, 200)}`;
      if (expected === 'allowed') {
        const ok = row.allowedStatus
          ? response.status === row.allowedStatus
          : response.status >= 200 && response.status < 400;
        if (!ok) problems.push(`${role}: expected allowed, got ${got}`);
      } else {
        const code = expected === 401 ? 'unauthenticated' : 'forbidden';
        if (response.status !== expected || response.body?.code !== code) {
          problems.push(`${role}: expected ${expected} ${code}, got ${got}`);
        } else if (before) {
          const after = await tableCounts(t.dataSource);
          if (JSON.stringify(after) !== JSON.stringify(before)) {
            problems.push(`${role}: refused with ${expected}, yet the tables changed`);
          }
        }
      }
    }
    expect(problems).toEqual([]);
  });
});

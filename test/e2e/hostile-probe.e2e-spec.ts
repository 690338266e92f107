import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { SignInService } from '../../src/auth/sign-in.service';
import { AdrefErrorCode } from '../../src/common/adref.errors';
import { sha256 } from '../../src/common/hash.util';
import { NotifyService } from '../../src/notify/notify.service';
import { appRoutes, AppRoute, routeKey } from '../support/app-routes';
import { listen } from '../support/browser';
import { ADMIN_TOKEN, createTestApp, TestApp } from '../support/test-app';

// Issue 8, item 5: a property-based probe of every write endpoint of the running app. Each
// generated request mixes wrong types, missing and extra fields, huge strings, deep nesting,
// Thai and emoji, SQL and HTML metacharacters, raw bytes that are not UTF-8 or not JSON, bad,
// expired and revoked tokens, and other members' and other statements' ids. For every answer:
// no 5xx; no stack trace, SQL, table or column name in the body; and after a refusal (4xx)
// every table of the schema is as it was (row count and a checksum of every row).
//
// Replay: ADREF_PROBE_SEED=<the seed printed> (and ADREF_PROBE_RUNS, if it was changed).

const API = '/api/v1';
const T0 = '2026-03-02T02:00:00Z';
const DAY = 86_400_000;
const SEED = Number(process.env.ADREF_PROBE_SEED ?? 20260302);
const RUNS = Number(process.env.ADREF_PROBE_RUNS ?? 3000);
const MIN_REQUESTS = 2000;
const IMPORT_FILE = join(__dirname, '../../scripts/imports/accsm-2024-work-life-balance.json');

// ---------------------------------------------------------------------------------------------
// Hostile values

const SQL = [
  "' OR '1'='1",
  "'; DROP TABLE principals; --",
  '1; SELECT pg_sleep(0); --',
  '" OR 1=1 --',
  "admin'--",
  "') UNION SELECT token_hash FROM api_tokens --",
  "THA' AND (SELECT count(*) FROM statements) > 0 --",
  '$1',
  '%_%',
  '\\',
  "E'\\x00'",
  '1)) OR ((1=1',
];
const HTML = [
  '<script>alert(1)</script>',
  '<img src=x onerror=alert(1)>',
  '"><svg/onload=alert(1)>',
  "javascript:alert('x')",
  '{{7*7}}',
  '${7*7}',
  '&lt;b&gt;&amp;',
  '</textarea><iframe src=//evil>',
];
const THAI = [
  'ประเทศไทย',
  'เอกสารแสดงเจตนารมณ์ว่าด้วยการส่งเสริมธรรมาภิบาล',
  'ก่อนที่จะ ๑๒๓ ฯลฯ',
  'สำนักงาน ก.พ. ',
];
const EMOJI = ['😀', '👨‍👩‍👧‍👦', '🇹🇭🇲🇾', 'ค์💥🔥', '\u{1F9D1}\u{1F3FD}\u200D\u{1F4BB}'];
/** Valid JSON escapes that are no text: NUL, and UTF-16 surrogates without their pair. */
const BROKEN_UNICODE = ['\u0000', 'a\u0000b', '\ud800', 'x\udfffy', 'ค\ud83d', '\udc00\ud800'];
const ODD = [
  '',
  ' ',
  '\u202eevil',
  '\r\n\t',
  '\ufeff',
  '\uffff',
  'null',
  'undefined',
  'NaN',
  '-1',
  '../../etc/passwd',
  '%00',
];
/** Built once; fast-check hands out the same strings by reference. */
const HUGE = [
  'x'.repeat(100_000),
  'ก'.repeat(100_000),
  '😀'.repeat(50_000),
  'y'.repeat(600_000), // more than a statement's body may be
];
const NUMBERS = [
  1e308,
  -1e308,
  -1,
  0,
  1.5,
  2_147_483_648,
  2 ** 53 + 1,
  999_999_999_999,
  Number.MIN_VALUE,
  1000,
  -2_147_483_649,
];
const MEMBERS = ['THA', 'MYS', 'KHM', 'BRN', 'CHN', 'JPN', 'TLS', 'XXX', 'tha', 'TH', 'THAI'];

const thaiText = fc
  .array(fc.integer({ min: 0x0e01, max: 0x0e5b }), { minLength: 1, maxLength: 40 })
  .map((codes) => String.fromCodePoint(...codes));

const hostileString: fc.Arbitrary<string> = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom(...SQL) },
  { weight: 2, arbitrary: fc.constantFrom(...HTML) },
  { weight: 2, arbitrary: fc.constantFrom(...THAI) },
  { weight: 1, arbitrary: thaiText },
  { weight: 2, arbitrary: fc.constantFrom(...EMOJI) },
  { weight: 2, arbitrary: fc.constantFrom(...ODD) },
  { weight: 2, arbitrary: fc.constantFrom(...BROKEN_UNICODE) },
  { weight: 2, arbitrary: fc.constantFrom(...HUGE) },
  { weight: 1, arbitrary: fc.constantFrom(...MEMBERS) },
  { weight: 2, arbitrary: fc.string({ maxLength: 40, unit: 'binary' }) },
);

/** A value nested `depth` levels in arrays or objects. */
const nest = (depth: number, asObject: boolean): unknown => {
  let value: unknown = 'deep';
  for (let i = 0; i < depth; i++) value = asObject ? { a: value } : [value];
  return value;
};
const deepValue = fc
  .tuple(fc.integer({ min: 40, max: 120 }), fc.boolean())
  .map(([depth, asObject]) => nest(depth, asObject));

function hostileValue(ids: string[]): fc.Arbitrary<unknown> {
  return fc.oneof(
    { weight: 6, arbitrary: hostileString },
    { weight: 2, arbitrary: fc.constantFrom<unknown>(...NUMBERS) },
    { weight: 1, arbitrary: fc.constantFrom<unknown>(true, false, null, [], {}) },
    { weight: 1, arbitrary: fc.constantFrom<unknown>(['THA'], { $gt: '' }, { toString: 'x' }) },
    { weight: 2, arbitrary: fc.constantFrom(...ids) },
    { weight: 1, arbitrary: deepValue },
    { weight: 1, arbitrary: fc.jsonValue({ maxDepth: 3 }) },
  );
}

const EXTRA_KEYS = [
  'toString',
  'constructor',
  '__proto__',
  'hasOwnProperty',
  'valueOf',
  'isAdmin',
  'role',
  'id',
  'token_hash',
  'principal_id',
  "'; DROP TABLE statements; --",
  'ชื่อ',
  '😀',
  '',
];

// ---------------------------------------------------------------------------------------------
// Requests

type Body =
  | { kind: 'none' }
  | { kind: 'json'; value: unknown }
  | { kind: 'raw'; body: string | Uint8Array; contentType?: string; note: string };

interface ProbeRequest {
  route: string;
  method: string;
  path: string;
  query: string;
  credential: string;
  headers: Record<string, string>;
  body: Body;
}

/** Every path inside a JSON value, as keys and indexes. */
function pathsOf(value: unknown, prefix: (string | number)[] = []): (string | number)[][] {
  if (Array.isArray(value)) {
    return value.flatMap((item, i) => [[...prefix, i], ...pathsOf(item, [...prefix, i])]);
  }
  if (value && typeof value === 'object') {
    return Object.entries(value).flatMap(([key, item]) => [
      [...prefix, key],
      ...pathsOf(item, [...prefix, key]),
    ]);
  }
  return [];
}

const clone = (value: unknown): any => (value === undefined ? undefined : structuredClone(value));

/** Sets an own property, even `__proto__`, as JSON.parse on the server would. */
function setOwn(target: any, key: string | number, value: unknown): void {
  Object.defineProperty(target, key, {
    value,
    enumerable: true,
    writable: true,
    configurable: true,
  });
}

function replaceAt(template: unknown, index: number, value: unknown): unknown {
  const copy = clone(template) ?? {};
  const paths = pathsOf(copy);
  if (paths.length === 0) {
    setOwn(copy, 'value', value);
    return copy;
  }
  const path = paths[index % paths.length];
  let parent = copy;
  for (const key of path.slice(0, -1)) parent = parent[key];
  setOwn(parent, path[path.length - 1], value);
  return copy;
}

function dropAt(template: unknown, index: number): unknown {
  const copy = clone(template) ?? {};
  const paths = pathsOf(copy);
  if (paths.length === 0) return copy;
  const path = paths[index % paths.length];
  let parent = copy;
  for (const key of path.slice(0, -1)) parent = parent[key];
  const last = path[path.length - 1];
  if (Array.isArray(parent)) parent.splice(Number(last), 1);
  else delete parent[last];
  return copy;
}

function addAt(template: unknown, index: number, key: string, value: unknown): unknown {
  const copy = clone(template) ?? {};
  const objects = [
    copy,
    ...pathsOf(copy)
      .map((path) => path.reduce((node: any, k) => node[k], copy))
      .filter((node) => node && typeof node === 'object' && !Array.isArray(node)),
  ];
  setOwn(objects[index % objects.length], key, value);
  return copy;
}

const INVALID_UTF8 = [
  [0xc3, 0x28],
  [0xff],
  [0xed, 0xa0, 0x80], // an encoded surrogate
  [0xf8, 0x88, 0x80, 0x80, 0x80],
  [0xe0, 0x80, 0xaf], // overlong
];

/** Raw bodies no JSON library would write: bytes, other media types, broken JSON. */
function rawBodies(template: unknown): fc.Arbitrary<Body> {
  const json = JSON.stringify(template ?? {});
  return fc.oneof(
    fc.tuple(fc.constantFrom(...INVALID_UTF8), fc.nat()).map(([bytes, at]): Body => {
      // Inside a string value when there is one, so that only the encoding is wrong.
      const quote = json.indexOf('":"');
      const cut = quote > 0 ? quote + 3 : Math.min(at % (json.length + 1), json.length);
      const head = Buffer.from(json.slice(0, cut), 'utf8');
      const tail = Buffer.from(json.slice(cut), 'utf8');
      return {
        kind: 'raw',
        body: new Uint8Array(Buffer.concat([head, Buffer.from(bytes), tail])),
        note: `invalid UTF-8 ${bytes.map((b) => b.toString(16)).join(' ')}`,
      };
    }),
    fc.constantFrom<Body>(
      { kind: 'raw', body: json.slice(0, -1), note: 'truncated JSON' },
      { kind: 'raw', body: '{"a":', note: 'broken JSON' },
      { kind: 'raw', body: `${json}${json}`, note: 'two JSON values' },
      { kind: 'raw', body: '{"ordinal": 1e999, "x": -1e999}', note: 'infinite numbers' },
      { kind: 'raw', body: '{"a":1,"a":{"b":2},"__proto__":{"isAdmin":true}}', note: 'duplicates' },
      { kind: 'raw', body: '"just a string"', note: 'a JSON string' },
      { kind: 'raw', body: '12345', note: 'a JSON number' },
      { kind: 'raw', body: 'null', note: 'JSON null' },
      { kind: 'raw', body: '[]', note: 'an empty array' },
      { kind: 'raw', body: `${'['.repeat(10_000)}${']'.repeat(10_000)}`, note: '10,000 deep' },
      { kind: 'raw', body: `{"a":${'{"a":'.repeat(40)}1${'}'.repeat(40)}}`, note: '41 deep' },
      {
        kind: 'raw',
        body: 'framework=ACCSM&title=x&body=y&email=a%40b.org',
        contentType: 'application/x-www-form-urlencoded',
        note: 'a form',
      },
      { kind: 'raw', body: json, contentType: 'text/plain', note: 'JSON as text/plain' },
      {
        kind: 'raw',
        body: json,
        contentType: 'application/json; charset=utf-16',
        note: 'JSON said to be UTF-16',
      },
      {
        kind: 'raw',
        body: new Uint8Array(Buffer.from(`\ufeff${json}`, 'utf16le')),
        contentType: 'application/json',
        note: 'UTF-16 bytes',
      },
      { kind: 'raw', body: json, contentType: 'application/xml', note: 'JSON as XML' },
      { kind: 'raw', body: '<a>1</a>', contentType: 'application/xml', note: 'XML' },
      { kind: 'raw', body: json, contentType: '', note: 'no content type' },
      {
        kind: 'raw',
        body: `--x\r\nContent-Disposition: form-data; name="a"\r\n\r\n1\r\n--x--\r\n`,
        contentType: 'multipart/form-data; boundary=x',
        note: 'multipart',
      },
      { kind: 'raw', body: ' ', note: 'a space' },
      { kind: 'raw', body: '\u0000', note: 'a NUL byte' },
    ),
  );
}

function bodies(template: fc.Arbitrary<unknown>, ids: string[]): fc.Arbitrary<Body> {
  const value = hostileValue(ids);
  const json = (v: unknown): Body => ({ kind: 'json', value: v });
  return fc.oneof(
    { weight: 8, arbitrary: template.map(json) },
    {
      weight: 6,
      arbitrary: fc.tuple(template, fc.nat(), value).map(([t, at, v]) => json(replaceAt(t, at, v))),
    },
    { weight: 2, arbitrary: fc.tuple(template, fc.nat()).map(([t, at]) => json(dropAt(t, at))) },
    {
      weight: 3,
      arbitrary: fc
        .tuple(template, fc.nat(), fc.oneof(fc.constantFrom(...EXTRA_KEYS), fc.string()), value)
        .map(([t, at, k, v]) => json(addAt(t, at, k, v))),
    },
    { weight: 1, arbitrary: fc.jsonValue({ maxDepth: 4 }).map(json) },
    { weight: 1, arbitrary: deepValue.map(json) },
    { weight: 3, arbitrary: template.chain(rawBodies) },
    { weight: 1, arbitrary: fc.constant<Body>({ kind: 'none' }) },
  );
}

// ---------------------------------------------------------------------------------------------
// What must never be in an answer

/** Stack traces, SQL, driver and ORM errors. */
const LEAKS: RegExp[] = [
  /QueryFailedError|TypeORMError|EntityNotFoundError|EntityPropertyNotFound|CannotCreateEntityIdMap/,
  /\bat (?:async )?(?:[\w$.<>[\]]+ \()?(?:\/|node:|file:)[^()\s"',]*:\d+:\d+\)?/,
  /node_modules|\/work\/|\b\w+\.(?:ts|js):\d+/,
  /\bselect\b[\s\S]{1,120}?\bfrom\b|\binsert into\b|\bupdate\s+"?\w+"?\s+set\b|\bdelete from\b|\breturning\b\s+["\w]|\bon conflict\b/i,
  /violates (?:unique|foreign key|check|not-null|exclusion) constraint|duplicate key value|syntax error at or near|relation "|column "|invalid input syntax for|out of range for type|value too long for type|current transaction is aborted|invalid byte sequence|unsupported Unicode escape|null character not permitted/i,
];

/**
 * What an answer shows that it should not. Where it quotes the request, the quote is no leak;
 * an accepted request's answer may also show hostile text an earlier one stored (`stored`).
 */
function leaksIn(text: string, requestText: string, identifiers: RegExp, stored = false): string[] {
  const found: string[] = [];
  for (const pattern of [...LEAKS, identifiers]) {
    const global = new RegExp(
      pattern.source,
      pattern.flags.includes('g') ? pattern.flags : `${pattern.flags}g`,
    );
    for (const match of text.matchAll(global)) {
      const hit = match[0];
      if (requestText.includes(hit)) continue;
      if (stored && [...SQL, ...HTML].some((payload) => payload.includes(hit))) continue;
      found.push(hit.slice(0, 120));
    }
  }
  return found;
}

// ---------------------------------------------------------------------------------------------

interface Actor {
  id: string;
  token: string;
  role: string;
  member: string | null;
}

interface Violation {
  run: number;
  problem: string;
  request: string;
  status?: number;
  answer?: string;
}

describe('hostile probe: generated requests against every write endpoint', () => {
  let t: TestApp;
  let base: string;
  let signIn: SignInService;
  let sent = 0;
  const statuses = new Map<number, number>();
  const violations: Violation[] = [];
  const without4xxCode: string[] = [];

  const actors: Record<string, Actor> = {};
  const bad: Record<string, string> = {};
  let deactivated: Actor;
  const ids = {
    statements: [] as string[],
    users: [] as string[],
    memberships: [] as string[],
    chairTerms: [] as string[],
    meetings: [] as string[],
    webhooks: [] as string[],
    deliveries: [] as string[],
    proposals: [] as string[],
  };
  let roundHashes: string[] = [];

  /** A request the setup needs to succeed. */
  async function call(
    method: string,
    path: string,
    token: string,
    body?: unknown,
    status = 200,
  ): Promise<any> {
    const response = await fetch(`${base}${API}${path}`, {
      method,
      headers: {
        authorization: `Bearer ${token}`,
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    if (response.status !== status)
      throw new Error(`${method} ${path}: ${response.status} ${text}`);
    return text ? JSON.parse(text) : undefined;
  }

  let userCount = 0;
  async function user(role: string, member?: string): Promise<Actor> {
    userCount += 1;
    const created = await call(
      'POST',
      '/users',
      ADMIN_TOKEN,
      {
        name: `Probe ${role} ${member ?? ''} ${userCount}`,
        email: `probe.${userCount}@example.org`,
        role,
        ...(member ? { member } : {}),
      },
      201,
    );
    return { id: created.id, token: created.token, role, member: member ?? null };
  }

  async function statement(chair: Actor, title: string, steps: Record<string, unknown>[]) {
    const created = await call(
      'POST',
      '/statements',
      chair.token,
      { framework: title.startsWith('+3') ? 'ACCSM+3' : 'ACCSM', title, body: `Text of ${title}` },
      201,
    );
    let view = created;
    for (const step of steps)
      view = await call('POST', `/statements/${created.id}/events`, chair.token, step);
    return view;
  }

  // Row count and checksum of every table: a refused request must leave each as it was.
  let snapshotSql = '';
  let tables: string[] = [];
  let identifiers: RegExp;
  const snapshot = async (): Promise<Record<string, string>> =>
    (await t.dataSource.query(snapshotSql))[0];

  /** After an accepted request: the probe's own callers keep their role and credential. */
  async function heal(): Promise<void> {
    await signIn.settled(); // a sign-in link is written after the 202
    for (const actor of Object.values(actors)) {
      await t.dataSource.query(
        `UPDATE principals SET role = $2, member_code = $3, active = true
          WHERE id = $1 AND (role <> $2 OR member_code IS DISTINCT FROM $3 OR NOT active)`,
        [actor.id, actor.role, actor.member],
      );
    }
    await t.dataSource.query(`UPDATE principals SET active = false WHERE id = $1 AND active`, [
      deactivated.id,
    ]);
    await t.dataSource.query(
      `UPDATE api_tokens SET revoked_at = NULL WHERE token_hash = ANY($1) AND revoked_at IS NOT NULL`,
      [Object.values(actors).map((actor) => sha256(actor.token))],
    );
  }

  beforeAll(async () => {
    // The rate limits are off (createTestApp's default, spelled out): the probe writes fast and
    // fails authentication on purpose; test/e2e/rate-limits.e2e-spec.ts tests the limits.
    t = await createTestApp(T0, { ADREF_RATE_WRITES: 'off', ADREF_RATE_AUTH_FAILURES: 'off' });
    base = await listen(t);
    signIn = t.app.get(SignInService);

    // An expired token: issued 100 days ago with the default lifetime of 90 days.
    t.clock.set(new Date(Date.parse(T0) - 100 * DAY));
    const expired = await user('focal_point', 'THA');
    t.clock.set(T0);
    bad.expired = expired.token;

    const [adminRow] = await t.dataSource.query(
      `SELECT id FROM principals WHERE email = 'admin@localhost'`,
    );
    actors.admin = { id: adminRow.id, token: ADMIN_TOKEN, role: 'admin', member: null };
    actors.chair = await user('chair_secretariat', 'KHM');
    actors.formerChair = await user('chair_secretariat', 'BRN');
    actors.focalTHA = await user('focal_point', 'THA');
    actors.focalMYS = await user('focal_point', 'MYS');
    actors.focalCHN = await user('focal_point', 'CHN');
    actors.observer = await user('observer');

    // A revoked token: its holder was given a new one through the users API.
    const revoked = await user('focal_point', 'VNM');
    await call('POST', `/users/${revoked.id}/token`, ADMIN_TOKEN, undefined, 201);
    bad.revoked = revoked.token;
    // A deactivated user's token.
    deactivated = await user('focal_point', 'IDN');
    await call('PATCH', `/users/${deactivated.id}`, ADMIN_TOKEN, { active: false });
    bad.deactivated = deactivated.token;

    // Expected refusals, to be sure each bad token is bad for the reason it stands for.
    for (const [what, token] of Object.entries(bad)) {
      const answer = await fetch(`${base}${API}/me`, {
        headers: { authorization: `Bearer ${token}` },
      });
      expect({ what, status: answer.status }).toEqual({ what, status: 401 });
    }
    expect(
      (
        await fetch(`${base}${API}/me`, {
          headers: { authorization: `Bearer ${bad.expired}` },
        }).then((r) => r.json() as Promise<{ message: string }>)
      ).message,
    ).toContain('expired');

    const chair = actors.chair;
    const webhook = await call(
      'POST',
      '/admin/webhooks',
      ADMIN_TOKEN,
      { member: 'THA', url: 'http://127.0.0.1:9/probe' },
      201,
    );
    const draft = await statement(chair, 'Probe draft', []);
    const review = await statement(chair, 'Probe at SOM', [{ type: 'SUBMIT_TO_SOM' }]);
    const openRound = [
      { type: 'SUBMIT_TO_SOM' },
      { type: 'APPROVE_IN_PRINCIPLE' },
      {
        type: 'OPEN_AD_REFERENDUM',
        deadline: '2026-04-01T17:00:00+07:00',
        silenceRule: 'explicit',
      },
    ];
    const round = await statement(chair, 'Probe round', openRound);
    const round2 = await statement(chair, 'Probe second round', openRound);
    const plusThree = await statement(chair, '+3 probe round', openRound);
    const adopted = await statement(chair, 'Probe adopted', [
      { type: 'SUBMIT_TO_SOM' },
      { type: 'ADOPT_AT_MEETING', meeting: 'SOM' },
    ]);
    await t.app.get(NotifyService).expandPending();
    ids.deliveries = (await t.dataSource.query(`SELECT id FROM deliveries`)).map((r: any) => r.id);
    ids.webhooks = [webhook.id];
    ids.statements = [draft, review, round, round2, plusThree, adopted].map((s) => s.id);
    roundHashes = [round, round2, plusThree].map((s) => s.currentVersion.hash);
    ids.proposals = [
      (
        await call(
          'POST',
          `/statements/${round.id}/proposals`,
          chair.token,
          { paragraph: 1, text: 'Probe wording', member: 'THA' },
          201,
        )
      ).id,
    ];
    ids.users = [...Object.values(actors).map((a) => a.id), expired.id, revoked.id, deactivated.id];
    ids.memberships = [
      (
        await call(
          'POST',
          '/reference/memberships',
          ADMIN_TOKEN,
          {
            framework: 'ACCSM+3',
            member: 'TLS',
            status: 'observer',
            validFrom: '2029-01-01',
            validTo: '2029-12-31',
          },
          201,
        )
      ).id,
    ];
    ids.chairTerms = [
      (
        await call(
          'POST',
          '/reference/chair-terms',
          ADMIN_TOKEN,
          { framework: 'ACCSM', chair: 'LAO', validFrom: '2029-01-01', validTo: '2030-12-31' },
          201,
        )
      ).id,
    ];
    ids.meetings = [
      (
        await call(
          'POST',
          '/reference/meetings',
          ADMIN_TOKEN,
          {
            framework: 'ACCSM',
            kind: 'SOM',
            ordinal: 40,
            dateFrom: '2027-08-04',
            dateTo: '2027-08-06',
          },
          201,
        )
      ).id,
    ];

    tables = (
      await t.dataSource.query(
        `SELECT table_name FROM information_schema.tables
          WHERE table_schema = 'public' AND table_type = 'BASE TABLE' ORDER BY table_name`,
      )
    ).map((row: { table_name: string }) => row.table_name);
    snapshotSql = `SELECT ${tables
      .map(
        (name) =>
          `(SELECT count(*) || ':' || coalesce(sum(hashtext(r::text)::bigint), 0) FROM "${name}" r) AS "${name}"`,
      )
      .join(', ')}`;
    // Names of the schema no answer should carry: snake_case ones, which no message uses.
    const columns: string[] = (
      await t.dataSource.query(
        `SELECT DISTINCT column_name AS name FROM information_schema.columns WHERE table_schema = 'public'`,
      )
    ).map((row: { name: string }) => row.name);
    const codes = new Set<string>(Object.values(AdrefErrorCode));
    const names = [...new Set([...tables, ...columns])].filter(
      (name) => name.includes('_') && !codes.has(name),
    );
    identifiers = new RegExp(`\\b(?:${names.join('|')})\\b`);
  }, 180_000);

  afterAll(async () => {
    console.log(
      [
        `hostile probe (${t?.database}): ${sent} requests sent, seed ${SEED}, ${RUNS} runs`,
        `  statuses: ${[...statuses]
          .sort(([a], [b]) => a - b)
          .map(([s, n]) => `${s}×${n}`)
          .join(' ')}`,
        `  4xx answers without an error code: ${without4xxCode.length}${without4xxCode.length ? `\n    ${without4xxCode.slice(0, 10).join('\n    ')}` : ''}`,
      ].join('\n'),
    );
    await t?.close();
  });

  it('its checks can fail: a leak is seen, an echo is not, and a changed row is', async () => {
    const leak = 'QueryFailedError: duplicate key value violates unique constraint "UQ_x"';
    expect(leaksIn(JSON.stringify({ message: leak }), 'POST /users {}', identifiers)).not.toEqual(
      [],
    );
    expect(
      leaksIn('{"message":"at Foo.bar (/work/main/src/x.ts:1:2)"}', '', identifiers),
    ).not.toEqual([]);
    expect(leaksIn('{"message":"no column secret_hash"}', '', identifiers)).toEqual([
      'secret_hash',
    ]);
    expect(
      leaksIn('Error: x\n    at async run (node:internal/x:1:2)', '', identifiers),
    ).not.toEqual([]);
    // A sentence that only looks like one ("at GET /api/v1/keys") is not a stack frame.
    expect(
      leaksIn('{"a":"see at GET /api/v1/keys","t":"2026-03-02T02:00:00Z"}', '', identifiers),
    ).toEqual([]);
    expect(leaksIn('{"message":"SELECT id FROM x"}', '', identifiers)).not.toEqual([]);
    // Hostile text an earlier request stored passes only in an accepted answer, never in an error.
    expect(leaksIn('no token_hash here', '', identifiers)).toEqual(['token_hash']);
    expect(leaksIn('no token_hash here', '', identifiers, true)).toEqual([]);
    // The request's own text quoted back is no leak.
    const echo = "property '; DROP TABLE statements; -- should not exist";
    expect(leaksIn(echo, `{"'; DROP TABLE statements; --":1}`, identifiers)).toEqual([]);

    const before = await snapshot();
    await t.dataSource.query(`UPDATE statements SET title = title || '.' WHERE id = $1`, [
      ids.statements[0],
    ]);
    const after = await snapshot();
    await t.dataSource.query(`UPDATE statements SET title = left(title, -1) WHERE id = $1`, [
      ids.statements[0],
    ]);
    expect(after.statements).not.toEqual(before.statements);
    expect(after.principals).toEqual(before.principals);
    expect(await snapshot()).toEqual(before);
  });

  it(
    'answers every request without a 5xx or a leak, and a refused one changes nothing',
    async () => {
      const writeRoutes = appRoutes(t.app).filter((route) =>
        ['POST', 'PUT', 'PATCH', 'DELETE'].includes(route.method),
      );
      const allIds = Object.values(ids).flat();
      const anyId = fc.oneof(
        { weight: 3, arbitrary: fc.constantFrom(...allIds) },
        { weight: 2, arbitrary: fc.uuid() },
        { weight: 2, arbitrary: hostileString.map((s) => s.slice(0, 1000)) },
        {
          weight: 1,
          arbitrary: fc.constantFrom(
            `${RAW}%FF%FE`,
            `${RAW}%C3%28`,
            `${RAW}%00`,
            `${RAW}..%2F..%2Fetc%2Fpasswd`,
            `${RAW}%25`,
            '00000000-0000-0000-0000-000000000000',
            'null',
            '1',
            '-1',
            '9'.repeat(40),
          ),
        },
      );
      const idOf = (own: string[]) =>
        fc.oneof(
          { weight: 4, arbitrary: fc.constantFrom(...own) },
          { weight: 3, arbitrary: anyId },
        );
      const memberCode = fc.oneof(
        { weight: 4, arbitrary: fc.constantFrom(...MEMBERS) },
        { weight: 1, arbitrary: hostileString.map((s) => s.slice(0, 1000)) },
      );
      const unique = fc.integer({ min: 1, max: 1_000_000_000 });
      const hashes = fc.constantFrom(...roundHashes, 'a'.repeat(64), sha256('x'));
      const at = fc.constantFrom(
        undefined,
        '2026-03-01T10:00:00+07:00',
        '2030-01-01T00:00:00Z',
        '2020-01-01T00:00:00Z',
      );

      const eventTemplate = fc.oneof(
        fc.constant({ type: 'SUBMIT_TO_SOM' }),
        fc.constant({ type: 'RETURN_FOR_REVISION', note: 'Please revise' }),
        fc.constant({ type: 'APPROVE_IN_PRINCIPLE', meeting: '23rd SOM' }),
        fc.constant({ type: 'ADOPT_AT_MEETING', meeting: '23rd ACCSM' }),
        fc.constant({
          type: 'OPEN_AD_REFERENDUM',
          deadline: '2026-04-01T17:00:00+07:00',
          silenceRule: 'explicit',
          reminderOffsets: ['P7D', 'P1D'],
        }),
        fc.constant({ type: 'EXTEND_DEADLINE', deadline: '2026-05-01T17:00:00+07:00' }),
        fc.constant({ type: 'DEADLINE_PASSED' }),
        unique.map((n) => ({ type: 'REVISE', body: `Revised text ${n}`, note: 'Revised' })),
        fc.constant({ type: 'CLOSE_WITHOUT_ADOPTION', reason: 'No consensus' }),
        fc.constant({ type: 'WITHDRAW', reason: 'Overtaken by events' }),
      );
      const importTemplate = unique.map((n) => ({
        ...JSON.parse(readFileSync(IMPORT_FILE, 'utf8')),
        importKey: `probe-${n}`,
      }));

      /** For each write route: its path parameters and a body it would accept. */
      const MODELS: Record<
        string,
        { params?: Record<string, fc.Arbitrary<string>>; body?: fc.Arbitrary<unknown> }
      > = {
        'POST /api/v1/reference/memberships': {
          body: fc.record({
            framework: fc.constantFrom('ACCSM', 'ACCSM+3'),
            member: fc.constantFrom(...MEMBERS),
            status: fc.constantFrom('member', 'observer'),
            validFrom: fc.constantFrom('2030-01-01', '2026-02-30', '1900-01-01'),
          }),
        },
        'PATCH /api/v1/reference/memberships/:id': {
          params: { id: idOf(ids.memberships) },
          body: fc.constant({ validTo: '2031-12-31' }),
        },
        'POST /api/v1/reference/chair-terms': {
          body: fc.record({
            framework: fc.constant('ACCSM'),
            chair: fc.constantFrom(...MEMBERS),
            ordinal: fc.integer({ min: 1, max: 999 }),
            validFrom: fc.constant('2033-01-01'),
            validTo: fc.constant('2034-12-31'),
            theme: fc.constantFrom('Theme', ...THAI),
          }),
        },
        'PATCH /api/v1/reference/chair-terms/:id': {
          params: { id: idOf(ids.chairTerms) },
          body: fc.constant({ theme: 'A theme', secretariat: 'OCSC' }),
        },
        'POST /api/v1/reference/meetings': {
          body: fc.record({
            framework: fc.constantFrom('ACCSM', 'ACCSM+3'),
            kind: fc.constantFrom('PREP', 'SOM', 'HCS'),
            ordinal: fc.integer({ min: 1, max: 999 }),
            dateFrom: fc.constant('2028-08-04'),
            dateTo: fc.constant('2028-08-06'),
            place: fc.constantFrom('Vientiane', 'กรุงเทพฯ'),
          }),
        },
        'PATCH /api/v1/reference/meetings/:id': {
          params: { id: idOf(ids.meetings) },
          body: fc.constant({ place: 'Phnom Penh' }),
        },
        'POST /api/v1/users': {
          body: fc.record({
            name: fc.constantFrom('New officer', 'เจ้าหน้าที่'),
            email: unique.map((n) => `new.${n}@example.org`),
            role: fc.constantFrom('observer', 'focal_point', 'chair_secretariat', 'admin'),
            member: fc.constantFrom(...MEMBERS),
            language: fc.constantFrom('en', 'th'),
          }),
        },
        'PATCH /api/v1/users/:id': {
          params: { id: idOf(ids.users) },
          body: fc.record(
            {
              name: fc.constantFrom('Renamed', 'ชื่อใหม่'),
              language: fc.constantFrom('en', 'th'),
              active: fc.boolean(),
              role: fc.constantFrom('observer', 'focal_point'),
              member: fc.constantFrom('THA', 'MYS', null),
              email: unique.map((n) => `changed.${n}@example.org`),
            },
            { requiredKeys: [] },
          ),
        },
        'POST /api/v1/users/:id/token': { params: { id: idOf(ids.users) } },
        'PATCH /api/v1/me': { body: fc.record({ language: fc.constantFrom('en', 'th') }) },
        'POST /api/v1/me/token': {},
        'POST /api/v1/me/sign-out-everywhere': {},
        'POST /api/v1/sign-in/email': {
          body: fc.record({
            email: fc.constantFrom('probe.2@example.org', 'nobody@example.org', 'ADMIN@localhost'),
          }),
        },
        'POST /api/v1/sign-out': {},
        'POST /api/v1/statements': {
          body: fc.record(
            {
              framework: fc.constantFrom('ACCSM', 'ACCSM+3', 'NOPE'),
              title: fc.constantFrom('A statement', 'แถลงการณ์'),
              titleTh: fc.constantFrom('แถลงการณ์อาเซียน'),
              body: fc.constantFrom('The Heads of Civil Service resolve.', 'ข้อความ'),
              at: at.filter((v) => v !== undefined),
            },
            { requiredKeys: ['framework', 'title', 'body'] },
          ),
        },
        'PUT /api/v1/statements/:id/text': {
          params: { id: idOf(ids.statements) },
          body: unique.map((n) => ({ body: `Wording ${n}`, note: 'Edited' })),
        },
        'POST /api/v1/statements/:id/events': {
          params: { id: idOf(ids.statements) },
          body: fc
            .tuple(eventTemplate, at)
            .map(([event, when]) => (when ? { ...event, at: when } : event)),
        },
        'POST /api/v1/statements/:id/positions': {
          params: { id: idOf(ids.statements) },
          body: fc.record(
            {
              member: fc.constantFrom(...MEMBERS),
              position: fc.constantFrom(
                'endorse',
                'endorse_with_reservation',
                'object',
                'abstain',
                'silence',
              ),
              versionHash: hashes,
              text: fc.constantFrom('Our reservation', 'ข้อสงวน'),
              reference: fc.constant('Note verbale No. 1/2026'),
            },
            { requiredKeys: ['member', 'position', 'versionHash'] },
          ),
        },
        'POST /api/v1/statements/:id/comments': {
          params: { id: idOf(ids.statements) },
          body: fc.record(
            {
              text: fc.constantFrom('A comment', 'ความเห็น', '<b>bold</b>', ' '),
              paragraph: fc.constantFrom(1, 2, 99, 0, -1, 1.5),
              replyTo: fc.constantFrom('00000000-0000-4000-8000-000000000000', 'not-a-uuid'),
            },
            { requiredKeys: ['text'] },
          ),
        },
        'POST /api/v1/statements/:id/reminders': {
          params: { id: idOf(ids.statements) },
          body: fc.record(
            { message: fc.constantFrom('Please answer.', 'โปรดตอบ', '', ' ') },
            { requiredKeys: [] },
          ),
        },
        'POST /api/v1/statements/:id/proposals': {
          params: { id: idOf(ids.statements) },
          body: fc.record(
            {
              paragraph: fc.constantFrom(1, 2, 0, 99, -1, 1.5),
              text: fc.constantFrom('Proposed wording', 'ถ้อยคำที่เสนอ', ''),
              rationale: fc.constantFrom('Because', 'เหตุผล'),
              member: fc.constantFrom(...MEMBERS),
            },
            { requiredKeys: ['paragraph', 'text'] },
          ),
        },
        'POST /api/v1/statements/:id/proposals/:pid/withdraw': {
          params: { id: idOf(ids.statements), pid: idOf(ids.proposals) },
        },
        // As JSON (or any other body the probe makes) it carries no file: always refused.
        'POST /api/v1/statements/:id/documents': {
          params: { id: idOf(ids.statements) },
          body: fc.record(
            {
              kind: fc.constantFrom('note_verbale', 'annex', 'draft', 'other', 'love_letter'),
              positionId: idOf(ids.statements),
              proposalId: fc.constant('00000000-0000-4000-8000-000000000000'),
            },
            { requiredKeys: ['kind'] },
          ),
        },
        'POST /api/v1/statements/import': { body: importTemplate },
        'POST /api/v1/admin/outbox/:id/redrive': { params: { id: idOf(ids.deliveries) } },
        'POST /api/v1/admin/webhooks': {
          body: fc.record(
            {
              member: fc.constantFrom(...MEMBERS),
              user: fc.constantFrom(...ids.users),
              url: fc.constantFrom(
                'http://127.0.0.1:9/hook',
                'https://hooks.example.org/x',
                'file:///etc/passwd',
                'javascript:alert(1)',
              ),
              secret: fc.constantFrom('0123456789abcdef0123', 'short'),
            },
            { requiredKeys: ['url'] },
          ),
        },
        'DELETE /api/v1/admin/webhooks/:id': { params: { id: idOf(ids.webhooks) } },
        'DELETE /api/v1/members/:code/calendar-link': { params: { code: memberCode } },
      };

      // A write route of the running app without a model here fails the probe.
      expect(writeRoutes.map(routeKey).filter((key) => !MODELS[key])).toEqual([]);
      expect(
        Object.keys(MODELS).filter((key) => !writeRoutes.some((r) => routeKey(r) === key)),
      ).toEqual([]);

      /** Who would be allowed: most requests come from them, so that they reach the service. */
      const entitled = (key: string): string[] => {
        if (/\/(users|reference|admin)\b|\/statements\/import$/.test(key)) return ['admin'];
        if (key.endsWith('/positions') || key.includes('/proposals'))
          return ['focalTHA', 'focalCHN', 'chair'];
        if (key.includes('/statements')) return ['chair', 'admin'];
        if (key.includes('/calendar-link')) return ['focalTHA', 'chair', 'admin'];
        return Object.keys(actors);
      };
      const credentialFor = (key: string) =>
        fc.oneof(
          { weight: 8, arbitrary: fc.constantFrom(...entitled(key)) },
          { weight: 4, arbitrary: fc.constantFrom(...Object.keys(actors)) },
          { weight: 2, arbitrary: fc.constantFrom('revoked', 'expired', 'deactivated') },
          {
            weight: 1,
            arbitrary: fc.constantFrom(
              'none',
              'garbage',
              'sql',
              'basic',
              'empty-bearer',
              'two-tokens',
              'cookie',
              'huge',
            ),
          },
        );
      const authorization = (kind: string): Record<string, string> => {
        if (actors[kind]) return { authorization: `Bearer ${actors[kind].token}` };
        if (bad[kind]) return { authorization: `Bearer ${bad[kind]}` };
        switch (kind) {
          case 'garbage':
            return { authorization: 'Bearer not-a-token-at-all' };
          case 'sql':
            return { authorization: "Bearer ' OR '1'='1" };
          case 'basic':
            return { authorization: 'Basic YWRtaW46YWRtaW4=' };
          case 'empty-bearer':
            return { authorization: 'Bearer ' };
          case 'two-tokens':
            return { authorization: `Bearer ${actors.chair.token} ${ADMIN_TOKEN}` };
          case 'cookie':
            return { cookie: "adref_session=' OR 1=1 --; adref_csrf=x" };
          case 'huge':
            return { authorization: `Bearer ${'A'.repeat(8000)}` };
          default:
            return {};
        }
      };
      const optionalHeaders = fc.record(
        {
          'idempotency-key': fc.oneof(
            // Mostly a fresh key: a reused one is refused (422) before anything else is read.
            { weight: 3, arbitrary: fc.uuid().map((id) => `probe-${id}`) },
            {
              weight: 1,
              arbitrary: fc.constantFrom(
                'probe-key',
                ' ',
                'k'.repeat(201),
                "'; DROP TABLE idempotency_keys; --",
                'caf\u00e9',
              ),
            },
          ),
          'if-match': fc.constantFrom(
            '0',
            '1',
            '2',
            '"3"',
            'W/"1"',
            '99999999999999999999999',
            '-1',
            '*',
            'abc',
          ),
          'x-csrf-token': fc.constantFrom('x', "' OR 1=1"),
        },
        { requiredKeys: [] },
      );
      // Most requests without them: a reused Idempotency-Key is refused before anything else.
      const extraHeaders = fc.oneof(
        { weight: 3, arbitrary: fc.constant<Record<string, string>>({}) },
        { weight: 2, arbitrary: optionalHeaders },
      );
      const query = fc.oneof(
        { weight: 8, arbitrary: fc.constant('') },
        {
          weight: 1,
          arbitrary: fc.constantFrom(
            `?token=${ADMIN_TOKEN}`,
            '?x=1',
            '?__proto__[isAdmin]=1',
            "?id=' OR 1=1",
          ),
        },
      );

      const requestOf = (route: AppRoute): fc.Arbitrary<ProbeRequest> => {
        const key = routeKey(route);
        const model = MODELS[key];
        const names = [...route.path.matchAll(/:(\w+)/g)].map((m) => m[1]);
        const params = fc.record(
          Object.fromEntries(names.map((name) => [name, model.params?.[name] ?? anyId])),
        ) as fc.Arbitrary<Record<string, string>>;
        const body = bodies(model.body ?? fc.constant(undefined), [...allIds, ...MEMBERS]);
        return fc
          .record({ params, body, credential: credentialFor(key), headers: extraHeaders, query })
          .map(({ params: values, body: b, credential: c, headers, query: q }) => ({
            route: key,
            method: route.method,
            path: route.path.replace(/:(\w+)/g, (_m, name: string) => pathSegment(values[name])),
            query: q,
            credential: c,
            headers: { ...authorization(c), ...headers },
            body: b,
          }));
      };
      const requests = fc.oneof(...writeRoutes.map(requestOf));

      const describeRequest = (r: ProbeRequest): string => {
        const body =
          r.body.kind === 'none'
            ? 'no body'
            : r.body.kind === 'raw'
              ? `raw (${r.body.note}, ${r.body.contentType ?? 'application/json'})`
              : JSON.stringify(r.body.value);
        const short = (s: string) =>
          s.length > 300 ? `${s.slice(0, 300)}… (${s.length} chars)` : s;
        return `${r.method} ${short(r.path + r.query)} as ${r.credential} ${short(JSON.stringify({ ...r.headers, authorization: undefined, cookie: undefined }))} ${short(body)}`;
      };

      let before = await snapshot();
      let run = 0;
      console.log(`hostile probe: seed ${SEED}, ${RUNS} runs, ${writeRoutes.length} write routes`);

      await fc.assert(
        fc.asyncProperty(requests, async (r) => {
          run += 1;
          const init: RequestInit & { headers: Record<string, string> } = {
            method: r.method,
            headers: { ...r.headers },
          };
          let requestText = `${r.method} ${decodeURIComponentSafe(r.path)}${r.query} ${JSON.stringify(r.headers)}`;
          if (r.body.kind === 'json') {
            const text = JSON.stringify(r.body.value) ?? 'null';
            init.body = text;
            init.headers['content-type'] = 'application/json';
            requestText += text;
          } else if (r.body.kind === 'raw') {
            init.body = r.body.body;
            if (r.body.contentType !== '') {
              init.headers['content-type'] = r.body.contentType ?? 'application/json';
            }
            requestText +=
              typeof r.body.body === 'string'
                ? r.body.body
                : Buffer.from(r.body.body).toString('utf8');
          }
          let status: number;
          let text: string;
          try {
            const response = await fetch(`${base}${r.path}${r.query}`, init);
            status = response.status;
            text = await response.text();
          } catch (error) {
            violations.push({
              run,
              problem: `no answer: ${String(error)}`,
              request: describeRequest(r),
            });
            before = await snapshot();
            return true;
          }
          sent += 1;
          statuses.set(status, (statuses.get(status) ?? 0) + 1);
          const record = (problem: string) =>
            violations.push({
              run,
              problem,
              request: describeRequest(r),
              status,
              answer: text.slice(0, 500),
            });

          if (status >= 500) record(`answered ${status}`);
          const leaks = leaksIn(text, requestText, identifiers, status < 400);
          if (leaks.length) record(`the answer shows ${JSON.stringify(leaks)}`);
          if (status >= 400 && status < 500) {
            let code: unknown;
            try {
              code = JSON.parse(text).code;
            } catch {
              code = undefined;
            }
            if (typeof code !== 'string')
              without4xxCode.push(
                `${status} ${describeRequest(r).slice(0, 200)} → ${text.slice(0, 120)}`,
              );
            await signIn.settled();
            const after = await snapshot();
            const changed = tables.filter((name) => after[name] !== before[name]);
            if (changed.length) {
              record(
                `refused with ${status}, yet changed ${changed.map((name) => `${name} ${before[name]} → ${after[name]}`).join(', ')}`,
              );
            }
            before = after;
          } else {
            await heal();
            before = await snapshot();
          }
          return true;
        }),
        { numRuns: RUNS, seed: SEED },
      );

      const report = violations
        .slice(0, 40)
        .map(
          (v) =>
            `#${v.run} ${v.problem}\n    ${v.request}\n    → ${v.status ?? '-'} ${v.answer ?? ''}`,
        )
        .join('\n');
      if (violations.length)
        console.log(`hostile probe (seed ${SEED}): ${violations.length} violations\n${report}`);
      expect(violations.length === 0 ? [] : report).toEqual([]);
      expect(sent).toBeGreaterThanOrEqual(MIN_REQUESTS);
    },
    15 * 60_000,
  );
});

/** Marks a path value sent as it is, e.g. percent-encoded bytes that are not UTF-8. */
const RAW = 'raw:';

/** Percent-encodes every byte of the UTF-8 form but the unreserved ones (lone surrogates too). */
function pathSegment(value: string): string {
  if (value.startsWith(RAW)) return value.slice(RAW.length);
  return [...Buffer.from(value, 'utf8')]
    .map((byte) =>
      /[A-Za-z0-9\-_.~]/.test(String.fromCharCode(byte))
        ? String.fromCharCode(byte)
        : `%${byte.toString(16).toUpperCase().padStart(2, '0')}`,
    )
    .join('');
}

function decodeURIComponentSafe(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

import { readFileSync } from 'node:fs';
import { connect } from 'node:net';
import type { Server } from 'node:http';
import { join } from 'node:path';
import { AdrefClient, User } from '../support/adref-client';
import { listen } from '../support/browser';
import { tableCounts } from '../support/table-counts';
import { ADMIN_TOKEN, createTestApp, TestApp } from '../support/test-app';

const API = '/api/v1';
const IMPORT_FILE = join(__dirname, '../../scripts/imports/accsm-2024-work-life-balance.json');

interface Answer {
  status: number;
  headers: Headers;
  body: any;
}

// Issue 8, item 4: hostile input answers 4xx with a code naming the problem, and stores nothing.
describe('hostile input is turned away', () => {
  let t: TestApp;
  let base: string;
  let client: AdrefClient;
  let chair: User;
  let statementId: string;
  let meetingId: string;

  /** Sends raw bytes, as a hostile client would: no library re-encodes them on the way. */
  const send = async (
    method: string,
    path: string,
    body?: string | Uint8Array,
    headers: Record<string, string> = {},
    token: string | null = chair.token,
  ): Promise<Answer> => {
    const response = await fetch(`${base}${API}${path}`, {
      method,
      headers: {
        ...(token ? { authorization: `Bearer ${token}` } : {}),
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        ...headers,
      },
      body,
    });
    const text = await response.text();
    return {
      status: response.status,
      headers: response.headers,
      body: text ? JSON.parse(text) : undefined,
    };
  };

  /** The answer has `status` and `code`, the error shape, and no table gained or lost a row. */
  const expectRefused = async (
    request: () => Promise<Answer>,
    status: number,
    code: string,
  ): Promise<Answer> => {
    const before = await tableCounts(t.dataSource);
    const answer = await request();
    expect({ status: answer.status, code: answer.body?.code }).toEqual({ status, code });
    expect(answer.body).toEqual({
      statusCode: status,
      error: expect.any(String),
      message: expect.any(String),
      code,
      ...(answer.body.details ? { details: expect.anything() } : {}),
    });
    expect(await tableCounts(t.dataSource)).toEqual(before);
    return answer;
  };

  /** A write route of each kind, with a body it would accept. */
  const WRITE_ROUTES: Array<{
    route: string;
    method: string;
    path: () => string;
    token: () => string;
    body: Record<string, unknown>;
  }> = [
    {
      route: 'POST /statements',
      method: 'POST',
      path: () => '/statements',
      token: () => chair.token,
      body: { framework: 'ACCSM', title: 'T', body: 'B' },
    },
    {
      route: 'PUT /statements/:id/text',
      method: 'PUT',
      path: () => `/statements/${statementId}/text`,
      token: () => chair.token,
      body: { body: 'New', note: 'Edit' },
    },
    {
      route: 'POST /statements/:id/events',
      method: 'POST',
      path: () => `/statements/${statementId}/events`,
      token: () => chair.token,
      body: { type: 'SUBMIT_TO_SOM' },
    },
    {
      route: 'POST /users',
      method: 'POST',
      path: () => '/users',
      token: () => ADMIN_TOKEN,
      body: { name: 'Hostile', email: 'hostile@example.org', role: 'observer' },
    },
    {
      route: 'POST /admin/webhooks',
      method: 'POST',
      path: () => '/admin/webhooks',
      token: () => ADMIN_TOKEN,
      body: { member: 'THA', url: 'https://hooks.example.org/x' },
    },
    {
      route: 'PATCH /reference/meetings/:id',
      method: 'PATCH',
      path: () => `/reference/meetings/${meetingId}`,
      token: () => ADMIN_TOKEN,
      body: { place: 'Vientiane' },
    },
  ];

  beforeAll(async () => {
    t = await createTestApp('2026-03-02T02:00:00Z');
    base = await listen(t);
    client = new AdrefClient(t);
    chair = await client.user('chair_secretariat', 'KHM');
    statementId = (
      await client.createStatement(chair, { framework: 'ACCSM', title: 'In drafting', body: 'B' })
    ).body.id;
    const meeting = await send(
      'POST',
      '/reference/meetings',
      JSON.stringify({
        framework: 'ACCSM',
        kind: 'SOM',
        ordinal: 30,
        dateFrom: '2026-08-04',
        dateTo: '2026-08-06',
      }),
      {},
      ADMIN_TOKEN,
    );
    expect(meeting.status).toBe(201);
    meetingId = meeting.body.id;
  });
  afterAll(() => t.close());

  describe('JSON nested deeper than 32 levels → 400 too_deeply_nested', () => {
    it('a body 10,000 arrays deep is measured without overflowing the stack', () =>
      expectRefused(
        () => send('POST', '/statements', '['.repeat(10_000) + ']'.repeat(10_000)),
        400,
        'too_deeply_nested',
      ));

    it('a body 10,000 objects deep, in a field', () =>
      expectRefused(
        () =>
          send(
            'POST',
            '/statements',
            `{"framework":"ACCSM","title":${'{"a":'.repeat(10_000)}1${'}'.repeat(10_000)}}`,
          ),
        400,
        'too_deeply_nested',
      ));

    it.each(WRITE_ROUTES)('33 levels on $route', async ({ method, path, token }) => {
      const deep = `{"x":${'['.repeat(32)}${']'.repeat(32)}}`; // the object, then 32 arrays
      await expectRefused(() => send(method, path(), deep, {}, token()), 400, 'too_deeply_nested');
    });

    it('32 levels are parsed, and what is wrong is then the field, not the depth', async () => {
      const deep = `{"x":${'['.repeat(31)}${']'.repeat(31)}}`;
      const answer = await expectRefused(
        () => send('POST', '/statements', deep),
        400,
        'invalid_input',
      );
      expect(answer.body.message).toContain('x');
    });

    it('brackets inside strings do not count', async () => {
      const before = await tableCounts(t.dataSource);
      const answer = await send(
        'POST',
        '/statements',
        JSON.stringify({
          framework: 'ACCSM',
          title: '[[[[{{{{'.repeat(20),
          body: '\\"[{'.repeat(50),
        }),
      );
      expect(answer.status).toBe(201);
      expect((await tableCounts(t.dataSource)).statements).toBe(before.statements + 1);
    });
  });

  describe('a number outside its field’s range → 400 invalid_input naming the field', () => {
    const meeting = (ordinal: unknown) =>
      JSON.stringify({
        framework: 'ACCSM',
        kind: 'PREP',
        ordinal,
        dateFrom: '2026-09-01',
        dateTo: '2026-09-02',
      });

    it.each([
      ['1e308', '1e308'],
      ['1000', '1000'],
      ['0', '0'],
      ['-1', '-1'],
      ['2.5', '2.5'],
    ])('POST /reference/meetings ordinal %s', async (_name, ordinal) => {
      const answer = await expectRefused(
        () => send('POST', '/reference/meetings', meeting(Number(ordinal)), {}, ADMIN_TOKEN),
        400,
        'invalid_input',
      );
      expect(answer.body.details.fields.map((f: { field: string }) => f.field)).toEqual([
        'ordinal',
      ]);
    });

    it.each(['1e400', '-1e400', `1${'0'.repeat(400)}`])(
      'a number too large to represent (%s) on each write route',
      async (number) => {
        for (const { method, path, token, body } of WRITE_ROUTES) {
          const text = JSON.stringify({ ...body, ordinal: 0 }).replace(
            '"ordinal":0',
            `"ordinal":${number}`,
          );
          const answer = await expectRefused(
            () => send(method, path(), text, { 'idempotency-key': `huge-${method}` }, token()),
            400,
            'invalid_input',
          );
          expect(answer.body.message).toContain('ordinal');
        }
      },
    );

    it('the text 1e308 itself, not just the number JSON makes of it', async () => {
      const body = meeting(0).replace('"ordinal":0', '"ordinal":1e308');
      const answer = await expectRefused(
        () => send('POST', '/reference/meetings', body, {}, ADMIN_TOKEN),
        400,
        'invalid_input',
      );
      expect(answer.body.message).toContain('ordinal');
    });

    it.each([
      [
        'POST',
        '/reference/chair-terms',
        { framework: 'ACCSM', chair: 'LAO', validFrom: '2027-01-01' },
      ],
      ['PATCH', 'meeting', {}],
    ])('%s %s ordinal 1e308', async (method, path, body) => {
      const target = path === 'meeting' ? `/reference/meetings/${meetingId}` : path;
      const answer = await expectRefused(
        () => send(method, target, JSON.stringify({ ...body, ordinal: 1e308 }), {}, ADMIN_TOKEN),
        400,
        'invalid_input',
      );
      expect(answer.body.message).toContain('ordinal');
    });

    it('an import file with meetingRef.ordinal 1e308', async () => {
      const file = JSON.parse(readFileSync(IMPORT_FILE, 'utf8'));
      const index = file.events.findIndex((e: { meetingRef?: unknown }) => e.meetingRef);
      file.events[index].meetingRef.ordinal = 1e308;
      const answer = await expectRefused(
        () => send('POST', '/statements/import', JSON.stringify(file), {}, ADMIN_TOKEN),
        400,
        'invalid_input',
      );
      expect(answer.body.message).toContain(`events[${index}].meetingRef.ordinal`);
    });

    it.each(['10001', '100000000000000000000000'])('GET /statements?page=%s', async (page) => {
      const answer = await expectRefused(
        () => send('GET', `/statements?page=${page}`),
        400,
        'invalid_input',
      );
      expect(answer.body.message).toContain('page');
    });

    it('a version number past 2^31 − 1 in a path', () =>
      expectRefused(
        () => send('GET', `/statements/${statementId}/versions/2147483648`),
        400,
        'invalid_input',
      ));

    it('an If-Match past any lockVersion is a conflict, not a server error', async () => {
      const answer = await expectRefused(
        () =>
          send(
            'PUT',
            `/statements/${statementId}/text`,
            JSON.stringify({ body: 'New', note: 'Edit' }),
            { 'if-match': '99999999999999999999999' },
          ),
        409,
        'stale_lock_version',
      );
      expect(answer.body.statusCode).toBe(409);
    });
  });

  describe('invalid UTF-8 → 400 invalid_encoding, nothing stored', () => {
    const withBytes = (bytes: number[]) =>
      Buffer.concat([
        Buffer.from('{"framework":"ACCSM","title":"Bad '),
        Buffer.from(bytes),
        Buffer.from(' text","body":"B"}'),
      ]);

    it.each([
      ['a lone continuation byte', [0x80]],
      ['0xFF', [0xff]],
      ['a truncated Thai character (3 bytes cut to 2)', [0xe0, 0xb8]],
      ['an overlong slash', [0xc0, 0xaf]],
      ['a UTF-16 surrogate encoded as UTF-8', [0xed, 0xa0, 0x80]],
      ['a code point past U+10FFFF', [0xf4, 0x90, 0x80, 0x80]],
    ])('%s in a statement title', (_case, bytes) =>
      expectRefused(() => send('POST', '/statements', withBytes(bytes)), 400, 'invalid_encoding'),
    );

    it.each(WRITE_ROUTES)('in a field on $route', async ({ method, path, token, body }) => {
      const [field] = Object.keys(body);
      const [head, tail] = JSON.stringify({ ...body, [field]: 'MARK' }).split('MARK');
      const bad = Buffer.concat([Buffer.from(head), Buffer.from([0xff]), Buffer.from(tail)]);
      await expectRefused(() => send(method, path(), bad, {}, token()), 400, 'invalid_encoding');
    });

    it('valid Thai and emoji in the same place are stored as sent', async () => {
      const title = 'ถ้อยแถลงอาเซียน 🇹🇭';
      const answer = await send(
        'POST',
        '/statements',
        Buffer.from(JSON.stringify({ framework: 'ACCSM', title, body: 'B' }), 'utf8'),
      );
      expect(answer.status).toBe(201);
      expect(answer.body.title).toBe(title);
    });
  });

  describe('a body that is not application/json → 415 unsupported_media_type', () => {
    it.each(WRITE_ROUTES)(
      'a form-encoded body on $route',
      async ({ method, path, token, body }) => {
        const form = new URLSearchParams(body as Record<string, string>).toString();
        await expectRefused(
          () =>
            send(
              method,
              path(),
              form,
              { 'content-type': 'application/x-www-form-urlencoded' },
              token(),
            ),
          415,
          'unsupported_media_type',
        );
      },
    );

    it.each([
      ['text/plain', 'text/plain'],
      ['multipart/form-data', 'multipart/form-data; boundary=x'],
      ['JSON in another charset', 'application/json; charset=latin1'],
      ['JSON sent as text', 'text/json'],
    ])('%s', (_case, contentType) =>
      expectRefused(
        () =>
          send(
            'POST',
            '/statements',
            JSON.stringify({ framework: 'ACCSM', title: 'T', body: 'B' }),
            {
              'content-type': contentType,
            },
          ),
        415,
        'unsupported_media_type',
      ),
    );

    it('a body without any Content-Type', () =>
      expectRefused(
        async () => {
          // fetch labels a string body text/plain, but not bytes
          const response = await fetch(`${base}${API}/statements`, {
            method: 'POST',
            headers: { authorization: `Bearer ${chair.token}` },
            body: new TextEncoder().encode('{"framework":"ACCSM","title":"T","body":"B"}'),
          });
          return {
            status: response.status,
            headers: response.headers,
            body: await response.json(),
          };
        },
        415,
        'unsupported_media_type',
      ));

    it('a compressed body', () =>
      expectRefused(
        () => send('POST', '/statements', '{}', { 'content-encoding': 'gzip' }),
        415,
        'unsupported_media_type',
      ));

    it('a write without a body still works (redrive, sign-out style routes)', async () => {
      const answer = await send(
        'POST',
        '/admin/outbox/00000000-0000-4000-8000-000000000000/redrive',
        undefined,
        {},
        ADMIN_TOKEN,
      );
      expect(answer.status).toBe(404);
      expect(answer.body.code).toBe('not_found');
    });
  });

  describe('any unknown key → 400 invalid_input naming it, inherited names included', () => {
    const INHERITED = [
      'toString',
      'constructor',
      '__proto__',
      'hasOwnProperty',
      'valueOf',
      'isPrototypeOf',
    ];

    it.each(INHERITED)('%s on POST /statements', async (key) => {
      const body = `{"framework":"ACCSM","title":"T","body":"B",${JSON.stringify(key)}:1}`;
      const answer = await expectRefused(
        () => send('POST', '/statements', body),
        400,
        'invalid_input',
      );
      expect(answer.body.message).toContain(key);
    });

    it.each(WRITE_ROUTES)('each of them on $route', async ({ method, path, token, body }) => {
      for (const key of INHERITED) {
        const text = JSON.stringify(body).replace(/}$/, `,${JSON.stringify(key)}:{"a":1}}`);
        const answer = await expectRefused(
          () => send(method, path(), text, {}, token()),
          400,
          'invalid_input',
        );
        expect(answer.body.message).toContain(key);
      }
    });

    it('__proto__ carrying a field of the DTO does not smuggle it in', async () => {
      const body = '{"framework":"ACCSM","body":"B","__proto__":{"title":"smuggled"}}';
      const answer = await expectRefused(
        () => send('POST', '/statements', body),
        400,
        'invalid_input',
      );
      expect(answer.body.message).toContain('__proto__');
    });

    it.each(['constructor', 'toString', 'unknownField'])(
      '%s deep inside an import file (events[i].meetingRef)',
      async (key) => {
        const file = JSON.parse(readFileSync(IMPORT_FILE, 'utf8'));
        const index = file.events.findIndex((e: { meetingRef?: unknown }) => e.meetingRef);
        const text = JSON.stringify(file).replace(
          JSON.stringify(file.events[index].meetingRef),
          JSON.stringify(file.events[index].meetingRef).replace(/}$/, `,"${key}":1}`),
        );
        const answer = await expectRefused(
          () => send('POST', '/statements/import', text, {}, ADMIN_TOKEN),
          400,
          'invalid_input',
        );
        expect(answer.body.message).toContain(`events[${index}].meetingRef`);
        expect(answer.body.message).toContain(key);
      },
    );

    it('toString in a nested array of an event', async () => {
      const body =
        '{"type":"OPEN_AD_REFERENDUM","deadline":"2026-04-30T17:00:00+07:00","electorate":[{"toString":1}]}';
      const answer = await expectRefused(
        () => send('POST', `/statements/${statementId}/events`, body),
        400,
        'invalid_input',
      );
      expect(answer.body.message).toContain('toString');
    });

    it.each(['toString', 'constructor', '__proto__'])('%s in a query string', async (key) => {
      const answer = await expectRefused(
        () => send('GET', `/statements?${key}=1`),
        400,
        'invalid_input',
      );
      expect(answer.body.message).toContain(key);
    });
  });

  describe('security headers: helmet on every response, no X-Powered-By', () => {
    const expectHelmet = (headers: Headers) => {
      expect(headers.get('x-powered-by')).toBeNull();
      expect(headers.get('x-content-type-options')).toBe('nosniff');
      expect(headers.get('strict-transport-security')).toMatch(/max-age=\d+/);
      expect(headers.get('cross-origin-opener-policy')).toBe('same-origin');
      expect(headers.get('referrer-policy')).toBe('no-referrer');
      expect(headers.get('content-security-policy')).toContain("frame-ancestors 'none'");
    };

    it.each([
      ['GET /health', () => send('GET', '/health', undefined, {}, null)],
      ['GET /statements (signed in)', () => send('GET', '/statements')],
      ['a 401', () => send('GET', '/statements', undefined, {}, 'bad-token')],
      ['a 404', () => send('GET', '/nowhere')],
      ['a 415', () => send('POST', '/statements', 'a=1', { 'content-type': 'text/plain' })],
      ['a 400 from the body parser', () => send('POST', '/statements', '[[[')],
    ])('on the API: %s', async (_case, request) => {
      expectHelmet((await request()).headers);
    });

    it.each(['/', '/statements/x', '/js/main.js', '/app.css'])(
      'on the page %s, which keeps its own CSP',
      async (path) => {
        const response = await fetch(`${base}${path}`);
        expect(response.status).toBe(200);
        expectHelmet(response.headers);
        // The pages' policy, stricter than helmet's default (src/web/web-assets.ts)
        expect(response.headers.get('content-security-policy')).toContain("base-uri 'none'");
        expect(response.headers.get('content-security-policy')).toContain("style-src 'self';");
        expect(response.headers.get('x-frame-options')).toBe('DENY');
      },
    );

    it('on the OpenAPI page', async () => {
      const response = await fetch(`${base}/api/docs`);
      expect(response.status).toBe(200);
      expectHelmet(response.headers);
    });
  });

  describe('/health', () => {
    it('tells anyone up or down, and nothing more', async () => {
      for (const token of [null, chair.token, ADMIN_TOKEN]) {
        const answer = await send('GET', '/health', undefined, {}, token);
        expect(answer.status).toBe(200);
        expect(answer.body).toEqual({ status: 'up' });
      }
    });

    it('gives details only to an admin', async () => {
      expect((await send('GET', '/health/details', undefined, {}, null)).status).toBe(401);
      expect((await send('GET', '/health/details', undefined, {}, chair.token)).status).toBe(403);
      const answer = await send('GET', '/health/details', undefined, {}, ADMIN_TOKEN);
      expect(answer.status).toBe(200);
      expect(answer.body).toEqual({
        status: 'up',
        database: t.database,
        databaseVersion: expect.stringMatching(/^\d+/),
      });
    });
  });

  describe('server timeouts', () => {
    it('are 20 s for the headers and 60 s for the whole request', () => {
      const server = t.app.getHttpServer() as Server;
      expect(server.headersTimeout).toBe(20_000);
      expect(server.requestTimeout).toBe(60_000);
    });

    it('a client that never finishes its headers gets 408 and is cut off', async () => {
      const { port } = new URL(base);
      const socket = connect(Number(port), '127.0.0.1');
      let received = '';
      socket.on('data', (chunk) => (received += chunk.toString()));
      socket.write('POST /api/v1/statements HTTP/1.1\r\nHost: localhost\r\nX-Slow: ');
      // Node checks the timeouts every 30 s: the answer comes 20 to 50 s after the start.
      await new Promise<void>((done) => socket.on('close', () => done()));
      expect(received).toMatch(/^HTTP\/1\.1 408/);
    }, 120_000);
  });
});

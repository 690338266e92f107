import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { OpenAPIObject } from '@nestjs/swagger';
import { buildOpenApiDocument } from '../../scripts/openapi';
import { OpenApiResponseCheck } from '../support/openapi-check';
import { ADMIN_TOKEN, createTestApp, TestApp } from '../support/test-app';

const ROOT = resolve(__dirname, '..', '..');
const METHODS = ['get', 'post', 'put', 'patch', 'delete'] as const;

/** `spectral lint` as `npm run openapi:lint` runs it; the exit code and what it printed. */
function spectral(document: OpenAPIObject, folder: string) {
  const file = join(folder, `openapi-${Math.random().toString(36).slice(2)}.json`);
  writeFileSync(file, JSON.stringify(document));
  const result = spawnSync(
    process.execPath,
    [
      join(ROOT, 'node_modules', '@stoplight', 'spectral-cli', 'dist', 'index.js'),
      'lint',
      file,
      '--ruleset',
      join(ROOT, '.spectral.yaml'),
      '--fail-severity=warn',
    ],
    { cwd: ROOT, encoding: 'utf8', timeout: 180_000 },
  );
  return { code: result.status, output: `${result.stdout}${result.stderr}` };
}

const operations = (document: OpenAPIObject) =>
  Object.entries(document.paths).flatMap(([path, item]) =>
    METHODS.flatMap((method) => {
      const operation = item[method];
      return operation ? [{ path, method, operation }] : [];
    }),
  );

describe('the OpenAPI document as the contract', () => {
  let document: OpenAPIObject;
  let folder: string;

  beforeAll(async () => {
    document = await buildOpenApiDocument();
    folder = mkdtempSync(join(tmpdir(), 'adref-openapi-'));
  });
  afterAll(() => rmSync(folder, { recursive: true, force: true }));

  it('passes Spectral’s OpenAPI rules with no error and no warning', () => {
    const { code, output } = spectral(document, folder);
    expect(output).toContain('No results with a severity of');
    expect(code).toBe(0);
  }, 200_000);

  it('fails the lint when an operation loses its responses', () => {
    const broken = structuredClone(document);
    const statements = broken.paths['/api/v1/statements'].post;
    if (!statements) throw new Error('POST /api/v1/statements is not in the document');
    statements.responses = {};
    const { code, output } = spectral(broken, folder);
    expect(code).not.toBe(0);
    expect(output).toContain('paths./api/v1/statements.post.responses');
  }, 200_000);

  it('declares for every operation an id, a tag, its security, a success schema and the error body', () => {
    const all = operations(document);
    expect(all.length).toBeGreaterThan(50);
    const ids = all.map(({ operation }) => operation.operationId);
    expect(new Set(ids).size).toBe(all.length);
    for (const { path, method, operation } of all) {
      const where = `${method.toUpperCase()} ${path}`;
      expect([where, operation.operationId]).toEqual([where, expect.stringMatching(/^[a-z]\w+$/)]);
      expect([where, operation.tags?.length]).toEqual([where, 1]);
      expect([where, Array.isArray(operation.security)]).toEqual([where, true]);
      const responses = Object.entries(operation.responses);
      const success = responses.filter(([status]) => status.startsWith('2'));
      expect([where, success.length > 0]).toEqual([where, true]);
      for (const [status, response] of success) {
        if (!response || status === '204') continue;
        const media = 'content' in response ? Object.keys(response.content ?? {}) : [];
        expect([where, status, media.length > 0]).toEqual([where, status, true]);
      }
      // GET /health answers 503 with its own body, {status: 'down'}.
      const errors = responses.filter(
        ([s]) => /^[45]/.test(s) && !(operation.operationId === 'health' && s === '503'),
      );
      for (const [status, response] of errors) {
        if (!response) continue;
        const schema =
          'content' in response ? response.content?.['application/json']?.schema : null;
        expect([where, status, schema]).toEqual([
          where,
          status,
          { $ref: '#/components/schemas/ErrorView' },
        ]);
      }
    }
  });

  it('names the optional headers as sent, and types days and instants', () => {
    const headers = operations(document).flatMap(({ operation }) =>
      (operation.parameters ?? []).flatMap((p) => ('in' in p && p.in === 'header' ? [p] : [])),
    );
    expect(new Set(headers.map((h) => `${h.name} required=${String(h.required)}`))).toEqual(
      new Set(['Idempotency-Key required=false', 'If-Match required=false']),
    );
    const schemas = JSON.stringify(document.components?.schemas);
    expect(schemas).not.toContain('"type":"object","nullable":true');
    const membership = document.components?.schemas?.MembershipDto;
    expect(membership && 'properties' in membership && membership.properties?.validFrom).toEqual(
      expect.objectContaining({ type: 'string', format: 'date' }),
    );
    const statement = document.components?.schemas?.StatementDto;
    expect(statement && 'properties' in statement && statement.properties?.createdAt).toEqual(
      expect.objectContaining({ type: 'string', format: 'date-time' }),
    );
  });

  it('marks the public routes `security: []` and the others bearer or session', () => {
    const byId = new Map(operations(document).map((o) => [o.operation.operationId, o.operation]));
    expect(byId.get('health')?.security).toEqual([]);
    expect(byId.get('getDeadlinesFeed')?.security).toEqual([]);
    expect(byId.get('getStatement')?.security).toEqual([{ bearer: [] }, { session: [] }]);
  });
});

describe('the response check of the e2e harness (test/support/openapi-check.ts)', () => {
  let t: TestApp;
  let check: OpenApiResponseCheck;

  beforeAll(async () => {
    t = await createTestApp();
    check = new OpenApiResponseCheck(await buildOpenApiDocument());
  });
  afterAll(() => t?.close());

  it('catches a body off schema, an undeclared status and an unknown operation', async () => {
    const health = await t.http.get('/api/v1/health');
    check.check('GET', '/api/v1/health', health.status, health.body, true);
    expect(check.take()).toEqual([]);

    check.check('GET', '/api/v1/health', 200, { status: 'sideways' }, true);
    check.check('GET', '/api/v1/health', 418, { status: 'up' }, true);
    check.check('PUT', '/api/v1/health', 200, { status: 'up' }, true);
    const me = await t.http.get('/api/v1/me').set('Authorization', `Bearer ${ADMIN_TOKEN}`);
    check.check('GET', '/api/v1/me', 200, { ...me.body, role: 'emperor' }, true);
    check.check('GET', '/api/v1/me', 401, { message: 'no statusCode' }, true);
    expect(check.take().map((v) => v.problem)).toEqual([
      expect.stringMatching(/^body does not match GET \/api\/v1\/health 200: .*allowed values/),
      'status 418 is not declared for GET /api/v1/health',
      'no such operation in the OpenAPI document',
      expect.stringMatching(/^body does not match GET \/api\/v1\/me 200: data\/role/),
      expect.stringMatching(/^body does not match GET \/api\/v1\/me 401: .*statusCode/),
    ]);
  });

  it('sees the app’s real answers, which match', async () => {
    const statements = await t.http
      .get('/api/v1/statements')
      .set('Authorization', `Bearer ${ADMIN_TOKEN}`);
    expect(statements.status).toBe(200);
    check.check('GET', '/api/v1/statements', 200, statements.body, true);
    const refused = await t.http.get('/api/v1/statements?page=0');
    expect(refused.status).toBe(401);
    check.check('GET', '/api/v1/statements', 401, refused.body, true);
    expect(check.take()).toEqual([]);
  });
});

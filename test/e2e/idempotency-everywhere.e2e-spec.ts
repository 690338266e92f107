import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { RequestMethod } from '@nestjs/common';
import { METHOD_METADATA, ROUTE_ARGS_METADATA } from '@nestjs/common/constants';
import { RouteParamtypes } from '@nestjs/common/enums/route-paramtypes.enum';
import { ModulesContainer } from '@nestjs/core';
import type { Response } from 'supertest';
import { MANAGES_IDEMPOTENCY } from '../../src/common/idempotency.interceptor';
import { AdrefClient, User } from '../support/adref-client';
import { tableCounts } from '../support/table-counts';
import { ADMIN_TOKEN, createTestApp, TestApp } from '../support/test-app';

const API = '/api/v1';
const admin = { Authorization: `Bearer ${ADMIN_TOKEN}` };
const IMPORT_FILE = join(__dirname, '../../scripts/imports/accsm-2019-good-governance.json');

// Issue 8: Idempotency-Key works on every write, not only on the statement routes.
describe('Idempotency-Key on every write', () => {
  let t: TestApp;
  let client: AdrefClient;
  let chair: User;
  let n = 0;

  const key = () => `key-${++n}-${randomUUID()}`;
  const counts = () => tableCounts(t.dataSource);
  const write = (
    method: 'post' | 'patch' | 'put' | 'delete',
    path: string,
    body: object | undefined,
    idempotencyKey: string | undefined,
    auth: Record<string, string> = admin,
  ) => {
    const request = t.http[method](`${API}${path}`).set(auth);
    if (idempotencyKey) request.set('Idempotency-Key', idempotencyKey);
    return body === undefined ? request : request.send(body);
  };
  const newUser = (email: string) => ({ name: 'Somchai P.', email, role: 'observer' });

  /** The first answer, then a repeat that replays it: same status, same body, nothing written. */
  const expectReplayed = async (send: (key: string) => PromiseLike<Response>, status: number) => {
    const k = key();
    const first = await send(k);
    expect(first.status).toBe(status);
    expect(first.headers['idempotent-replayed']).toBeUndefined();
    const after = await counts();
    const repeat = await send(k);
    expect(repeat.status).toBe(status);
    expect(repeat.headers['idempotent-replayed']).toBe('true');
    expect(await counts()).toEqual(after);
    return { first, repeat, key: k };
  };

  beforeAll(async () => {
    t = await createTestApp('2026-03-02T02:00:00Z');
    client = new AdrefClient(t);
    chair = await client.user('chair_secretariat', 'KHM');
  });
  afterAll(() => t.close());

  describe('POST /users', () => {
    it('a repeat makes one user, and the replay does not show the token again', async () => {
      const before = await counts();
      const {
        first,
        repeat,
        key: k,
      } = await expectReplayed(
        (k) => write('post', '/users', newUser('repeat@example.org'), k),
        201,
      );
      expect(first.body).toEqual(
        expect.objectContaining({ id: expect.any(String), token: expect.any(String) }),
      );
      const shown = { ...first.body };
      delete shown.token;
      expect(repeat.body).toEqual(shown);
      const after = await counts();
      expect(after.principals).toBe(before.principals + 1);
      expect(after.api_tokens).toBe(before.api_tokens + 1);
      expect(after.idempotency_keys).toBe(before.idempotency_keys + 1);
      // Only the token's hash is stored anywhere: not in the kept answer either.
      const [row] = await t.dataSource.query(
        `SELECT response::text AS response FROM idempotency_keys WHERE key = $1`,
        [k],
      );
      expect(row.response).not.toContain(first.body.token);
    });

    it('without a key, a repeat makes a second user (a different email: emails are unique)', async () => {
      const before = await counts();
      await write('post', '/users', newUser('nokey-1@example.org'), undefined);
      await write('post', '/users', newUser('nokey-2@example.org'), undefined);
      expect((await counts()).principals).toBe(before.principals + 2);
    });

    it('concurrent repeats make one user; every answer is the first one', async () => {
      const before = await counts();
      const k = key();
      const answers = await Promise.all(
        Array.from({ length: 6 }, () =>
          write('post', '/users', newUser('concurrent@example.org'), k),
        ),
      );
      expect(answers.map((a) => a.status)).toEqual(Array(6).fill(201));
      expect(new Set(answers.map((a) => a.body.id)).size).toBe(1);
      expect(answers.filter((a) => a.headers['idempotent-replayed'] !== 'true')).toHaveLength(1);
      expect((await counts()).principals).toBe(before.principals + 1);
    });

    it('the same key on another body → 422 idempotency_key_reused, nothing stored', async () => {
      const k = key();
      expect((await write('post', '/users', newUser('first@example.org'), k)).status).toBe(201);
      const before = await counts();
      const reused = await write('post', '/users', newUser('second@example.org'), k);
      expect(reused.status).toBe(422);
      expect(reused.body.code).toBe('idempotency_key_reused');
      expect(await counts()).toEqual(before);
    });

    it('a refused request frees its key: the corrected one runs', async () => {
      const k = key();
      const before = await counts();
      const refused = await write('post', '/users', { ...newUser('x'), email: 'not an email' }, k);
      expect(refused.status).toBe(400);
      expect(await counts()).toEqual(before);
      const corrected = await write('post', '/users', newUser('corrected@example.org'), k);
      expect(corrected.status).toBe(201);
      expect(corrected.headers['idempotent-replayed']).toBeUndefined();
    });

    it('keys are each principal’s own', async () => {
      const k = key();
      const byAdmin = await write(
        'post',
        '/statements',
        { framework: 'ACCSM', title: 'A', body: 'B' },
        k,
      );
      const byChair = await write(
        'post',
        '/statements',
        { framework: 'ACCSM', title: 'A', body: 'B' },
        k,
        { Authorization: `Bearer ${chair.token}` },
      );
      expect(byAdmin.status).toBe(201);
      expect(byChair.status).toBe(201);
      expect(byChair.body.id).not.toBe(byAdmin.body.id);
    });

    it.each([
      ['an empty key', ''],
      ['a key with a space', 'two words'],
      ['a key of 201 characters', 'k'.repeat(201)],
      ['a key with a letter outside ASCII', 'clé'],
    ])('%s → 400 invalid_input, nothing stored', async (_case, value) => {
      const before = await counts();
      const response = await t.http
        .post(`${API}/users`)
        .set(admin)
        .set('Idempotency-Key', value)
        .send(newUser('badkey@example.org'));
      expect(response.status).toBe(400);
      expect(response.body.code).toBe('invalid_input');
      expect(await counts()).toEqual(before);
    });
  });

  describe('POST /admin/webhooks', () => {
    const hook = { member: 'THA', url: 'https://hooks.example.org/adref' };

    it('a repeat makes one subscription; the replay does not show the secret again', async () => {
      const before = await counts();
      const { first, repeat } = await expectReplayed(
        (k) => write('post', '/admin/webhooks', hook, k),
        201,
      );
      expect(first.body.secret).toEqual(expect.any(String));
      const shown = { ...first.body };
      delete shown.secret;
      expect(repeat.body).toEqual(shown);
      expect((await counts()).webhook_subscriptions).toBe(before.webhook_subscriptions + 1);
    });

    it('without a key, a repeat makes a second subscription (as before)', async () => {
      const before = await counts();
      await write('post', '/admin/webhooks', hook, undefined);
      await write('post', '/admin/webhooks', hook, undefined);
      expect((await counts()).webhook_subscriptions).toBe(before.webhook_subscriptions + 2);
    });

    it('DELETE /admin/webhooks/:id replays its answer', async () => {
      const created = await write('post', '/admin/webhooks', hook, undefined);
      const { first, repeat } = await expectReplayed(
        (k) => write('delete', `/admin/webhooks/${created.body.id}`, undefined, k),
        200,
      );
      expect(repeat.body).toEqual(first.body);
    });
  });

  describe('the other writes', () => {
    it('PATCH /users/:id changes once: one account event', async () => {
      const user = await client.user('observer');
      const before = await counts();
      const { first, repeat } = await expectReplayed(
        (k) => write('patch', `/users/${user.id}`, { name: 'Renamed once' }, k),
        200,
      );
      expect(repeat.body).toEqual(first.body);
      expect((await counts()).account_events).toBe(before.account_events + 1);
    });

    it('POST /reference/meetings and PATCH /reference/meetings/:id', async () => {
      const before = await counts();
      const meeting = {
        framework: 'ACCSM',
        kind: 'PREP',
        ordinal: 31,
        dateFrom: '2026-10-01',
        dateTo: '2026-10-02',
      };
      const { first } = await expectReplayed(
        (k) => write('post', '/reference/meetings', meeting, k),
        201,
      );
      expect((await counts()).meetings).toBe(before.meetings + 1);
      const { first: patched, repeat } = await expectReplayed(
        (k) =>
          write('patch', `/reference/meetings/${first.body.id}`, { place: 'Luang Prabang' }, k),
        200,
      );
      expect(repeat.body).toEqual(patched.body);
    });

    it('POST /reference/chair-terms', async () => {
      const before = await counts();
      await expectReplayed(
        (k) =>
          write(
            'post',
            '/reference/chair-terms',
            { framework: 'ACCSM', chair: 'LAO', validFrom: '2031-01-01', validTo: '2031-12-31' },
            k,
          ),
        201,
      );
      expect((await counts()).chair_terms).toBe(before.chair_terms + 1);
    });

    it('POST /admin/outbox/:id/redrive redrives once', async () => {
      const [message] = await t.dataSource.query(
        `INSERT INTO outbox_messages (kind, payload, created_at, expanded_at)
         VALUES ('reminder', '{}'::jsonb, now(), now()) RETURNING id`,
      );
      const [delivery] = await t.dataSource.query(
        `INSERT INTO deliveries (message_id, channel, target, language, subject, body, status,
                                 attempts, next_attempt_at, dead_at, created_at)
         VALUES ($1, 'email', 'x@example.org', 'en', 'S', 'B', 'dead', 8, now(), now(), now())
         RETURNING id`,
        [message.id],
      );
      const k = key();
      const first = await write('post', `/admin/outbox/${delivery.id}/redrive`, undefined, k);
      expect(first.status).toBe(201);
      expect(first.body).toMatchObject({ status: 'pending', attempts: 0 });
      // The worker tries it again and it dies again: a second redrive would reset it.
      await t.dataSource.query(
        `UPDATE deliveries SET status = 'dead', attempts = 8 WHERE id = $1`,
        [delivery.id],
      );
      const repeat = await write('post', `/admin/outbox/${delivery.id}/redrive`, undefined, k);
      expect(repeat.status).toBe(201);
      expect(repeat.headers['idempotent-replayed']).toBe('true');
      expect(repeat.body).toEqual(first.body);
      const [row] = await t.dataSource.query(
        `SELECT status, attempts FROM deliveries WHERE id = $1`,
        [delivery.id],
      );
      expect(row).toEqual({ status: 'dead', attempts: 8 });
    });

    it('POST /statements/import: a repeat replays the import instead of 409 already_imported', async () => {
      const file = JSON.parse(readFileSync(IMPORT_FILE, 'utf8'));
      const { first, repeat } = await expectReplayed(
        (k) => write('post', '/statements/import', file, k),
        201,
      );
      expect(repeat.body.id).toBe(first.body.id);
    });

    it('the statement routes keep their own claim (CommandRunner): one row per key', async () => {
      const before = await counts();
      const { first, repeat } = await expectReplayed(
        (k) =>
          write('post', '/statements', { framework: 'ACCSM', title: 'Once', body: 'B' }, k, {
            Authorization: `Bearer ${chair.token}`,
          }),
        201,
      );
      expect(repeat.body).toEqual(first.body);
      const after = await counts();
      expect(after.statements).toBe(before.statements + 1);
      expect(after.idempotency_keys).toBe(before.idempotency_keys + 1);
    });
  });

  it('every handler that reads Idempotency-Key itself is marked as managing it', () => {
    const reading: string[] = [];
    const unmarked: string[] = [];
    for (const module of t.app.get(ModulesContainer).values()) {
      for (const wrapper of module.controllers.values()) {
        const controller = wrapper.metatype as (new () => object) | null;
        if (!controller) continue;
        for (const name of Object.getOwnPropertyNames(controller.prototype)) {
          const handler = controller.prototype[name as keyof object] as unknown;
          if (typeof handler !== 'function' || name === 'constructor') continue;
          const args: Record<string, { data?: unknown }> =
            Reflect.getMetadata(ROUTE_ARGS_METADATA, controller, name) ?? {};
          const readsKey = Object.entries(args).some(
            ([at, arg]) =>
              at.startsWith(`${RouteParamtypes.HEADERS}:`) &&
              String(arg.data).toLowerCase() === 'idempotency-key',
          );
          if (!readsKey) continue;
          const route = `${controller.name}.${name}`;
          reading.push(route);
          const method = Reflect.getMetadata(METHOD_METADATA, handler) as RequestMethod;
          expect(method).not.toBe(RequestMethod.GET);
          if (
            !Reflect.getMetadata(MANAGES_IDEMPOTENCY, handler) &&
            !Reflect.getMetadata(MANAGES_IDEMPOTENCY, controller)
          ) {
            unmarked.push(route);
          }
        }
      }
    }
    expect(reading.length).toBeGreaterThan(0); // the statement routes
    expect(unmarked).toEqual([]);
  });
});

import { randomUUID } from 'node:crypto';
import { NotifyService } from '../../src/notify/notify.service';
import { AdrefClient, ASEAN_MEMBERS_2026, auth, User } from '../support/adref-client';
import { MailSink } from '../support/mail-sink';
import { createTestApp, TestApp } from '../support/test-app';
import { WebhookReceiver } from '../support/webhook-receiver';

const OPENED_AT = '2026-03-02T02:00:00Z'; // 09:00 in Bangkok
const DEADLINE = '2026-03-30T10:00:00.000Z';
const HOUR = 3_600_000;
const TEXT =
  'The Heads of Civil Service resolve to cooperate.\n\n' +
  'Each member shares its digital public services.\n\n' +
  'The ACCSM reviews progress every two years.';
// Everyone but Malaysia, Timor-Leste and Viet Nam, who stay outstanding.
const EARLY = ['BRN', 'IDN', 'KHM', 'LAO', 'MMR', 'PHL', 'SGP', 'THA'];
const LATE = ['MYS', 'TLS', 'VNM'];

describe('comments on the text, the chair’s reminder and the daily digest', () => {
  let t: TestApp;
  let client: AdrefClient;
  let mail: MailSink;
  let hooks: WebhookReceiver;
  let notify: NotifyService;
  let chair: User;
  let focal: Record<string, User>;
  const emailOf = (member: string) => `fp.${member.toLowerCase()}@example.org`;

  /** Runs the notification worker until nothing more is due now: expand, digests, send. */
  const deliver = async () => {
    await notify.expandPending();
    await notify.sendDigests();
    while ((await notify.deliverDue()) > 0) await notify.expandPending();
  };
  const post = (user: User, path: string, body: Record<string, unknown>) =>
    t.http.post(`/api/v1${path}`).set(auth(user)).send(body);
  const count = async (table: string): Promise<number> =>
    (await t.dataSource.query(`SELECT count(*)::int AS n FROM ${table}`))[0].n;
  const counts = async () => ({
    comments: await count('statement_comments'),
    audit: await count('audit_events'),
    outbox: await count('outbox_messages'),
    statements: JSON.stringify(
      await t.dataSource.query(`SELECT id, state, round_state, lock_version FROM statements`),
    ),
  });
  const verify = async (id: string) => {
    const response = await client.get(client.admin, `/statements/${id}/verify`);
    expect(response.status).toBe(200);
    return response.body as { valid: boolean; problems: unknown[]; checkedEvents: number };
  };

  const openRound = async (): Promise<{ id: string; hash: string }> => {
    t.clock.set(OPENED_AT);
    const opened = await client.openRound(chair, { deadline: DEADLINE, body: TEXT });
    return { id: opened.id, hash: opened.currentVersion.hash };
  };
  const endorse = async (id: string, hash: string, members: string[]) => {
    for (const member of members) {
      await client.expectPosition(focal[member], id, {
        member,
        position: 'endorse',
        versionHash: hash,
      });
    }
  };

  beforeEach(async () => {
    mail = new MailSink();
    hooks = new WebhookReceiver();
    const smtpPort = await mail.start();
    const hookUrl = await hooks.start();
    t = await createTestApp(OPENED_AT, {
      SMTP_HOST: '127.0.0.1',
      SMTP_PORT: String(smtpPort),
      SMTP_FROM: 'adref <adref@example.org>',
    });
    client = new AdrefClient(t);
    notify = t.app.get(NotifyService);
    chair = await client.user('chair_secretariat', 'KHM');
    focal = {};
    for (const member of ASEAN_MEMBERS_2026) {
      const response = await post(client.admin, '/users', {
        name: `${member} focal point`,
        email: emailOf(member),
        role: 'focal_point',
        member,
        language: member === 'THA' ? 'th' : 'en',
      });
      expect(response.status).toBe(201);
      focal[member] = { ...response.body, role: 'focal_point', member };
    }
    // Malaysia (late) and Thailand (early) receive their notifications by webhook as well.
    for (const member of ['MYS', 'THA']) {
      const subscribed = await post(client.admin, '/admin/webhooks', {
        member,
        url: `${hookUrl}/${member.toLowerCase()}`,
      });
      expect(subscribed.status).toBe(201);
    }
  });
  afterEach(async () => {
    await t.close();
    await Promise.all([mail.stop(), hooks.stop()]);
  });

  describe('comments', () => {
    it('a focal point comments on a paragraph during the round, the chair replies: the round stays collecting and verify passes', async () => {
      const { id, hash } = await openRound();
      const before = (await client.statement(chair, id)).body;
      const comment = await post(focal.THA, `/statements/${id}/comments`, {
        text: 'Could paragraph 2 name the <b>regional</b> programme?',
        paragraph: 2,
      });
      expect(comment.status).toBe(201);
      expect(comment.body).toMatchObject({
        statementId: id,
        version: { number: 1, hash },
        paragraph: 2,
        replyTo: null,
        text: 'Could paragraph 2 name the <b>regional</b> programme?',
        author: { id: focal.THA.id, member: 'THA' },
        createdAt: OPENED_AT.replace('Z', '.000Z'),
      });
      const reply = await post(chair, `/statements/${id}/comments`, {
        text: 'Yes: the ASEAN Digital Government Programme.',
        replyTo: comment.body.id,
      });
      expect(reply.status).toBe(201);
      expect(reply.body).toMatchObject({ paragraph: null, replyTo: comment.body.id });

      const after = (await client.statement(chair, id)).body;
      expect(after.state).toBe('ad_referendum');
      expect(after.roundState).toBe('collecting');
      expect(after.lockVersion).toBe(before.lockVersion);
      expect(after.round.positions).toEqual(before.round.positions);

      const listed = await client.get(focal.MYS, `/statements/${id}/comments`);
      expect(listed.status).toBe(200);
      expect(listed.body.mayComment).toBe(true);
      expect(listed.body.comments.map((c: { id: string }) => c.id)).toEqual([
        comment.body.id,
        reply.body.id,
      ]);

      const history = (await client.history(chair, id)).body;
      const notes = history.events.filter((e: { type: string }) => e.type === 'COMMENT_ADDED');
      expect(notes).toHaveLength(2);
      expect(notes[0]).toMatchObject({
        stateFrom: 'ad_referendum.collecting',
        stateTo: 'ad_referendum.collecting',
        textHash: hash,
        payload: {
          commentId: comment.body.id,
          version: { number: 1, hash },
          paragraph: 2,
          member: 'THA',
        },
      });
      expect(history.chain.valid).toBe(true);
      expect(await verify(id)).toMatchObject({ valid: true, problems: [] });

      // The round goes on as if nothing happened: a position is still taken.
      await endorse(id, hash, ['THA']);
      expect(await verify(id)).toMatchObject({ valid: true });
    });

    it('observers read comments but may not write them (403 forbidden); nothing is stored', async () => {
      const { id } = await openRound();
      const observer = await client.user('observer');
      await post(focal.IDN, `/statements/${id}/comments`, { text: 'Fine as it is.' });
      const read = await client.get(observer, `/statements/${id}/comments`);
      expect(read.status).toBe(200);
      expect(read.body.mayComment).toBe(false);
      expect(read.body.comments).toHaveLength(1);

      const before = await counts();
      const refused = await post(observer, `/statements/${id}/comments`, { text: 'Me too.' });
      expect(refused.status).toBe(403);
      expect(refused.body.code).toBe('forbidden');
      // A focal point of a member outside the electorate (Japan, of ACCSM+3) reads only, too.
      const japan = await client.user('focal_point', 'JPN');
      const outside = await post(japan, `/statements/${id}/comments`, { text: 'A view.' });
      expect(outside.status).toBe(403);
      expect(outside.body.code).toBe('forbidden');
      expect((await client.get(japan, `/statements/${id}/comments`)).body.mayComment).toBe(false);
      expect(await counts()).toEqual(before);
    });

    it('refuses a paragraph the version does not have, an unknown replyTo and empty text, with a code; nothing is stored', async () => {
      const { id } = await openRound();
      const other = await openRound();
      const elsewhere = await post(focal.THA, `/statements/${other.id}/comments`, {
        text: 'On the other statement.',
      });
      expect(elsewhere.status).toBe(201);
      const before = await counts();

      const outOfRange = await post(focal.THA, `/statements/${id}/comments`, {
        text: 'On a paragraph that is not there.',
        paragraph: 4,
      });
      expect(outOfRange.status).toBe(422);
      expect(outOfRange.body).toMatchObject({
        code: 'paragraph_out_of_range',
        details: { field: 'paragraph', version: 1, paragraphs: 3 },
      });
      for (const replyTo of [randomUUID(), elsewhere.body.id]) {
        const unknown = await post(focal.THA, `/statements/${id}/comments`, {
          text: 'A reply.',
          replyTo,
        });
        expect(unknown.status).toBe(422);
        expect(unknown.body.code).toBe('reply_to_unknown');
      }
      for (const body of [
        { text: '   ' },
        { text: 'x', paragraph: 0 },
        { text: 'x', paragraph: 1.5 },
        { text: 'x', replyTo: 'not-a-uuid' },
        { text: 'x'.repeat(20_001) },
        {},
      ]) {
        const invalid = await post(focal.THA, `/statements/${id}/comments`, body);
        expect(invalid.status).toBe(400);
        expect(invalid.body.code).toBe('invalid_input');
      }
      const unknownStatement = await post(focal.THA, `/statements/${randomUUID()}/comments`, {
        text: 'Nowhere.',
      });
      expect(unknownStatement.status).toBe(404);
      expect(await counts()).toEqual(before);
    });

    it('before any round, the framework’s members comment on the draft, bound to its version', async () => {
      const created = await client.createStatement(chair, {
        framework: 'ACCSM',
        title: 'A draft',
        body: 'One.\n\nTwo.',
      });
      const id = created.body.id as string;
      const first = await post(focal.VNM, `/statements/${id}/comments`, {
        text: 'On the first draft.',
        paragraph: 2,
      });
      expect(first.status).toBe(201);
      const edited = await client.text(chair, id, { body: 'One.\n\nTwo.\n\nThree.', note: 'v2' });
      expect(edited.status).toBe(200);
      const second = await post(focal.VNM, `/statements/${id}/comments`, {
        text: 'On the second.',
        paragraph: 3,
      });
      expect(second.status).toBe(201);
      expect([first.body.version.number, second.body.version.number]).toEqual([1, 2]);
      expect(second.body.version.hash).toBe(edited.body.currentVersion.hash);
      expect(await verify(id)).toMatchObject({ valid: true });
    });
  });

  describe('the chair’s reminder', () => {
    it('reaches only the outstanding members’ focal points (mail and webhook); again within 12 hours is 429 with Retry-After; after 12 hours it works', async () => {
      const { id, hash } = await openRound();
      await endorse(id, hash, EARLY);
      await deliver();
      mail.clear();
      hooks.received.length = 0;

      t.clock.set('2026-03-10T03:00:00Z');
      const sent = await post(chair, `/statements/${id}/reminders`, {
        message: 'Please answer by the <deadline>.',
      });
      expect(sent.status).toBe(201);
      expect(sent.body).toEqual({
        round: 1,
        members: LATE,
        message: 'Please answer by the <deadline>.',
        sentAt: '2026-03-10T03:00:00.000Z',
        nextAllowedAt: '2026-03-10T15:00:00.000Z',
      });
      await deliver();
      expect(mail.messages.map((m) => m.to[0]).sort()).toEqual(LATE.map(emailOf).sort());
      for (const message of mail.messages) {
        expect(message.subject).toContain('The chair reminds you');
        expect(message.text).toContain('Please answer by the <deadline>.');
        expect(message.html).toContain('Please answer by the &lt;deadline&gt;.');
      }
      expect(hooks.received.map((hook) => hook.path)).toEqual(['/mys']);
      expect(JSON.parse(hooks.received[0].body)).toMatchObject({
        kind: 'chair_reminder',
        statementId: id,
        message: 'Please answer by the <deadline>.',
      });

      // Eleven hours later: too soon; nothing is sent or recorded.
      t.clock.set('2026-03-10T14:00:00Z');
      const before = await counts();
      const again = await post(chair, `/statements/${id}/reminders`, {});
      expect(again.status).toBe(429);
      expect(again.body.code).toBe('reminder_too_soon');
      expect(again.headers['retry-after']).toBe('3600');
      expect(again.body.details).toMatchObject({
        retryAfterSeconds: 3600,
        nextAllowedAt: '2026-03-10T15:00:00.000Z',
      });
      expect(await counts()).toEqual(before);

      t.clock.advance(HOUR);
      mail.clear();
      const later = await post(chair, `/statements/${id}/reminders`, {});
      expect(later.status).toBe(201);
      expect(later.body.message).toBeNull();
      await deliver();
      expect(mail.messages.map((m) => m.to[0]).sort()).toEqual(LATE.map(emailOf).sort());

      const history = (await client.history(chair, id)).body;
      const reminders = history.events.filter((e: { type: string }) => e.type === 'REMINDER_SENT');
      expect(reminders.map((e: { payload: unknown }) => e.payload)).toEqual([
        { round: 1, members: LATE, message: 'Please answer by the <deadline>.' },
        { round: 1, members: LATE },
      ]);
      const statement = (await client.statement(chair, id)).body;
      expect(statement.roundState).toBe('collecting');
      expect(await verify(id)).toMatchObject({ valid: true, problems: [] });
    });

    it('only the chair’s secretariat and admins remind, and only while a round is open', async () => {
      const { id } = await openRound();
      const observer = await client.user('observer');
      const otherSecretariat = await client.user('chair_secretariat', 'THA');
      const before = await counts();
      for (const user of [focal.MYS, observer, otherSecretariat]) {
        const refused = await post(user, `/statements/${id}/reminders`, {});
        expect(refused.status).toBe(403);
        expect(refused.body.code).toBe('forbidden');
      }
      const draft = await client.createStatement(chair, {
        framework: 'ACCSM',
        title: 'Not circulated',
        body: 'Draft.',
      });
      const closed = await post(chair, `/statements/${draft.body.id}/reminders`, {});
      expect(closed.status).toBe(409);
      expect(closed.body.code).toBe('round_not_open');
      const blank = await post(chair, `/statements/${id}/reminders`, { message: ' ' });
      expect(blank.status).toBe(400);
      expect((await counts()).audit).toBe(before.audit + 1); // the draft's CREATED only
      const byAdmin = await post(client.admin, `/statements/${id}/reminders`, {});
      expect(byAdmin.status).toBe(201);
    });
  });

  describe('the daily digest', () => {
    it('a user on the daily digest gets no mail at once, and one digest at 08:00 in their capital; nothing twice', async () => {
      const chose = await t.http.patch('/api/v1/me').set(auth(focal.THA)).send({ digest: 'daily' });
      expect(chose.status).toBe(200);
      expect(chose.body.digest).toBe('daily');
      const wrong = await t.http
        .patch('/api/v1/me')
        .set(auth(focal.THA))
        .send({ digest: 'weekly' });
      expect(wrong.status).toBe(400);

      const { id } = await openRound(); // 09:00 in Bangkok
      await deliver();
      // Every other elector got the circulated text at once; Thailand's focal point did not.
      expect(mail.to(emailOf('MYS'))).toHaveLength(1);
      expect(mail.to(emailOf('THA'))).toHaveLength(0);

      t.clock.set('2026-03-02T10:00:00Z');
      expect((await post(chair, `/statements/${id}/reminders`, {})).status).toBe(201);
      await deliver();
      expect(mail.to(emailOf('MYS'))).toHaveLength(2);
      expect(mail.to(emailOf('THA'))).toHaveLength(0);

      // 07:59 in Bangkok the next morning: not yet.
      t.clock.set('2026-03-03T00:59:00Z');
      await deliver();
      expect(mail.to(emailOf('THA'))).toHaveLength(0);

      // 08:00 in Bangkok: one digest, in Thai, with both notifications.
      t.clock.set('2026-03-03T01:00:00Z');
      await deliver();
      const digests = mail.to(emailOf('THA'));
      expect(digests).toHaveLength(1);
      expect(digests[0].subject).toContain('สรุปการแจ้งเตือนประจำวัน');
      expect(digests[0].subject).toContain('2 รายการ');
      expect(digests[0].text).toContain('ขอให้แจ้งท่าทีภายใน');
      expect(digests[0].text).toContain('ประธานแจ้งเตือน');
      // Thailand's webhook is not a mail: it was called at once, as before.
      expect(hooks.received.filter((hook) => hook.path === '/tha')).toHaveLength(2);

      // Running the worker again, or later the same day, sends nothing more.
      await deliver();
      t.clock.set('2026-03-03T09:00:00Z');
      await deliver();
      expect(mail.to(emailOf('THA'))).toHaveLength(1);
      const statuses = await t.dataSource.query(
        `SELECT d.status, count(*)::int AS n FROM deliveries d
          WHERE d.target = $1 GROUP BY d.status ORDER BY d.status`,
        [emailOf('THA')],
      );
      expect(statuses).toEqual([
        { status: 'digested', n: 2 },
        { status: 'sent', n: 1 },
      ]);
    });

    it('holds the digest durably: a worker that fails before committing loses nothing and the next run sends it once', async () => {
      const chose = await t.http.patch('/api/v1/me').set(auth(focal.PHL)).send({ digest: 'daily' });
      expect(chose.status).toBe(200);
      await openRound(); // 10:00 in Manila
      await deliver();
      expect(mail.to(emailOf('PHL'))).toHaveLength(0);
      // 08:00 in Manila (UTC+8) the next day; a restart of the app in between keeps the rows.
      t.clock.set('2026-03-03T00:00:00Z');
      // The digest's transaction fails half-way (its email row cannot be written): all rolls back.
      await t.dataSource.query(
        `ALTER TABLE deliveries ADD CONSTRAINT no_digest_yet CHECK (subject NOT LIKE '%daily digest%')`,
      );
      await expect(notify.sendDigests()).rejects.toThrow();
      await t.dataSource.query(`ALTER TABLE deliveries DROP CONSTRAINT no_digest_yet`);
      const held = await t.dataSource.query(
        `SELECT count(*)::int AS n FROM deliveries WHERE target = $1 AND status = 'held'`,
        [emailOf('PHL')],
      );
      expect(held).toEqual([{ n: 1 }]);
      await deliver();
      await deliver();
      const digests = mail.to(emailOf('PHL'));
      expect(digests).toHaveLength(1);
      expect(digests[0].subject).toContain('Your daily digest');
      expect(digests[0].subject).toContain('1 notification');
    });
  });
});

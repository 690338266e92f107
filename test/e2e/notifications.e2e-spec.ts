import { createHmac, createPublicKey, verify } from 'node:crypto';
import { createServer, AddressInfo } from 'node:net';
import { NotifyService } from '../../src/notify/notify.service';
import { TimersService } from '../../src/timers/timers.service';
import { AdrefClient, ASEAN_MEMBERS_2026, auth, User } from '../support/adref-client';
import { feedPath } from '../support/calendar';
import { MailSink } from '../support/mail-sink';
import { createTestApp, TestApp } from '../support/test-app';
import { WebhookReceiver } from '../support/webhook-receiver';

const DEADLINE = '2026-03-20T10:00:00.000Z';
const TEXT = 'We, the Heads of Civil Service, resolve to share digital public services.';

const hmac = (body: string, secret: string) =>
  `sha256=${createHmac('sha256', secret).update(body, 'utf8').digest('hex')}`;

describe('notifications by email and webhook', () => {
  let t: TestApp;
  let client: AdrefClient;
  let mail: MailSink;
  let thaiHook: WebhookReceiver;
  let flakyHook: WebhookReceiver;
  let notify: NotifyService;
  let timers: TimersService;
  let chair: User;
  let focal: Record<string, User>;
  let emailOf: Record<string, string>;
  let thaiSecret: string;
  let flakySecret: string;

  /** Runs the delivery worker until it has nothing left that is due now. */
  const deliver = async () => {
    await notify.expandPending();
    while ((await notify.deliverDue()) > 0) {
      await notify.expandPending();
    }
  };

  /** The round every test starts from, opened and its invitations delivered. */
  const openRound = async (): Promise<{ id: string; hash: string }> => {
    const opened = await client.openRound(chair, { deadline: DEADLINE, body: TEXT });
    await deliver();
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
  // Everyone but Malaysia, Timor-Leste and Viet Nam, who stay outstanding.
  const EARLY = ['BRN', 'IDN', 'KHM', 'LAO', 'MMR', 'PHL', 'SGP', 'THA'];

  /** Viet Nam's former focal point, deactivated, who must hear nothing more. */
  const retireFormerVietnameseFocalPoint = async () => {
    const retired = await t.http.post('/api/v1/users').set(auth(client.admin)).send({
      name: 'Former VNM focal point',
      email: 'retired.vnm@example.org',
      role: 'focal_point',
      member: 'VNM',
    });
    expect(retired.status).toBe(201);
    const deactivated = await t.http
      .patch(`/api/v1/users/${retired.body.id}`)
      .set(auth(client.admin))
      .send({ active: false });
    expect(deactivated.status).toBe(200);
  };

  /** Fires the 7-day reminder with Malaysia's endpoint down; the timers it fired. */
  const remindWithMalaysiaDown = async (): Promise<number> => {
    mail.clear();
    flakyHook.status = 500; // Malaysia's endpoint goes down before the reminder
    t.clock.set('2026-03-13T10:05:00Z'); // just past the 7-day reminder
    const fired = await timers.fireDue();
    await deliver();
    return fired;
  };

  // Delivery reads the outbox of every statement and the sink and receivers keep all they got:
  // each test gets its own app, database, mail sink and webhook receivers.
  beforeEach(async () => {
    mail = new MailSink();
    thaiHook = new WebhookReceiver();
    flakyHook = new WebhookReceiver();
    const smtpPort = await mail.start();
    const thaiUrl = await thaiHook.start();
    const flakyUrl = await flakyHook.start();
    t = await createTestApp('2026-03-02T02:00:00Z', {
      SMTP_HOST: '127.0.0.1',
      SMTP_PORT: String(smtpPort),
      SMTP_FROM: 'adref <adref@example.org>',
      ADREF_DELIVERY_MAX_ATTEMPTS: '3',
      ADREF_RETRY_BASE_MS: '1000',
    });
    client = new AdrefClient(t);
    notify = t.app.get(NotifyService);
    timers = t.app.get(TimersService);
    chair = await client.user('chair_secretariat', 'KHM');
    focal = {};
    emailOf = {};
    for (const member of ASEAN_MEMBERS_2026) {
      const response = await t.http
        .post('/api/v1/users')
        .set({ Authorization: `Bearer ${client.admin.token}` })
        .send({
          name: `${member} focal point`,
          email: `fp.${member.toLowerCase()}@example.org`,
          role: 'focal_point',
          member,
          language: member === 'THA' ? 'th' : 'en',
        });
      focal[member] = { ...response.body, role: 'focal_point', member };
      emailOf[member] = `fp.${member.toLowerCase()}@example.org`;
    }
    const subscribe = async (member: string, url: string) => {
      const response = await t.http
        .post('/api/v1/admin/webhooks')
        .set({ Authorization: `Bearer ${client.admin.token}` })
        .send({ member, url });
      expect(response.status).toBe(201);
      return response.body.secret as string;
    };
    thaiSecret = await subscribe('THA', `${thaiUrl}/tha`);
    flakySecret = await subscribe('MYS', `${flakyUrl}/mys`);
  });
  afterEach(async () => {
    await t.close();
    await Promise.all([mail.stop(), thaiHook.stop(), flakyHook.stop()]);
  });

  it('sends the circulated text and deadline to every elector’s focal point, in their language and time zone', async () => {
    t.clock.set('2026-03-02T02:00:00Z');
    const { id, hash } = await openRound();
    const opened = mail.messages.filter((m) => m.text.includes(hash));
    expect(opened.map((m) => m.to[0]).sort()).toEqual(Object.values(emailOf).sort());
    const thai = mail.to(emailOf.THA)[0];
    expect(thai.subject).toContain('ขอให้แจ้งท่าที');
    expect(thai.text).toContain(TEXT);
    expect(thai.text).toContain('20 มีนาคม 2569 เวลา 17:00 น. (UTC+07:00, กรุงเทพฯ)');
    // One word for an endorsement in Thai, as on the pages and in the PDF.
    expect(thai.text).toContain('(รับรอง รับรองโดยมีข้อสงวน คัดค้าน หรืออยู่ระหว่างการพิจารณาภายในประเทศ)');
    expect(thai.text).not.toContain('เห็นชอบโดยมีข้อสงวน');
    const malaysian = mail.to(emailOf.MYS)[0];
    expect(malaysian.subject).toContain('For your government');
    expect(malaysian.text).toContain('20 March 2026, 18:00 (UTC+08:00, Kuala Lumpur)');
    expect(malaysian.contentType).toMatch(/^multipart\/alternative/);
    expect(malaysian.text).toContain(
      `Record your government's position on the statement page by 20 March 2026, 18:00 (UTC+08:00, Kuala Lumpur).\n\nOpen the statement: http://localhost:3000/statements/${id}`,
    );
    expect(malaysian.html).toContain(`<a href="http://localhost:3000/statements/${id}">`);
    expect(malaysian.html).toContain('<a href="http://localhost:3000/">Sign in to adref');
    expect(mail.to(`user1@example.org`)).toEqual([]);
  });

  it('signs each webhook body with the subscription’s secret', async () => {
    t.clock.set('2026-03-02T02:00:00Z');
    const { id } = await openRound();
    expect(thaiHook.received).toHaveLength(1);
    const [hook] = thaiHook.received;
    expect(hook.headers['x-adref-signature']).toBe(hmac(hook.body, thaiSecret));
    expect(hook.headers['x-adref-signature']).not.toBe(
      hmac(hook.body, 'another secret of 16+ chars'),
    );
    expect(JSON.parse(hook.body)).toMatchObject({
      kind: 'round_opened',
      statementId: id,
      text: TEXT,
    });
  });

  it('carries the chain head of the event it reports, signed, in every email and webhook body', async () => {
    t.clock.set('2026-03-02T02:00:00Z');
    const { id } = await openRound();
    const events = (await client.history(chair, id)).body.events;
    const opening = events.find((e: { type: string }) => e.type === 'OPEN_AD_REFERENDUM');
    const { chainHead } = JSON.parse(thaiHook.received[0].body);
    expect(chainHead).toEqual({
      statementId: id,
      seq: opening.seq,
      hash: opening.hash,
      keyId: opening.keyId,
      signature: opening.signature,
    });
    const [key] = (await t.http.get('/api/v1/keys')).body;
    const signed = verify(
      null,
      Buffer.from(chainHead.hash, 'utf8'),
      createPublicKey(key.publicKeyPem),
      Buffer.from(chainHead.signature, 'base64'),
    );
    expect(signed).toBe(true);
    expect(mail.to(emailOf.MYS)[0].text).toContain(
      `adref record: event ${opening.seq} of statement ${id}\nhash ${opening.hash}`,
    );
    expect(mail.to(emailOf.THA)[0].text).toContain(`ลายมือชื่อ Ed25519 (กุญแจ ${opening.keyId})`);
  });

  it('reminds only the members still outstanding', async () => {
    t.clock.set('2026-03-02T02:00:00Z');
    const { id, hash } = await openRound();
    await endorse(id, hash, EARLY);
    await retireFormerVietnameseFocalPoint();
    expect(await remindWithMalaysiaDown()).toBe(1);
    expect(mail.messages.map((m) => m.to[0]).sort()).toEqual(
      [emailOf.MYS, emailOf.TLS, emailOf.VNM].sort(),
    );
    expect(mail.messages[0].subject).toContain('Reminder');
    expect(mail.messages[0].text).toContain('MYS, TLS, VNM');
  });

  it('retries a failing webhook with backoff, dead-letters it, and re-drives it on request', async () => {
    t.clock.set('2026-03-02T02:00:00Z');
    const { id, hash } = await openRound();
    await endorse(id, hash, EARLY);
    await remindWithMalaysiaDown(); // its first attempt at Malaysia's endpoint fails
    for (let step = 0; step < 6; step += 1) {
      t.clock.advance(10_000); // past any backoff of a 1 s base after 3 attempts
      await deliver();
    }
    const admin = { Authorization: `Bearer ${client.admin.token}` };
    const dead = await t.http.get('/api/v1/admin/outbox?status=dead').set(admin);
    expect(dead.status).toBe(200);
    const reminderHook = dead.body.find(
      (d: { kind: string; channel: string }) => d.kind === 'reminder' && d.channel === 'webhook',
    );
    expect(reminderHook).toMatchObject({
      status: 'dead',
      attempts: 3,
      lastError: 'HTTP 500',
      memberCode: 'MYS',
    });
    const detail = await t.http.get(`/api/v1/admin/outbox/${reminderHook.id}`).set(admin);
    expect(detail.body.attempts.map((a: { ok: boolean }) => a.ok)).toEqual([false, false, false]);
    const reminderCalls = () =>
      flakyHook.received.filter((call) => JSON.parse(call.body).kind === 'reminder');
    expect(reminderCalls()).toHaveLength(3); // and no fourth once dead

    flakyHook.status = 204;
    const redriven = await t.http
      .post(`/api/v1/admin/outbox/${reminderHook.id}/redrive`)
      .set(admin);
    expect(redriven.status).toBe(201);
    await deliver();
    const sent = await t.http.get(`/api/v1/admin/outbox/${reminderHook.id}`).set(admin);
    expect(sent.body).toMatchObject({ status: 'sent' });
    expect(reminderCalls()).toHaveLength(4);
    const last = reminderCalls()[3];
    expect(last.headers['x-adref-signature']).toBe(hmac(last.body, flakySecret));
  });

  it('tells the chair and every elector of an objection, and everyone of the adoption', async () => {
    t.clock.set('2026-03-02T02:00:00Z');
    const { id, hash } = await openRound();
    await endorse(id, hash, EARLY);
    await retireFormerVietnameseFocalPoint();
    mail.clear();
    await client.expectPosition(focal.MYS, id, {
      member: 'MYS',
      position: 'object',
      versionHash: hash,
      text: 'Malaysia asks for a review clause.',
    });
    await deliver();
    const objection = mail.messages.filter(
      (m) => m.subject.includes('Objection') || m.subject.includes('คัดค้าน'),
    );
    expect(objection.map((m) => m.to[0]).sort()).toEqual(
      [...Object.values(emailOf), 'user1@example.org'].sort(),
    );

    mail.clear();
    await endorse(id, hash, ['MYS', 'TLS', 'VNM']);
    await deliver();
    const adopted = mail.messages.filter(
      (m) => m.text.includes('Record of adoption') || m.text.includes('บันทึกการรับรอง'),
    );
    expect(adopted).toHaveLength(12);
    const vietnamese = mail.to(emailOf.VNM).find((m) => m.subject.startsWith('[adref] Adopted'));
    expect(vietnamese?.text).toContain(hash);
    // The adoption's time in the reader's zone, never a raw UTC timestamp.
    expect(vietnamese?.text).toMatch(
      /was adopted on \d{1,2} March 2026, \d\d:\d\d \(UTC\+07:00, Ho Chi Minh City\): Consensus by ad referendum \(round 1\)\./,
    );
    const thai = mail.to(emailOf.THA).find((m) => m.subject.includes('ได้รับการรับรองแล้ว'));
    expect(thai?.text).toMatch(
      /ได้รับการรับรองเมื่อ \d{1,2} มีนาคม 2569 เวลา \d\d:\d\d น\. \(UTC\+07:00, กรุงเทพฯ\)/,
    );
    for (const message of adopted) {
      expect(message.text).not.toMatch(/\d{4}-\d\d-\d\dT\d\d:/);
      expect(message.html).toContain(`/statements/${id}"`);
    }
  });

  it('names a meeting given by id in the adoption email', async () => {
    t.clock.set('2026-03-02T02:00:00Z');
    const meetings = (await client.get(chair, '/reference/meetings?framework=ACCSM')).body as {
      id: string;
      kind: string;
      ordinal: number | null;
    }[];
    const som = meetings.find((m) => m.kind === 'SOM' && m.ordinal === 20);
    expect(som).toBeDefined();
    const created = await client.createStatement(chair, {
      framework: 'ACCSM',
      title: 'Adopted at the 20th SOM',
      body: 'Text adopted at a meeting.',
    });
    const statementId = created.body.id as string;
    await client.expectEvent(chair, statementId, { type: 'SUBMIT_TO_SOM' });
    await deliver();
    mail.clear();
    await client.expectEvent(chair, statementId, { type: 'ADOPT_AT_MEETING', meetingId: som!.id });
    await deliver();
    // Adopted at a meeting, with no round: the chair's secretariat is told, with the meeting's name.
    const adopted = mail.messages.filter((m) => m.subject.startsWith('[adref] Adopted'));
    expect(adopted.map((m) => m.to[0])).toEqual(['user1@example.org']);
    expect(adopted[0].text).toContain(
      'Consensus at the meeting 20th ACCSM SOM, Chiang Rai, Thailand, 22–24 April 2019',
    );
  });

  it('serves each member’s open deadlines as an iCalendar feed', async () => {
    t.clock.set('2026-03-02T02:00:00Z');
    const { id, hash } = await openRound();
    await endorse(id, hash, ASEAN_MEMBERS_2026); // adopted, so no longer in the feed
    const other = await client.openRound(chair, {
      deadline: '2026-04-30T17:00:00+07:00',
      title: 'Open one',
    });
    const link = await client.get(focal.THA, '/members/THA/calendar-link');
    expect(link.status).toBe(200);
    const feed = await t.http.get(feedPath(link.body.url));
    expect(feed.status).toBe(200);
    expect(feed.headers['content-type']).toContain('text/calendar');
    expect(feed.text).toContain('BEGIN:VCALENDAR');
    expect(feed.text).toContain(`UID:${other.id}-round-1@adref`);
    expect(feed.text).toContain('DTSTART:20260430T100000Z');
    expect(feed.text).not.toContain(id); // adopted: no longer open
    expect((await t.http.get('/api/v1/members/THA/deadlines.ics')).status).toBe(401);
    // The user's API token no longer opens the feed: it never belongs in a URL.
    const byToken = await t.http.get(`/api/v1/members/THA/deadlines.ics?token=${focal.THA.token}`);
    expect(byToken.status).toBe(400);
    expect(byToken.body.code).toBe('token_in_query');
    expect(byToken.headers['content-type']).not.toContain('text/calendar');
  });
});

describe('chair handover notice', () => {
  let t: TestApp;
  let client: AdrefClient;
  let mail: MailSink;

  beforeAll(async () => {
    mail = new MailSink();
    const port = await mail.start();
    t = await createTestApp('2024-08-01T02:00:00Z', {
      SMTP_HOST: '127.0.0.1',
      SMTP_PORT: String(port),
    });
    client = new AdrefClient(t);
  });
  afterAll(async () => {
    await t.close();
    await mail.stop();
  });

  it('tells the outgoing and incoming secretariats which statements pass to the new chair, once', async () => {
    t.clock.set('2024-08-01T02:00:00Z');
    const brunei = await client.user('chair_secretariat', 'BRN');
    const cambodia = await client.user('chair_secretariat', 'KHM');
    const created = await client.createStatement(brunei, {
      framework: 'ACCSM',
      title: 'In flight',
      body: 'Text',
    });
    expect(created.status).toBe(201);
    const notify = t.app.get(NotifyService);
    t.clock.set('2024-08-08T03:00:00Z');
    expect(await notify.announceHandovers()).toBe(2); // ACCSM and ACCSM+3
    expect(await notify.announceHandovers()).toBe(0);
    await notify.expandPending();
    await notify.deliverDue();
    const accsm = mail.messages.filter((m) => m.subject === '[adref] KHM now chairs ACCSM');
    expect(accsm.map((m) => m.to[0]).sort()).toEqual(['user1@example.org', 'user2@example.org']);
    expect(accsm[0].text).toContain('In flight (Drafting)');
    expect(accsm[0].html).toContain('<li>In flight (Drafting)</li>');
    expect(brunei.id).not.toBe(cambodia.id);
  });
});

describe('emails that can be acted on, in the order the events happened', () => {
  const PUBLIC_URL = 'https://adref.example.go.th';
  const TITLE = 'Statement on <Ports> & "Harbours"';
  let t: TestApp;
  let client: AdrefClient;
  let mail: MailSink;
  let smtpPort: number;
  let notify: NotifyService;

  const deliver = async () => {
    await notify.expandPending();
    while ((await notify.deliverDue()) > 0) await notify.expandPending();
  };

  /** A loopback port with nothing listening on it yet. */
  const freePort = () =>
    new Promise<number>((resolve) => {
      const probe = createServer().listen(0, '127.0.0.1', () => {
        const { port } = probe.address() as AddressInfo;
        probe.close(() => resolve(port));
      });
    });

  beforeAll(async () => {
    smtpPort = await freePort();
    mail = new MailSink();
    t = await createTestApp('2026-05-04T02:00:00Z', {
      SMTP_HOST: '127.0.0.1',
      SMTP_PORT: String(smtpPort), // no server there yet: every attempt fails and is retried
      ADREF_PUBLIC_URL: PUBLIC_URL,
      ADREF_DELIVERY_MAX_ATTEMPTS: '20',
      ADREF_RETRY_BASE_MS: '1000',
    });
    client = new AdrefClient(t);
    notify = t.app.get(NotifyService);
  });
  afterEach(() => jest.restoreAllMocks());
  afterAll(async () => {
    await t.close();
    await mail.stop();
  });

  it('sends a Japanese and a Thai focal point, once SMTP is back, every message in event order, each in their capital’s time', async () => {
    t.clock.set('2026-05-04T02:00:00Z');
    const chair = await client.user('chair_secretariat', 'KHM'); // KHM chairs ACCSM+3 in 2026
    const japan = await client.user('focal_point', 'JPN');
    const thailand = await t.http.post('/api/v1/users').set(auth(client.admin)).send({
      name: 'THA focal point',
      email: 'fp.tha@example.org',
      role: 'focal_point',
      member: 'THA',
      language: 'th',
    });
    expect(thailand.status).toBe(201);
    const japanEmail = 'user2@example.org';

    const opened = await client.openRound(chair, {
      framework: 'ACCSM+3',
      title: TITLE,
      deadline: '2026-12-15T10:00:00Z',
    });
    const id = opened.id as string;
    // Backoff without its random part (1.25 × base·2ⁿ), so that the timeline below is exact:
    // the invitation fails 6 times while SMTP is down (t = 0, 30, …, 150 s), the last retry
    // being due at 190 s, later than every first retry of the messages after it (181.25 s).
    jest.spyOn(Math, 'random').mockReturnValue(0.75);
    for (let attempt = 0; attempt < 6; attempt += 1) {
      await deliver();
      t.clock.advance(30_000);
    }
    await client.expectEvent(chair, id, {
      type: 'EXTEND_DEADLINE',
      deadline: '2026-12-22T10:00:00Z',
    });
    await client.expectPosition(japan, id, {
      member: 'JPN',
      position: 'object',
      versionHash: opened.currentVersion.hash,
      text: 'Japan asks for <review> & revision.',
    });
    await client.expectEvent(chair, id, { type: 'REVISE' });
    await deliver(); // the later messages fail once each (t = 180 s): due again at 181.25 s
    expect(mail.messages).toEqual([]);

    expect(await mail.start(smtpPort)).toBe(smtpPort);
    // Now (182 s) the later messages are due and the invitation (190 s) is not: they wait for it.
    t.clock.advance(2_000);
    await deliver();
    expect(mail.to(japanEmail)).toEqual([]);
    for (let round = 0; round < 5; round += 1) {
      t.clock.advance(600_000); // past every backoff so far
      await deliver();
    }

    const toJapan = mail.to(japanEmail);
    expect(toJapan.map((m) => m.subject)).toEqual([
      `[adref] For your government's position by 15 December 2026, 19:00 (UTC+09:00, Tokyo): ${TITLE}`,
      `[adref] Deadline extended to 22 December 2026, 19:00 (UTC+09:00, Tokyo): ${TITLE}`,
      `[adref] Objection lodged: ${TITLE}`,
      `[adref] Text under revision: ${TITLE}`,
    ]);
    const toThailand = mail.to('fp.tha@example.org');
    expect(toThailand.map((m) => m.subject)).toEqual([
      `[adref] ขอให้แจ้งท่าทีภายใน 15 ธันวาคม 2569 เวลา 17:00 น. (UTC+07:00, กรุงเทพฯ): ${TITLE}`,
      `[adref] ขยายกำหนดเวลาเป็น 22 ธันวาคม 2569 เวลา 17:00 น. (UTC+07:00, กรุงเทพฯ): ${TITLE}`,
      `[adref] มีการคัดค้าน: ${TITLE}`,
      `[adref] อยู่ระหว่างแก้ไขร่าง: ${TITLE}`,
    ]);
    // The chair hears of the objection and the revision, in that order too.
    const toChair = mail.to('user1@example.org').map((m) => m.subject);
    expect(toChair).toEqual([
      `[adref] Objection lodged: ${TITLE}`,
      `[adref] Text under revision: ${TITLE}`,
    ]);

    // HTML with a plain-text alternative; the statement page and the sign-in page are linked.
    const [invitation] = toJapan;
    expect(invitation.contentType).toMatch(/^multipart\/alternative/);
    expect(invitation.text).toContain(
      `Record your government's position on the statement page by 15 December 2026, 19:00 (UTC+09:00, Tokyo).`,
    );
    expect(invitation.text).toContain(`Open the statement: ${PUBLIC_URL}/statements/${id}`);
    expect(invitation.text).toContain(
      `Sign in to adref (personal token or email link): ${PUBLIC_URL}/`,
    );
    expect(invitation.html).toContain(
      `<a href="${PUBLIC_URL}/statements/${id}">Open the statement</a>`,
    );
    expect(invitation.html).toContain(`<a href="${PUBLIC_URL}/">`);
    // Every user value is escaped in the HTML.
    expect(invitation.html).toContain('Statement on &lt;Ports&gt; &amp; &quot;Harbours&quot;');
    expect(invitation.html).not.toContain('<Ports>');
    const [thaiInvitation] = toThailand;
    expect(thaiInvitation.text).toContain('รับรอง รับรองโดยมีข้อสงวน คัดค้าน');
    expect(thaiInvitation.html).toContain(
      `<a href="${PUBLIC_URL}/statements/${id}">เปิดหน้าถ้อยแถลง</a>`,
    );
    // What each can do there: the chair extends, revises or closes after an objection.
    const objectionToChair = mail.to('user1@example.org')[0];
    expect(objectionToChair.text).toContain(
      'As the chair, you can extend the deadline, revise and re-circulate the text, or close the round without adoption',
    );
    expect(objectionToChair.html).not.toContain('<review>');
  });
});

import { createHash } from 'node:crypto';
import type { Response } from 'supertest';
import { AdrefClient, auth, User } from '../support/adref-client';
import { calendarEvents, feedPath, unfold } from '../support/calendar';
import { createTestApp, TestApp } from '../support/test-app';

const LINK =
  /^http:\/\/[^/]+\/api\/v1\/members\/([A-Z]{3})\/deadlines\.ics\?key=([A-Za-z0-9_-]{43})$/;

const sha256 = (text: string) => createHash('sha256').update(text, 'utf8').digest('hex');
const keyOf = (url: string) => new URL(url).searchParams.get('key')!;

describe('calendar feeds that leak nothing', () => {
  let t: TestApp;
  let client: AdrefClient;
  let chair: User; // KHM chairs ACCSM and ACCSM+3 in 2026
  let formerChair: User; // BRN chaired until August 2024
  let thaiSecretariat: User; // Thailand chairs nothing in 2026
  let focal: Record<string, User>;
  let observer: User;
  let statementId: string;

  const feedCount = async () =>
    (await t.dataSource.query(`SELECT count(*)::int AS n FROM calendar_feeds`))[0].n as number;

  const link = async (user: User, member: string, method: 'get' | 'delete' = 'get') =>
    t.http[method](`/api/v1/members/${member}/calendar-link`).set(auth(user));

  const linkUrl = async (user: User, member: string, method: 'get' | 'delete' = 'get') => {
    const response = await link(user, member, method);
    expect(response.status).toBe(200);
    expect(response.body.url).toMatch(LINK);
    return response.body.url as string;
  };

  /** An error answer: JSON with a code, never a calendar. */
  const expectRefusal = (response: Response, status: number, code: string) => {
    expect(response.status).toBe(status);
    expect(response.headers['content-type']).toMatch(/^application\/json/);
    expect(response.headers['content-type']).not.toContain('text/calendar');
    expect(response.body.code).toBe(code);
    expect(response.text).not.toContain('BEGIN:VCALENDAR');
  };

  beforeAll(async () => {
    t = await createTestApp('2026-03-02T02:00:00Z');
    client = new AdrefClient(t);
    chair = await client.user('chair_secretariat', 'KHM');
    formerChair = await client.user('chair_secretariat', 'BRN');
    thaiSecretariat = await client.user('chair_secretariat', 'THA');
    focal = await client.focalPoints(['THA', 'MYS', 'JPN']);
    observer = await client.user('observer');
    const opened = await client.openRound(chair, {
      deadline: '2026-03-20T10:00:00.000Z',
      title: 'ASEAN Statement on Digital Public Services',
    });
    statementId = opened.id;
    await client.expectPosition(focal.THA, statementId, {
      member: 'THA',
      position: 'endorse',
      versionHash: opened.currentVersion.hash,
    });
    await client.expectPosition(focal.MYS, statementId, {
      member: 'MYS',
      position: 'endorse_with_reservation',
      versionHash: opened.currentVersion.hash,
      text: 'Malaysia reserves its position on paragraph 3.',
    });
  });
  afterAll(async () => {
    await t.close();
  });

  it('gives a link to the member’s focal point, the chair’s secretariat and an admin; each reads the feed', async () => {
    const urls = [
      await linkUrl(focal.THA, 'THA'),
      await linkUrl(chair, 'THA'),
      await linkUrl(client.admin, 'THA'),
      await linkUrl(chair, 'JPN'), // Japan is in ACCSM+3, which Cambodia chairs
    ];
    expect(new Set(urls.map(keyOf)).size).toBe(4);
    for (const url of urls.slice(0, 3)) {
      const feed = await t.http.get(feedPath(url));
      expect(feed.status).toBe(200);
      expect(feed.headers['content-type']).toBe('text/calendar; charset=utf-8');
      expect(feed.text).toContain('BEGIN:VCALENDAR');
      expect(calendarEvents(feed.text).map((e) => e.UID)).toContain(`${statementId}-round-1@adref`);
    }
    // Only the sha256 of each secret is kept.
    const rows: { member_code: string; secret_hash: string }[] = await t.dataSource.query(
      `SELECT member_code, secret_hash FROM calendar_feeds`,
    );
    const stored = JSON.stringify(rows);
    for (const url of urls) {
      expect(stored).not.toContain(keyOf(url));
      expect(rows.map((r) => r.secret_hash)).toContain(sha256(keyOf(url)));
    }
  });

  it.each([
    ['a focal point of another member', () => focal.MYS, 403, 'forbidden'],
    ['the secretariat of a former chair', () => formerChair, 403, 'forbidden'],
    [
      'the secretariat of a member that chairs nothing today',
      () => thaiSecretariat,
      403,
      'forbidden',
    ],
    ['an observer', () => observer, 403, 'forbidden'],
  ])('refuses the link to %s, and stores nothing', async (_who, user, status, code) => {
    const before = await feedCount();
    expectRefusal(await link(user(), 'THA'), status, code);
    expectRefusal(await link(user(), 'THA', 'delete'), status, code);
    expect(await feedCount()).toBe(before);
  });

  it('refuses the link to nobody (401) and for an unknown member (404)', async () => {
    const before = await feedCount();
    expectRefusal(await t.http.get('/api/v1/members/THA/calendar-link'), 401, 'unauthenticated');
    expectRefusal(
      await t.http.get(`/api/v1/members/THA/calendar-link?token=${focal.THA.token}`),
      401,
      'unauthenticated',
    );
    expectRefusal(await link(client.admin, 'XYZ'), 404, 'not_found');
    expectRefusal(await link(focal.THA, 'XYZ', 'delete'), 404, 'not_found');
    expectRefusal(await link(client.admin, 'tha'), 400, 'invalid_input');
    expect(await feedCount()).toBe(before);
  });

  it('reads its own member’s feed and not another’s, and shows no other member’s answer', async () => {
    const thai = await linkUrl(focal.THA, 'THA');
    const feed = await t.http.get(feedPath(thai));
    expect(feed.status).toBe(200);
    const text = unfold(feed.text);
    expect(calendarEvents(text)[0].DESCRIPTION).toContain('Thailand: endorse.');
    expect(text).not.toContain('Malaysia');
    expect(text).not.toContain('paragraph 3');

    const key = keyOf(thai);
    expectRefusal(
      await t.http.get(`/api/v1/members/MYS/deadlines.ics?key=${key}`),
      404,
      'not_found',
    );
    const malaysian = await t.http.get(feedPath(await linkUrl(focal.MYS, 'MYS')));
    expect(malaysian.status).toBe(200);
    expect(calendarEvents(malaysian.text)[0].DESCRIPTION).toContain(
      'Malaysia: endorse_with_reservation.',
    );
  });

  it('authenticates nothing but the feed', async () => {
    const key = keyOf(await linkUrl(focal.THA, 'THA'));
    const asBearer = { Authorization: `Bearer ${key}` };
    expectRefusal(await t.http.get('/api/v1/statements').set(asBearer), 401, 'unauthenticated');
    expectRefusal(await t.http.get(`/api/v1/statements?key=${key}`), 401, 'unauthenticated');
    expectRefusal(
      await t.http.get(`/api/v1/statements/${statementId}?key=${key}`),
      401,
      'unauthenticated',
    );
    expectRefusal(
      await t.http.get('/api/v1/members/THA/calendar-link').set(asBearer),
      401,
      'unauthenticated',
    );
    expectRefusal(
      await t.http
        .post(`/api/v1/statements/${statementId}/positions?key=${key}`)
        .send({ member: 'THA', position: 'object', versionHash: 'a'.repeat(64), text: 'x' }),
      401,
      'unauthenticated',
    );
    expectRefusal(await t.http.get('/api/v1/me').set(asBearer), 401, 'unauthenticated');
  });

  it('refuses an API token in the URL with a clear code, even beside a valid key', async () => {
    const before = await feedCount();
    const byToken = await t.http.get(`/api/v1/members/THA/deadlines.ics?token=${focal.THA.token}`);
    expectRefusal(byToken, 400, 'token_in_query');
    expect(byToken.body.message).toContain('calendar-link');
    const key = keyOf(await linkUrl(focal.THA, 'THA'));
    expectRefusal(
      await t.http.get(`/api/v1/members/THA/deadlines.ics?key=${key}&token=${focal.THA.token}`),
      400,
      'token_in_query',
    );
    expect(await feedCount()).toBe(before + 1);
  });

  it('answers every refused feed request in JSON, never as a calendar', async () => {
    expectRefusal(await t.http.get('/api/v1/members/THA/deadlines.ics'), 401, 'unauthenticated');
    expectRefusal(
      await t.http.get(`/api/v1/members/THA/deadlines.ics?key=${'A'.repeat(43)}`),
      404,
      'not_found',
    );
    expectRefusal(
      await t.http.get('/api/v1/members/tha/deadlines.ics?key=x'),
      400,
      'invalid_input',
    );
    expectRefusal(
      await t.http.get('/api/v1/members/THA/deadlines.ics?key=x&extra=1'),
      400,
      'invalid_input',
    );
  });

  it('DELETE replaces the link: every earlier secret of the member stops, others go on', async () => {
    const first = await linkUrl(focal.THA, 'THA');
    const second = await linkUrl(chair, 'THA');
    const malaysian = await linkUrl(focal.MYS, 'MYS');
    const replaced = await linkUrl(focal.THA, 'THA', 'delete');
    expect([first, second]).not.toContain(replaced);

    for (const old of [first, second]) {
      expectRefusal(await t.http.get(feedPath(old)), 404, 'not_found');
    }
    expect((await t.http.get(feedPath(replaced))).status).toBe(200);
    expect((await t.http.get(feedPath(malaysian))).status).toBe(200);
    const live: { n: number }[] = await t.dataSource.query(
      `SELECT count(*)::int AS n FROM calendar_feeds WHERE member_code = 'THA' AND revoked_at IS NULL`,
    );
    expect(live[0].n).toBe(1);

    // The chair's secretariat and an admin may replace it too.
    const byChair = await linkUrl(chair, 'THA', 'delete');
    expectRefusal(await t.http.get(feedPath(replaced)), 404, 'not_found');
    const byAdmin = await linkUrl(client.admin, 'THA', 'delete');
    expectRefusal(await t.http.get(feedPath(byChair)), 404, 'not_found');
    expect((await t.http.get(feedPath(byAdmin))).status).toBe(200);
  });

  it('raises SEQUENCE when the deadline moves, keeping the round’s UID', async () => {
    const opened = await client.openRound(chair, {
      deadline: '2026-04-30T10:00:00.000Z',
      title: 'ASEAN Statement on Extended Matters',
    });
    const uid = `${opened.id}-round-1@adref`;
    const url = await linkUrl(focal.THA, 'THA');
    const eventOf = async () => {
      const feed = await t.http.get(feedPath(url));
      expect(feed.status).toBe(200);
      return calendarEvents(feed.text).find((e) => e.UID === uid)!;
    };
    expect(await eventOf()).toMatchObject({ SEQUENCE: '0', DTSTART: '20260430T100000Z' });

    t.clock.advance(3_600_000);
    await client.expectEvent(chair, opened.id, {
      type: 'EXTEND_DEADLINE',
      deadline: '2026-05-15T10:00:00.000Z',
    });
    expect(await eventOf()).toMatchObject({ SEQUENCE: '1', DTSTART: '20260515T100000Z' });

    t.clock.advance(3_600_000);
    await client.expectEvent(chair, opened.id, {
      type: 'EXTEND_DEADLINE',
      deadline: '2026-05-29T10:00:00.000Z',
    });
    const event = await eventOf();
    expect(event).toMatchObject({ SEQUENCE: '2', DTSTART: '20260529T100000Z' });
    expect(event['LAST-MODIFIED']).toBe(
      t.clock
        .now()
        .toISOString()
        .replace(/[-:]/g, '')
        .replace(/\.\d{3}/, ''),
    );
  });
});

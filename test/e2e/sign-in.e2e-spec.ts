import type { Response } from 'supertest';
import { sha256 } from '../../src/common/hash.util';
import { SignInService } from '../../src/auth/sign-in.service';
import { MailSink } from '../support/mail-sink';
import {
  CookieJarClient,
  OIDC_CLIENT_ID,
  OIDC_CLIENT_SECRET,
  TestIdentityProvider,
} from '../support/oidc-provider';
import { ADMIN_TOKEN, createTestApp, TestApp } from '../support/test-app';

const API = '/api/v1';
const admin = { Authorization: `Bearer ${ADMIN_TOKEN}` };
const FIFTEEN_MINUTES = 15 * 60 * 1000;
const START = '2026-03-02T02:00:00Z';

/** The Set-Cookie line of one cookie, as the browser receives it. */
const setCookie = (response: Response, name: string): string | undefined =>
  ([] as string[])
    .concat(response.headers['set-cookie'] ?? [])
    .find((line) => line.startsWith(`${name}=`));

const cookieValue = (line: string | undefined): string =>
  decodeURIComponent((line ?? '').split(';')[0].split('=').slice(1).join('='));

interface Browser {
  session: string;
  csrf: string;
}

const withSession = (browser: Browser) => ({
  Cookie: `adref_session=${browser.session}; adref_csrf=${browser.csrf}`,
});

async function createUser(
  t: TestApp,
  user: { name: string; email: string; role: string; member?: string; language?: string },
): Promise<{ id: string; token: string }> {
  const response = await t.http.post(`${API}/users`).set(admin).send(user);
  if (response.status !== 201) throw new Error(`user: ${response.status} ${response.text}`);
  return response.body;
}

describe('sign-in by a link sent by email', () => {
  let t: TestApp;
  let mail: MailSink;
  let signIn: SignInService;
  let chair: { id: string; token: string };
  let thai: { id: string; token: string };

  /** Asks for a link and returns the one the mail server received, if any. */
  const askForLink = async (email: string, host?: string): Promise<string | null> => {
    const to = email.toLowerCase();
    const before = mail.to(to).length;
    const request = t.http.post(`${API}/sign-in/email`).send({ email });
    const response = await (host ? request.set('Host', host) : request);
    expect(response.status).toBe(202);
    expect(response.body).toEqual({
      message:
        'If this address belongs to an adref account, a sign-in link is on its way. It works once, within 15 minutes.',
    });
    await signIn.settled();
    const received = mail.to(to).slice(before);
    if (received.length === 0) return null;
    const link = /(http\S+\/sign-in\/link\?token=[A-Za-z0-9_-]+)/.exec(received[0].text)?.[1];
    return link ?? null;
  };

  const pathOf = (link: string) => {
    const url = new URL(link);
    return url.pathname + url.search;
  };

  /** Opens the link as a browser would, and gives the cookies the answer set. */
  const open = async (link: string): Promise<Browser> => {
    const response = await t.http.get(pathOf(link));
    expect(response.status).toBe(303);
    expect(response.headers.location).toBe('/');
    return {
      session: cookieValue(setCookie(response, 'adref_session')),
      csrf: cookieValue(setCookie(response, 'adref_csrf')),
    };
  };

  const signedIn = async (email: string): Promise<Browser> => open((await askForLink(email))!);

  const statementCount = async () =>
    Number((await t.dataSource.query(`SELECT count(*) AS n FROM statements`))[0].n);

  let smtpPort: number;

  beforeAll(async () => {
    mail = new MailSink();
    smtpPort = await mail.start();
  });

  // Tests count a person's sessions and links, and at most 5 links go to one address in 15
  // minutes: each test gets its own app, database and people, so it sees only what it made.
  beforeEach(async () => {
    t = await createTestApp(START, {
      SMTP_HOST: '127.0.0.1',
      SMTP_PORT: String(smtpPort),
      SMTP_FROM: 'adref <adref@example.org>',
    });
    signIn = t.app.get(SignInService);
    chair = await createUser(t, {
      name: 'Sokha C.',
      email: 'chair@ocsc.gov.kh',
      role: 'chair_secretariat',
      member: 'KHM',
    });
    thai = await createUser(t, {
      name: 'Somchai P.',
      email: 'fp@ocsc.go.th',
      role: 'focal_point',
      member: 'THA',
      language: 'th',
    });
  });

  afterEach(() => t?.close());
  afterAll(() => mail?.stop());

  it('says which ways of signing in are on', async () => {
    const response = await t.http.get(`${API}/sign-in/methods`);
    expect(response.status).toBe(200);
    expect(response.body).toEqual({ emailLink: true, oidc: false });
  });

  it('answers the same for an unknown address and mails nothing; a known one gets a link by SMTP', async () => {
    // The link's expiry in the mail is counted from START.
    t.clock.set(START);
    mail.clear();
    await expect(askForLink('nobody@example.org')).resolves.toBeNull();
    expect(mail.messages).toHaveLength(0);

    const link = await askForLink('CHAIR@ocsc.gov.kh');
    expect(link).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/sign-in\/link\?token=[A-Za-z0-9_-]{43}$/);
    const [message] = mail.to('chair@ocsc.gov.kh');
    expect(message.subject).toBe('[adref] Your sign-in link');
    // The expiry in the reader's capital (Phnom Penh), and the same link in the HTML part.
    expect(message.text).toContain(
      'It works once, within 15 minutes (until 2 March 2026, 09:15 (UTC+07:00, Phnom Penh))',
    );
    expect(message.contentType).toMatch(/^multipart\/alternative/);
    expect(message.html).toContain(`<a href="${link!.replace(/&/g, '&amp;')}">`);

    // Only the hash of the link's token is stored.
    const token = new URL(link!).searchParams.get('token')!;
    const rows = await t.dataSource.query(
      `SELECT token_hash, expires_at FROM sign_in_links WHERE principal_id = $1`,
      [chair.id],
    );
    expect(rows.map((r: { token_hash: string }) => r.token_hash)).toContain(sha256(token));
    expect(JSON.stringify(rows)).not.toContain(token);
  });

  it('mails the link in the reader’s language', async () => {
    const link = await askForLink('fp@ocsc.go.th');
    expect(link).not.toBeNull();
    const [message] = mail.to('fp@ocsc.go.th').slice(-1);
    expect(message.subject).toBe('[adref] ลิงก์สำหรับลงชื่อเข้าใช้');
    expect(message.text).toContain('ลิงก์นี้ใช้ได้ครั้งเดียว ภายใน 15 นาที');
    expect(message.text).toContain('(UTC+07:00, กรุงเทพฯ)');
    expect(message.html).toContain('<html lang="th">');
  });

  it('refuses a malformed address with 400 and an unknown field too', async () => {
    const bad = await t.http.post(`${API}/sign-in/email`).send({ email: 'not an address' });
    expect(bad.status).toBe(400);
    expect(bad.body.code).toBe('invalid_input');
    const extra = await t.http
      .post(`${API}/sign-in/email`)
      .send({ email: 'fp@ocsc.go.th', role: 'admin' });
    expect(extra.status).toBe(400);
  });

  it('opens a session once: HttpOnly, SameSite=Strict cookies; a second use gets a clear page', async () => {
    // The session's stored expiry is counted from START.
    t.clock.set(START);
    const link = (await askForLink('chair@ocsc.gov.kh'))!;
    // A mail scanner's HEAD does not use the link up.
    const head = await t.http.head(pathOf(link));
    expect(head.status).toBe(200);
    expect(head.headers['set-cookie']).toBeUndefined();
    const first = await t.http.get(pathOf(link));
    expect(first.status).toBe(303);
    expect(first.headers.location).toBe('/');
    const session = setCookie(first, 'adref_session')!;
    const csrf = setCookie(first, 'adref_csrf')!;
    for (const line of [session, csrf]) {
      expect(line).toMatch(/; Path=\/(;|$)/);
      expect(line).toMatch(/; SameSite=Strict(;|$)/);
      expect(line).toMatch(/; Max-Age=43200(;|$)/);
      // Plain HTTP on 127.0.0.1: not Secure here (see the next test for everywhere else).
      expect(line).not.toMatch(/; Secure/);
    }
    expect(session).toMatch(/; HttpOnly(;|$)/);
    expect(csrf).not.toMatch(/HttpOnly/);

    const browser = { session: cookieValue(session), csrf: cookieValue(csrf) };
    const stored = await t.dataSource.query(
      `SELECT secret_hash, csrf_hash, via, expires_at FROM sessions WHERE principal_id = $1`,
      [chair.id],
    );
    expect(stored).toEqual([
      {
        secret_hash: sha256(browser.session),
        csrf_hash: sha256(browser.csrf),
        via: 'email_link',
        expires_at: new Date('2026-03-02T14:00:00Z'),
      },
    ]);
    const me = await t.http.get(`${API}/me`).set(withSession(browser));
    expect(me.status).toBe(200);
    expect(me.body).toMatchObject({ id: chair.id, role: 'chair_secretariat', memberCode: 'KHM' });

    const again = await t.http.get(pathOf(link));
    expect(again.status).toBe(410);
    expect(again.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(again.headers['set-cookie']).toBeUndefined();
    expect(again.text).toContain('This sign-in link has already been used');
    expect(again.text).toContain('ลิงก์ลงชื่อเข้าใช้นี้ถูกใช้ไปแล้ว');
    expect(again.text).toContain('Ask for a new sign-in link');
    const sessions = await t.dataSource.query(
      `SELECT count(*) AS n FROM sessions WHERE principal_id = $1`,
      [chair.id],
    );
    expect(Number(sessions[0].n)).toBe(1);
  });

  it('sets Secure cookies everywhere but localhost', async () => {
    const link = (await askForLink('chair@ocsc.gov.kh'))!;
    const response = await t.http.get(pathOf(link)).set('Host', 'adref.example.go.th');
    expect(response.status).toBe(303);
    expect(setCookie(response, 'adref_session')).toMatch(/; Secure(;|$)/);
    expect(setCookie(response, 'adref_csrf')).toMatch(/; Secure(;|$)/);
  });

  it('puts no link in an email asked for under a foreign Host without ADREF_PUBLIC_URL', async () => {
    await expect(askForLink('chair@ocsc.gov.kh', 'evil.example.com')).resolves.toBeNull();
  });

  it('refuses a link after 15 minutes with a clear page, and opens no session', async () => {
    t.clock.set(START);
    const link = (await askForLink('fp@ocsc.go.th'))!;
    const before = await t.dataSource.query(`SELECT count(*) AS n FROM sessions`);
    t.clock.advance(FIFTEEN_MINUTES);
    const response = await t.http.get(pathOf(link));
    expect(response.status).toBe(410);
    expect(response.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(response.text).toContain('This sign-in link has expired');
    expect(response.text).toContain('ลิงก์ลงชื่อเข้าใช้นี้หมดอายุแล้ว');
    expect(setCookie(response, 'adref_session')).toBeUndefined();
    const after = await t.dataSource.query(`SELECT count(*) AS n FROM sessions`);
    expect(after[0].n).toBe(before[0].n);
  });

  it('a link a minute before it expires still works', async () => {
    t.clock.set(START);
    const link = (await askForLink('fp@ocsc.go.th'))!;
    t.clock.advance(FIFTEEN_MINUTES - 60_000);
    const browser = await open(link);
    const me = await t.http.get(`${API}/me`).set(withSession(browser));
    expect(me.body.id).toBe(thai.id);
  });

  it('refuses a link nobody issued with 400 and a page', async () => {
    for (const token of ['A'.repeat(43), 'short', '']) {
      const response = await t.http.get(`/sign-in/link?token=${token}`);
      expect(response.status).toBe(400);
      expect(response.text).toContain('This sign-in link is not valid');
    }
    expect((await t.http.get('/sign-in/link')).status).toBe(400);
  });

  it('needs the CSRF token on every write with the session cookie; a bearer token needs none', async () => {
    const browser = await signedIn('chair@ocsc.gov.kh');
    const body = { framework: 'ACCSM', title: 'Statement on mobility', body: 'Draft.' };
    const before = await statementCount();

    const without = await t.http.post(`${API}/statements`).set(withSession(browser)).send(body);
    expect(without.status).toBe(403);
    expect(without.body.code).toBe('csrf_failed');
    const wrong = await t.http
      .post(`${API}/statements`)
      .set({ ...withSession(browser), 'X-CSRF-Token': 'x'.repeat(43) })
      .send(body);
    expect(wrong.status).toBe(403);
    expect(wrong.body.code).toBe('csrf_failed');
    // Another session's token is no better.
    const other = await signedIn('chair@ocsc.gov.kh');
    const crossed = await t.http
      .post(`${API}/statements`)
      .set({ ...withSession(browser), 'X-CSRF-Token': other.csrf })
      .send(body);
    expect(crossed.status).toBe(403);
    expect(await statementCount()).toBe(before);

    // Reads need no CSRF token.
    expect((await t.http.get(`${API}/statements`).set(withSession(browser))).status).toBe(200);

    const withToken = await t.http
      .post(`${API}/statements`)
      .set({ ...withSession(browser), 'X-CSRF-Token': browser.csrf })
      .send(body);
    expect(withToken.status).toBe(201);
    const history = await t.http
      .get(`${API}/statements/${withToken.body.id}/history`)
      .set(withSession(browser));
    expect(history.body.events[0]).toMatchObject({ actorId: chair.id });

    const bearer = await t.http
      .post(`${API}/statements`)
      .set({ Authorization: `Bearer ${chair.token}` })
      .send(body);
    expect(bearer.status).toBe(201);
    expect(await statementCount()).toBe(before + 2);
  });

  it('takes the bearer token first: a bad one is refused even with a good session cookie', async () => {
    const browser = await signedIn('chair@ocsc.gov.kh');
    const response = await t.http
      .get(`${API}/me`)
      .set({ ...withSession(browser), Authorization: 'Bearer not-a-token' });
    expect(response.status).toBe(401);
  });

  it('ends the session on sign-out (a write: with the CSRF token)', async () => {
    const browser = await signedIn('fp@ocsc.go.th');
    const refused = await t.http.post(`${API}/sign-out`).set(withSession(browser));
    expect(refused.status).toBe(403);
    expect(refused.body.code).toBe('csrf_failed');
    expect((await t.http.get(`${API}/me`).set(withSession(browser))).status).toBe(200);

    const out = await t.http
      .post(`${API}/sign-out`)
      .set({ ...withSession(browser), 'X-CSRF-Token': browser.csrf });
    expect(out.status).toBe(204);
    expect(setCookie(out, 'adref_session')).toMatch(/^adref_session=;.*Expires=Thu, 01 Jan 1970/);
    const after = await t.http.get(`${API}/me`).set(withSession(browser));
    expect(after.status).toBe(401);
    expect(after.body.code).toBe('unauthenticated');
  });

  it('stops a session after 12 hours', async () => {
    t.clock.set(START);
    const browser = await signedIn('fp@ocsc.go.th');
    t.clock.advance(12 * 60 * 60 * 1000 - 1000);
    expect((await t.http.get(`${API}/me`).set(withSession(browser))).status).toBe(200);
    t.clock.advance(1000);
    const expired = await t.http.get(`${API}/me`).set(withSession(browser));
    expect(expired.status).toBe(401);
    // The browser is told to forget the cookies.
    expect(setCookie(expired, 'adref_session')).toMatch(/Expires=Thu, 01 Jan 1970/);
  });

  it('stops a session on the very next request once revoked or the account is deactivated', async () => {
    const revoked = await signedIn('chair@ocsc.gov.kh');
    await t.dataSource.query(`UPDATE sessions SET revoked_at = now() WHERE secret_hash = $1`, [
      sha256(revoked.session),
    ]);
    expect((await t.http.get(`${API}/me`).set(withSession(revoked))).status).toBe(401);

    const browser = await signedIn('chair@ocsc.gov.kh');
    const link = (await askForLink('chair@ocsc.gov.kh'))!;
    expect((await t.http.get(`${API}/me`).set(withSession(browser))).status).toBe(200);
    await t.dataSource.query(`UPDATE principals SET active = false WHERE id = $1`, [chair.id]);
    const me = await t.http.get(`${API}/me`).set(withSession(browser));
    expect(me.status).toBe(401);
    const write = await t.http
      .post(`${API}/statements`)
      .set({ ...withSession(browser), 'X-CSRF-Token': browser.csrf })
      .send({ framework: 'ACCSM', title: 'T', body: 'B' });
    expect(write.status).toBe(401);
    // An unused link of a deactivated account opens nothing, and no new link is sent.
    const response = await t.http.get(pathOf(link));
    expect(response.status).toBe(400);
    expect(setCookie(response, 'adref_session')).toBeUndefined();
    await expect(askForLink('chair@ocsc.gov.kh')).resolves.toBeNull();
  });

  it('stops the session at once when an admin deactivates the account (PATCH /users/:id)', async () => {
    const browser = await signedIn('fp@ocsc.go.th');
    expect((await t.http.get(`${API}/me`).set(withSession(browser))).status).toBe(200);
    const patched = await t.http
      .patch(`${API}/users/${thai.id}`)
      .set(admin)
      .send({ active: false });
    expect(patched.status).toBe(200);
    try {
      expect((await t.http.get(`${API}/me`).set(withSession(browser))).status).toBe(401);
    } finally {
      await t.http.patch(`${API}/users/${thai.id}`).set(admin).send({ active: true });
    }
    // Reactivated, the person signs in afresh; the old session stays ended.
    expect((await t.http.get(`${API}/me`).set(withSession(browser))).status).toBe(401);
  });

  it('signs a browser session out everywhere (POST /me/sign-out-everywhere, with the CSRF token)', async () => {
    const browser = await signedIn('fp@ocsc.go.th');
    const elsewhere = await signedIn('fp@ocsc.go.th');
    const response = await t.http
      .post(`${API}/me/sign-out-everywhere`)
      .set({ ...withSession(browser), 'X-CSRF-Token': browser.csrf });
    expect(response.status).toBe(200);
    for (const session of [browser, elsewhere]) {
      expect((await t.http.get(`${API}/me`).set(withSession(session))).status).toBe(401);
    }
  });

  it('sends at most 5 links in 15 minutes to one address', async () => {
    // Its own app: no link went to this address before the six asked for here.
    t.clock.set(START);
    const links = [];
    for (let i = 0; i < 6; i += 1) links.push(await askForLink('fp@ocsc.go.th'));
    expect(links.filter(Boolean)).toHaveLength(5);
    expect(links[5]).toBeNull();
    t.clock.advance(FIFTEEN_MINUTES);
    await expect(askForLink('fp@ocsc.go.th')).resolves.not.toBeNull();
  });

  it('answers the identity provider’s pages with a clear page when it is not set up', async () => {
    const response = await t.http.get('/sign-in/oidc');
    expect(response.status).toBe(404);
    expect(response.text).toContain('Sign-in with a government account is not set up here');
  });
});

describe('sign-in through the government identity provider (OpenID Connect)', () => {
  const PUBLIC_URL = 'http://localhost:3999';
  let t: TestApp;
  let idp: TestIdentityProvider;
  let known: { id: string; token: string };

  interface RoundTrip {
    /** The provider's authorization URL adref sent the browser to. */
    authorization: URL;
    /** adref's callback URL with the provider's answer (code, state, iss). */
    back: URL;
    /** The transaction cookie, as the browser sends it back. */
    transaction: string;
  }

  /** adref → the provider's login form → the redirect back, stopping before adref's callback. */
  const roundTrip = async (login: string): Promise<RoundTrip> => {
    const start = await t.http.get('/sign-in/oidc');
    expect(start.status).toBe(303);
    const cookie = setCookie(start, 'adref_oidc')!;
    expect(cookie).toMatch(/; Path=\/sign-in\/oidc; .*HttpOnly; SameSite=Lax/);
    const authorization = new URL(start.headers.location);

    const jar = new CookieJarClient();
    const form = await jar.follow(authorization.href, PUBLIC_URL);
    if (form instanceof URL) throw new Error(`the provider skipped its login form: ${form.href}`);
    const action = /<form[^>]*action="([^"]+)"/.exec(await form.text())?.[1];
    expect(action).toBeDefined();
    const back = await jar.follow(new URL(action!, authorization).href, PUBLIC_URL, {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ prompt: 'login', login, password: 'any' }).toString(),
    });
    if (!(back instanceof URL)) throw new Error(`the provider answered ${back.status}`);
    expect(back.pathname).toBe('/sign-in/oidc/callback');
    expect(back.searchParams.get('code')).toBeTruthy();
    return { authorization, back, transaction: cookie.split(';')[0] };
  };

  const callback = (back: URL, cookie?: string) => {
    const request = t.http.get(back.pathname + back.search);
    return cookie ? request.set('Cookie', cookie) : request;
  };

  const signInAt = async (login: string) => {
    const trip = await roundTrip(login);
    return { ...trip, response: await callback(trip.back, trip.transaction) };
  };

  const sessionCount = async () =>
    Number((await t.dataSource.query(`SELECT count(*) AS n FROM sessions`))[0].n);

  let issuer: string;

  beforeAll(async () => {
    // The provider's development notices (dev interactions, default TTLs) are expected here.
    jest.spyOn(console, 'info').mockImplementation(() => undefined);
    jest.spyOn(console, 'warn').mockImplementation(() => undefined);
    idp = new TestIdentityProvider();
    issuer = await idp.start(`${PUBLIC_URL}/sign-in/oidc/callback`);
  });

  // One test moves the clock 10 minutes on: each test gets its own app, database and people.
  beforeEach(async () => {
    t = await createTestApp(START, {
      ADREF_PUBLIC_URL: PUBLIC_URL,
      ADREF_OIDC_ISSUER: issuer,
      ADREF_OIDC_CLIENT_ID: OIDC_CLIENT_ID,
      ADREF_OIDC_CLIENT_SECRET: OIDC_CLIENT_SECRET,
    });
    known = await createUser(t, {
      name: 'Nguyen V.',
      email: 'focal@moha.gov.vn',
      role: 'focal_point',
      member: 'VNM',
    });
    await createUser(t, {
      name: 'Departed',
      email: 'departed@moha.gov.vn',
      role: 'focal_point',
      member: 'VNM',
    });
    await t.dataSource.query(
      `UPDATE principals SET active = false WHERE email = 'departed@moha.gov.vn'`,
    );
  });

  afterEach(() => t?.close());
  afterAll(async () => {
    await idp?.stop();
    jest.restoreAllMocks();
  });

  it('offers the identity provider on the sign-in page', async () => {
    const response = await t.http.get(`${API}/sign-in/methods`);
    expect(response.body).toEqual({ emailLink: false, oidc: true });
  });

  it('signs a known email in with the authorization-code flow and PKCE', async () => {
    const { response, authorization } = await signInAt('Focal@moha.gov.vn');
    expect(authorization.searchParams.get('response_type')).toBe('code');
    expect(authorization.searchParams.get('code_challenge_method')).toBe('S256');
    expect(authorization.searchParams.get('code_challenge')).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(authorization.searchParams.get('state')).toBeTruthy();
    expect(authorization.searchParams.get('nonce')).toBeTruthy();
    expect(authorization.searchParams.get('redirect_uri')).toBe(
      `${PUBLIC_URL}/sign-in/oidc/callback`,
    );

    expect(response.status).toBe(303);
    expect(response.headers.location).toBe('/');
    const session = setCookie(response, 'adref_session')!;
    expect(session).toMatch(/HttpOnly; SameSite=Strict/);
    expect(setCookie(response, 'adref_oidc')).toMatch(/Expires=Thu, 01 Jan 1970/);
    expect(idp.tokenRequests.at(-1)).toEqual({
      grantType: 'authorization_code',
      codeVerifier: true,
    });

    const me = await t.http.get(`${API}/me`).set('Cookie', `adref_session=${cookieValue(session)}`);
    expect(me.status).toBe(200);
    expect(me.body.id).toBe(known.id);
    const [row] = await t.dataSource.query(`SELECT via FROM sessions WHERE secret_hash = $1`, [
      sha256(cookieValue(session)),
    ]);
    expect(row.via).toBe('oidc');
  });

  it('refuses an email adref does not know with a clear page and opens nothing', async () => {
    const before = await sessionCount();
    const { response } = await signInAt('stranger@example.org');
    expect(response.status).toBe(403);
    expect(response.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(response.text).toContain('No adref account uses this email address');
    expect(response.text).toContain('stranger@example.org');
    expect(response.text).toContain('ไม่มีบัญชี adref ที่ใช้อีเมลนี้');
    expect(setCookie(response, 'adref_session')).toBeUndefined();
    expect(await sessionCount()).toBe(before);
  });

  it('refuses a deactivated account', async () => {
    const { response } = await signInAt('departed@moha.gov.vn');
    expect(response.status).toBe(403);
    expect(response.text).toContain('This adref account is deactivated');
  });

  it('refuses a callback that adref did not start, with another state, tampered, or replayed', async () => {
    const before = await sessionCount();
    // A real code, but no transaction cookie: a callback URL someone else sent.
    const stray = await roundTrip('focal@moha.gov.vn');
    const noCookie = await callback(stray.back);
    expect(noCookie.status).toBe(400);
    expect(noCookie.text).toContain('Sign-in with your government account did not complete');
    expect(noCookie.text).toContain('การลงชื่อเข้าใช้ด้วยบัญชีของหน่วยงานไม่สำเร็จ');

    // A real code with the transaction of another sign-in (its state and PKCE verifier).
    const other = await roundTrip('focal@moha.gov.vn');
    expect((await callback(stray.back, other.transaction)).status).toBe(400);

    // A tampered transaction cookie.
    const tampered = await roundTrip('focal@moha.gov.vn');
    const [name, value] = tampered.transaction.split('=');
    const flipped = `${name}=${value.slice(0, -6)}${value.slice(-6) === 'AAAAAA' ? 'BBBBBB' : 'AAAAAA'}`;
    expect((await callback(tampered.back, flipped)).status).toBe(400);
    expect(await sessionCount()).toBe(before);

    // The untouched round trip still works once; its code replayed does not.
    expect((await callback(tampered.back, tampered.transaction)).status).toBe(303);
    const replayed = await callback(tampered.back, tampered.transaction);
    expect(replayed.status).toBe(400);
    expect(await sessionCount()).toBe(before + 1);
  });

  it('refuses the person who cancelled at the provider', async () => {
    const start = await t.http.get('/sign-in/oidc');
    const transaction = setCookie(start, 'adref_oidc')!.split(';')[0];
    const authorization = new URL(start.headers.location);
    const back = new URL(`${PUBLIC_URL}/sign-in/oidc/callback`);
    back.searchParams.set('error', 'access_denied');
    back.searchParams.set('state', authorization.searchParams.get('state')!);
    back.searchParams.set('iss', idp.issuer);
    const cancelled = await callback(back, transaction);
    expect(cancelled.status).toBe(400);
    expect(cancelled.text).toContain('did not complete');
  });

  it('refuses a round trip that took longer than 10 minutes', async () => {
    t.clock.set(START);
    const before = await sessionCount();
    const slow = await roundTrip('focal@moha.gov.vn');
    t.clock.advance(10 * 60 * 1000);
    const late = await callback(slow.back, slow.transaction);
    expect(late.status).toBe(400);
    expect(late.text).toContain('took longer than 10 minutes');
    expect(await sessionCount()).toBe(before);
  });
});

import type { Browser, BrowserContext, Page } from 'playwright-core';
import { SignInService } from '../../src/auth/sign-in.service';
import { launchBrowser, listen, personContext, screenshots } from '../support/browser';
import { MailSink } from '../support/mail-sink';
import { OIDC_CLIENT_ID, OIDC_CLIENT_SECRET, TestIdentityProvider } from '../support/oidc-provider';
import { ADMIN_TOKEN, createTestApp, TestApp } from '../support/test-app';

const API = '/api/v1';
const admin = { Authorization: `Bearer ${ADMIN_TOKEN}` };

// Signing in as people do: a link by email, and the government's identity provider through
// its own login form, in a real browser; and the pages that refuse a used or expired link.
describe('the sign-in pages, in a browser', () => {
  let t: TestApp;
  let mail: MailSink;
  let idp: TestIdentityProvider;
  let signIn: SignInService;
  let browser: Browser;
  let base: string;
  const contexts: BrowserContext[] = [];

  const CHAIR = { name: 'Sokha Chan', email: 'sokha@ocsc.gov.kh' };
  const OIDC_CHAIR = { name: 'Dara Kim', email: 'dara@ocsc.gov.kh' };

  const newPage = async (): Promise<Page> => {
    const context = await personContext(browser, t);
    contexts.push(context);
    return context.newPage();
  };

  /** The newest sign-in link mailed to an address, as the person would click it. */
  const linkMailedTo = async (email: string): Promise<string> => {
    await signIn.settled();
    const message = mail.to(email).at(-1);
    const link = message && /(http\S+\/sign-in\/link\?token=\S+)/.exec(message.text)?.[1];
    if (!link) throw new Error(`no sign-in link was mailed to ${email}`);
    return link;
  };

  const statementsBy = async (principalId: string): Promise<number> => {
    const rows = await t.dataSource.query(
      `SELECT count(*) AS n FROM statements WHERE created_by = $1`,
      [principalId],
    );
    return Number(rows[0].n);
  };

  const launch = async (page: Page, title: string) => {
    await page.getByRole('button', { name: 'Launch a statement' }).click();
    const dialog = page.locator('dialog[open]');
    await dialog.getByLabel('Title (English)').fill(title);
    await dialog.getByLabel('Text', { exact: true }).fill('We, the Heads of Civil Service…');
    await dialog.getByRole('button', { name: 'Launch' }).click();
    await page.locator('h1.statement-title', { hasText: title }).waitFor();
  };

  let chairId: string;
  let oidcChairId: string;

  beforeAll(async () => {
    // The provider's development notices (dev interactions, default TTLs) are expected here.
    jest.spyOn(console, 'info').mockImplementation(() => undefined);
    jest.spyOn(console, 'warn').mockImplementation(() => undefined);
    mail = new MailSink();
    const smtpPort = await mail.start();
    idp = new TestIdentityProvider();
    // "localhost" against adref's 127.0.0.1: the provider is another site, as in real life.
    const issuer = await idp.listen('localhost');
    t = await createTestApp('2026-03-02T02:00:00Z', {
      SMTP_HOST: '127.0.0.1',
      SMTP_PORT: String(smtpPort),
      SMTP_FROM: 'adref <adref@example.org>',
      ADREF_OIDC_ISSUER: issuer,
      ADREF_OIDC_CLIENT_ID: OIDC_CLIENT_ID,
      ADREF_OIDC_CLIENT_SECRET: OIDC_CLIENT_SECRET,
    });
    signIn = t.app.get(SignInService);
    base = await listen(t);
    idp.serve(`${base}/sign-in/oidc/callback`);
    browser = await launchBrowser();
    const create = async (person: { name: string; email: string }) => {
      const response = await t.http
        .post(`${API}/users`)
        .set(admin)
        .send({ ...person, role: 'chair_secretariat', member: 'KHM' });
      expect(response.status).toBe(201);
      return response.body.id as string;
    };
    chairId = await create(CHAIR);
    oidcChairId = await create(OIDC_CHAIR);
  });

  afterAll(async () => {
    for (const context of contexts) await context.close().catch(() => undefined);
    await browser?.close();
    await t?.close();
    await idp?.stop();
    await mail?.stop();
    jest.restoreAllMocks();
  });

  it('signs in with a link by email, lands on the board, and writes through the page (CSRF)', async () => {
    const page = await newPage();
    await page.goto(`${base}/`);
    await page.getByLabel('Email address').fill(CHAIR.email);
    await screenshots(page, 'sign-in');
    await page.getByRole('button', { name: 'Email me a sign-in link' }).click();
    // The notice is on the page, empty and hidden, until the request has been answered.
    const notice = page.locator('.sign-in-email [role="status"]');
    await notice.filter({ hasText: /\S/ }).waitFor();
    await expect(notice.textContent()).resolves.toBe(
      `If ${CHAIR.email} belongs to an adref account, a sign-in link is on its way. Open it in this browser within 15 minutes.`,
    );

    const link = await linkMailedTo(CHAIR.email);
    await page.goto(link);
    await page.locator('.who-name').waitFor();
    expect(page.url()).toBe(`${base}/`);
    await expect(page.locator('.who-name').textContent()).resolves.toBe(CHAIR.name);

    // The session secret is out of reach of scripts; the CSRF token is the cookie they read.
    const cookies = await page.context().cookies(base);
    const session = cookies.find((c) => c.name === 'adref_session');
    expect(session).toMatchObject({ httpOnly: true, sameSite: 'Strict', path: '/' });
    const cookieText = (await page.evaluate('document.cookie')) as string;
    expect(cookieText).not.toContain('adref_session');
    expect(cookieText).toContain('adref_csrf=');
    await expect(page.evaluate('sessionStorage.length + localStorage.length')).resolves.toBe(0);

    // A write through the page: the session cookie plus the X-CSRF-Token header the page adds.
    const before = await statementsBy(chairId);
    await launch(page, 'ASEAN Statement on Civil Service Mobility');
    expect(await statementsBy(chairId)).toBe(before + 1);

    // Signing out ends the session on the server, not just in the page.
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.locator('.sign-in').waitFor();
    const me = await page.evaluate(`fetch('/api/v1/me').then((r) => r.status)`);
    expect(me).toBe(401);
  });

  it('refuses the same link a second time with a clear page in English and Thai', async () => {
    await t.http.post(`${API}/sign-in/email`).send({ email: CHAIR.email });
    const link = await linkMailedTo(CHAIR.email);
    const first = await newPage();
    await first.goto(link);
    await first.locator('.who-name').waitFor();

    const page = await newPage();
    const response = await page.goto(link);
    expect(response?.status()).toBe(410);
    await expect(page.locator('h1').textContent()).resolves.toBe(
      'This sign-in link has already been used',
    );
    await expect(page.locator('[lang="th"] h2').textContent()).resolves.toBe(
      'ลิงก์ลงชื่อเข้าใช้นี้ถูกใช้ไปแล้ว',
    );
    await screenshots(page, 'sign-in-link-used');
    // Not signed in, and one click away from a new link.
    expect((await page.context().cookies(base)).map((c) => c.name)).not.toContain('adref_session');
    await page.getByRole('link', { name: 'Ask for a new sign-in link' }).click();
    await page.getByLabel('Email address').waitFor();
  });

  it('refuses a link older than 15 minutes with a clear page', async () => {
    await t.http.post(`${API}/sign-in/email`).send({ email: CHAIR.email });
    const link = await linkMailedTo(CHAIR.email);
    t.clock.advance(15 * 60 * 1000);
    const page = await newPage();
    const response = await page.goto(link);
    expect(response?.status()).toBe(410);
    await expect(page.locator('h1').textContent()).resolves.toBe('This sign-in link has expired');
    await expect(page.locator('[lang="th"] h2').textContent()).resolves.toBe(
      'ลิงก์ลงชื่อเข้าใช้นี้หมดอายุแล้ว',
    );
    await expect(page.locator('main').textContent()).resolves.toContain(
      'A sign-in link works for 15 minutes. Ask for a new one',
    );
    await screenshots(page, 'sign-in-link-expired');
  });

  it('signs in with the government account through the provider’s login form', async () => {
    const page = await newPage();
    await page.goto(`${base}/`);
    await page.getByRole('link', { name: 'Sign in with your government account' }).click();
    // The provider's own page, on another site.
    await page.locator('input[name="login"]').waitFor();
    expect(new URL(page.url()).origin).toBe(idp.issuer);
    await page.locator('input[name="login"]').fill(OIDC_CHAIR.email);
    await page.locator('input[name="password"]').fill('any password');
    await page.locator('button[type="submit"]').click();

    await page.locator('.who-name').waitFor();
    expect(page.url()).toBe(`${base}/`);
    await expect(page.locator('.who-name').textContent()).resolves.toBe(OIDC_CHAIR.name);
    expect(idp.tokenRequests.at(-1)).toEqual({
      grantType: 'authorization_code',
      codeVerifier: true,
    });
    const [session] = await t.dataSource.query(`SELECT via FROM sessions WHERE principal_id = $1`, [
      oidcChairId,
    ]);
    expect(session.via).toBe('oidc');

    const before = await statementsBy(oidcChairId);
    await launch(page, 'ASEAN Statement on Public Sector Innovation');
    expect(await statementsBy(oidcChairId)).toBe(before + 1);
  });

  it('refuses an email the provider vouches for but adref does not know, with a clear page', async () => {
    const page = await newPage();
    await page.goto(`${base}/`);
    await page.getByRole('link', { name: 'Sign in with your government account' }).click();
    await page.locator('input[name="login"]').fill('stranger@ocsc.gov.kh');
    await page.locator('input[name="password"]').fill('any password');
    const [response] = await Promise.all([
      page.waitForResponse((r) => new URL(r.url()).pathname === '/sign-in/oidc/callback'),
      page.locator('button[type="submit"]').click(),
    ]);
    expect(response.status()).toBe(403);
    await page.locator('h1').waitFor();
    await expect(page.locator('h1').textContent()).resolves.toBe(
      'No adref account uses this email address',
    );
    await expect(page.locator('main').textContent()).resolves.toContain('stranger@ocsc.gov.kh');
    await expect(page.locator('[lang="th"] h2').textContent()).resolves.toBe(
      'ไม่มีบัญชี adref ที่ใช้อีเมลนี้',
    );
    await screenshots(page, 'sign-in-oidc-refused');
    expect((await page.context().cookies(base)).map((c) => c.name)).not.toContain('adref_session');
  });
});

import type { Browser, BrowserContext, Page } from 'playwright-core';
import { AdrefClient, User } from '../support/adref-client';
import { launchBrowser, listen, personContext, signInByLink } from '../support/browser';
import { createTestApp, TestApp } from '../support/test-app';

const HOSTILE_TITLE = '<script>window.__pwned = 1</script><img src=x onerror="window.__pwned = 2">';
const HOSTILE_RESERVATION = '<b>bold?</b> <a href="javascript:alert(1)">click</a>';

// What a person may not do, said in plain words; and text people typed always shows as text.
describe('the web pages: refusals, other members and typed text', () => {
  let t: TestApp;
  let client: AdrefClient;
  let base: string;
  let browser: Browser;
  let chair: User;
  let thai: User;
  let japan: User;
  let singapore: User;
  let statement: Record<string, any>;
  const contexts: BrowserContext[] = [];

  const pageFor = async (user: User | null, path = '/'): Promise<Page> => {
    const context = await personContext(browser, t);
    contexts.push(context);
    const page = await context.newPage();
    if (user) await signInByLink(page, base, user.token, path);
    return page;
  };
  const pwned = (page: Page) => page.evaluate('window.__pwned');

  beforeAll(async () => {
    t = await createTestApp('2026-03-02T02:00:00Z');
    base = await listen(t);
    browser = await launchBrowser();
    client = new AdrefClient(t);
    chair = await client.user('chair_secretariat', 'KHM');
    thai = await client.user('focal_point', 'THA');
    japan = await client.user('focal_point', 'JPN');
    singapore = await client.user('focal_point', 'SGP');
    statement = await client.openRound(chair, {
      title: HOSTILE_TITLE,
      deadline: '2026-04-01T17:00:00+07:00',
    });
    await client.expectPosition(singapore, statement.id, {
      member: 'SGP',
      position: 'endorse_with_reservation',
      versionHash: statement.currentVersion.hash,
      text: HOSTILE_RESERVATION,
    });
  });

  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  it('shows a focal point the form for its own member only', async () => {
    const page = await pageFor(thai, `/statements/${statement.id}`);
    const form = page.locator('form.position');
    await expect(page.locator('#position-title').textContent()).resolves.toBe(
      'Record the position of Thailand',
    );
    // No way to pick another member: the member is the focal point's own.
    await expect(form.locator('select, input[name="member"]').count()).resolves.toBe(0);
    await expect(page.locator('section.actions').count()).resolves.toBe(0);

    // Japan is not in an ACCSM round: no form at all, and why.
    const tokyo = await pageFor(japan, `/statements/${statement.id}`);
    await expect(tokyo.locator('form.position').count()).resolves.toBe(0);
    await expect(tokyo.locator('.position-form').textContent()).resolves.toContain(
      'Japan is not in the electorate of this round.',
    );
  });

  it('shows a refused action in plain words and keeps the dialog open', async () => {
    const page = await pageFor(chair, `/statements/${statement.id}`);
    await page.locator('button[data-event="EXTEND_DEADLINE"]').click();
    const dialog = page.locator('dialog[open]');
    await dialog.getByLabel('Deadline').fill('2026-03-25T17:00');
    await dialog.locator('button[type="submit"]').click();
    const error = dialog.locator('[role="alert"]');
    await expect(error.locator('.error-lead').textContent()).resolves.toBe(
      'The procedure does not allow this.',
    );
    await expect(error.locator('.error-detail').textContent()).resolves.toMatch(
      /^Details: the new deadline \(2026-03-25T10:00:00\.000Z\) must be later than the current one/,
    );
    await expect(dialog.isVisible()).resolves.toBe(true);
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    await dialog.waitFor({ state: 'detached' });
    const view = (await client.statement(chair, statement.id)).body;
    expect(view.round.deadlineHistory).toHaveLength(1);
  });

  it('refuses a position on a text that is no longer circulated, and says why', async () => {
    const page = await pageFor(thai, `/statements/${statement.id}`);
    // Meanwhile the chair revises the text: the round the page shows has ended.
    await client.expectEvent(chair, statement.id, { type: 'REVISE', body: 'A revised text.' });
    await page.locator('form.position input[value="endorse"]').check();
    await page.locator('form.position button[type="submit"]').click();
    const dialog = page.locator('dialog[open]');
    await dialog.locator('button[type="submit"]').click();
    await expect(dialog.locator('.error-lead').textContent()).resolves.toBe(
      'This cannot be done at this stage.',
    );
    await expect(dialog.locator('.error-detail').textContent()).resolves.toBe(
      'Details: no ad-referendum round is open; the statement is approved_in_principle',
    );
  });

  it('shows a title and a reservation containing HTML as text, never as markup', async () => {
    const board = await pageFor(chair);
    const title = board.locator(`tr[data-id="${statement.id}"] .title-cell a`);
    await expect(title.textContent()).resolves.toBe(HOSTILE_TITLE);
    await expect(board.locator('.title-cell img, .title-cell script').count()).resolves.toBe(0);

    await title.click();
    await expect(board.locator('h1.statement-title').textContent()).resolves.toBe(HOSTILE_TITLE);
    const reservation = board.locator('tr[data-member="SGP"]').first().locator('.user-text').last();
    await expect(reservation.textContent()).resolves.toBe(HOSTILE_RESERVATION);
    await expect(
      board.locator('#positions a[href^="javascript"], #positions b').count(),
    ).resolves.toBe(0);
    await expect(board.title()).resolves.toBe(`${HOSTILE_TITLE} · adref`);
    expect(await pwned(board)).toBeUndefined();
  });

  it('refuses a bad token, and signing out forgets the token', async () => {
    const stranger = await pageFor(null);
    await stranger.goto(`${base}/?token=not-a-real-token`);
    await expect(stranger.locator('.sign-in [role="alert"]').textContent()).resolves.toBe(
      'This token is not valid. Check it with your administrator.',
    );
    expect(stranger.url()).toBe(`${base}/`);

    // Typing the token in the form works as well as the link.
    await stranger.getByLabel('Personal token').fill(thai.token);
    await stranger.getByRole('button', { name: 'Sign in' }).click();
    await expect(stranger.locator('.who-member').textContent()).resolves.toBe(
      'acts for Thailand (THA)',
    );
    await stranger.getByRole('button', { name: 'Sign out' }).click();
    await stranger.locator('.sign-in').waitFor();
    await expect(stranger.evaluate('sessionStorage.length + localStorage.length')).resolves.toBe(0);
  });

  it('answers JSON 404 for unknown API paths, and serves the pages at any other path', async () => {
    const api = await t.http.get('/api/v1/no-such-thing');
    expect(api.status).toBe(404);
    expect(api.body).toMatchObject({ statusCode: 404, error: 'Not Found' });
    const page = await t.http.get(`/statements/${statement.id}`);
    expect(page.status).toBe(200);
    expect(page.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(page.headers['content-security-policy']).toContain("script-src 'self'");
    expect(page.headers['referrer-policy']).toBe('no-referrer');
    expect((await t.http.get('/js/main.js')).headers['content-type']).toBe(
      'text/javascript; charset=utf-8',
    );
    expect((await t.http.get('/js/no-such-file.js')).status).toBe(404);
    expect((await t.http.get('/..%2f..%2fpackage.json')).status).toBe(404);
    expect((await t.http.get('/fonts/sarabun-400.ttf')).headers['content-type']).toBe('font/ttf');
  });
});

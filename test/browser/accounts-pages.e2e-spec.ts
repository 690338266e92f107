import type { Browser, BrowserContext, Page } from 'playwright-core';
import { AdrefClient, User } from '../support/adref-client';
import {
  launchBrowser,
  listen,
  personContext,
  screenshots,
  signInByLink,
} from '../support/browser';
import { ADMIN_TOKEN, createTestApp, TestApp } from '../support/test-app';

const API = '/api/v1';

// The account pages in a real browser: the admin adds, deactivates and re-issues tokens on the
// users page; a focal point rotates their own token and signs out everywhere on their account.
describe('the users page and my account, in a browser', () => {
  let t: TestApp;
  let client: AdrefClient;
  let base: string;
  let browser: Browser;
  const contexts: BrowserContext[] = [];

  const pageFor = async (token: string, path: string): Promise<Page> => {
    const context = await personContext(browser, t);
    contexts.push(context);
    const page = await context.newPage();
    await signInByLink(page, base, token, path);
    return page;
  };
  const meStatus = async (token: string) =>
    (await t.http.get(`${API}/me`).set({ Authorization: `Bearer ${token}` })).status;

  /** Opens the confirmation dialog with `open`, lets `fill` fill it, and confirms. */
  async function confirm(
    page: Page,
    open: () => Promise<void>,
    fill?: (dialog: ReturnType<Page['locator']>) => Promise<void>,
  ) {
    await open();
    const dialog = page.locator('dialog[open]');
    await dialog.waitFor();
    if (fill) await fill(dialog);
    await dialog.locator('button[type="submit"]').click();
    return dialog;
  }

  const rowOf = (page: Page, id: string) => page.locator(`tr[data-id="${id}"]`);

  beforeAll(async () => {
    t = await createTestApp('2026-03-02T02:00:00Z');
    base = await listen(t);
    browser = await launchBrowser();
    client = new AdrefClient(t);
  });
  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  it('the admin adds a user through the dialog and is shown the token once', async () => {
    const page = await pageFor(ADMIN_TOKEN, '/users');
    await page.locator('h1', { hasText: 'Users' }).waitFor();
    await page.locator('button', { hasText: 'Add a user' }).click();
    const dialog = page.locator('dialog[open]');
    await dialog.waitFor();
    await dialog.locator('input[name="name"]').fill('<b>Somchai</b> ประเสริฐ');
    await dialog.locator('input[name="email"]').fill('Somchai@OCSC.go.th');
    await dialog.locator('select[name="role"]').selectOption('focal_point');
    // A focal point needs a member: the form says so before anything is sent.
    await dialog.locator('button[type="submit"]').click();
    await expect(dialog.locator('[data-field="member"] .field-error').textContent()).resolves.toBe(
      'Choose the member this user acts for.',
    );
    await dialog.locator('select[name="member"]').selectOption('THA');
    await dialog.locator('select[name="language"]').selectOption('th');
    await dialog.locator('button[type="submit"]').click();
    await dialog.waitFor({ state: 'detached' });

    const token = await page.locator('.token-once input.token-value').inputValue();
    expect(await meStatus(token)).toBe(200);
    const me = (await t.http.get(`${API}/me`).set({ Authorization: `Bearer ${token}` })).body;
    expect(me).toMatchObject({ name: '<b>Somchai</b> ประเสริฐ', memberCode: 'THA', language: 'th' });
    // The name is text, not markup.
    await expect(rowOf(page, me.id).locator('.user-name').textContent()).resolves.toBe(
      '<b>Somchai</b> ประเสริฐ',
    );
    await expect(rowOf(page, me.id).locator('b').count()).resolves.toBe(0);
    await screenshots(page, 'users-token-shown-once');

    // The same address again: the dialog stays open and marks the email field.
    await confirm(
      page,
      () => page.locator('button', { hasText: 'Add a user' }).click(),
      async (d) => {
        await d.locator('input[name="name"]').fill('Twin');
        await d.locator('input[name="email"]').fill('somchai@ocsc.go.th');
        await d.locator('select[name="role"]').selectOption('observer');
      },
    );
    const open = page.locator('dialog[open]');
    await open.locator('.error-lead').waitFor();
    await expect(open.locator('.error-lead').textContent()).resolves.toBe(
      'Another account already uses this email address.',
    );
    await expect(
      open.locator('[data-field="email"] input').getAttribute('aria-invalid'),
    ).resolves.toBe('true');
    await open.locator('button', { hasText: 'Cancel' }).click();
  });

  it('the admin deactivates a user after confirming: their token answers 401 at once', async () => {
    const user = await client.user('focal_point', 'VNM');
    const page = await pageFor(ADMIN_TOKEN, '/users?member=VNM');
    const row = rowOf(page, user.id);
    await row.waitFor();
    expect(await meStatus(user.token)).toBe(200);
    const dialog = await confirm(page, () =>
      row.locator('button[data-action="deactivate"]').click(),
    );
    await dialog.waitFor({ state: 'detached' });
    await page.locator('.notices .success').waitFor();
    expect(await meStatus(user.token)).toBe(401);
    await expect(rowOf(page, user.id).locator('.badge').textContent()).resolves.toBe('Deactivated');

    // The status filter finds it, and the address keeps the filter.
    await page.locator('select[name="active"]').selectOption('false');
    await page.waitForURL(/active=false/);
    await expect(page.locator('tbody tr').count()).resolves.toBe(1);
    await screenshots(page, 'users-deactivated');
  });

  it('the admin issues a new token: shown once, the old one answers 401', async () => {
    const user = await client.user('observer');
    const page = await pageFor(ADMIN_TOKEN, '/users?role=observer');
    const row = rowOf(page, user.id);
    await row.waitFor();
    const dialog = await confirm(page, () => row.locator('button[data-action="token"]').click());
    await dialog.waitFor({ state: 'detached' });
    const token = await page.locator('.token-once input.token-value').inputValue();
    expect(await meStatus(user.token)).toBe(401);
    expect(await meStatus(token)).toBe(200);
  });

  it('a focal point rotates their token on their account page and stays signed in with the new one', async () => {
    const user: User = await client.user('focal_point', 'KHM');
    const page = await pageFor(user.token, '/');
    await expect(page.locator('.account-nav a', { hasText: 'Users' }).count()).resolves.toBe(0);
    await page.locator('.account-nav a', { hasText: 'My account' }).click();
    await page.locator('h1', { hasText: 'My account' }).waitFor();

    const dialog = await confirm(page, () => page.locator('button[data-action="rotate"]').click());
    await dialog.waitFor({ state: 'detached' });
    const token = await page.locator('.token-once input.token-value').inputValue();
    expect(await meStatus(user.token)).toBe(401);
    expect(await meStatus(token)).toBe(200);
    await screenshots(page, 'account-new-token');

    // The browser carries on with the new token.
    await page.reload();
    await page.locator('h1', { hasText: 'My account' }).waitFor();
    await expect(page.locator('.who-name').textContent()).resolves.toContain('focal_point KHM');
  });

  it('my account in Thai: the language is saved for the pages and the messages', async () => {
    const user = await client.user('focal_point', 'LAO');
    const page = await pageFor(user.token, '/account');
    await page.locator('form.account-language select').selectOption('th');
    await page.locator('form.account-language button[type="submit"]').click();
    await page.locator('h1', { hasText: 'บัญชีของฉัน' }).waitFor();
    await expect(page.locator('.notices .success').textContent()).resolves.toBe(
      'บันทึกภาษาของท่านแล้ว',
    );
    const me = await t.http.get(`${API}/me`).set({ Authorization: `Bearer ${user.token}` });
    expect(me.body.language).toBe('th');
    await screenshots(page, 'account-th');
  });

  it('signing out everywhere asks first, then ends this browser too', async () => {
    const user = await client.user('observer');
    const page = await pageFor(user.token, '/account');
    await page.locator('button[data-action="sign-out-everywhere"]').click();
    const dialog = page.locator('dialog[open]');
    await dialog.waitFor();
    // Cancelling changes nothing.
    await dialog.locator('button', { hasText: 'Cancel' }).click();
    expect(await meStatus(user.token)).toBe(200);

    await confirm(page, () => page.locator('button[data-action="sign-out-everywhere"]').click());
    await page.locator('.sign-in').waitFor();
    await expect(page.locator('.sign-in [role="status"]').textContent()).resolves.toContain(
      'signed out everywhere',
    );
    expect(await meStatus(user.token)).toBe(401);
  });

  it('a non-admin sees no users page', async () => {
    const user = await client.user('chair_secretariat', 'SGP');
    const page = await pageFor(user.token, '/users');
    await page.locator('h1', { hasText: 'Users' }).waitFor();
    await expect(page.locator('[role="alert"]').textContent()).resolves.toBe(
      'You are not allowed to do this.',
    );
    await expect(page.locator('table.users').count()).resolves.toBe(0);
  });
});

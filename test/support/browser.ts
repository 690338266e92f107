import { existsSync, mkdirSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { join, resolve } from 'node:path';
import { chromium } from 'playwright-core';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import type { TestApp } from './test-app';

/** Debian's chromium; .ci/run installs it. Browser downloads do not work here. */
export const CHROMIUM = '/usr/bin/chromium';

export const SCREENSHOTS = resolve(__dirname, '../../artifacts/screenshots');

export const DESKTOP = { width: 1366, height: 900 };
export const PHONE = { width: 390, height: 844 };

/** Makes the in-process app listen on a free loopback port and gives its base URL. */
export async function listen(t: TestApp): Promise<string> {
  await t.app.listen(0, '127.0.0.1');
  const { port } = t.app.getHttpServer().address() as AddressInfo;
  return `http://127.0.0.1:${port}`;
}

/** Headless chromium; a missing browser fails the suite with what to install. */
export async function launchBrowser(): Promise<Browser> {
  if (!existsSync(CHROMIUM)) {
    throw new Error(
      `The browser tests need Chromium at ${CHROMIUM}: install it with "apt-get install -y chromium" (.ci/run does).`,
    );
  }
  return chromium.launch({
    executablePath: CHROMIUM,
    // A child process: 120 s to start, as every child process in the tests.
    timeout: 120_000,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}

/**
 * A person's browser: Bangkok time, a laptop-size window, and the page clock set to the app's
 * fake clock so deadlines and time left are the same on every run.
 */
export async function personContext(browser: Browser, t: TestApp): Promise<BrowserContext> {
  const context = await browser.newContext({
    viewport: DESKTOP,
    timezoneId: 'Asia/Bangkok',
    locale: 'en-GB',
    acceptDownloads: true,
  });
  await context.clock.setFixedTime(t.clock.now());
  // The browser is a child process: waiting for what it shows gets 120 s, not Playwright's 30 s.
  context.setDefaultTimeout(120_000);
  return context;
}

/** Signs in with a link that carries the token, as an administrator would send it. */
export async function signInByLink(page: Page, base: string, token: string, path = '/') {
  await page.goto(`${base}${path}#token=${encodeURIComponent(token)}`);
  await page.locator('.who-name').waitFor();
}

/** A full-page screenshot at desktop and phone widths, into artifacts/screenshots/. */
export async function screenshots(page: Page, name: string): Promise<void> {
  mkdirSync(SCREENSHOTS, { recursive: true });
  const size = page.viewportSize();
  for (const [label, viewport] of [
    ['desktop', DESKTOP],
    ['phone', PHONE],
  ] as const) {
    await page.setViewportSize(viewport);
    await page.evaluate('document.fonts.ready');
    await page.screenshot({ path: join(SCREENSHOTS, `${name}-${label}.png`), fullPage: true });
  }
  if (size) await page.setViewportSize(size);
}

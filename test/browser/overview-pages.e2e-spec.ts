import { readFileSync } from 'node:fs';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { AdrefClient, User } from '../support/adref-client';
import {
  launchBrowser,
  listen,
  personContext,
  PHONE,
  screenshots,
  signInByLink,
} from '../support/browser';
import { seedOverview } from '../support/overview-seed';
import { createTestApp, TestApp } from '../support/test-app';

type Json = Record<string, any>;

// The matrix and the inbox as pages: every cell as the API gives it, the member row and the
// statement column stay in view while the table scrolls, a phone scrolls the table and not the
// page, the exports download, in English and in Thai.
describe('the matrix and inbox pages', () => {
  let t: TestApp;
  let client: AdrefClient;
  let base: string;
  let browser: Browser;
  let thai: User;
  let matrix: Json;
  const contexts: BrowserContext[] = [];

  const pageFor = async (path: string): Promise<Page> => {
    const context = await personContext(browser, t);
    contexts.push(context);
    const page = await context.newPage();
    await signInByLink(page, base, thai.token, path);
    return page;
  };

  beforeAll(async () => {
    t = await createTestApp();
    client = new AdrefClient(t);
    await seedOverview(t, client, {
      early: 4,
      drafting: 3,
      somReview: 1,
      approved: 1,
      open: 8,
      adopted: 1,
      withdrawn: 1,
      plusThree: 0,
    });
    thai = await client.user('focal_point', 'THA');
    matrix = (await client.get(thai, '/frameworks/ACCSM/matrix?pageSize=50')).body;
    base = await listen(t);
    browser = await launchBrowser();
  }, 600_000);
  afterAll(async () => {
    for (const context of contexts) await context.close();
    await browser?.close();
    await t.close();
  });

  /** Every cell of the table, by statement and member, as the page shows it. */
  const shownCells = (page: Page) =>
    page.$$eval('table.matrix tbody tr', (rows) =>
      rows.map((row) => ({
        id: row.getAttribute('data-id'),
        cells: [...row.querySelectorAll('td')].map((td) => ({
          member: td.getAttribute('data-member'),
          value: td.getAttribute('data-value'),
        })),
      })),
    );

  it.each([
    ['en', 'Positions across statements: ACCSM', 'Awaited'],
    ['th', 'ท่าทีในถ้อยแถลงทั้งหมด: ACCSM', 'รอท่าที'],
  ])(
    'the matrix in %s: every cell, sticky headers, statement links and the downloads',
    async (language, heading, awaited) => {
      const page = await pageFor('/frameworks/ACCSM/matrix');
      if (language === 'th') await page.locator('.site-header .language select').selectOption('th');
      await page.locator('h1', { hasText: heading }).waitFor();
      await page.locator('table.matrix').waitFor();
      expect(await shownCells(page)).toEqual(
        matrix.items.map((row: Json) => ({
          id: row.id,
          cells: row.cells.map((c: Json) => ({ member: c.member, value: c.value })),
        })),
      );
      expect(await page.locator('td.cell-outstanding .cell-value').first().textContent()).toBe(
        awaited,
      );
      const first = matrix.items[0];
      expect(
        await page.locator(`tr[data-id="${first.id}"] th.statement-col a`).getAttribute('href'),
      ).toBe(`/statements/${first.id}`);

      // Scrolled down and across, the member row and the statement column stay where they were.
      const scroller = page.locator('.matrix-scroll');
      const box = (await scroller.boundingBox())!;
      await scroller.evaluate((el) => el.scrollTo(400, 300));
      expect(await scroller.evaluate((el) => [el.scrollLeft > 0, el.scrollTop > 0])).toEqual([
        true,
        true,
      ]);
      const head = (await page.locator('table.matrix thead th.member-col').nth(4).boundingBox())!;
      expect(Math.abs(head.y - box.y)).toBeLessThanOrEqual(2);
      const column = (await page
        .locator('table.matrix tbody th.statement-col')
        .nth(5)
        .boundingBox())!;
      expect(Math.abs(column.x - box.x)).toBeLessThanOrEqual(2);

      const [csv] = await Promise.all([
        page.waitForEvent('download'),
        page.locator('.downloads a').nth(0).click(),
      ]);
      expect(csv.suggestedFilename()).toBe('matrix-ACCSM.csv');
      const text = readFileSync((await csv.path())!, 'utf8');
      expect(text.startsWith('\uFEFFstatement,id,state')).toBe(true);
      const [xlsx] = await Promise.all([
        page.waitForEvent('download'),
        page.locator('.downloads a').nth(1).click(),
      ]);
      expect(xlsx.suggestedFilename()).toBe('matrix-ACCSM.xlsx');
      expect(
        readFileSync((await xlsx.path())!)
          .subarray(0, 2)
          .toString(),
      ).toBe('PK');

      // A phone: the table scrolls sideways inside its box; the page itself does not.
      await page.setViewportSize(PHONE);
      await scroller.evaluate((el) => el.scrollTo(0, 0));
      // Evaluated in the page (as text: the test's own types have no DOM).
      const widths = (await page.evaluate(`(() => {
        const scroll = document.querySelector('.matrix-scroll');
        return {
          page: document.documentElement.scrollWidth,
          viewport: document.documentElement.clientWidth,
          table: scroll.scrollWidth,
          box: scroll.clientWidth,
        };
      })()`)) as { page: number; viewport: number; table: number; box: number };
      expect(widths.page).toBeLessThanOrEqual(widths.viewport);
      expect(widths.table).toBeGreaterThan(widths.box);
      await scroller.evaluate((el) => el.scrollBy(300, 0));
      expect(await scroller.evaluate((el) => el.scrollLeft)).toBeGreaterThan(0);
      expect(await page.evaluate('window.scrollX')).toBe(0);
      await page.setViewportSize({ width: 1366, height: 900 });
      await screenshots(page, `overview-matrix-${language}`);
    },
  );

  it.each([
    ['en', 'Awaiting Thailand (THA)', 'Position due'],
    ['th', 'รอ ไทย (THA)', 'ต้องแจ้งท่าที'],
  ])('the inbox in %s lists what awaits the member, with links', async (language, heading, due) => {
    const inbox = (await client.get(thai, '/members/THA/inbox')).body;
    expect(inbox.items.length).toBeGreaterThan(0);
    const page = await pageFor('/members/THA/inbox');
    if (language === 'th') await page.locator('.site-header .language select').selectOption('th');
    await page.locator('h1', { hasText: heading }).waitFor();
    const rows = await page.$$eval('table.inbox tbody tr', (trs) =>
      trs.map((tr) => ({
        id: tr.getAttribute('data-id'),
        reasons: [...tr.querySelectorAll('[data-reason]')].map((b) =>
          b.getAttribute('data-reason'),
        ),
      })),
    );
    expect(rows).toEqual(inbox.items.map((i: Json) => ({ id: i.id, reasons: i.awaiting })));
    const dueItem = inbox.items.find((i: Json) => i.awaiting.includes('position_due'));
    expect(
      await page.locator(`tr[data-id="${dueItem.id}"] [data-reason="position_due"]`).textContent(),
    ).toBe(due);
    await page.setViewportSize(PHONE);
    expect(
      await page.evaluate(
        'document.documentElement.scrollWidth <= document.documentElement.clientWidth',
      ),
    ).toBe(true);
  });
});

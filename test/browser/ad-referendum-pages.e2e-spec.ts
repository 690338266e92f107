import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { AdrefClient, ASEAN_MEMBERS_2026, User } from '../support/adref-client';
import {
  launchBrowser,
  listen,
  personContext,
  screenshots,
  SCREENSHOTS,
  signInByLink,
} from '../support/browser';
import { ADMIN_TOKEN, createTestApp, TestApp } from '../support/test-app';

const TITLE = 'ASEAN Statement on Digital Public Services';
const TITLE_TH = 'ถ้อยแถลงอาเซียนว่าด้วยบริการสาธารณะดิจิทัล';
const DRAFT =
  'We, the Heads of Civil Service of the ASEAN Member States,\n\n1. Resolve to make public services digital by default.\n2. Agree to share practices through the ACCSM.';
const FINAL =
  'We, the Heads of Civil Service of the ASEAN Member States,\n\n1. Resolve to make public services digital by default, and accessible to all.\n2. Agree to share practices through the ACCSM.\n3. Task the ACCSM Secretariat to report in 2027.';
const RESERVATION = 'Singapore reads paragraph 3 as subject to its national budget process.';

// The procedure through the pages: a chair launches a statement and opens the round, focal
// points record positions through the form, the board follows, and the record lists everyone.
describe('the web pages, from launch to the record of adoption', () => {
  let t: TestApp;
  let client: AdrefClient;
  let base: string;
  let browser: Browser;
  let chair: User;
  let focal: Record<string, User>;
  const contexts: BrowserContext[] = [];
  let statementId: string;

  const pageFor = async (user: User, path = '/'): Promise<Page> => {
    const context = await personContext(browser, t);
    contexts.push(context);
    const page = await context.newPage();
    await signInByLink(page, base, user.token, path);
    return page;
  };

  /** Moves the app's clock and every browser's clock together. */
  const setClock = async (instant: string) => {
    t.clock.set(instant);
    for (const context of contexts) await context.clock.setFixedTime(t.clock.now());
  };

  /** Clicks an action button, checks the dialog asks first, then confirms it. */
  const act = async (
    page: Page,
    event: string,
    fill?: (dialog: ReturnType<Page['locator']>) => Promise<void>,
  ) => {
    await page.locator(`button[data-event="${event}"]`).click();
    const dialog = page.locator('dialog[open]');
    await dialog.waitFor();
    if (fill) await fill(dialog);
    await dialog.locator('button[type="submit"]').click();
    await dialog.waitFor({ state: 'detached' });
    await page.locator('.success').waitFor();
  };

  const recordThroughForm = async (page: Page, position: string, text?: string) => {
    const form = page.locator('form.position');
    await form.locator(`input[name="position"][value="${position}"]`).check();
    if (text) await form.locator('textarea[name="text"]').fill(text);
    await form.locator('button[type="submit"]').click();
    const dialog = page.locator('dialog[open]');
    await dialog.waitFor();
    await dialog.locator('button[type="submit"]').click();
    await dialog.waitFor({ state: 'detached' });
    await page.locator('.success').waitFor();
  };

  beforeAll(async () => {
    t = await createTestApp('2026-03-02T02:00:00Z');
    base = await listen(t);
    browser = await launchBrowser();
    client = new AdrefClient(t);
    chair = await client.user('chair_secretariat', 'KHM');
    focal = await client.focalPoints(ASEAN_MEMBERS_2026.filter((m) => m !== 'THA'));
    // Thailand's focal point reads the pages in Thai.
    const thai = await t.http
      .post('/api/v1/users')
      .set({ Authorization: `Bearer ${ADMIN_TOKEN}` })
      .send({
        name: 'Somchai P.',
        email: 'fp@ocsc.go.th',
        role: 'focal_point',
        member: 'THA',
        language: 'th',
      });
    focal.THA = { ...thai.body, role: 'focal_point', member: 'THA' };
    // Other work on the board: an ACCSM+3 round closing sooner, and a draft.
    await client.openRound(chair, {
      framework: 'ACCSM+3',
      title: 'ASEAN Plus Three Statement on Public Sector Innovation',
      deadline: '2026-03-09T17:00:00+07:00',
    });
    await client.createStatement(chair, {
      framework: 'ACCSM',
      title: 'ASEAN Statement on Civil Service Mobility',
      body: 'Draft.',
    });
  });

  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  it('signs the chair in by link, shows who they are, and forgets the token in the address', async () => {
    const page = await pageFor(chair);
    expect(page.url()).toBe(`${base}/`);
    await expect(page.locator('.who-member').textContent()).resolves.toBe(
      'acts for Cambodia (KHM)',
    );
    await expect(page.locator('.who-role').textContent()).resolves.toBe('Chair secretariat');
  });

  it('lets the chair launch a statement and take it to an open round through the pages', async () => {
    const page = await pageFor(chair);
    await page.getByRole('button', { name: 'Launch a statement' }).click();
    const dialog = page.locator('dialog[open]');
    await dialog.getByLabel('Title (English)').fill(TITLE);
    await dialog.getByLabel('Title in Thai (optional)').fill(TITLE_TH);
    await dialog.getByLabel('Text', { exact: true }).fill(DRAFT);
    await dialog.getByRole('button', { name: 'Launch' }).click();
    await page.locator('h1.statement-title', { hasText: TITLE }).waitFor();
    statementId = page.url().split('/statements/')[1];
    expect(statementId).toMatch(/^[0-9a-f-]{36}$/);

    await act(page, 'SUBMIT_TO_SOM');
    await expect(page.locator('.statement-head .badge').textContent()).resolves.toBe('SOM review');
    // A meeting not in the reference data: the select's last choice opens the free-text field.
    await act(page, 'APPROVE_IN_PRINCIPLE', async (d) => {
      await d
        .getByLabel('Meeting (optional)')
        .selectOption({ label: 'Another meeting (type its name)' });
      await d.getByLabel('Name of the meeting').fill('23rd SOM-ACCSM');
    });
    await act(page, 'EDIT_TEXT', async (d) => {
      await d.getByLabel('Text', { exact: true }).fill(FINAL);
      await d.getByLabel('What changed and why').fill('Comments of the 23rd SOM');
    });
    await setClock('2026-03-03T02:00:00Z');
    await act(page, 'OPEN_AD_REFERENDUM', async (d) => {
      await d.getByLabel('Deadline').fill('2026-03-20T17:00');
      await d.getByLabel('every member must endorse').check();
    });
    await expect(page.locator('.statement-head .badge').textContent()).resolves.toBe(
      'Ad referendum',
    );

    const view = (await client.statement(chair, statementId)).body;
    expect(view.round).toMatchObject({
      deadline: '2026-03-20T10:00:00.000Z',
      silenceRule: 'explicit',
      version: { number: 2 },
    });
    await expect(page.locator('.facts .progress-text').textContent()).resolves.toBe('0/11');
    await expect(page.locator('.facts .time-left').textContent()).resolves.toBe('in 17 days');
    // The diagram highlights where the statement stands.
    await expect(
      page.locator('svg.lifecycle .node.current .node-label').textContent(),
    ).resolves.toBe('Ad referendum');
  });

  it('lets two focal points record their positions through the form, in Thai and in English', async () => {
    await setClock('2026-03-05T03:00:00Z');
    const thai = await pageFor(focal.THA, `/statements/${statementId}`);
    await expect(thai.locator('html').getAttribute('lang')).resolves.toBe('th');
    await expect(thai.locator('h1.statement-title').textContent()).resolves.toBe(TITLE_TH);
    await expect(thai.locator('#position-title').textContent()).resolves.toBe('บันทึกท่าทีของไทย');
    const hash = (await client.statement(chair, statementId)).body.currentVersion.hash;
    await expect(
      thai.locator('form.position input[name="versionHash"]').inputValue(),
    ).resolves.toBe(hash);
    const sent = thai.waitForRequest(
      (r) => r.method() === 'POST' && r.url().endsWith('/positions'),
    );
    await recordThroughForm(thai, 'endorse');
    expect(JSON.parse((await sent).postData() ?? '{}')).toEqual({
      member: 'THA',
      position: 'endorse',
      versionHash: hash,
    });
    await expect(thai.locator('tr[data-member="THA"] .position').textContent()).resolves.toBe(
      'รับรอง',
    );

    const singapore = await pageFor(focal.SGP, `/statements/${statementId}`);
    await expect(singapore.locator('#position-title').textContent()).resolves.toBe(
      'Record the position of Singapore',
    );
    // What changed since Singapore last answered: it never has.
    await expect(singapore.locator('.since-mine').textContent()).resolves.toContain(
      'Singapore has not given a position on any version yet.',
    );
    await recordThroughForm(singapore, 'endorse_with_reservation', RESERVATION);
    await expect(
      singapore.locator('tr[data-member="SGP"] .user-text').last().textContent(),
    ).resolves.toBe(RESERVATION);
    await screenshots(singapore, 'statement');
  });

  it('shows the progress on the board, and the last endorsement turns the statement adopted', async () => {
    const board = await pageFor(chair);
    const row = board.locator(`tr[data-id="${statementId}"]`);
    await expect(row.locator('.progress-text').textContent()).resolves.toBe('2/11');
    await expect(row.locator('.chip').allTextContents()).resolves.toEqual([
      'BRN',
      'IDN',
      'KHM',
      'LAO',
      'MMR',
      'MYS',
      'PHL',
      'TLS',
      'VNM',
    ]);
    await expect(row.locator('.time-left').textContent()).resolves.toBe('in 15 days');
    await screenshots(board, 'board');

    const hash = (await client.statement(chair, statementId)).body.currentVersion.hash;
    for (const member of ['BRN', 'IDN', 'KHM', 'LAO', 'MMR', 'PHL', 'TLS'])
      await client.expectPosition(focal[member], statementId, {
        member,
        position: 'endorse',
        versionHash: hash,
      });
    await board.reload();
    await expect(row.locator('.progress-text').textContent()).resolves.toBe('9/11');

    // Malaysia's note verbale, recorded by the secretariat on its behalf through the form.
    const onBehalf = await pageFor(chair, `/statements/${statementId}`);
    const form = onBehalf.locator('form.position');
    await form.getByLabel('Member').selectOption('MYS');
    await form.getByLabel('Reference (note verbale)').fill('Note verbale No. 0456/2026');
    await recordThroughForm(onBehalf, 'endorse');
    await expect(onBehalf.locator('tr[data-member="MYS"] .on-behalf').textContent()).resolves.toBe(
      ' (on behalf, ref. Note verbale No. 0456/2026)',
    );

    await setClock('2026-03-10T04:30:00Z');
    const vietnam = await pageFor(focal.VNM, `/statements/${statementId}`);
    await recordThroughForm(vietnam, 'endorse');
    await expect(vietnam.locator('.statement-head .badge').textContent()).resolves.toBe('Adopted');

    await board.reload();
    await expect(row.locator('.badge').textContent()).resolves.toBe('Adopted');
    await expect(row.locator('.adopted-on').textContent()).resolves.toBe(
      'Adopted on 10 March 2026',
    );
  });

  it('lists every member in the record of adoption, prints it, and downloads it as PDF and CSV', async () => {
    const page = await pageFor(focal.SGP, `/statements/${statementId}`);
    await page.locator('a.record-link').click();
    await page.locator('article.record').waitFor();
    const hash = (await client.statement(chair, statementId)).body.currentVersion.hash;
    await expect(page.locator('.hash.full').textContent()).resolves.toBe(hash);
    const rows = page.locator('table.record-members tbody tr');
    await expect(rows.count()).resolves.toBe(11);
    const members = await rows.evaluateAll((trs) =>
      trs.map((tr) => tr.getAttribute('data-member')),
    );
    expect(members).toEqual([...ASEAN_MEMBERS_2026].sort());
    await expect(page.locator('tr[data-member="MYS"] td').last().textContent()).resolves.toContain(
      'on behalf, ref. Note verbale No. 0456/2026',
    );
    await expect(page.locator('.reservations').textContent()).resolves.toContain(RESERVATION);
    await expect(page.locator('dl.facts').textContent()).resolves.toContain(
      '10 Mar 2026, 11:30 UTC+07:00',
    );

    const [pdf] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: 'Download PDF' }).click(),
    ]);
    expect(pdf.suggestedFilename()).toBe(`record-of-adoption-${statementId.slice(0, 8)}.pdf`);
    const pdfPath = join(SCREENSHOTS, '..', 'record-of-adoption.pdf');
    await pdf.saveAs(pdfPath);
    expect(readFileSync(pdfPath).subarray(0, 5).toString('latin1')).toBe('%PDF-');

    const [csv] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: 'Download CSV' }).click(),
    ]);
    const csvPath = join(SCREENSHOTS, '..', 'record-of-adoption.csv');
    await csv.saveAs(csvPath);
    // After the comment lines (the record's chain head and how to verify it): header and rows.
    const lines = readFileSync(csvPath, 'utf8')
      .trimEnd()
      .split('\r\n')
      .filter((line) => !/^\uFEFF?"?#/.test(line));
    expect(lines).toHaveLength(12);
    expect(lines.filter((l) => l.includes(hash))).toHaveLength(11);
    await screenshots(page, 'record-of-adoption');

    // The printed page keeps the record and drops the buttons.
    await page.emulateMedia({ media: 'print' });
    await expect(page.locator('.toolbar').isVisible()).resolves.toBe(false);
    await expect(page.locator('article.record').isVisible()).resolves.toBe(true);
    writeFileSync(
      join(SCREENSHOTS, '..', 'record-of-adoption-print.pdf'),
      await page.pdf({ format: 'A4' }),
    );
  });
});

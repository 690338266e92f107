import type { Browser, BrowserContext, Page } from 'playwright-core';
import { AdrefClient, ASEAN_MEMBERS_2026, auth, User } from '../support/adref-client';
import {
  launchBrowser,
  listen,
  personContext,
  screenshots,
  signInByLink,
} from '../support/browser';
import { ADMIN_TOKEN, createTestApp, TestApp } from '../support/test-app';

const P1 = 'We, the Heads of Civil Service of the ASEAN Member States,';
const P2 = 'Each member funds a regional centre.';
const P3 = 'The ACCSM reviews progress every year.';
const TEXT = `${P1}\n\n${P2}\n\n${P3}\n`;
const THAI_PROPOSAL = 'Each member may, within its means, support a regional centre.';
const MALAYSIAN_PROPOSAL = 'The ACCSM reviews progress every two years.';
const REASON = 'Yearly reviews were agreed at SOM.';

// The consolidated view on the statement page, in Thai and in English: a focal point proposes
// through the form during the round, and both fates show once the chair made version 2.
describe('text proposals on the statement page', () => {
  let t: TestApp;
  let client: AdrefClient;
  let base: string;
  let browser: Browser;
  let chair: User;
  let focal: Record<string, User>;
  let id: string;
  const contexts: BrowserContext[] = [];

  const pageFor = async (user: User, path: string): Promise<Page> => {
    const context = await personContext(browser, t);
    contexts.push(context);
    const page = await context.newPage();
    await signInByLink(page, base, user.token, path);
    await page.locator('#proposals').waitFor();
    return page;
  };

  beforeAll(async () => {
    t = await createTestApp('2026-03-02T02:00:00Z');
    base = await listen(t);
    browser = await launchBrowser();
    client = new AdrefClient(t);
    chair = await client.user('chair_secretariat', 'KHM');
    focal = await client.focalPoints(ASEAN_MEMBERS_2026.filter((m) => m !== 'THA'));
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
    const opened = await client.openRound(chair, {
      deadline: '2026-04-01T17:00:00+07:00',
      title: 'ASEAN Statement on Regional Centres',
      body: TEXT,
    });
    id = opened.id;
  });

  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  it('a Thai focal point proposes on paragraph 2 through the form, in Thai; the round stays collecting', async () => {
    const page = await pageFor(focal.THA, `/statements/${id}`);
    await expect(page.locator('html').getAttribute('lang')).resolves.toBe('th');
    await expect(page.locator('#proposals-title').textContent()).resolves.toBe('ข้อเสนอแก้ไขถ้อยคำ');
    await expect(page.locator('#proposals .no-proposals').textContent()).resolves.toBe(
      'ยังไม่มีสมาชิกเสนอแก้ไขถ้อยคำ',
    );
    const form = page.locator('form.proposal-form');
    await form.locator('select[name="paragraph"]').selectOption('2');
    // The form starts from the paragraph's current text.
    await expect(form.locator('textarea[name="text"]').inputValue()).resolves.toBe(P2);
    await form.locator('textarea[name="text"]').fill(THAI_PROPOSAL);
    await form.locator('textarea[name="rationale"]').fill('งบประมาณเป็นไปตามความสมัครใจ');
    const sent = page.waitForRequest(
      (r) => r.method() === 'POST' && r.url().endsWith('/proposals'),
    );
    await form.locator('button[type="submit"]').click();
    expect(JSON.parse((await sent).postData() ?? '{}')).toEqual({
      paragraph: 2,
      text: THAI_PROPOSAL,
      rationale: 'งบประมาณเป็นไปตามความสมัครใจ',
    });
    await expect(page.locator('.success').textContent()).resolves.toBe(
      'บันทึกข้อเสนอของท่านแล้ว ข้อเสนอนี้ไม่ขัดขวางรอบการขอฉันทามติ',
    );
    const item = page.locator('li.paragraph[data-paragraph="2"] li.proposal');
    await expect(item.locator('.proposal-state').textContent()).resolves.toBe('รอพิจารณา');
    await expect(item.locator('ins').allTextContents()).resolves.toContain(
      '[เพิ่ม] may, within its means, support',
    );
    await expect(item.locator('del').allTextContents()).resolves.toContain('[ลบ] funds');
    const statement = (await client.statement(chair, id)).body;
    expect([statement.state, statement.roundState]).toEqual(['ad_referendum', 'collecting']);
    await screenshots(page, 'proposals-open-th');
  });

  it('after the chair accepts one and rejects another, the view shows both fates in English and in Thai', async () => {
    const made = await t.http
      .post(`/api/v1/statements/${id}/proposals`)
      .set(auth(focal.MYS))
      .send({ paragraph: 3, text: MALAYSIAN_PROPOSAL });
    expect(made.status).toBe(201);
    const view = (await client.get(chair, `/statements/${id}/proposals`)).body;
    const thai = view.paragraphs[1].proposals[0];
    // The chair revises through the dialog, deciding each open proposal there.
    const english = await pageFor(chair, `/statements/${id}`);
    await english.locator('button[data-event="REVISE"]').click();
    const dialog = english.locator('dialog[open]');
    await dialog.waitFor();
    await dialog.locator('textarea[name="body"]').fill(`${P1}\n\n${THAI_PROPOSAL}\n\n${P3}\n`);
    await dialog.locator(`select[name="decide-${thai.id}"]`).selectOption('accept');
    await dialog.locator(`select[name="decide-${made.body.id}"]`).selectOption('reject');
    await dialog.locator(`input[name="reason-${made.body.id}"]`).fill(REASON);
    const revise = english.waitForRequest(
      (r) => r.method() === 'POST' && r.url().endsWith('/events'),
    );
    await dialog.locator('button[type="submit"]').click();
    expect(JSON.parse((await revise).postData() ?? '{}')).toMatchObject({
      type: 'REVISE',
      accepted: [thai.id],
      rejected: [{ id: made.body.id, reason: REASON }],
    });
    await dialog.waitFor({ state: 'detached' });
    await english.locator('.success').waitFor();
    expect((await client.statement(chair, id)).body.currentVersion.number).toBe(2);
    await expect(english.locator('#proposals-title').textContent()).resolves.toBe('Text proposals');
    const second = english.locator('li.paragraph[data-paragraph="2"]');
    await expect(second.locator('blockquote').textContent()).resolves.toBe(THAI_PROPOSAL);
    await expect(second.locator('.proposal-state').textContent()).resolves.toBe(
      'Accepted in version 2',
    );
    const third = english.locator('li.paragraph[data-paragraph="3"]');
    await expect(third.locator('.proposal-state').textContent()).resolves.toBe(
      'Rejected in version 2',
    );
    await expect(third.locator('.proposal-reason').textContent()).resolves.toBe(
      `Reason: ${REASON}`,
    );
    await expect(third.locator('ins').allTextContents()).resolves.toContain('[added] two years');
    await expect(third.locator('.proposal-meta').textContent()).resolves.toContain(
      'On paragraph 3 of version 1',
    );
    await screenshots(english, 'proposals-decided-en');

    const thaiPage = await pageFor(focal.THA, `/statements/${id}`);
    await expect(
      thaiPage.locator('li.paragraph[data-paragraph="2"] .proposal-state').textContent(),
    ).resolves.toBe('รับในฉบับที่ 2');
    await expect(
      thaiPage.locator('li.paragraph[data-paragraph="3"] .proposal-state').textContent(),
    ).resolves.toBe('ไม่รับในฉบับที่ 2');
    await expect(
      thaiPage.locator('li.paragraph[data-paragraph="3"] .proposal-reason').textContent(),
    ).resolves.toBe(`เหตุผล: ${REASON}`);
    await screenshots(thaiPage, 'proposals-decided-th');
  });
});

import type { Browser, BrowserContext, Page } from 'playwright-core';
import { AdrefClient, auth, User } from '../support/adref-client';
import { launchBrowser, listen, personContext, signInByLink } from '../support/browser';
import { createTestApp, TestApp } from '../support/test-app';

const TEXT =
  'The Heads of Civil Service resolve to cooperate.\n\n' +
  'Each member shares its digital public services.\n\n' +
  'The ACCSM reviews progress every two years.';
const HOSTILE_COMMENT = 'Name the programme <img src=x onerror="window.__pwned = 1"> here.';

// Comments beside the paragraphs they were written on, in English and Thai, and the form.
describe('the statement page: comments beside their paragraphs', () => {
  let t: TestApp;
  let client: AdrefClient;
  let base: string;
  let browser: Browser;
  let chair: User;
  let malaysia: User;
  let thai: User;
  let observer: User;
  let statementId: string;
  const contexts: BrowserContext[] = [];

  const pageFor = async (user: User): Promise<Page> => {
    const context = await personContext(browser, t);
    contexts.push(context);
    const page = await context.newPage();
    await signInByLink(page, base, user.token, `/statements/${statementId}`);
    await page.locator('#comments').waitFor();
    return page;
  };
  const row = (page: Page, paragraph: number) =>
    page.locator(
      `.version-comments[data-version="1"] .paragraph-row[data-paragraph="${paragraph}"]`,
    );
  const comments = async () =>
    (await client.get(client.admin, `/statements/${statementId}/comments`)).body.comments as {
      id: string;
      paragraph: number | null;
      replyTo: string | null;
      text: string;
    }[];

  beforeAll(async () => {
    t = await createTestApp('2026-03-02T02:00:00Z');
    base = await listen(t);
    browser = await launchBrowser();
    client = new AdrefClient(t);
    chair = await client.user('chair_secretariat', 'KHM');
    malaysia = await client.user('focal_point', 'MYS');
    observer = await client.user('observer');
    const created = await t.http.post('/api/v1/users').set(auth(client.admin)).send({
      name: 'Thai focal point',
      email: 'thai.fp@example.org',
      role: 'focal_point',
      member: 'THA',
      language: 'th',
    });
    thai = { ...created.body, role: 'focal_point', member: 'THA' };
    const opened = await client.openRound(chair, {
      deadline: '2026-04-01T17:00:00+07:00',
      body: TEXT,
    });
    statementId = opened.id;
    const posted = await t.http
      .post(`/api/v1/statements/${statementId}/comments`)
      .set(auth(malaysia))
      .send({ text: HOSTILE_COMMENT, paragraph: 2 });
    expect(posted.status).toBe(201);
  });

  afterAll(async () => {
    for (const context of contexts) await context.close();
    await browser?.close();
    await t?.close();
  });

  it('in English: the comment beside paragraph 2, as text; a new one added through the form', async () => {
    const page = await pageFor(malaysia);
    await expect(page.locator('#comments-title').textContent()).resolves.toBe('Comments');
    await expect(row(page, 2).locator('.paragraph-number').textContent()).resolves.toBe(
      'Paragraph 2',
    );
    await expect(row(page, 2).locator('.paragraph-text').textContent()).resolves.toBe(
      'Each member shares its digital public services.',
    );
    await expect(row(page, 2).locator('.comment-text').textContent()).resolves.toBe(
      HOSTILE_COMMENT,
    );
    await expect(row(page, 2).locator('.comment img').count()).resolves.toBe(0);
    await expect(page.evaluate('window.__pwned')).resolves.toBeUndefined();
    await expect(row(page, 1).locator('.comment').count()).resolves.toBe(0);

    const form = page.locator('form.comment-form');
    await form.getByLabel('On').selectOption('3');
    await form.getByLabel('Your comment').fill('Every <i>three</i> years would suit us better.');
    await form.getByRole('button', { name: 'Post the comment' }).click();
    await page.locator('p.success', { hasText: 'Your comment is posted.' }).waitFor();
    await expect(row(page, 3).locator('.comment-text').textContent()).resolves.toBe(
      'Every <i>three</i> years would suit us better.',
    );
    expect((await comments()).map((c) => c.paragraph)).toEqual([2, 3]);
    const statement = await client.statement(chair, statementId);
    expect(statement.body.roundState).toBe('collecting');
  });

  it('in Thai: the labels in Thai, and a reply posted through the form', async () => {
    const page = await pageFor(thai);
    await expect(page.locator('html').getAttribute('lang')).resolves.toBe('th');
    await expect(page.locator('#comments-title').textContent()).resolves.toBe('ความเห็น');
    await expect(row(page, 2).locator('.paragraph-number').textContent()).resolves.toBe('ย่อหน้าที่ 2');
    await expect(row(page, 2).locator('.comment-text').textContent()).resolves.toBe(
      HOSTILE_COMMENT,
    );
    const [first] = await comments();
    const form = page.locator('form.comment-form');
    await form.getByLabel('ต่อ').selectOption('2');
    await form.getByLabel('ตอบความเห็น').selectOption(first.id);
    await form.getByLabel('ความเห็นของท่าน').fill('ไทยเห็นด้วยกับข้อเสนอของมาเลเซีย');
    await form.getByRole('button', { name: 'ส่งความเห็น' }).click();
    await page.locator('p.success', { hasText: 'ส่งความเห็นของท่านแล้ว' }).waitFor();
    const reply = row(page, 2).locator('.comment', { hasText: 'ไทยเห็นด้วย' });
    await expect(reply.locator('.reply-to').textContent()).resolves.toMatch(/^ตอบความเห็น /);
    expect((await comments()).at(-1)).toMatchObject({ paragraph: 2, replyTo: first.id });
  });

  it('the chair reminds the outstanding members from the page; again at once is refused in plain words', async () => {
    const page = await pageFor(chair);
    const card = page.locator('section.remind');
    await card.getByRole('button', { name: 'Remind the outstanding members now' }).click();
    await page.locator('p.success', { hasText: 'Reminder sent to' }).waitFor();
    await page
      .locator('section.remind')
      .getByRole('button', { name: 'Remind the outstanding members now' })
      .click();
    await expect(
      page.locator('section.remind [role="alert"] .error-lead').textContent(),
    ).resolves.toBe('This round was reminded less than 12 hours ago.');
    const history = await client.history(chair, statementId);
    expect(
      history.body.events.filter((e: { type: string }) => e.type === 'REMINDER_SENT'),
    ).toHaveLength(1);
    // Focal points do not see the button.
    const focal = await pageFor(malaysia);
    await expect(focal.locator('section.remind').count()).resolves.toBe(0);
  });

  it('an observer reads the comments without a form', async () => {
    const page = await pageFor(observer);
    await expect(row(page, 2).locator('.comment').count()).resolves.toBeGreaterThan(0);
    await expect(page.locator('form.comment-form').count()).resolves.toBe(0);
    await expect(page.locator('#comments .read-only').textContent()).resolves.toContain(
      'You can read the comments',
    );
  });
});

import type { Browser, BrowserContext, Locator, Page } from 'playwright-core';
import { AdrefClient, User } from '../support/adref-client';
import { launchBrowser, listen, personContext, signInByLink } from '../support/browser';
import { ADMIN_TOKEN, createTestApp, TestApp } from '../support/test-app';

interface Meeting {
  id: string;
  kind: string;
  ordinal: number | null;
  dateFrom: string;
  labelEn: string;
  labelTh: string;
}

interface HistoryEvent {
  type: string;
  payload: Record<string, unknown>;
}

const LABEL_EN = '20th ACCSM SOM, Chiang Rai, Thailand, 22–24 April 2019';
const LABEL_TH =
  'การประชุมเจ้าหน้าที่อาวุโส (SOM) ACCSM ครั้งที่ 20, Chiang Rai, Thailand, 22–24 เมษายน 2562';
const OTHER = 'Another meeting (type its name)';

// The chair names the meeting on the statement page (issue 9, correction 3): a meeting of the
// reference data from a select, sent as meetingId, or another one typed in, sent as meeting.
describe('the chair picks the meeting on the statement page', () => {
  let t: TestApp;
  let client: AdrefClient;
  let base: string;
  let browser: Browser;
  let chair: User;
  let focal: User;
  let accsm: Meeting[];
  let som20: Meeting;
  const contexts: BrowserContext[] = [];

  const pageFor = async (user: User, path: string): Promise<Page> => {
    const context = await personContext(browser, t);
    contexts.push(context);
    const page = await context.newPage();
    await signInByLink(page, base, user.token, path);
    return page;
  };

  const inSomReview = async (title: string): Promise<string> => {
    const created = await client.createStatement(chair, { framework: 'ACCSM', title, body: title });
    expect(created.status).toBe(201);
    await client.expectEvent(chair, created.body.id, { type: 'SUBMIT_TO_SOM' });
    return created.body.id;
  };

  const openApproval = async (page: Page): Promise<Locator> => {
    await page.locator('button[data-event="APPROVE_IN_PRINCIPLE"]').click();
    const dialog = page.locator('dialog[open]');
    await dialog.waitFor();
    return dialog;
  };

  const confirm = async (page: Page, dialog: Locator) => {
    await dialog.locator('button[type="submit"]').click();
    await dialog.waitFor({ state: 'detached' });
    await page.locator('.success').waitFor();
  };

  const approval = async (id: string): Promise<HistoryEvent> => {
    const events = (await client.history(focal, id)).body.events as HistoryEvent[];
    return events.find((e) => e.type === 'APPROVE_IN_PRINCIPLE')!;
  };

  const timelineEntry = (page: Page) =>
    page.locator('ol.timeline li', { hasText: 'Approved in principle' });

  beforeAll(async () => {
    // The 20th ACCSM SOM sat in Chiang Rai, 22–24 April 2019, under the Thai chair.
    t = await createTestApp('2019-04-23T03:00:00Z');
    base = await listen(t);
    browser = await launchBrowser();
    client = new AdrefClient(t);
    chair = await client.user('chair_secretariat', 'THA');
    focal = await client.user('focal_point', 'THA');
    accsm = (await client.get(focal, '/reference/meetings?framework=ACCSM')).body as Meeting[];
    som20 = accsm.find((m) => m.kind === 'SOM' && m.ordinal === 20)!;
    expect(som20.labelEn).toBe(LABEL_EN);
    expect(som20.labelTh).toBe(LABEL_TH);
  });

  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  it('offers the framework meetings, most recent first, and sends the one chosen as meetingId', async () => {
    const id = await inSomReview('ASEAN Statement on an Agile Civil Service');
    const page = await pageFor(chair, `/statements/${id}`);
    const dialog = await openApproval(page);
    const select = dialog.getByLabel('Meeting (optional)');
    // The select is the dialog's first control: the keyboard starts there.
    await expect(select.evaluate((el) => el.matches(':focus'))).resolves.toBe(true);
    const newestFirst = [...accsm].sort((a, b) => b.dateFrom.localeCompare(a.dateFrom));
    await expect(select.locator('option').allTextContents()).resolves.toEqual([
      'No meeting named',
      ...newestFirst.map((m) => m.labelEn),
      OTHER,
    ]);
    await expect(select.inputValue()).resolves.toBe('');
    await expect(dialog.getByLabel('Name of the meeting').isVisible()).resolves.toBe(false);

    await select.selectOption({ label: LABEL_EN });
    await confirm(page, dialog);

    const event = await approval(id);
    expect(event.payload.meetingId).toBe(som20.id);
    expect(event.payload).not.toHaveProperty('meeting');
    await expect(timelineEntry(page).locator('.details').textContent()).resolves.toBe(LABEL_EN);
  });

  it('shows the free-text field only for "another meeting", requires it there, and sends it as meeting', async () => {
    const id = await inSomReview('ASEAN Statement on Civil Service Mobility');
    const page = await pageFor(chair, `/statements/${id}`);
    const dialog = await openApproval(page);
    const select = dialog.getByLabel('Meeting (optional)');
    const text = dialog.getByLabel('Name of the meeting');

    // Chosen with the keyboard: the last choice, then confirmed without a name.
    await select.focus();
    await page.keyboard.press('End');
    await expect(select.inputValue()).resolves.toBe('other');
    await text.waitFor({ state: 'visible' });
    await dialog.locator('button[type="submit"]').click();
    await expect(dialog.locator('.field-error:visible').textContent()).resolves.toMatch(/\S/);
    await expect(text.evaluate((el) => el.matches(':focus'))).resolves.toBe(true);
    expect(await approval(id)).toBeUndefined();

    // A meeting of the list hides the field again; the last choice shows it again.
    await select.selectOption({ label: LABEL_EN });
    await text.waitFor({ state: 'hidden' });
    await select.selectOption({ label: OTHER });
    await text.fill('20th ACCSM Preparatory Meeting');
    await confirm(page, dialog);

    const event = await approval(id);
    expect(event.payload.meeting).toBe('20th ACCSM Preparatory Meeting');
    expect(event.payload).not.toHaveProperty('meetingId');
    await expect(timelineEntry(page).locator('.details').textContent()).resolves.toBe(
      '20th ACCSM Preparatory Meeting',
    );
  });

  it('sends no meeting when none is chosen', async () => {
    const id = await inSomReview('ASEAN Statement on Public Sector Integrity');
    const page = await pageFor(chair, `/statements/${id}`);
    const dialog = await openApproval(page);
    await confirm(page, dialog);
    const event = await approval(id);
    expect(event.payload).not.toHaveProperty('meeting');
    expect(event.payload).not.toHaveProperty('meetingId');
  });

  it('names the meetings in Thai for a chair who reads the pages in Thai', async () => {
    const thai = await t.http
      .post('/api/v1/users')
      .set({ Authorization: `Bearer ${ADMIN_TOKEN}` })
      .send({
        name: 'Malee S.',
        email: 'chair@ocsc.go.th',
        role: 'chair_secretariat',
        member: 'THA',
        language: 'th',
      });
    expect(thai.status).toBe(201);
    const id = await inSomReview('ASEAN Statement on Civil Service Learning');
    const page = await pageFor(
      { ...thai.body, role: 'chair_secretariat', member: 'THA' },
      `/statements/${id}`,
    );
    const dialog = await openApproval(page);
    const select = dialog.getByLabel('การประชุม (ไม่บังคับ)');
    await select.selectOption({ label: LABEL_TH });
    await confirm(page, dialog);
    expect((await approval(id)).payload.meetingId).toBe(som20.id);
    await expect(page.locator('ol.timeline').textContent()).resolves.toContain(LABEL_TH);
  });
});

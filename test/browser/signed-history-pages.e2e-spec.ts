import type { Browser, BrowserContext, Page } from 'playwright-core';
import { AdrefClient, ASEAN_MEMBERS_2026, auth, User } from '../support/adref-client';
import {
  launchBrowser,
  listen,
  personContext,
  screenshots,
  signInByLink,
} from '../support/browser';
import { createTestApp, TestApp } from '../support/test-app';

const NOTE_VERBALE = 'Note verbale No. 0456/2026 of 4 March 2026';

// The statement page and the record of adoption show the verify result and both times of a
// back-dated act (issue 7, items 1 and 5), in English and in Thai.
describe('the pages show the signed history: verify result and both times of a back-dated act', () => {
  let t: TestApp;
  let client: AdrefClient;
  let base: string;
  let browser: Browser;
  let chair: User;
  let focal: Record<string, User>;
  let thai: User;
  let id: string;
  let malaysiaSeq: number;
  const contexts: BrowserContext[] = [];

  const pageFor = async (user: User, path: string): Promise<Page> => {
    const context = await personContext(browser, t);
    contexts.push(context);
    const page = await context.newPage();
    await signInByLink(page, base, user.token, path);
    return page;
  };

  const verifyText = async (page: Page) => {
    const result = page.locator('.verify-result:not(.pending)');
    await result.waitFor();
    return { className: await result.getAttribute('class'), text: await result.innerText() };
  };

  beforeAll(async () => {
    t = await createTestApp('2026-03-02T02:00:00Z');
    base = await listen(t);
    browser = await launchBrowser();
    client = new AdrefClient(t);
    chair = await client.user('chair_secretariat', 'KHM');
    focal = await client.focalPoints(ASEAN_MEMBERS_2026.filter((m) => m !== 'THA'));
    // Thailand's focal point reads the pages in Thai.
    const created = await t.http.post('/api/v1/users').set(auth(client.admin)).send({
      name: 'Somchai P.',
      email: 'fp@ocsc.go.th',
      role: 'focal_point',
      member: 'THA',
      language: 'th',
    });
    thai = { ...created.body, role: 'focal_point', member: 'THA' };
    focal.THA = thai;

    const opened = await client.openRound(chair, {
      title: 'ASEAN Statement on Digital Public Services',
      deadline: '2026-04-01T17:00:00+07:00',
    });
    id = opened.id;
    const versionHash = opened.currentVersion.hash;
    // Malaysia's note verbale of 4 March, recorded by the secretariat on 6 March.
    t.clock.set('2026-03-06T03:00:00Z');
    await client.expectPosition(chair, id, {
      member: 'MYS',
      position: 'endorse',
      versionHash,
      reference: NOTE_VERBALE,
      at: '2026-03-04T02:00:00Z',
    });
    t.clock.set('2026-03-09T03:00:00Z');
    for (const member of ASEAN_MEMBERS_2026.filter((m) => m !== 'MYS'))
      await client.expectPosition(focal[member], id, { member, position: 'endorse', versionHash });
    const events = (await client.history(chair, id)).body.events as any[];
    malaysiaSeq = events.find((e) => e.payload.position?.member === 'MYS').seq;
  });

  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  it('the statement page says the history verified, and gives both times of the back-dated act', async () => {
    const page = await pageFor(focal.SGP, `/statements/${id}`);
    const result = await verifyText(page);
    expect(result.className).toBe('verify-result ok');
    expect(result.text).toBe(
      'Verified: 15 events, hash chain and signatures intact, state matches the history.',
    );
    const malaysia = page.locator(`.timeline li[data-seq="${malaysiaSeq}"]`);
    await expect(malaysia.getAttribute('class')).resolves.toBe('backdated');
    await expect(malaysia.locator('.actor').innerText()).resolves.toMatch(
      /^effective 4 Mar 2026, 09:00 UTC\+07:00, recorded 6 Mar 2026, 10:00 UTC\+07:00 by chair_secretariat KHM 1/,
    );
    // The positions matrix gives both times of the same position.
    await expect(
      page.locator('table.matrix tr[data-member="MYS"] td').nth(1).innerText(),
    ).resolves.toBe('effective 4 Mar 2026, 09:00 UTC+07:00\nrecorded 6 Mar 2026, 10:00 UTC+07:00');
    // An act recorded as it took effect says only who did it.
    const next = page.locator(`.timeline li[data-seq="${malaysiaSeq + 1}"]`);
    await expect(next.locator('.actor').innerText()).resolves.toMatch(/^by focal_point /);
    await page.locator('#timeline').scrollIntoViewIfNeeded();
    await screenshots(page, 'signed-history-statement');
  });

  it('the record of adoption shows the chain head, the verify result and both times, in Thai', async () => {
    const record = (await client.get(chair, `/statements/${id}/record`)).body;
    const page = await pageFor(thai, `/statements/${id}/record`);
    await page.locator('article.record').waitFor();
    const result = await verifyText(page);
    expect(result.className).toBe('verify-result ok');
    expect(result.text).toBe('ตรวจสอบแล้ว: 15 เหตุการณ์ hash chain และลายมือชื่อครบถ้วน สถานะตรงกับประวัติ');
    const head = page.locator('dl.chain-head');
    await expect(head.innerText()).resolves.toContain(record.chainHead.hash);
    await expect(head.innerText()).resolves.toContain(record.chainHead.signature);
    await expect(page.locator('.verify-how').innerText()).resolves.toBe(
      `ตรวจสอบได้ที่ GET /api/v1/statements/${id}/verify หรือ npm run verify -- --witness <บันทึกนี้> กุญแจสาธารณะอยู่ที่ /api/v1/keys`,
    );
    const dateCell = page.locator('table.record-members tr[data-member="MYS"] td').nth(1);
    await expect(dateCell.innerText()).resolves.toMatch(
      /^มีผล 4 มี\.ค\. 2569 09:00 UTC\+07:00\nบันทึกเมื่อ 6 มี\.ค\. 2569 10:00 UTC\+07:00$/,
    );
    const annex = page.locator(`table.record-history tr[data-seq="${malaysiaSeq}"]`);
    await expect(annex.getAttribute('class')).resolves.toBe('backdated');
    await screenshots(page, 'signed-history-record-th');
  });

  it('the record of adoption shows the problems when the stored record was forged', async () => {
    // A superuser forges Malaysia's position behind adref's back (triggers off, as in verify tests).
    await t.dataSource.query('ALTER TABLE positions DISABLE TRIGGER USER');
    try {
      await t.dataSource.query(
        `UPDATE positions SET position = 'endorse_with_reservation', text = 'Forged.'
          WHERE statement_id = $1 AND member_code = 'MYS'`,
        [id],
      );
    } finally {
      await t.dataSource.query('ALTER TABLE positions ENABLE TRIGGER USER');
    }
    const page = await pageFor(focal.SGP, `/statements/${id}/record`);
    const result = await verifyText(page);
    expect(result.className).toBe('verify-result broken');
    expect(result.text).toMatch(/^Verification failed: 1 problem in 15 events\./);
    const problem = page.locator('.verify-result li[data-kind="position_mismatch"]');
    await expect(problem.innerText()).resolves.toMatch(
      new RegExp(`^event ${malaysiaSeq}: A stored position does not match the history — `),
    );
    await screenshots(page, 'signed-history-record-forged');
  });
});

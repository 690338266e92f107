import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import PDFDocument from 'pdfkit';
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

const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');

function notePdf(text: string): Promise<Buffer> {
  return new Promise((resolve) => {
    const doc = new PDFDocument({ size: 'A4' });
    const chunks: Buffer[] = [];
    doc.on('data', (chunk: Buffer) => chunks.push(chunk));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.text(text);
    doc.end();
  });
}

// The statement page lists the documents beside the positions, each a link to its bytes, in
// English and in Thai; those outside the framework are told they do not see them.
describe('the statement page lists its documents (EN and TH)', () => {
  let t: TestApp;
  let client: AdrefClient;
  let base: string;
  let browser: Browser;
  let chair: User;
  let singapore: User;
  let thai: User;
  let outsider: User;
  let id: string;
  let note: Buffer;
  let documentId: string;
  let versionHash: string;
  const contexts: BrowserContext[] = [];

  const pageFor = async (user: User, path: string): Promise<Page> => {
    const context = await personContext(browser, t);
    contexts.push(context);
    const page = await context.newPage();
    await signInByLink(page, base, user.token, path);
    return page;
  };

  beforeAll(async () => {
    t = await createTestApp('2026-03-02T02:00:00Z');
    base = await listen(t);
    browser = await launchBrowser();
    client = new AdrefClient(t);
    chair = await client.user('chair_secretariat', 'KHM');
    singapore = await client.user('focal_point', 'SGP');
    outsider = await client.user('focal_point', 'JPN');
    const created = await t.http.post('/api/v1/users').set(auth(client.admin)).send({
      name: 'Somchai P.',
      email: 'fp@ocsc.go.th',
      role: 'focal_point',
      member: 'THA',
      language: 'th',
    });
    thai = { ...created.body, role: 'focal_point', member: 'THA' };
    const opened = await client.openRound(chair, {
      title: 'ASEAN Statement on Digital Public Services',
      deadline: '2026-04-01T17:00:00+07:00',
    });
    id = opened.id;
    versionHash = opened.currentVersion.hash;
    note = await notePdf('Note verbale No. 0456/2026 of the Embassy of Malaysia');
    const response = await t.http
      .post(`/api/v1/statements/${id}/positions`)
      .set(auth(chair))
      .field('member', 'MYS')
      .field('position', 'endorse')
      .field('versionHash', opened.currentVersion.hash)
      .attach('file', note, { filename: 'note-verbale-MYS.pdf', contentType: 'application/pdf' });
    expect(response.status).toBe(201);
    documentId = (await client.get(chair, `/statements/${id}/documents`)).body[0].id;
  });

  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  it('in English: the note verbale is a link that downloads the same bytes', async () => {
    const page = await pageFor(singapore, `/statements/${id}`);
    const section = page.locator('section#documents');
    await section.locator('a.document-link').waitFor();
    await expect(section.locator('h2').innerText()).resolves.toBe('Documents');
    const item = section.locator(`li[data-document-id="${documentId}"]`);
    await expect(item.innerText()).resolves.toContain('Note verbale · Malaysia');
    const link = item.locator('a.document-link');
    await expect(link.innerText()).resolves.toBe('note-verbale-MYS.pdf');
    await expect(link.getAttribute('href')).resolves.toBe(`/api/v1/documents/${documentId}`);
    await expect(item.locator('.hash').getAttribute('title')).resolves.toBe(sha256(note));
    await expect(page.locator('nav.on-this-page a[href="#documents"]').innerText()).resolves.toBe(
      'Documents',
    );
    // The timeline says what was attached, with its hash.
    await expect(page.locator('.timeline li').last().locator('.details').innerText()).resolves.toBe(
      `Note verbale: note-verbale-MYS.pdf (sha256 ${sha256(note).slice(0, 12)}…)`,
    );
    const [download] = await Promise.all([page.waitForEvent('download'), link.click()]);
    expect(download.suggestedFilename()).toBe('note-verbale-MYS.pdf');
    const saved = readFileSync(await download.path());
    expect(sha256(saved)).toBe(sha256(note));
    await section.scrollIntoViewIfNeeded();
    await screenshots(page, 'documents-statement-en');
  });

  it('in Thai: the same list, with Thai labels', async () => {
    const page = await pageFor(thai, `/statements/${id}`);
    const section = page.locator('section#documents');
    await section.locator('a.document-link').waitFor();
    await expect(section.locator('h2').innerText()).resolves.toBe('เอกสาร');
    const item = section.locator(`li[data-document-id="${documentId}"]`);
    await expect(item.innerText()).resolves.toMatch(/^บันทึกกลาง · /);
    await expect(item.locator('a.document-link').innerText()).resolves.toBe('note-verbale-MYS.pdf');
    await section.scrollIntoViewIfNeeded();
    await screenshots(page, 'documents-statement-th');
  });

  it('outside the framework: no documents, and a line that says why', async () => {
    const page = await pageFor(outsider, `/statements/${id}`);
    const section = page.locator('section#documents');
    await section.locator('p').waitFor();
    await expect(section.locator('p').innerText()).resolves.toBe(
      'Documents are shown to those who act for a member of the framework.',
    );
    await expect(section.locator('a.document-link').count()).resolves.toBe(0);
  });

  it('the record of adoption lists the note verbale with its sha256, in Thai', async () => {
    let last: Record<string, any> = {};
    for (const member of ASEAN_MEMBERS_2026.filter((m) => m !== 'MYS')) {
      last = await client.expectPosition(chair, id, {
        member,
        position: 'endorse',
        versionHash,
        reference: `Note verbale of ${member}`,
      });
    }
    expect(last.state).toBe('adopted');
    const page = await pageFor(thai, `/statements/${id}/record`);
    const item = page.locator(`ul.note-verbales li[data-document-id="${documentId}"]`);
    await item.waitFor();
    await expect(item.locator('.who').innerText()).resolves.toMatch(
      /^มาเลเซีย \(MYS\) — note-verbale-MYS\.pdf — /,
    );
    await expect(item.locator('code').innerText()).resolves.toBe(`sha256 ${sha256(note)}`);
    await screenshots(page, 'documents-record-th');
  });
});

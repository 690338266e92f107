import { createPublicKey, verify } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { AdrefClient, ASEAN_MEMBERS_2026, auth, User } from '../support/adref-client';
import { linesOf, pdfToText, wordBoundaries } from '../support/pdf-text';
import { createTestApp, TestApp } from '../support/test-app';

const ARTIFACTS = resolve(__dirname, '../../artifacts');
const WORK_LIFE_BALANCE_2024 = resolve(
  __dirname,
  '../../scripts/imports/accsm-2024-work-life-balance.json',
);
const TITLE_TH =
  'ถ้อยแถลงอาเซียนว่าด้วยการส่งเสริมความสมดุลระหว่างการทำงานและการใช้ชีวิตในภาครัฐเพื่อสุขภาวะที่ดีของข้าราชการพลเรือนในประชาคมอาเซียน';
const BODY_TH = [
  'ผู้นำราชการพลเรือนอาเซียนตระหนักถึงความสำคัญของสุขภาวะของข้าราชการและความสมดุลระหว่างการทำงานและการใช้ชีวิต ซึ่งเป็นรากฐานของการให้บริการสาธารณะที่มีคุณภาพและยั่งยืน',
  '',
  '๑. ส่งเสริมนโยบายการทำงานที่ยืดหยุ่น การลาเพื่อดูแลครอบครัว และการสนับสนุนด้านสุขภาพจิตในหน่วยงานภาครัฐของประเทศสมาชิกต่างๆ อย่างต่อเนื่อง',
  '๒. เห็นพ้องให้ติดตามผลการดำเนินงานและรายงานต่อที่ประชุมผู้นำราชการพลเรือนอาเซียนทุกสองปี',
].join('\n');
const NOTE_VERBALE = 'Note verbale No. 0456/2026 of 4 March 2026';
// ทำงาน ("work") as pdfkit's glyphs came back from pdftotext before each line carried its text.
const GARBLED = 'ทำางาน';
// The first lines pdftotext gave for TITLE_TH before: SARA AM doubled, ชีวิต split, marks astray.
const OLD_OUTPUT = 'ถ้อยแถลงอาเซียนว่าด้วยการส่งเสริมความสมดุลระหว่างการทำางานและการใช้ชว\nี ิตใน\n';

/** The record of adoption as a document of record: signed chain head, both times, Thai text. */
describe('record of adoption as a document of record', () => {
  let t: TestApp;
  let client: AdrefClient;
  let chair: User;
  let focal: Record<string, User>;
  let id: string;

  const pdfBytes = async (lang: 'en' | 'th', statementId = id, name = 'document') => {
    const response = await client.getBytes(
      focal.THA,
      `/statements/${statementId}/record.pdf?lang=${lang}`,
    );
    expect(response.status).toBe(200);
    const body = response.body as Buffer;
    // Kept for a person to look at (artifacts/ is not committed).
    mkdirSync(ARTIFACTS, { recursive: true });
    writeFileSync(join(ARTIFACTS, `record-of-adoption-${name}-${lang}.pdf`), body);
    return body;
  };
  const pdf = async (lang: 'en' | 'th', statementId = id, name = 'document') =>
    pdfToText(await pdfBytes(lang, statementId, name));

  beforeAll(async () => {
    t = await createTestApp('2026-03-02T02:00:00Z');
    client = new AdrefClient(t);
    chair = await client.user('chair_secretariat', 'KHM');
    focal = await client.focalPoints(ASEAN_MEMBERS_2026);
    const created = await client.createStatement(chair, {
      framework: 'ACCSM',
      title: 'ASEAN Statement on Work-Life Balance in the Public Sector',
      titleTh: TITLE_TH,
      body: BODY_TH,
    });
    expect(created.status).toBe(201);
    id = created.body.id;
    await client.expectEvent(chair, id, { type: 'SUBMIT_TO_SOM' });
    await client.expectEvent(chair, id, { type: 'APPROVE_IN_PRINCIPLE' });
    const opened = await client.expectEvent(chair, id, {
      type: 'OPEN_AD_REFERENDUM',
      deadline: '2026-04-01T17:00:00+07:00',
      silenceRule: 'explicit',
    });
    const versionHash = opened.currentVersion.hash;
    // Malaysia's note verbale of 4 March reached the secretariat on 6 March.
    t.clock.set('2026-03-06T03:00:00Z');
    await client.expectPosition(chair, id, {
      member: 'MYS',
      position: 'endorse',
      versionHash,
      reference: NOTE_VERBALE,
      at: '2026-03-04T02:00:00Z',
    });
    t.clock.set('2026-03-09T03:00:00Z');
    let last: Record<string, any> = {};
    for (const member of ASEAN_MEMBERS_2026.filter((m) => m !== 'MYS'))
      last = await client.expectPosition(focal[member], id, {
        member,
        position: 'endorse',
        versionHash,
      });
    expect(last.state).toBe('adopted');
  });
  afterAll(() => t.close());

  it('the JSON record carries the chain head, whose signature verifies with the published key', async () => {
    const record = (await client.get(focal.THA, `/statements/${id}/record`)).body;
    const history = (await client.history(focal.THA, id)).body.events;
    const lastEvent = history[history.length - 1];
    expect(record.statementId).toBe(id);
    expect(record.chainHead).toEqual({
      statementId: id,
      seq: lastEvent.seq,
      hash: lastEvent.hash,
      keyId: lastEvent.keyId,
      signature: lastEvent.signature,
    });
    expect(record.chainHead.seq).toBe(history.length);

    // GET /keys needs no sign-in: anyone holding the record can check it.
    const keys = await t.http.get('/api/v1/keys');
    expect(keys.status).toBe(200);
    const key = keys.body.find((k: { keyId: string }) => k.keyId === record.chainHead.keyId);
    expect(key).toMatchObject({ algorithm: 'Ed25519' });
    const publicKey = createPublicKey(key.publicKeyPem);
    const signature = Buffer.from(record.chainHead.signature, 'base64');
    expect(verify(null, Buffer.from(record.chainHead.hash, 'utf8'), publicKey, signature)).toBe(
      true,
    );
    // The check can fail: the same signature does not cover another hash.
    const other = record.chainHead.hash.replace(/^./, (c: string) => (c === '0' ? '1' : '0'));
    expect(verify(null, Buffer.from(other, 'utf8'), publicKey, signature)).toBe(false);
  });

  it('the JSON record gives both times of a back-dated position, and the history of every act', async () => {
    const record = (await client.get(focal.THA, `/statements/${id}/record`)).body;
    expect(record.statement.importedAt).toBeNull();
    expect(record.members.find((m: any) => m.member === 'MYS')).toMatchObject({
      takenAt: '2026-03-04T02:00:00.000Z',
      recordedAt: '2026-03-06T03:00:00.000Z',
      onBehalf: true,
      reference: NOTE_VERBALE,
    });
    expect(record.history.map((e: any) => e.type)).toEqual([
      'CREATED',
      'SUBMIT_TO_SOM',
      'APPROVE_IN_PRINCIPLE',
      'OPEN_AD_REFERENDUM',
      ...Array(11).fill('RECORD_POSITION'),
    ]);
    const malaysia = record.history.find((e: any) => e.member === 'MYS');
    expect(malaysia).toMatchObject({
      type: 'RECORD_POSITION',
      at: '2026-03-04T02:00:00.000Z',
      recordedAt: '2026-03-06T03:00:00.000Z',
      position: 'endorse',
      imported: false,
    });
    expect(malaysia.actor).toMatch(/^chair_secretariat KHM/);
    expect(record.history[3].deadline).toBe('2026-04-01T10:00:00.000Z');
  });

  it('the CSV opens with the chain head line, how to verify, and the back-dated act', async () => {
    const record = (await client.get(focal.THA, `/statements/${id}/record`)).body;
    const { seq, hash, keyId, signature } = record.chainHead;
    const response = await client.getBytes(focal.THA, `/statements/${id}/record.csv`);
    expect(response.status).toBe(200);
    const lines = (response.body as Buffer).toString('utf8').slice(1).trimEnd().split('\r\n');
    // A comment line is one cell: one that holds a comma (an actor's label) comes quoted.
    const comments = lines.filter((line) => /^"?#/.test(line));
    expect(comments).toContain(
      `# chain head: statement ${id} seq ${seq} hash ${hash} key ${keyId} signature ${signature}`,
    );
    expect(comments).toContain(
      `# verify: GET /api/v1/statements/${id}/verify or npm run verify -- --witness <this file>; public keys at /api/v1/keys`,
    );
    const malaysia = record.history.find((e: any) => e.member === 'MYS');
    const acts = comments.filter((line) => /^"?# act /.test(line));
    // Only the back-dated act: the others were recorded as they took effect.
    expect(acts).toEqual([
      expect.stringMatching(
        new RegExp(
          `^"# act ${malaysia.seq} RECORD_POSITION MYS: effective 2026-03-04T02:00:00.000Z recorded 2026-03-06T03:00:00.000Z by chair_secretariat KHM \\d+ \\(chair_secretariat, KHM\\)"$`,
        ),
      ),
    ]);
    expect(comments.some((line) => line.startsWith('# imported'))).toBe(false);
    // The comments come first; then the header row and one row per member.
    expect(lines.slice(0, comments.length)).toEqual(comments);
    expect(lines[comments.length]).toMatch(/^member,member_name_en,/);
    expect(lines.find((l) => l.startsWith('MYS,'))).toContain(
      ',endorse,2026-03-04T02:00:00.000Z,2026-03-06T03:00:00.000Z,',
    );
  });

  it('pdftotext of the Thai record gives the Thai title exactly, broken only between words', async () => {
    // The checks below fail on what the PDF gave before.
    expect(OLD_OUTPUT).toContain(GARBLED);
    expect(linesOf(OLD_OUTPUT, TITLE_TH)).toBeNull();

    const text = await pdf('th');
    expect(text).not.toContain(GARBLED);
    const title = linesOf(text, TITLE_TH);
    expect(title).not.toBeNull();
    // Long enough to wrap, so the line breaks are tested too.
    expect(title!.length).toBeGreaterThan(1);
    const sources = [TITLE_TH, ...BODY_TH.split('\n').filter(Boolean)];
    for (const source of sources) {
      const lines = linesOf(text, source);
      if (!lines) throw new Error(`not found in the PDF's text: ${source}`);
      const boundaries = wordBoundaries(source);
      let offset = 0;
      for (const line of lines.slice(0, -1)) {
        offset += line.length;
        if (!boundaries.has(offset)) {
          throw new Error(
            `a line breaks inside a word: …${line.slice(-12)}|${source.slice(offset)}`,
          );
        }
      }
    }
    expect(text).toContain('บันทึกการรับรอง');
  });

  it('the Thai record PDF carries the chain head, its signature and how to verify them', async () => {
    const record = (await client.get(focal.THA, `/statements/${id}/record`)).body;
    const text = await pdf('th');
    expect(text).toContain('ประวัติที่ลงนามรับรอง');
    expect(text).toContain(record.chainHead.hash);
    expect(linesOf(text, record.chainHead.signature)).not.toBeNull();
    expect(text).toContain(record.chainHead.keyId);
    const verifyLine = `ตรวจสอบได้ที่ GET /api/v1/statements/${id}/verify หรือ npm run verify -- --witness <บันทึกนี้> กุญแจสาธารณะอยู่ที่ /api/v1/keys`;
    expect(linesOf(text, verifyLine)).not.toBeNull();
    // Both times of Malaysia's back-dated endorsement (in UTC+07:00), in its row's date cell.
    expect(text).toContain('มีผล 2026-03-04 09:00');
    expect(text).toContain('บันทึกเมื่อ 2026-03-06 10:00');
  });

  it('the English record PDF carries the chain head, the verify line and both times', async () => {
    const record = (await client.get(focal.THA, `/statements/${id}/record`)).body;
    const text = await pdf('en');
    expect(text).toContain('Signed history');
    expect(text).toContain(record.chainHead.hash);
    expect(linesOf(text, record.chainHead.signature)).not.toBeNull();
    const verifyLine = `Verify: GET /api/v1/statements/${id}/verify, or npm run verify -- --witness <this record>; public keys at /api/v1/keys.`;
    expect(linesOf(text, verifyLine)).not.toBeNull();
    expect(text).toContain('effective 2026-03-04 09:00');
    expect(text).toContain('recorded 2026-03-06 10:00');
    expect(text).toContain('Annex C. The history of the statement');
    // The English PDF shows the Thai title too, as the second title.
    expect(linesOf(text, TITLE_TH)).not.toBeNull();
    expect(text).not.toContain(GARBLED);
  });

  it('the PDF file itself is a witness: its metadata hold the chain head line', async () => {
    const record = (await client.get(focal.THA, `/statements/${id}/record`)).body;
    const { seq, hash, keyId, signature } = record.chainHead;
    const bytes = (await pdfBytes('en')).toString('latin1');
    expect(bytes).toContain(
      `chain head: statement ${id} seq ${seq} hash ${hash} key ${keyId} signature ${signature}`,
    );
  });

  it('the record of an imported statement says when it was imported from the records', async () => {
    t.clock.set('2026-03-10T03:00:00Z');
    const file = JSON.parse(readFileSync(WORK_LIFE_BALANCE_2024, 'utf8'));
    const imported = await t.http
      .post('/api/v1/statements/import')
      .set(auth(client.admin))
      .send(file);
    expect(imported.status).toBe(201);
    const importedId = imported.body.id;

    const record = (await client.get(focal.THA, `/statements/${importedId}/record`)).body;
    expect(record.statement.importedAt).toBe('2026-03-10T03:00:00.000Z');
    expect(record.history.length).toBeGreaterThan(10);
    expect(record.history.every((e: any) => e.imported === true)).toBe(true);
    // Acts of 2024 recorded in 2026: both times are kept.
    expect(record.history[0].at.startsWith('2024-')).toBe(true);
    expect(record.history[0].recordedAt).toBe('2026-03-10T03:00:00.000Z');

    const csv = (
      await client.getBytes(focal.THA, `/statements/${importedId}/record.csv`)
    ).body.toString();
    expect(csv).toContain('\r\n# imported from the records on 2026-03-10T03:00:00.000Z\r\n');
    expect(csv).toContain(`# chain head: statement ${importedId} seq ${record.chainHead.seq} `);

    const english = await pdf('en', importedId, 'imported');
    expect(english).toContain('Imported from the records on 2026-03-10 10:00 (UTC+07:00)');
    expect(english).toContain('(imported)');
    const thai = await pdf('th', importedId, 'imported');
    expect(thai).toContain('นำเข้าจากบันทึกเดิมเมื่อ 2026-03-10 10:00 (UTC+07:00)');
    expect(linesOf(thai, file.titleTh)).not.toBeNull();
  });
});

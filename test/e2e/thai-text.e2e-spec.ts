import { createHash } from 'node:crypto';
import { AdrefClient, User } from '../support/adref-client';
import { createTestApp, TestApp } from '../support/test-app';

const TITLE_TH = 'ถ้อยแถลงอาเซียนว่าด้วยการเสริมสร้างกลยุทธ์ด้านสุขภาพจิต';
// Thai with tone marks and above/below vowels (combining characters), Thai digits, CRLF and
// LF line ends, a decomposed é, and a character outside the BMP: none may be normalised.
const BODY_V1 = [
  'ถ้อยแถลงอาเซียนว่าด้วยการเสริมสร้างกลยุทธ์ด้านสุขภาพจิตและสุขภาวะ',
  'เพื่อมุ่งสู่ความสมดุลระหว่างการทำงานและการใช้ชีวิตในภาครัฐ',
  '',
  '๑. ผู้นำราชการพลเรือนอาเซียน ตระหนักถึงความสำคัญของสุขภาวะของข้าราชการ\r',
  '๒. ส่งเสริมนโยบายที่ยืดหยุ่น — café (cafe\u0301) 🙏',
].join('\n');
const BODY_V2 = `${BODY_V1}\n๓. เห็นพ้องให้ติดตามผลการดำเนินงานทุกสองปี`;

const sha256 = (text: string) => createHash('sha256').update(text, 'utf8').digest('hex');
const bytes = (text: string) => Buffer.from(text, 'utf8');

// Texts in Thai come back byte for byte, and the version hash is sha256 of their UTF-8 bytes.
describe('l. Thai text', () => {
  let t: TestApp;
  let client: AdrefClient;
  let cambodia: User;
  let thai: User;
  let id: string;

  const read = async (path: string) => {
    const response = await client.get(thai, path);
    expect(response.status).toBe(200);
    return response.body;
  };

  beforeAll(async () => {
    t = await createTestApp('2026-03-02T02:00:00Z');
    client = new AdrefClient(t);
    cambodia = await client.user('chair_secretariat', 'KHM');
    thai = await client.user('focal_point', 'THA');
  });
  afterAll(() => t.close());

  it('a statement with a Thai title and body is created with the sha256 of the UTF-8 body', async () => {
    const created = await client.createStatement(cambodia, {
      framework: 'ACCSM',
      title: 'ASEAN Statement on Strengthening Government Strategies on Mental Health',
      titleTh: TITLE_TH,
      body: BODY_V1,
    });
    expect(created.status).toBe(201);
    id = created.body.id;
    expect(created.body.currentVersion).toEqual({ number: 1, hash: sha256(BODY_V1) });
  });

  it('GET returns the Thai title byte for byte, and the history records it', async () => {
    const statement = await read(`/statements/${id}`);
    expect(bytes(statement.titleTh).equals(bytes(TITLE_TH))).toBe(true);
    const board = await read('/statements?framework=ACCSM');
    expect(board.items.find((s: { id: string }) => s.id === id).titleTh).toBe(TITLE_TH);
    const history = await read(`/statements/${id}/history`);
    expect(history.events[0].payload.titleTh).toBe(TITLE_TH);
  });

  it('GET /versions/1 returns the same body, byte for byte, and the same hash', async () => {
    const version = await read(`/statements/${id}/versions/1`);
    expect(bytes(version.body).equals(bytes(BODY_V1))).toBe(true);
    expect(version.body.normalize('NFC')).not.toBe(version.body); // the decomposed é survived
    expect(version.hash).toBe(sha256(BODY_V1));
  });

  it('editing keeps the new Thai text byte for byte, and version 1 unchanged', async () => {
    const edited = await client.text(cambodia, id, {
      body: BODY_V2,
      note: 'เพิ่มข้อ ๓ ตามข้อคิดเห็นของไทย',
    });
    expect(edited.status).toBe(200);
    expect(edited.body.currentVersion).toEqual({ number: 2, hash: sha256(BODY_V2) });
    const v2 = await read(`/statements/${id}/versions/2`);
    expect(bytes(v2.body).equals(bytes(BODY_V2))).toBe(true);
    expect(v2.note).toBe('เพิ่มข้อ ๓ ตามข้อคิดเห็นของไทย');
    const v1 = await read(`/statements/${id}/versions/1`);
    expect(bytes(v1.body).equals(bytes(BODY_V1))).toBe(true);
    const diff = await read(`/statements/${id}/versions/1/diff/2`);
    expect(diff.patch).toContain('\n+๓. เห็นพ้องให้ติดตามผลการดำเนินงานทุกสองปี');
    expect(diff.changes[0]).toEqual({
      type: 'unchanged',
      value: BODY_V1.slice(0, BODY_V1.lastIndexOf('\n') + 1),
    });
  });

  it('the hash is stable across reads', async () => {
    const hashes = [];
    for (let i = 0; i < 3; i += 1) {
      hashes.push((await read(`/statements/${id}`)).currentVersion.hash);
      hashes.push((await read(`/statements/${id}/versions/2`)).hash);
    }
    const listed = await read(`/statements/${id}/versions`);
    hashes.push(listed[1].hash);
    expect(new Set(hashes)).toEqual(new Set([sha256(BODY_V2)]));
  });

  it('a position given on the Thai text binds to that hash and keeps its Thai reservation', async () => {
    await client.expectEvent(cambodia, id, { type: 'SUBMIT_TO_SOM' });
    await client.expectEvent(cambodia, id, { type: 'APPROVE_IN_PRINCIPLE' });
    const opened = await client.expectEvent(cambodia, id, {
      type: 'OPEN_AD_REFERENDUM',
      deadline: '2026-04-30T17:00:00+07:00',
      silenceRule: 'explicit',
    });
    expect(opened.round.version).toEqual({ number: 2, hash: sha256(BODY_V2) });
    const reservation = 'ประเทศไทยขอสงวนท่าทีในข้อ ๒ ตามกฎหมายภายใน';
    const answered = await client.expectPosition(thai, id, {
      member: 'THA',
      position: 'endorse_with_reservation',
      versionHash: sha256(BODY_V2),
      text: reservation,
    });
    const recorded = answered.round.positions.find((p: { member: string }) => p.member === 'THA');
    expect(bytes(recorded.text).equals(bytes(reservation))).toBe(true);
  });
});

import { AdrefClient, User } from '../support/adref-client';
import { pdfToText } from '../support/pdf-text';
import { createTestApp, TestApp } from '../support/test-app';

interface Meeting {
  id: string;
  frameworkCode: string;
  kind: string;
  ordinal: number | null;
}

const LABEL_EN = '20th ACCSM SOM, Chiang Rai, Thailand, 22–24 April 2019';
const LABEL_TH =
  'การประชุมเจ้าหน้าที่อาวุโส (SOM) ACCSM ครั้งที่ 20, Chiang Rai, Thailand, 22–24 เมษายน 2562';

// Meetings are reference records (DESIGN.md §6): APPROVE_IN_PRINCIPLE and ADOPT_AT_MEETING name
// one by id; the record shows it with its ordinal, kind, place and dates.
describe('a meeting named by id', () => {
  let t: TestApp;
  let client: AdrefClient;
  let thailand: User;
  let focal: User;
  let som20: Meeting;
  let plusThreeSom: Meeting;

  const inSomReview = async (title: string): Promise<string> => {
    const created = await client.createStatement(thailand, {
      framework: 'ACCSM',
      title,
      body: `Text of ${title}`,
    });
    expect(created.status).toBe(201);
    await client.expectEvent(thailand, created.body.id, { type: 'SUBMIT_TO_SOM' });
    return created.body.id;
  };

  beforeAll(async () => {
    // The 20th ACCSM SOM sat in Chiang Rai, 22–24 April 2019, under the Thai chair.
    t = await createTestApp('2019-04-23T03:00:00Z');
    client = new AdrefClient(t);
    thailand = await client.user('chair_secretariat', 'THA');
    focal = await client.user('focal_point', 'THA');
    const meetings = (await client.get(focal, '/reference/meetings')).body as Meeting[];
    som20 = meetings.find(
      (m) => m.frameworkCode === 'ACCSM' && m.kind === 'SOM' && m.ordinal === 20,
    )!;
    plusThreeSom = meetings.find((m) => m.frameworkCode === 'ACCSM+3' && m.kind === 'SOM')!;
    expect(som20).toBeDefined();
    expect(plusThreeSom).toBeDefined();
  });
  afterAll(() => t.close());

  it('refuses both a meetingId and meeting text, an unknown meetingId, and a meeting of another framework, with 422 codes', async () => {
    const id = await inSomReview('Refused meetings');
    const before = await client.counts();
    const both = await client.event(thailand, id, {
      type: 'APPROVE_IN_PRINCIPLE',
      meetingId: som20.id,
      meeting: '20th SOM',
    });
    expect(both.status).toBe(422);
    expect(both.body.code).toBe('meeting_given_twice');
    const unknown = await client.event(thailand, id, {
      type: 'ADOPT_AT_MEETING',
      meetingId: '00000000-0000-4000-8000-000000000000',
    });
    expect(unknown.status).toBe(422);
    expect(unknown.body.code).toBe('unknown_meeting');
    const other = await client.event(thailand, id, {
      type: 'ADOPT_AT_MEETING',
      meetingId: plusThreeSom.id,
    });
    expect(other.status).toBe(422);
    expect(other.body).toMatchObject({
      code: 'meeting_of_other_framework',
      details: { framework: 'ACCSM+3' },
    });
    const malformed = await client.event(thailand, id, {
      type: 'ADOPT_AT_MEETING',
      meetingId: 'the 20th SOM',
    });
    expect(malformed.status).toBe(400);
    expect(await client.counts()).toEqual(before);
  });

  it('free text stays possible for a meeting not yet in the reference data', async () => {
    const id = await inSomReview('Approved at an unrecorded meeting');
    const approved = await client.expectEvent(thailand, id, {
      type: 'APPROVE_IN_PRINCIPLE',
      meeting: '20th ACCSM Preparatory Meeting',
    });
    expect(approved.state).toBe('approved_in_principle');
  });

  it('adopted at the 20th SOM by id: the history, the statement view and the record (JSON, CSV, PDF) name the meeting', async () => {
    const id = await inSomReview('ASEAN Statement on an Agile Civil Service');
    const adopted = await client.expectEvent(thailand, id, {
      type: 'ADOPT_AT_MEETING',
      meetingId: som20.id,
    });
    expect(adopted.state).toBe('adopted');
    expect(adopted.adoption).toMatchObject({
      basis: 'meeting',
      meeting: null,
      meetingId: som20.id,
    });
    expect(adopted.adoptionMeeting).toMatchObject({
      id: som20.id,
      kind: 'SOM',
      ordinal: 20,
      labelEn: LABEL_EN,
      labelTh: LABEL_TH,
    });

    const history = (await client.history(focal, id)).body;
    const act = history.events.find((e: { type: string }) => e.type === 'ADOPT_AT_MEETING');
    expect(act.payload).toMatchObject({ meetingId: som20.id });
    expect(history.meetings).toEqual([
      expect.objectContaining({ id: som20.id, labelEn: LABEL_EN }),
    ]);

    const record = (await client.get(focal, `/statements/${id}/record`)).body;
    expect(record.adoption).toMatchObject({
      basis: 'meeting',
      meeting: null,
      meetingRecord: {
        id: som20.id,
        dateFrom: '2019-04-22',
        dateTo: '2019-04-24',
        labelEn: LABEL_EN,
      },
    });

    const csv = (await client.getBytes(focal, `/statements/${id}/record.csv`)).body.toString(
      'utf8',
    );
    expect(csv).toContain(`# adopted at: ${LABEL_EN}`);

    const english = pdfToText(
      (await client.getBytes(focal, `/statements/${id}/record.pdf?lang=en`)).body,
    );
    expect(english.replace(/\s+/g, ' ')).toContain(LABEL_EN);
    const thai = pdfToText(
      (await client.getBytes(focal, `/statements/${id}/record.pdf?lang=th`)).body,
    );
    expect(thai.replace(/\s+/g, '')).toContain('ครั้งที่20');
    expect(thai.replace(/\s+/g, '')).toContain('22–24เมษายน2562');
  });
});

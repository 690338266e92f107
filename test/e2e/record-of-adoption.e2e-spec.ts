import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { AdrefClient, ASEAN_MEMBERS_2026, User } from '../support/adref-client';
import { createTestApp, TestApp } from '../support/test-app';

const ARTIFACTS = resolve(__dirname, '../../artifacts');
const DEADLINE = '2026-04-01T17:00:00+07:00';
const EXTENDED = '2026-04-15T17:00:00+07:00';
const RESERVATION = 'Singapore reads <b>paragraph 5</b> as subject to its national legislation.';
const NOTE_VERBALE = 'Note verbale No. 0123/2026 of 10 March 2026';

// Positions history and the record of adoption (JSON, CSV, PDF) read by people and the pages.
describe('positions history and record of adoption', () => {
  let t: TestApp;
  let client: AdrefClient;
  let chair: User;
  let focal: Record<string, User>;

  beforeAll(async () => {
    t = await createTestApp('2026-03-02T02:00:00Z');
    client = new AdrefClient(t);
    chair = await client.user('chair_secretariat', 'KHM');
    focal = await client.focalPoints(ASEAN_MEMBERS_2026);
  });
  afterAll(() => t.close());

  // Each it builds its own statement from these steps, so it runs alone and in any order.
  // Each step sets the clock it needs: the dates are part of what the record shows.
  async function openStatement(): Promise<{ id: string; hash: string }> {
    t.clock.set('2026-03-02T02:00:00Z');
    const opened = await client.openRound(chair, {
      deadline: DEADLINE,
      title: 'ASEAN Statement on Digital Public Services',
    });
    return { id: opened.id, hash: opened.currentVersion.hash };
  }

  // Thailand objects then endorses, Malaysia endorses by note verbale, Singapore with a reservation.
  async function statementWithPositions(): Promise<{ id: string; hash: string }> {
    const { id, hash } = await openStatement();
    t.clock.set('2026-03-05T03:00:00Z');
    await client.expectPosition(focal.THA, id, {
      member: 'THA',
      position: 'object',
      versionHash: hash,
      text: 'Paragraph 3 commits budgets Thailand has not approved.',
    });
    t.clock.set('2026-03-06T03:00:00Z');
    // Malaysia's note verbale arrived that morning; the secretariat records it with its date.
    await client.expectPosition(chair, id, {
      member: 'MYS',
      position: 'endorse',
      versionHash: hash,
      reference: NOTE_VERBALE,
      at: '2026-03-06T09:00:00+07:00',
    });
    await client.expectPosition(focal.SGP, id, {
      member: 'SGP',
      position: 'endorse_with_reservation',
      versionHash: hash,
      text: RESERVATION,
    });
    // Thailand withdraws its objection by endorsing.
    await client.expectPosition(focal.THA, id, {
      member: 'THA',
      position: 'endorse',
      versionHash: hash,
    });
    return { id, hash };
  }

  // The deadline is extended and the other members endorse on 20 March; returns the last answer.
  async function endorseByTheRest(id: string, hash: string): Promise<Record<string, any>> {
    await client.expectEvent(chair, id, { type: 'EXTEND_DEADLINE', deadline: EXTENDED });
    t.clock.set('2026-03-20T03:00:00Z');
    let last: Record<string, any> = {};
    for (const member of ASEAN_MEMBERS_2026.filter((m) => !['THA', 'SGP', 'MYS'].includes(m)))
      last = await client.expectPosition(focal[member], id, {
        member,
        position: 'endorse',
        versionHash: hash,
      });
    return last;
  }

  async function adoptedStatement(): Promise<{ id: string; hash: string }> {
    const { id, hash } = await statementWithPositions();
    await endorseByTheRest(id, hash);
    return { id, hash };
  }

  it('refuses the record with 409 and a clear message before adoption', async () => {
    const { id } = await openStatement();
    for (const suffix of ['record', 'record.csv', 'record.pdf']) {
      const response = await client.get(focal.THA, `/statements/${id}/${suffix}`);
      expect(response.status).toBe(409);
      expect(response.body.code).toBe('not_adopted');
      expect(response.body.message).toBe(
        'there is no record of adoption: the statement is ad_referendum, not adopted',
      );
    }
  });

  it('keeps every position, superseded ones included, with who recorded it and on whose behalf', async () => {
    const { id, hash } = await statementWithPositions();
    const response = await client.get(focal.VNM, `/statements/${id}/positions`);
    expect(response.status).toBe(200);
    expect(response.body.statementId).toBe(id);
    expect(response.body.rounds).toHaveLength(1);
    const [round] = response.body.rounds;
    expect(round).toMatchObject({
      number: 1,
      versionNumber: 1,
      versionHash: hash,
      silenceRule: 'explicit',
      electorate: [...ASEAN_MEMBERS_2026].sort(),
      closedAt: null,
      outcome: null,
    });
    expect(round.positions.map((p: any) => [p.member, p.position, p.current])).toEqual([
      ['THA', 'object', false],
      ['MYS', 'endorse', true],
      ['SGP', 'endorse_with_reservation', true],
      ['THA', 'endorse', true],
    ]);
    const [objection, onBehalf] = round.positions;
    expect(objection).toMatchObject({
      text: 'Paragraph 3 commits budgets Thailand has not approved.',
      supersededAt: '2026-03-06T03:00:00.000Z',
      onBehalf: false,
      recordedBy: { id: focal.THA.id, role: 'focal_point', member: 'THA' },
    });
    expect(objection.recordedBy.name).toMatch(/^focal_point THA/);
    expect(onBehalf).toMatchObject({
      onBehalf: true,
      reference: NOTE_VERBALE,
      takenAt: '2026-03-06T02:00:00.000Z',
      recordedAt: '2026-03-06T03:00:00.000Z',
      recordedBy: { id: chair.id, role: 'chair_secretariat', member: 'KHM' },
    });
    expect(JSON.stringify(response.body)).not.toMatch(/token|email/i);
  });

  it('gives the record once the last endorsement adopts the statement', async () => {
    const { id, hash } = await statementWithPositions();
    const last = await endorseByTheRest(id, hash);
    expect(last.state).toBe('adopted');

    const response = await client.get(focal.THA, `/statements/${id}/record`);
    expect(response.status).toBe(200);
    const record = response.body;
    expect(record.statement).toMatchObject({
      id,
      framework: 'ACCSM',
      frameworkNameEn: 'ASEAN Cooperation on Civil Service Matters',
      title: 'ASEAN Statement on Digital Public Services',
      titleTh: null,
    });
    expect(record.adoption).toEqual({
      date: '2026-03-20T03:00:00.000Z',
      basis: 'consensus',
      meeting: null,
      meetingRecord: null,
      roundNumber: 1,
    });
    expect(record.text).toMatchObject({ version: 1, hash });
    expect(record.text.body).toContain('Heads of Civil Service');
    expect(record.round).toMatchObject({
      number: 1,
      deadline: new Date(EXTENDED).toISOString(),
      previousDeadlines: [new Date(DEADLINE).toISOString()],
      silenceRule: 'explicit',
    });
    expect(record.members.map((m: any) => m.member)).toEqual([...ASEAN_MEMBERS_2026].sort());
    const thai = record.members.find((m: any) => m.member === 'THA');
    expect(thai).toMatchObject({
      nameEn: 'Thailand',
      nameTh: 'ไทย',
      position: 'endorse',
      takenAt: '2026-03-06T03:00:00.000Z',
      onBehalf: false,
    });
    expect(record.members.find((m: any) => m.member === 'MYS')).toMatchObject({
      position: 'endorse',
      onBehalf: true,
      reference: NOTE_VERBALE,
      takenAt: '2026-03-06T02:00:00.000Z',
      recordedBy: { id: chair.id },
    });
    expect(record.reservations).toEqual([
      {
        member: 'SGP',
        nameEn: 'Singapore',
        nameTh: 'สิงคโปร์',
        takenAt: '2026-03-06T03:00:00.000Z',
        text: RESERVATION,
      },
    ]);
  });

  it('exports the positions as CSV, one row per member', async () => {
    const { id, hash } = await adoptedStatement();
    const response = await client.getBytes(focal.THA, `/statements/${id}/record.csv`);
    expect(response.status).toBe(200);
    expect(response.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(response.headers['content-disposition']).toBe(
      `attachment; filename="record-of-adoption-${id.slice(0, 8)}.csv"`,
    );
    const text = (response.body as Buffer).toString('utf8');
    expect(text.startsWith('\uFEFF')).toBe(true);
    // Comment lines first (the chain head and how to verify it: see record-document.e2e-spec).
    const all = text.slice(1).trimEnd().split('\r\n');
    const lines = all.filter((line) => !/^"?#/.test(line));
    expect(all[0]).toBe('# record of adoption: ASEAN Statement on Digital Public Services');
    expect(lines[0]).toBe(
      'member,member_name_en,member_name_th,position,taken_at,recorded_at,recorded_by,on_behalf,reference,text,version_hash',
    );
    expect(lines).toHaveLength(12);
    expect(lines.find((l) => l.startsWith('THA,'))).toMatch(
      new RegExp(
        `^THA,Thailand,ไทย,endorse,2026-03-06T03:00:00.000Z,2026-03-06T03:00:00.000Z,focal_point THA \\d+,false,,,${hash}$`,
      ),
    );
    expect(lines.find((l) => l.startsWith('MYS,'))).toContain(`,true,${NOTE_VERBALE},,`);
    expect(lines.find((l) => l.startsWith('SGP,'))).toContain(`,endorse_with_reservation,`);
    expect(lines.find((l) => l.startsWith('SGP,'))).toContain(RESERVATION);
  });

  it('renders the record as a PDF, in English or Thai', async () => {
    const { id } = await adoptedStatement();
    for (const query of ['', '?lang=th']) {
      const response = await client.getBytes(focal.THA, `/statements/${id}/record.pdf${query}`);
      expect(response.status).toBe(200);
      expect(response.headers['content-type']).toBe('application/pdf');
      expect(response.headers['content-disposition']).toContain('.pdf"');
      const pdf = response.body as Buffer;
      expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
      expect(pdf.length).toBeGreaterThan(5000);
      // The Thai font is embedded (subset) so Thai names render anywhere.
      expect(pdf.toString('latin1')).toContain('Sarabun');
      // Kept for a person to look at (artifacts/ is not committed).
      mkdirSync(ARTIFACTS, { recursive: true });
      writeFileSync(join(ARTIFACTS, `record-of-adoption-api${query ? '-th' : ''}.pdf`), pdf);
    }
    const refused = await client.get(focal.THA, `/statements/${id}/record.pdf?lang=fr`);
    expect(refused.status).toBe(400);
  });

  it('answers 404 for an unknown statement and 400 for a malformed id', async () => {
    const unknown = '00000000-0000-4000-8000-000000000000';
    for (const suffix of ['positions', 'record', 'record.csv', 'record.pdf']) {
      expect((await client.get(focal.THA, `/statements/${unknown}/${suffix}`)).status).toBe(404);
      expect((await client.get(focal.THA, `/statements/not-a-uuid/${suffix}`)).status).toBe(400);
    }
    // Even a record that exists is not given without a token.
    const { id } = await adoptedStatement();
    expect((await t.http.get(`/api/v1/statements/${id}/record`)).status).toBe(401);
  });

  it('records consent deemed from silence, and a meeting adoption with the members of the day', async () => {
    t.clock.set('2026-05-01T02:00:00Z');
    const silent = await client.openRound(chair, {
      deadline: '2026-05-10T17:00:00+07:00',
      silenceRule: 'silence_is_consent',
      title: 'Silence statement',
    });
    await client.expectPosition(focal.THA, silent.id, {
      member: 'THA',
      position: 'endorse',
      versionHash: silent.currentVersion.hash,
    });
    await client.expectPosition(focal.LAO, silent.id, {
      member: 'LAO',
      position: 'clearance_pending',
      versionHash: silent.currentVersion.hash,
    });
    t.clock.set('2026-05-11T02:00:00Z');
    // A timer may already have delivered the deadline; either way the round awaits the chair:
    // Lao PDR's pending clearance is not consent. Its late endorsement then adopts by silence.
    await client.event(chair, silent.id, { type: 'DEADLINE_PASSED' });
    expect((await client.statement(chair, silent.id)).body.roundState).toBe('awaiting_decision');
    await client.expectPosition(focal.LAO, silent.id, {
      member: 'LAO',
      position: 'endorse',
      versionHash: silent.currentVersion.hash,
    });
    expect((await client.statement(chair, silent.id)).body.state).toBe('adopted');
    const record = (await client.get(chair, `/statements/${silent.id}/record`)).body;
    expect(record.adoption).toMatchObject({ basis: 'silence', roundNumber: 1 });
    const standing = Object.fromEntries(record.members.map((m: any) => [m.member, m.position]));
    expect(standing.THA).toBe('endorse');
    expect(standing.LAO).toBe('endorse');
    expect(Object.values(standing).filter((p) => p === 'deemed_consent')).toHaveLength(9);

    const created = await client.createStatement(chair, {
      framework: 'ACCSM',
      title: 'Adopted at the meeting',
      body: 'Text agreed in the room.',
    });
    await client.expectEvent(chair, created.body.id, { type: 'SUBMIT_TO_SOM' });
    await client.expectEvent(chair, created.body.id, {
      type: 'ADOPT_AT_MEETING',
      meeting: '23rd SOM-ACCSM, Siem Reap',
    });
    const meeting = (await client.get(chair, `/statements/${created.body.id}/record`)).body;
    expect(meeting.adoption).toMatchObject({
      basis: 'meeting',
      meeting: '23rd SOM-ACCSM, Siem Reap',
    });
    expect(meeting.round).toBeNull();
    expect(meeting.members).toHaveLength(11);
    expect(meeting.members.every((m: any) => m.position === 'adopted_at_meeting')).toBe(true);
    expect(meeting.text).toMatchObject({ version: 1, body: 'Text agreed in the room.' });
  });
});

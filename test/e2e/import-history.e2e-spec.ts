import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { DataSource } from 'typeorm';
import { AdrefClient, auth, User } from '../support/adref-client';
import { createTestApp, TestApp } from '../support/test-app';

const IMPORTS = join(__dirname, '../../scripts/imports');
const read = (name: string): Record<string, any> =>
  JSON.parse(readFileSync(join(IMPORTS, `${name}.json`), 'utf8'));
const GOOD_GOVERNANCE = 'accsm-2019-good-governance';
const WORK_LIFE_BALANCE = 'accsm-2024-work-life-balance';

/** Row counts of every table of the schema: an import refused must change none of them. */
export async function allCounts(dataSource: DataSource): Promise<Record<string, number>> {
  const tables: { name: string }[] = await dataSource.query(
    `SELECT table_name AS name FROM information_schema.tables
     WHERE table_schema = 'public' AND table_type = 'BASE TABLE' ORDER BY table_name`,
  );
  const counts: Record<string, number> = {};
  for (const { name } of tables) {
    const [row] = await dataSource.query(`SELECT count(*)::int AS n FROM "${name}"`);
    counts[name] = row.n;
  }
  return counts;
}

// Statements adopted before adref enter by import: one transaction through the machine, marked
// imported, with no notice and no timer (issue 7, item 2).
describe('importing history (POST /statements/import)', () => {
  let t: TestApp;
  let client: AdrefClient;
  let cambodia: User;
  let focal: User;

  beforeAll(async () => {
    t = await createTestApp('2026-11-22T03:00:00Z');
    client = new AdrefClient(t);
    cambodia = await client.user('chair_secretariat', 'KHM');
    focal = await client.user('focal_point', 'THA');
  });
  afterAll(() => t.close());

  const importFile = (body: unknown, user: User = client.admin) =>
    t.http
      .post('/api/v1/statements/import')
      .set(auth(user))
      .send(body as object);

  /** The statement of a real file: imported now, or found by the 409 of an earlier import. */
  const imported = async (name: string): Promise<string> => {
    const response = await importFile(read(name));
    if (response.status === 201) return response.body.id;
    if (response.status === 409) return response.body.details.statementId;
    throw new Error(`import of ${name} refused: ${response.status} ${response.text}`);
  };

  const historyOf = async (id: string) => (await client.history(client.admin, id)).body.events;

  const rowsOf = async (table: string, id: string): Promise<number> => {
    const [row] = await t.dataSource.query(
      `SELECT count(*)::int AS n FROM ${table} WHERE statement_id = $1`,
      [id],
    );
    return row.n;
  };

  it('imports the 2019 statement, adopted at the 20th SOM in Chiang Rai, without a notice or timer', async () => {
    const response = await importFile(read(GOOD_GOVERNANCE));
    expect(response.status).toBe(201);
    const view = response.body;
    expect(view).toMatchObject({
      state: 'adopted',
      framework: 'ACCSM',
      importKey: GOOD_GOVERNANCE,
      title:
        'ASEAN Statement on Promotion of Good Governance and Acceleration of An Agile Civil Service in A Digital Economy',
      adoption: { basis: 'meeting', date: '2019-04-24T04:00:00.000Z', roundNumber: null },
      round: null,
    });
    // Named by id from the reference data, shown with ordinal, kind, place and dates.
    expect(view.adoption.meetingId).toBe(view.adoptionMeeting.id);
    expect(view.adoptionMeeting.labelEn).toBe(
      '20th ACCSM SOM, Chiang Rai, Thailand, 22–24 April 2019',
    );

    const events = await historyOf(view.id);
    expect(events.map((e: any) => e.type)).toEqual([
      'CREATED',
      'SUBMIT_TO_SOM',
      'ADOPT_AT_MEETING',
    ]);
    expect(events.every((e: any) => e.payload.imported === true)).toBe(true);
    expect(events[0].at).toBe('2019-03-01T02:00:00.000Z');
    expect(events[0].actorLabel).toContain('Thailand (ACCSM chair)');
    expect(events[0].payload.import).toMatchObject({ key: GOOD_GOVERNANCE });
    expect(events[0].payload.import.illustrative.length).toBeGreaterThan(0);

    const [row] = await t.dataSource.query(
      'SELECT import_key, imported_at FROM statements WHERE id = $1',
      [view.id],
    );
    expect(row.import_key).toBe(GOOD_GOVERNANCE);
    expect(new Date(row.imported_at).toISOString()).toBe(t.clock.now().toISOString());
    expect(await rowsOf('outbox_messages', view.id)).toBe(0);
    expect(await rowsOf('timers', view.id)).toBe(0);
    const version = await client.get(client.admin, `/statements/${view.id}/versions/1`);
    expect(version.body.body).toContain('ILLUSTRATIVE TEXT');
  });

  it('imports the 2024 statement: approved in principle on 7 August 2024, adopted by the 10 members of the day', async () => {
    const response = await importFile(read(WORK_LIFE_BALANCE));
    expect(response.status).toBe(201);
    const view = response.body;
    expect(view.state).toBe('adopted');
    expect(view.adoption).toMatchObject({
      basis: 'consensus',
      date: '2024-09-13T03:00:00.000Z',
      roundNumber: 1,
      deemedConsent: [],
    });
    expect(view.round.electorate).toHaveLength(10);
    expect(view.round.electorate).not.toContain('TLS');
    expect(view.round.tally).toMatchObject({ endorsed: 10, electorate: 10 });
    expect(view.round.outcome).toBe('adopted');

    const events = await historyOf(view.id);
    expect(events).toHaveLength(14);
    expect(events.every((e: any) => e.payload.imported === true)).toBe(true);
    const approval = events.find((e: any) => e.type === 'APPROVE_IN_PRINCIPLE');
    expect(approval.at).toBe('2024-08-07T02:00:00.000Z');
    expect(approval.actorLabel).toContain('Brunei Darussalam (ACCSM chair)');
    const opening = events.find((e: any) => e.type === 'OPEN_AD_REFERENDUM');
    expect(opening.actorLabel).toContain('Cambodia (ACCSM chair)');
    expect(opening.payload.electorate).toHaveLength(10);
    expect(events.every((e: any) => e.recordedAt === t.clock.now().toISOString())).toBe(true);

    // Rounds and positions are written as in a live round; notices and timers are not.
    expect(await rowsOf('rounds', view.id)).toBe(1);
    expect(await rowsOf('positions', view.id)).toBe(10);
    expect(await rowsOf('outbox_messages', view.id)).toBe(0);
    expect(await rowsOf('timers', view.id)).toBe(0);
    const positions = view.round.positions;
    expect(positions.filter((p: any) => p.onBehalf)).toHaveLength(9);
    expect(positions.find((p: any) => p.member === 'MYS').reference).toContain('illustrative');

    const board = await client.get(client.admin, '/statements?overdue=true');
    expect(board.body.total).toBe(0);
  });

  it('imports a history that verify replays to the stored state', async () => {
    for (const id of [await imported(GOOD_GOVERNANCE), await imported(WORK_LIFE_BALANCE)]) {
      const verification = await client.get(client.admin, `/statements/${id}/verify`);
      expect(verification.status).toBe(200);
      expect(verification.body).toMatchObject({ valid: true, problems: [] });
    }
  });

  it('answers a repeat with 409 already_imported and the existing id, and stores nothing', async () => {
    const id = await imported(GOOD_GOVERNANCE);
    const before = await allCounts(t.dataSource);
    const response = await importFile(read(GOOD_GOVERNANCE));
    expect(response.status).toBe(409);
    expect(response.body).toMatchObject({
      code: 'already_imported',
      details: { statementId: id, importKey: GOOD_GOVERNANCE },
    });
    expect(await allCounts(t.dataSource)).toEqual(before);
  });

  it('is for admins only: a chair secretariat or a focal point gets 403', async () => {
    const file = { ...read(GOOD_GOVERNANCE), importKey: 'accsm-2019-not-by-an-admin' };
    const before = await allCounts(t.dataSource);
    for (const user of [cambodia, focal]) {
      const response = await importFile(file, user);
      expect(response.status).toBe(403);
    }
    expect(await allCounts(t.dataSource)).toEqual(before);
  });

  it('is its own route: GET /statements/import is read as GET /statements/:id, not as an import', async () => {
    const get = await client.get(client.admin, '/statements/import');
    expect(get.status).toBe(400);
    expect(get.body.message).toContain('UUID');
  });

  it('imports a longer history: revision, a round revised, an extension and adoption by silence', async () => {
    const chair = { by: 'KHM' };
    const file = {
      format: 'adref-import/1',
      importKey: 'test-2025-revised-and-silent',
      framework: 'ACCSM',
      title: 'ASEAN Statement on Test Matters (imported)',
      versions: [
        { number: 1, body: 'First draft.' },
        { number: 2, body: 'Second draft, after SOM.', note: 'SOM comments' },
        { number: 3, body: 'Third text, meeting the objection.', note: 'Revised for MYS' },
      ],
      events: [
        { type: 'CREATED', at: '2025-02-03T09:00:00+07:00', ...chair },
        { type: 'SUBMIT_TO_SOM', at: '2025-03-03T09:00:00+07:00', ...chair },
        { type: 'RETURN_FOR_REVISION', at: '2025-03-04T09:00:00+07:00', note: 'Shorter', ...chair },
        { type: 'EDIT_TEXT', at: '2025-03-10T09:00:00+07:00', version: 2, ...chair },
        { type: 'SUBMIT_TO_SOM', at: '2025-04-01T09:00:00+07:00', ...chair },
        { type: 'APPROVE_IN_PRINCIPLE', at: '2025-04-02T09:00:00+07:00', ...chair },
        {
          type: 'OPEN_AD_REFERENDUM',
          at: '2025-05-01T09:00:00+07:00',
          deadline: '2025-05-31T17:00:00+07:00',
          silenceRule: 'silence_is_consent',
          ...chair,
        },
        {
          type: 'RECORD_POSITION',
          at: '2025-05-05T09:00:00+07:00',
          member: 'MYS',
          position: 'object',
          text: 'Paragraph 2 goes too far',
        },
        { type: 'REVISE', at: '2025-05-10T09:00:00+07:00', version: 3, ...chair },
        {
          type: 'OPEN_AD_REFERENDUM',
          at: '2025-05-15T09:00:00+07:00',
          deadline: '2025-06-15T17:00:00+07:00',
          silenceRule: 'silence_is_consent',
          ...chair,
        },
        {
          type: 'RECORD_POSITION',
          at: '2025-05-20T09:00:00+07:00',
          member: 'MYS',
          position: 'endorse_with_reservation',
          text: 'On the understanding that paragraph 2 is voluntary',
          reference: 'Note verbale 12/2025',
          ...chair,
        },
        {
          type: 'EXTEND_DEADLINE',
          at: '2025-06-10T09:00:00+07:00',
          deadline: '2025-06-30T17:00:00+07:00',
          ...chair,
        },
        {
          type: 'RECORD_POSITION',
          at: '2025-06-12T09:00:00+07:00',
          member: 'THA',
          position: 'endorse',
        },
        { type: 'DEADLINE_PASSED', at: '2025-06-30T17:00:00+07:00' },
      ],
    };
    const response = await importFile(file);
    expect(response.status).toBe(201);
    const view = response.body;
    expect(view).toMatchObject({
      state: 'adopted',
      currentVersion: { number: 3 },
      adoption: { basis: 'silence', date: '2025-06-30T10:00:00.000Z', roundNumber: 2 },
    });
    expect(view.adoption.deemedConsent).toHaveLength(8);
    expect(view.round.deadlineHistory).toHaveLength(2);
    const versions = (await client.get(client.admin, `/statements/${view.id}/versions`)).body;
    expect(versions.map((v: any) => [v.number, v.note])).toEqual([
      [1, 'First draft'],
      [2, 'SOM comments'],
      [3, 'Revised for MYS'],
    ]);
    expect(await rowsOf('rounds', view.id)).toBe(2);
    expect(await rowsOf('outbox_messages', view.id)).toBe(0);
    expect(await rowsOf('timers', view.id)).toBe(0);
    const verification = await client.get(client.admin, `/statements/${view.id}/verify`);
    expect(verification.body).toMatchObject({ valid: true, problems: [] });
  });

  /** The 2024 file under another key, changed by `edit`. */
  const variant = (edit: (file: Record<string, any>) => void): Record<string, any> => {
    const file = read(WORK_LIFE_BALANCE);
    file.importKey = `variant-${Math.random().toString(36).slice(2)}`;
    edit(file);
    return file;
  };
  const position = (member: string, at: string, extra: Record<string, unknown> = {}) => ({
    type: 'RECORD_POSITION',
    at,
    member,
    position: 'endorse',
    by: 'KHM',
    reference: `Note verbale ${member}`,
    ...extra,
  });

  const refusals: [string, () => Record<string, any>, number, string, string][] = [
    [
      'a position before the round opens',
      () => variant((f) => f.events.splice(3, 0, position('THA', '2024-08-20T10:00:00+07:00'))),
      3,
      'RECORD_POSITION',
      'event_not_allowed',
    ],
    [
      'a member not in the electorate of the day (Timor-Leste, an observer in 2024)',
      () => variant((f) => f.events.splice(4, 0, position('TLS', '2024-08-22T10:00:00+07:00'))),
      4,
      'RECORD_POSITION',
      'member_not_in_electorate',
    ],
    [
      'a deadline before the round opened',
      () => variant((f) => (f.events[3].deadline = '2024-08-20T17:00:00+07:00')),
      3,
      'OPEN_AD_REFERENDUM',
      'deadline_not_after_opening',
    ],
    [
      'a position on a version that was not circulated',
      () =>
        variant((f) => {
          f.versions.push({ number: 2, body: `${f.versions[0].body}\nFinal text.`, note: 'Final' });
          f.events.splice(3, 0, {
            type: 'EDIT_TEXT',
            at: '2024-08-20T10:00:00+07:00',
            version: 2,
            by: 'KHM',
          });
          f.events[5].version = 1;
        }),
      5,
      'RECORD_POSITION',
      'version_not_circulated',
    ],
    [
      'a round opened by the former chair after the handover',
      () => variant((f) => (f.events[3].by = 'BRN')),
      3,
      'OPEN_AD_REFERENDUM',
      'not_chair_on_day',
    ],
    [
      'an electorate that is not the reference data of the day',
      () => variant((f) => f.events[3].electorate.push('TLS')),
      3,
      'OPEN_AD_REFERENDUM',
      'electorate_differs',
    ],
    [
      'a history that ends inside an open round',
      () => variant((f) => f.events.splice(8)),
      7,
      'RECORD_POSITION',
      'ends_in_open_round',
    ],
    [
      'events out of time order',
      () => variant((f) => (f.events[2].at = '2024-08-04T10:00:00+08:00')),
      2,
      'APPROVE_IN_PRINCIPLE',
      'out_of_time_order',
    ],
    [
      'an act dated in the future',
      () => variant((f) => (f.events[13].at = '2026-12-01T10:00:00+07:00')),
      13,
      'RECORD_POSITION',
      'in_the_future',
    ],
    [
      'a meeting act on a day the meeting did not sit',
      () =>
        variant((f) => {
          f.events[1].at = '2024-08-07T09:00:00+08:00';
          f.events[2].at = '2024-08-08T10:00:00+08:00';
          f.events[2].by = 'KHM';
        }),
      2,
      'APPROVE_IN_PRINCIPLE',
      'not_during_meeting',
    ],
    [
      'a deadline passing before the deadline',
      () =>
        variant((f) =>
          f.events.splice(4, f.events.length, {
            type: 'DEADLINE_PASSED',
            at: '2024-09-01T00:00:00Z',
          }),
        ),
      4,
      'DEADLINE_PASSED',
      'not_at_deadline',
    ],
  ];

  it.each(refusals)(
    'refuses %s with 422 naming the event and the rule, and changes nothing',
    async (_name, build, index, type, rule) => {
      const before = await allCounts(t.dataSource);
      const response = await importFile(build());
      expect(response.status).toBe(422);
      expect(response.body).toMatchObject({
        code: 'import_refused',
        details: { event: { index, type }, rule },
      });
      expect(response.body.message).toContain(`events[${index}] ${type}`);
      expect(await allCounts(t.dataSource)).toEqual(before);
    },
  );

  it('refuses a malformed file with 400, field by field, and changes nothing', async () => {
    const before = await allCounts(t.dataSource);
    const file = variant((f) => {
      f.format = 'adref-import/0';
      delete f.versions[0].body;
      f.events[3].deadline = 'next Friday';
      f.events[5].member = 'Malaysia';
      f.events[6].versionHash = 'f'.repeat(64);
      f.events[7].colour = 'blue';
      f.events.push({ type: 'REMINDER_DUE', at: '2024-09-14T00:00:00Z' });
    });
    const response = await importFile(file);
    expect(response.status).toBe(400);
    const fields = response.body.details.fields.map((f: any) => f.field);
    expect(fields).toEqual(
      expect.arrayContaining([
        'format',
        'versions[0].body',
        'events[3].deadline',
        'events[5].member',
        'events[7].colour',
        'events[14].type',
      ]),
    );
    expect(await allCounts(t.dataSource)).toEqual(before);

    // Once the fields are right, what ties them together is checked: an unknown text hash.
    const unknownHash = await importFile(
      variant((f) => (f.events[6].versionHash = 'f'.repeat(64))),
    );
    expect(unknownHash.status).toBe(400);
    expect(unknownHash.body.details.fields).toEqual([
      { field: 'events[6].versionHash', problems: ['is the hash of no version in versions'] },
    ]);
    expect(await allCounts(t.dataSource)).toEqual(before);
  });
});

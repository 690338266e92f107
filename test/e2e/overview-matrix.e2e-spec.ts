import { Workbook } from 'exceljs';
import { AdrefClient, User } from '../support/adref-client';
import { seedOverview } from '../support/overview-seed';
import { createTestApp, TestApp } from '../support/test-app';

type Json = Record<string, any>;

/** RFC 4180, as the export writes it (quoted cells, doubled quotes, CRLF), without the BOM. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  const body = text.replace(/^\uFEFF/, '');
  for (let i = 0; i < body.length; i += 1) {
    const c = body[i];
    if (quoted && c === '"' && body[i + 1] === '"') {
      cell += '"';
      i += 1;
    } else if (c === '"') {
      quoted = !quoted;
    } else if (!quoted && c === ',') {
      row.push(cell);
      cell = '';
    } else if (!quoted && c === '\r' && body[i + 1] === '\n') {
      row.push(cell);
      rows.push(row);
      row = [];
      cell = '';
      i += 1;
    } else {
      cell += c;
    }
  }
  return rows;
}

const time = (value: string | null | undefined) => (value ? Date.parse(value) : null);

// The chair's matrix and the member's inbox, over more than fifty statements in every state,
// agree with each statement's own page; the exports hold the same cells.
describe('the matrix and the inbox (GET /frameworks/:code/matrix, /members/:code/inbox)', () => {
  let t: TestApp;
  let client: AdrefClient;
  let observer: User;
  let thai: User;
  let ids: string[];
  const pages = new Map<string, Json>();
  const histories = new Map<string, Json>();

  beforeAll(async () => {
    t = await createTestApp();
    client = new AdrefClient(t);
    ({ ids } = await seedOverview(t, client, {
      early: 12,
      drafting: 7,
      somReview: 5,
      approved: 4,
      open: 14,
      adopted: 3,
      withdrawn: 3,
      plusThree: 6,
    }));
    observer = await client.user('observer');
    thai = await client.user('focal_point', 'THA');
    for (const id of ids) {
      pages.set(id, (await client.statement(observer, id)).body);
      histories.set(id, (await client.get(observer, `/statements/${id}/positions`)).body);
    }
  }, 600_000);
  afterAll(() => t.close());

  const matrixOf = async (framework: string, query = 'pageSize=100') => {
    const response = await client.get(
      observer,
      `/frameworks/${encodeURIComponent(framework)}/matrix?${query}`,
    );
    expect(response.status).toBe(200);
    return response.body as Json;
  };

  /** The cell a statement's own page implies for a member. */
  const expectedCell = (page: Json, member: string) => {
    const round = page.round;
    if (!round) return { value: 'none', at: null, outstanding: false };
    if (!round.electorate.includes(member))
      return { value: 'not_in_electorate', at: null, outstanding: false };
    const position = round.positions.find((p: Json) => p.member === member);
    if (position) {
      return {
        value: position.position,
        at: time(position.at),
        outstanding: round.open && round.outstanding.includes(member),
      };
    }
    return round.open
      ? { value: 'outstanding', at: null, outstanding: true }
      : { value: 'none', at: null, outstanding: false };
  };

  it('seeds more than fifty statements in every state, across an accession', () => {
    expect(ids.length).toBeGreaterThan(50);
    const states = new Set([...pages.values()].map((p) => p.roundState ?? p.state));
    for (const state of [
      'drafting',
      'som_review',
      'approved_in_principle',
      'collecting',
      'blocked',
      'awaiting_decision',
      'adopted',
      'withdrawn',
    ]) {
      expect(states).toContain(state);
    }
  });

  it.each(['ACCSM', 'ACCSM+3'])(
    'the %s matrix agrees with every statement’s page, cell by cell, in the board’s order',
    async (framework) => {
      const matrix = await matrixOf(framework);
      const board = await client.get(
        observer,
        `/statements?framework=${encodeURIComponent(framework)}&pageSize=100`,
      );
      expect(matrix.total).toBe(board.body.total);
      expect(matrix.items.map((row: Json) => row.id)).toEqual(
        board.body.items.map((row: Json) => row.id),
      );
      const codes = matrix.members.map((m: Json) => m.code);
      expect(codes).toEqual([...codes].sort());
      let notInElectorate = 0;
      for (const row of matrix.items) {
        const page = pages.get(row.id)!;
        expect(row.state).toBe(page.state);
        expect(row.roundState).toBe(page.roundState);
        expect(row.currentVersion).toEqual(page.currentVersion);
        expect(time(row.deadline)).toBe(page.round?.open ? time(page.round.deadline) : null);
        expect(row.round?.number ?? null).toBe(page.round?.number ?? null);
        expect(row.round?.open ?? null).toBe(page.round?.open ?? null);
        expect(row.cells.map((c: Json) => c.member)).toEqual(codes);
        for (const cell of row.cells) {
          expect({
            member: cell.member,
            value: cell.value,
            at: time(cell.at),
            outstanding: cell.outstanding,
          }).toEqual({ member: cell.member, ...expectedCell(page, cell.member) });
          if (cell.value === 'not_in_electorate') notInElectorate += 1;
        }
        for (const member of page.round?.electorate ?? []) expect(codes).toContain(member);
      }
      if (framework === 'ACCSM') {
        // Rounds opened before 26 October 2025 did not have Timor-Leste among their electors.
        expect(notInElectorate).toBeGreaterThan(0);
        const tls = matrix.members.find((m: Json) => m.code === 'TLS');
        expect(tls.memberships).toEqual([{ from: '2025-10-26', to: null }]);
      } else {
        expect(codes).toEqual(expect.arrayContaining(['CHN', 'JPN', 'KOR']));
      }
    },
  );

  it('pages and filters as the board does', async () => {
    const all = await matrixOf('ACCSM');
    const second = await matrixOf('ACCSM', 'page=2&pageSize=10');
    expect(second).toMatchObject({ page: 2, pageSize: 10, total: all.total });
    expect(second.items.map((r: Json) => r.id)).toEqual(
      all.items.slice(10, 20).map((r: Json) => r.id),
    );
    const drafts = await matrixOf('ACCSM', 'state=drafting&pageSize=100');
    expect(drafts.total).toBe(all.items.filter((r: Json) => r.state === 'drafting').length);
    expect(drafts.items.every((r: Json) => r.state === 'drafting')).toBe(true);
    const open = await matrixOf('ACCSM', 'open=true&pageSize=100');
    expect(open.items.map((r: Json) => r.id)).toEqual(
      all.items.filter((r: Json) => r.state === 'ad_referendum').map((r: Json) => r.id),
    );
    for (const query of ['state=nonsense', 'open=maybe', 'pageSize=1000', 'page=0']) {
      const refused = await client.get(observer, `/frameworks/ACCSM/matrix?${query}`);
      expect(refused.status).toBe(400);
      expect(refused.body.code).toBe('invalid_input');
    }
  });

  it('each member’s inbox holds exactly what its pages say awaits it, nearest deadline first', async () => {
    const members = [
      'BRN',
      'KHM',
      'IDN',
      'LAO',
      'MYS',
      'MMR',
      'PHL',
      'SGP',
      'THA',
      'TLS',
      'VNM',
      'CHN',
      'JPN',
      'KOR',
    ];
    let clearance = 0;
    let older = 0;
    for (const member of members) {
      const response = await client.get(thai, `/members/${member}/inbox`);
      expect(response.status).toBe(200);
      const inbox = response.body as Json;
      expect(inbox.member).toBe(member);
      const expected = new Map<string, string[]>();
      for (const [id, page] of pages) {
        const round = page.round;
        const reasons: string[] = [];
        if (round?.open && round.outstanding.includes(member)) {
          reasons.push(
            round.pendingClearance.includes(member) ? 'clearance_pending' : 'position_due',
          );
        }
        if (round?.open && page.roundState === 'blocked' && round.objectors.includes(member))
          reasons.push('objection_standing');
        // KHM chairs ACCSM, and ACCSM+3 follows its chair.
        if (member === 'KHM' && ['blocked', 'awaiting_decision'].includes(page.roundState))
          reasons.push('chair_decision');
        if (reasons.length) expected.set(id, reasons);
      }
      expect(new Map(inbox.items.map((i: Json) => [i.id, i.awaiting]))).toEqual(expected);
      const deadlines = inbox.items.map((i: Json) => time(i.deadline));
      expect(deadlines).toEqual([...deadlines].sort((a, b) => a - b));
      for (const item of inbox.items) {
        const page = pages.get(item.id)!;
        expect(item).toMatchObject({
          framework: page.framework,
          title: page.title,
          state: page.state,
          roundState: page.roundState,
          currentVersion: page.currentVersion,
        });
        expect(time(item.deadline)).toBe(time(page.round.deadline));
        // The last answer: the member's current position in the latest round it answered in.
        const answered = histories
          .get(item.id)!
          .rounds.flatMap((r: Json) =>
            r.positions
              .filter((p: Json) => p.member === member && p.current)
              .map((p: Json) => ({ ...p, round: r.number })),
          )
          .at(-1);
        if (!answered) expect(item.lastAnswer).toBeNull();
        else {
          expect(item.lastAnswer).toEqual({
            position: answered.position,
            at: new Date(answered.takenAt).toISOString(),
            versionHash: answered.versionHash,
            onCurrentVersion: answered.versionHash === page.currentVersion.hash,
            roundNumber: answered.round,
            onBehalf: false,
          });
          if (!item.lastAnswer.onCurrentVersion) older += 1;
        }
        if (item.awaiting.includes('clearance_pending')) clearance += 1;
      }
    }
    // The seed reaches every kind of item: answers pending clearance, and answers on older texts.
    expect(clearance).toBeGreaterThan(0);
    expect(older).toBeGreaterThan(0);
  });

  /** How many SQL statements `run` makes the app send (every query passes the logger). */
  const queriesOf = async (run: () => Promise<unknown>): Promise<number> => {
    const logger = t.dataSource.logger;
    let count = 0;
    const counting = Object.create(logger, {
      logQuery: {
        value: (...args: Parameters<typeof logger.logQuery>) => {
          count += 1;
          return logger.logQuery(...args);
        },
      },
    });
    Object.defineProperty(t.dataSource, 'logger', { value: counting, configurable: true });
    try {
      await run();
    } finally {
      Object.defineProperty(t.dataSource, 'logger', { value: logger, configurable: true });
    }
    return count;
  };

  it('answers in a fixed number of queries, however many statements it shows (no N+1)', async () => {
    const few = await queriesOf(() => matrixOf('ACCSM', 'pageSize=2'));
    const many = await queriesOf(() => matrixOf('ACCSM', 'pageSize=100'));
    expect(few).toBeGreaterThanOrEqual(4);
    expect(many).toBe(few);
    expect(many).toBeLessThanOrEqual(12);
    const inboxOf = (member: string) => () => client.get(observer, `/members/${member}/inbox`);
    // JPN is awaited by a handful of ACCSM+3 rounds; KHM, an elector and the chair, by dozens.
    const small = await queriesOf(inboxOf('JPN'));
    const large = await queriesOf(inboxOf('KHM'));
    expect(small).toBeGreaterThanOrEqual(3);
    expect(large).toBe(small);
    expect(large).toBeLessThanOrEqual(16);
  });

  it('answers 404 with a code for an unknown member or framework, and 401 without a caller', async () => {
    const member = await client.get(observer, '/members/XYZ/inbox');
    expect(member.status).toBe(404);
    expect(member.body.code).toBe('unknown_member');
    for (const path of ['matrix', 'matrix.csv', 'matrix.xlsx']) {
      const framework = await client.get(observer, `/frameworks/NOPE/${path}`);
      expect(framework.status).toBe(404);
      expect(framework.body.code).toBe('unknown_framework');
    }
    const anonymous = await t.http.get('/api/v1/frameworks/ACCSM/matrix');
    expect(anonymous.status).toBe(401);
  });

  it('exports the same cells as CSV (formula-safe) and as XLSX with a frozen header row and column', async () => {
    const matrix = await matrixOf('ACCSM', 'pageSize=100');
    expect(matrix.total).toBeLessThanOrEqual(100);
    const header = [
      'statement',
      'id',
      'state',
      'round_state',
      'deadline',
      'version',
      ...matrix.members.flatMap((m: Json) => [m.code, `${m.code}_at`]),
    ];
    const expected = matrix.items.map((row: Json) => [
      row.title,
      row.id,
      row.state,
      row.roundState ?? '',
      row.deadline ?? '',
      String(row.currentVersion.number),
      ...row.cells.flatMap((c: Json) => [c.value, c.at ?? '']),
    ]);

    const csv = await client.getBytes(observer, '/frameworks/ACCSM/matrix.csv');
    expect(csv.status).toBe(200);
    expect(csv.headers['content-type']).toMatch(/^text\/csv/);
    expect(csv.headers['content-disposition']).toContain('matrix-ACCSM.csv');
    const rows = parseCsv((csv.body as Buffer).toString('utf8'));
    expect(rows[0]).toEqual(header);
    // A title a spreadsheet would run as a formula is written as text, with an apostrophe.
    const formula = expected.findIndex((row: string[]) => row[0].startsWith('='));
    expect(formula).toBeGreaterThanOrEqual(0);
    expect(rows[formula + 1][0]).toBe(`'${expected[formula][0]}`);
    expect(
      rows.slice(1).map((r, i) => (i === formula ? [expected[i][0], ...r.slice(1)] : r)),
    ).toEqual(expected);

    const xlsx = await client.getBytes(observer, '/frameworks/ACCSM/matrix.xlsx');
    expect(xlsx.status).toBe(200);
    expect(xlsx.headers['content-type']).toBe(
      'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    );
    const workbook = new Workbook();
    await workbook.xlsx.load(xlsx.body as Parameters<typeof workbook.xlsx.load>[0]);
    const sheet = workbook.worksheets[0];
    expect(sheet.views[0]).toMatchObject({ state: 'frozen', xSplit: 1, ySplit: 1 });
    const read: string[][] = [];
    sheet.eachRow({ includeEmpty: true }, (row) => {
      const values: string[] = [];
      for (let c = 1; c <= header.length; c += 1) {
        const cell = row.getCell(c);
        expect(cell.formula).toBeFalsy();
        values.push(cell.value === null || cell.value === undefined ? '' : String(cell.value));
      }
      read.push(values);
    });
    expect(read).toEqual([header, ...expected]);

    // The exports take the matrix's filters.
    const drafts = await client.getBytes(observer, '/frameworks/ACCSM/matrix.csv?state=drafting');
    const draftRows = parseCsv((drafts.body as Buffer).toString('utf8')).slice(1);
    expect(draftRows.map((r) => r[1])).toEqual(
      matrix.items.filter((r: Json) => r.state === 'drafting').map((r: Json) => r.id),
    );
  });
});

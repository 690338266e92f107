import type { RecordOfAdoptionDto } from './dto/positions.dto';
import { csvCell, recordCsvHeader } from './record-csv.util';

describe(csvCell.name, () => {
  it('quotes cells with commas, quotes and line breaks', () => {
    expect(csvCell('plain')).toBe('plain');
    expect(csvCell('a, b')).toBe('"a, b"');
    expect(csvCell('say "no"')).toBe('"say ""no"""');
    expect(csvCell('line\nbreak')).toBe('"line\nbreak"');
    expect(csvCell(null)).toBe('');
    expect(csvCell(true)).toBe('true');
  });

  it('defuses text a spreadsheet would run as a formula', () => {
    expect(csvCell('=HYPERLINK("http://x")')).toBe('"\'=HYPERLINK(""http://x"")"');
    expect(csvCell('+1')).toBe("'+1");
    expect(csvCell('-1')).toBe("'-1");
    expect(csvCell('@SUM(A1)')).toBe("'@SUM(A1)");
  });

  it('keeps Thai text as it is', () => {
    expect(csvCell('ประเทศไทย')).toBe('ประเทศไทย');
  });
});

describe(recordCsvHeader.name, () => {
  const id = '0d1f8c1e-0000-4000-8000-000000000000';
  const event = (seq: number, at: string, recordedAt: string, imported = false) => ({
    seq,
    type: 'RECORD_POSITION',
    at,
    recordedAt,
    actor: 'chair_secretariat KHM 1 (chair_secretariat, KHM)',
    imported,
    member: 'MYS',
    position: 'endorse',
    deadline: null,
  });
  const record = (
    importedAt: string | null,
    title = 'ASEAN Statement',
    proposals: unknown[] = [],
  ) =>
    ({
      statementId: id,
      chainHead: { statementId: id, seq: 7, hash: 'ab'.repeat(32), keyId: 'k1', signature: 'c2ln' },
      statement: { title, importedAt },
      adoption: { date: '2026-03-09T03:00:00.000Z', basis: 'consensus' },
      history: [
        event(1, '2026-03-02T02:00:00.000Z', '2026-03-02T02:00:00.000Z'),
        // Stored 30 s after it took effect: the same minute, not back-dated.
        event(2, '2026-03-02T02:00:00.000Z', '2026-03-02T02:00:30.000Z'),
        event(3, '2026-03-04T02:00:00.000Z', '2026-03-06T03:00:00.000Z'),
      ],
      proposals,
      noteVerbales: [],
    }) as unknown as RecordOfAdoptionDto;

  it('gives the chain head line, how to verify, and each back-dated act', () => {
    expect(recordCsvHeader(record(null))).toEqual([
      '# record of adoption: ASEAN Statement',
      `# statement ${id} adopted on 2026-03-09T03:00:00.000Z (consensus)`,
      `# chain head: statement ${id} seq 7 hash ${'ab'.repeat(32)} key k1 signature c2ln`,
      `# verify: GET /api/v1/statements/${id}/verify or npm run verify -- --witness <this file>; public keys at /api/v1/keys`,
      '"# act 3 RECORD_POSITION MYS: effective 2026-03-04T02:00:00.000Z recorded 2026-03-06T03:00:00.000Z by chair_secretariat KHM 1 (chair_secretariat, KHM)"',
    ]);
  });

  it('says when the statement was imported from the records', () => {
    expect(recordCsvHeader(record('2026-03-10T03:00:00.000Z'))).toContain(
      '# imported from the records on 2026-03-10T03:00:00.000Z',
    );
  });

  it('keeps a title on one line and in one cell, so no cell of it can run as a formula', () => {
    const [first] = recordCsvHeader(record(null, 'Title,=HYPERLINK("x")\r\nsecond line'));
    expect(first).toBe('"# record of adoption: Title,=HYPERLINK(""x"") second line"');
  });

  it('lists every text proposal with its fate, each on one line', () => {
    const proposal = (state: string, decidedInVersion: number | null, reason: string | null) => ({
      id: `p-${state}`,
      member: 'THA',
      paragraph: 2,
      versionNumber: 1,
      text: '=cmd\nsecond line',
      state,
      reason,
      decidedInVersion,
    });
    const lines = recordCsvHeader(
      record(null, 'ASEAN Statement', [
        proposal('accepted', 2, null),
        proposal('rejected', 2, 'Agreed, at SOM'),
        proposal('withdrawn', null, null),
      ]),
    );
    expect(lines.slice(-3)).toEqual([
      '"# proposal p-accepted: THA, paragraph 2 of version 1: accepted in version 2; proposed: =cmd second line"',
      '"# proposal p-rejected: THA, paragraph 2 of version 1: rejected in version 2: Agreed, at SOM; proposed: =cmd second line"',
      '"# proposal p-withdrawn: THA, paragraph 2 of version 1: withdrawn; proposed: =cmd second line"',
    ]);
  });

  it('lists each note verbale with its member, name, sha256 and date, one cell each', () => {
    const lines = recordCsvHeader({
      ...record(null),
      noteVerbales: [
        {
          id: 'd1',
          member: 'MYS',
          nameEn: 'Malaysia',
          nameTh: 'มาเลเซีย',
          filename: 'nv,0456.pdf',
          sha256: 'cd'.repeat(32),
          size: 1200,
          contentType: 'application/pdf',
          positionId: null,
          uploadedAt: '2026-03-04T02:00:00.000Z',
        },
      ],
    });
    expect(lines.at(-1)).toBe(
      `"# note verbale MYS: nv,0456.pdf sha256 ${'cd'.repeat(32)} attached 2026-03-04T02:00:00.000Z"`,
    );
  });
});

import { Workbook } from 'exceljs';
import type { MatrixDto } from './dto/overview.dto';
import { matrixCsv, matrixTable, matrixXlsx } from './matrix-export.util';

const matrix: MatrixDto = {
  framework: 'ACCSM',
  members: [{ code: 'THA', nameEn: 'Thailand', nameTh: 'ไทย', memberships: [] }],
  items: [
    {
      id: '6f1c0f57-0000-4000-8000-000000000001',
      title: '=SUM(A1:A2), "quoted"',
      titleTh: null,
      state: 'ad_referendum',
      roundState: 'collecting',
      deadline: '2026-04-01T10:00:00.000Z',
      currentVersion: { number: 2, hash: 'a'.repeat(64) },
      round: null,
      cells: [
        {
          member: 'THA',
          value: 'endorse',
          at: '2026-03-03T04:00:00.000Z',
          outstanding: false,
          onCurrentVersion: true,
          onBehalf: false,
        },
      ],
    },
  ],
  total: 1,
  page: 1,
  pageSize: 1,
};

describe('matrix exports', () => {
  it('writes two columns per member after the statement columns', () => {
    expect(matrixTable(matrix)).toEqual([
      ['statement', 'id', 'state', 'round_state', 'deadline', 'version', 'THA', 'THA_at'],
      [
        '=SUM(A1:A2), "quoted"',
        '6f1c0f57-0000-4000-8000-000000000001',
        'ad_referendum',
        'collecting',
        '2026-04-01T10:00:00.000Z',
        '2',
        'endorse',
        '2026-03-03T04:00:00.000Z',
      ],
    ]);
  });

  it('keeps a formula-like title as text in the CSV', () => {
    const csv = matrixCsv(matrix);
    expect(csv.startsWith('\uFEFFstatement,')).toBe(true);
    expect(csv.split('\r\n')[1].startsWith(`"'=SUM(A1:A2), ""quoted"""`)).toBe(true);
  });

  it('writes text cells, never formulas, with the first row and column frozen', async () => {
    const workbook = new Workbook();
    await workbook.xlsx.load(
      (await matrixXlsx(matrix, new Date('2026-03-04T00:00:00Z'))) as unknown as Parameters<
        typeof workbook.xlsx.load
      >[0],
    );
    const sheet = workbook.worksheets[0];
    expect(sheet.views[0]).toMatchObject({ state: 'frozen', xSplit: 1, ySplit: 1 });
    expect(sheet.getCell('A2').value).toBe('=SUM(A1:A2), "quoted"');
    expect(sheet.getCell('A2').formula).toBeFalsy();
  });
});

import { Workbook } from 'exceljs';
import type { MatrixDto } from './dto/overview.dto';
import { csvCell } from './record-csv.util';

export const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

const STATEMENT_COLUMNS = ['statement', 'id', 'state', 'round_state', 'deadline', 'version'];

/**
 * The matrix as a table of text: a header, then one row per statement; each member has two
 * columns, its cell's value and the date of the position (`THA`, `THA_at`).
 */
export function matrixTable(matrix: MatrixDto): string[][] {
  const header = [
    ...STATEMENT_COLUMNS,
    ...matrix.members.flatMap((member) => [member.code, `${member.code}_at`]),
  ];
  const rows = matrix.items.map((row) => [
    row.title,
    row.id,
    row.state,
    row.roundState ?? '',
    row.deadline ?? '',
    String(row.currentVersion.number),
    ...row.cells.flatMap((cell) => [cell.value, cell.at ?? '']),
  ]);
  return [header, ...rows];
}

/** CSV (RFC 4180, UTF-8 with a BOM for Excel), each cell formula-safe as the record's CSV. */
export function matrixCsv(matrix: MatrixDto): string {
  return (
    '\uFEFF' +
    matrixTable(matrix)
      .map((row) => row.map(csvCell).join(','))
      .join('\r\n') +
    '\r\n'
  );
}

/**
 * The same table as an Excel workbook, with the header row and the statement column frozen.
 * Every cell is a text cell (never a formula), so typed text cannot execute here either.
 */
export async function matrixXlsx(matrix: MatrixDto, now: Date): Promise<Buffer> {
  const workbook = new Workbook();
  workbook.creator = 'adref';
  workbook.created = now;
  workbook.modified = now;
  const sheet = workbook.addWorksheet(`${matrix.framework} matrix`.slice(0, 31), {
    views: [{ state: 'frozen', xSplit: 1, ySplit: 1 }],
  });
  const [header, ...rows] = matrixTable(matrix);
  sheet.addRow(header).font = { bold: true };
  for (const row of rows) sheet.addRow(row);
  sheet.getColumn(1).width = 48;
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

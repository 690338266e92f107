import type { RecordOfAdoptionDto } from './dto/positions.dto';

const COLUMNS = [
  'member',
  'member_name_en',
  'member_name_th',
  'position',
  'taken_at',
  'recorded_at',
  'recorded_by',
  'on_behalf',
  'reference',
  'text',
  'version_hash',
] as const;

/**
 * One CSV cell (RFC 4180). A cell that a spreadsheet would run as a formula (=, +, -, @, tab,
 * carriage return first) gets a leading apostrophe: typed text must never execute.
 */
export function csvCell(value: string | number | boolean | null): string {
  let text = value === null ? '' : String(value);
  if (/^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** Every member's position in the record of adoption, one row each, with a UTF-8 BOM for Excel. */
export function recordCsv(record: RecordOfAdoptionDto): string {
  const rows = record.members.map((m) => [
    m.member,
    m.nameEn,
    m.nameTh,
    m.position,
    m.takenAt,
    m.recordedAt,
    m.recordedBy?.name ?? null,
    m.onBehalf,
    m.reference,
    m.text,
    record.text.hash,
  ]);
  return (
    '\uFEFF' + [COLUMNS, ...rows].map((row) => row.map(csvCell).join(',')).join('\r\n') + '\r\n'
  );
}

import type { RecordOfAdoptionDto } from './dto/positions.dto';
import { vocabulary } from '../common/vocabulary';
import { chainHeadLine, isBackdated, proposalLine, verifyPaths } from './record.util';

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

/**
 * The record's header, as `#` comment lines: what it is, whether it was imported, its signed
 * chain head and how to check it, and every act whose two times differ (back-dated or imported).
 * Each line is one cell: stored text with a comma gets quoted, so a spreadsheet never starts a
 * cell (a possible formula) inside it.
 */
export function recordCsvHeader(record: RecordOfAdoptionDto): string[] {
  const oneLine = (text: string) => text.replace(/[\r\n]+/g, ' ');
  const paths = verifyPaths(record.statementId);
  const lines = [
    `record of adoption: ${oneLine(record.statement.title)}`,
    `statement ${record.statementId} adopted on ${record.adoption.date} (${record.adoption.basis})`,
  ];
  const meeting = record.adoption.meetingRecord?.labelEn ?? record.adoption.meeting;
  if (meeting) lines.push(`adopted at: ${oneLine(meeting)}`);
  if (record.statement.importedAt) {
    lines.push(`imported from the records on ${record.statement.importedAt}`);
  }
  lines.push(
    chainHeadLine(record.chainHead),
    `verify: ${paths.api} or ${paths.cli} <this file>; public keys at ${paths.keys}`,
  );
  for (const event of record.history) {
    if (!isBackdated(event.at, event.recordedAt)) continue;
    lines.push(
      `act ${event.seq} ${event.type}${event.member ? ` ${event.member}` : ''}: effective ${event.at} recorded ${event.recordedAt} by ${oneLine(event.actor)}${event.imported ? ' (imported)' : ''}`,
    );
  }
  // The annex of text proposals: every one made, with its fate.
  const l = vocabulary('en').labels;
  const words = {
    proposalLine: l.proposalLine,
    proposalStates: {
      open: l.proposalStateOpen,
      accepted: l.proposalStateAccepted,
      rejected: l.proposalStateRejected,
      withdrawn: l.proposalStateWithdrawn,
    },
  };
  for (const proposal of record.proposals) {
    lines.push(
      `proposal ${proposal.id}: ${oneLine(proposalLine(proposal, words))}; proposed: ${oneLine(proposal.text)}`,
    );
  }
  for (const note of record.noteVerbales) {
    lines.push(
      `note verbale${note.member ? ` ${note.member}` : ''}: ${oneLine(note.filename)} sha256 ${note.sha256} attached ${note.uploadedAt}`,
    );
  }
  return lines.map((line) => csvCell(`# ${line}`));
}

/**
 * Every member's position in the record of adoption, one row each, after the header's comment
 * lines, with a UTF-8 BOM for Excel. `taken_at` and `recorded_at` give both times of a position.
 */
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
  const table = [COLUMNS, ...rows].map((row) => row.map(csvCell).join(','));
  return '\uFEFF' + [...recordCsvHeader(record), ...table].join('\r\n') + '\r\n';
}

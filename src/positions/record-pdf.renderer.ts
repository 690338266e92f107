import { dirname, join } from 'node:path';
import PDFDocument from 'pdfkit';
import { REFERENCE_TIME_ZONE } from '../reference/reference-day.util';
import type {
  RecordEventDto,
  RecordLanguage,
  RecordMemberDto,
  RecordOfAdoptionDto,
} from './dto/positions.dto';
import { PdfTextWriter, type TextStyle } from './pdf-text.writer';
import { LABELS } from './record-pdf.labels';
import { chainHeadLine, isBackdated, proposalLine, verifyPaths } from './record.util';

// Sarabun is the typeface of Thai government documents; its TTF carries Latin and Thai glyphs.
const FONT_DIR = dirname(require.resolve('@expo-google-fonts/sarabun/package.json'));
const REGULAR = join(FONT_DIR, '400Regular/Sarabun_400Regular.ttf');
const BOLD = join(FONT_DIR, '600SemiBold/Sarabun_600SemiBold.ttf');

type Labels = (typeof LABELS)[RecordLanguage];

const parts = new Intl.DateTimeFormat('en-CA', {
  timeZone: REFERENCE_TIME_ZONE,
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  hourCycle: 'h23',
});

/** 2026-04-15 17:00 in the reference zone (UTC+07:00), the same in both languages. */
export function referenceTime(instant: string | Date): string {
  const p = Object.fromEntries(
    parts.formatToParts(new Date(instant)).map((x) => [x.type, x.value]),
  );
  return `${p.year}-${p.month}-${p.day} ${p.hour}:${p.minute}`;
}

const MARGIN = 56;
const MONO_DROP = 2.5;
const GREY = '#555555';
const BODY: TextStyle = { font: 'regular', size: 11, color: 'black' };
const NOTE: TextStyle = { font: 'regular', size: 9, color: GREY };

/** The record of adoption as an A4 PDF, with Thai and English names. */
export function renderRecordPdf(
  record: RecordOfAdoptionDto,
  lang: RecordLanguage,
  generatedAt: Date,
): Promise<Buffer> {
  const t = LABELS[lang];
  const doc = new PDFDocument({
    size: 'A4',
    margin: MARGIN,
    bufferPages: true,
    lang: lang === 'th' ? 'th-TH' : 'en-GB',
    info: {
      Title: `${t.heading}: ${record.statement.title}`,
      Author: 'adref',
      // Machine-readable, for a witness check of a stored copy.
      Keywords: chainHeadLine(record.chainHead),
    },
  });
  const chunks: Buffer[] = [];
  doc.on('data', (chunk: Buffer) => chunks.push(chunk));
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
  doc.registerFont('regular', REGULAR);
  doc.registerFont('bold', BOLD);
  const out = new PdfTextWriter(doc);
  const width = doc.page.width - 2 * MARGIN;
  const full = { x: MARGIN, width };
  const name = (m: { member: string; nameEn: string; nameTh: string }) =>
    lang === 'th' ? `${m.nameTh} (${m.member})` : `${m.nameEn} (${m.member})`;
  const both = (at: string, recordedAt: string | null) =>
    isBackdated(at, recordedAt)
      ? `${t.effective(referenceTime(at))}\n${t.recorded(referenceTime(recordedAt!))}`
      : referenceTime(at);

  const { statement, adoption, text, round } = record;
  out.write(
    lang === 'th'
      ? `${statement.frameworkNameTh} (${statement.framework})`
      : `${statement.frameworkNameEn} (${statement.framework})`,
    { font: 'regular', size: 10, color: GREY },
    full,
  );
  out.write(t.heading, { font: 'bold', size: 20, color: 'black' }, full);
  doc.moveDown(0.3);
  const [first, second] =
    lang === 'th' && statement.titleTh
      ? [statement.titleTh, statement.title]
      : [statement.title, statement.titleTh];
  out.write(first, { font: 'bold', size: 14, color: 'black' }, full);
  if (second) out.write(second, { font: 'regular', size: 12, color: 'black' }, full);
  doc.moveDown(0.8);

  const fact = (label: string, value: string, mono = false) => {
    const y = doc.y;
    const labelStyle = { font: 'bold', size: 10, color: GREY };
    const valueStyle = mono
      ? { font: 'Courier', size: 8, color: 'black' }
      : { font: 'regular', size: 11, color: 'black' };
    const height = Math.max(
      out.height(label, labelStyle, 150),
      out.height(value, valueStyle, width - 160),
    );
    if (y + height > doc.page.height - MARGIN) doc.addPage();
    const top = doc.y;
    const labelBottom = out.write(label, labelStyle, { x: MARGIN, width: 150 }, top);
    // Courier 8 sits lower than Sarabun to share the label's baseline.
    const valueTop = top + (mono ? MONO_DROP : 0);
    const valueBottom = out.write(
      value,
      valueStyle,
      { x: MARGIN + 160, width: width - 160 },
      valueTop,
    );
    doc.y = Math.max(labelBottom, valueBottom) + 4;
  };
  fact(t.adoptedOn, `${referenceTime(adoption.date)} (UTC+07:00)`);
  if (statement.importedAt) {
    fact(t.imported, t.importedOn(`${referenceTime(statement.importedAt)} (UTC+07:00)`));
  }
  fact(
    t.basis,
    adoption.basis === 'meeting'
      ? t.meeting(
          (lang === 'th' ? adoption.meetingRecord?.labelTh : adoption.meetingRecord?.labelEn) ??
            adoption.meeting,
        )
      : adoption.basis === 'silence'
        ? t.silence(adoption.roundNumber)
        : t.consensus(adoption.roundNumber),
  );
  fact(t.text, `${t.version(text.version)}${text.note ? ` — ${text.note}` : ''}`);
  fact(t.hash, text.hash, true);
  if (round) {
    const extended = round.previousDeadlines.length
      ? ` (${t.extendedFrom} ${round.previousDeadlines.map(referenceTime).join(', ')})`
      : '';
    fact(
      `${t.round} ${round.number}`,
      t.roundLine(referenceTime(round.openedAt), referenceTime(round.deadline)) + extended,
    );
    fact(t.silenceRule, round.silenceRule === 'explicit' ? t.explicit : t.silenceIsConsent);
  }
  out.write(t.times, NOTE, full);
  doc.moveDown(1);

  heading(doc, out, t.positions);
  const cells = (m: RecordMemberDto) => [
    name(m),
    t.standing[m.position],
    both(m.takenAt, m.recordedAt),
    m.recordedBy
      ? m.onBehalf
        ? `${m.recordedBy.name}, ${t.onBehalf(m.reference)}`
        : m.recordedBy.name
      : '—',
  ];
  table(
    doc,
    out,
    [
      { label: t.member, width: 118 },
      { label: t.position, width: 110 },
      { label: t.date, width: 130 },
      { label: t.recordedBy, width: width - 358 },
    ],
    record.members.map(cells),
  );

  doc.moveDown(1);
  integrity(doc, out, record, t);

  doc.moveDown(1);
  heading(doc, out, t.annexA);
  if (record.reservations.length === 0) out.write(t.noReservations, BODY, full);
  for (const reservation of record.reservations) {
    out.write(
      `${name(reservation)} — ${referenceTime(reservation.takenAt)}`,
      { ...BODY, font: 'bold' },
      full,
    );
    out.write(reservation.text, BODY, full);
    doc.moveDown(0.6);
  }

  doc.moveDown(1);
  heading(doc, out, t.notesVerbales);
  if (record.noteVerbales.length === 0) out.write(t.noNotesVerbales, BODY, full);
  for (const note of record.noteVerbales) {
    const who = note.member ? `${lang === 'th' ? note.nameTh : note.nameEn} — ` : '';
    out.write(`${who}${note.filename} — ${referenceTime(note.uploadedAt)}`, BODY, full);
    out.write(`sha256 ${note.sha256}`, NOTE, full);
    doc.moveDown(0.4);
  }

  doc.addPage();
  heading(doc, out, t.annexB);
  out.write(text.body, BODY, full);

  doc.addPage();
  heading(doc, out, t.annexC);
  out.write(t.annexCText, NOTE, full);
  doc.moveDown(0.5);
  const what = (event: RecordEventDto) =>
    [
      t.events[event.type] ?? event.type,
      event.member
        ? `${event.member}${event.position ? `: ${t.positionNames[event.position] ?? event.position}` : ''}`
        : null,
      event.deadline ? t.deadlineDetail(referenceTime(event.deadline)) : null,
      event.imported ? `(${t.importedMark})` : null,
    ]
      .filter(Boolean)
      .join(' · ');
  table(
    doc,
    out,
    [
      { label: t.seqColumn, width: 30 },
      { label: t.act, width: 160 },
      { label: t.effectiveColumn, width: 88 },
      { label: t.recordedColumn, width: 88 },
      { label: t.by, width: width - 366 },
    ],
    record.history.map((event) => [
      String(event.seq),
      what(event),
      referenceTime(event.at),
      referenceTime(event.recordedAt),
      event.actor,
    ]),
  );

  doc.addPage();
  heading(doc, out, t.annexD);
  if (record.proposals.length === 0) out.write(t.noProposals, BODY, full);
  for (const proposal of record.proposals) {
    out.write(proposalLine(proposal, t), { ...BODY, font: 'bold' }, full);
    out.write(proposal.text, BODY, full);
    doc.moveDown(0.6);
  }

  const range = doc.bufferedPageRange();
  const at = `${referenceTime(generatedAt)} (UTC+07:00)`;
  for (let i = range.start; i < range.start + range.count; i++) {
    doc.switchToPage(i);
    out.write(
      t.footer(at, i + 1, range.count),
      { font: 'regular', size: 8, color: GREY },
      { ...full, align: 'center', fixed: true },
      doc.page.height - 36,
    );
  }
  doc.end();
  return done;
}

/** The chain head, its signature, and how to check them. */
function integrity(
  doc: PDFKit.PDFDocument,
  out: PdfTextWriter,
  record: RecordOfAdoptionDto,
  t: Labels,
): void {
  const head = record.chainHead;
  const width = doc.page.width - 2 * MARGIN;
  const mono = { font: 'Courier', size: 8, color: 'black' };
  const label = { font: 'bold', size: 10, color: GREY };
  const rows: [string, string][] = [
    [t.statementId, head.statementId],
    [t.seq, String(head.seq)],
    [t.chainHash, head.hash],
    [t.keyId, head.keyId],
    [t.signature, head.signature],
  ];
  const needed =
    out.height(t.integrityText, BODY, width) +
    rows.reduce((sum, [, value]) => sum + out.height(value, mono, width - 160) + 4, 0) +
    out.lineHeight(NOTE) * 3;
  heading(doc, out, t.integrity, needed);
  out.write(t.integrityText, BODY, { x: MARGIN, width });
  doc.moveDown(0.3);
  for (const [name, value] of rows) {
    const top = doc.y;
    const a = out.write(name, label, { x: MARGIN, width: 150 }, top);
    const b = out.write(value, mono, { x: MARGIN + 160, width: width - 160 }, top + MONO_DROP);
    doc.y = Math.max(a, b) + 4;
  }
  const paths = verifyPaths(head.statementId);
  out.write(
    t.verify(paths.api, paths.cli, paths.keys),
    { ...BODY, size: 10 },
    { x: MARGIN, width },
  );
}

/** A section heading, on a new page when fewer than `keep` points of the page are left. */
function heading(doc: PDFKit.PDFDocument, out: PdfTextWriter, title: string, keep = 80): void {
  if (doc.y > doc.page.height - MARGIN - Math.min(keep + 30, 500)) doc.addPage();
  out.write(
    title,
    { font: 'bold', size: 13, color: 'black' },
    {
      x: MARGIN,
      width: doc.page.width - 2 * MARGIN,
    },
  );
  doc.moveDown(0.4);
}

/** A table that breaks across pages and repeats its header row. */
function table(
  doc: PDFKit.PDFDocument,
  out: PdfTextWriter,
  columns: { label: string; width: number }[],
  rows: string[][],
): void {
  const padding = 4;
  const bottom = () => doc.page.height - MARGIN - 20;
  const style = (font: string): TextStyle => ({ font, size: 10, color: 'black' });
  const rowHeight = (row: string[], font: string) =>
    Math.max(...row.map((cell, i) => out.height(cell, style(font), columns[i].width - 8))) +
    2 * padding;
  const total = columns.reduce((sum, c) => sum + c.width, 0);
  const draw = (row: string[], font: string, shade: boolean) => {
    const height = rowHeight(row, font);
    if (doc.y + height > bottom()) doc.addPage();
    const y = doc.y;
    if (shade) doc.rect(MARGIN, y, total, height).fill('#eef2f7');
    let x = MARGIN;
    row.forEach((cell, i) => {
      out.write(
        cell,
        style(font),
        { x: x + 4, width: columns[i].width - 8, fixed: true },
        y + padding,
      );
      x += columns[i].width;
    });
    doc
      .moveTo(MARGIN, y + height)
      .lineTo(MARGIN + total, y + height)
      .lineWidth(0.5)
      .strokeColor('#bbbbbb')
      .stroke();
    doc.y = y + height;
  };
  const header = columns.map((c) => c.label);
  draw(header, 'bold', true);
  for (const row of rows) {
    if (doc.y + rowHeight(row, 'regular') > bottom()) {
      doc.addPage();
      draw(header, 'bold', true);
    }
    draw(row, 'regular', false);
  }
  doc.x = MARGIN;
}

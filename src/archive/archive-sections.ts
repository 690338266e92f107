import type { RecordOfAdoptionDto } from '../positions/dto/positions.dto';
import { recordCsv } from '../positions/record-csv.util';
import { renderRecordPdf } from '../positions/record-pdf.renderer';
import type { ArchiveRows } from './archive.repository';
import {
  archivedComments,
  archivedPositions,
  archivedProposals,
  archivedRounds,
  archivedDocuments,
  archivedStatement,
  archivedVersions,
  auditLines,
  jsonFile,
  versionTextPath,
} from './archive-files.util';
import type { ArchiveFile } from './archive-files.util';

/** What a section's query reads from: the statement's snapshot, and its record read before it. */
export interface SectionSource {
  statementId: string;
  /** The repository's reads, in the statement's one REPEATABLE READ transaction. */
  rows: ArchiveRows;
  /**
   * The record of adoption (null unless adopted), built by PositionsService before the
   * snapshot opened: a service reading inside another transaction would wait for ever on
   * PGlite. Its chain head is therefore at or before the last event of audit.jsonl.
   */
  record: RecordOfAdoptionDto | null;
}

export interface LayoutContext {
  exportedAt: Date;
}

/**
 * One part of a statement's folder (statements/<id>/): a name, a query and a file layout
 * (paths relative to the folder). The export runs every query in the statement's snapshot,
 * then lays out the files; the manifest lists them all, whatever the section.
 * Adding a kind of data is one entry, as comments, proposals and documents are below.
 * The offline verification needs nothing new for them: the manifest covers every file.
 * (Documents also have their bytes checked against the DOCUMENT_ATTACHED events offline.)
 */
export interface ArchiveSection<T> {
  name: string;
  query(source: SectionSource): Promise<T>;
  layout(data: T, context: LayoutContext): ArchiveFile[] | Promise<ArchiveFile[]>;
}

// Each entry keeps its own data type; the list holds them side by side.
const section = <T>(entry: ArchiveSection<T>) => entry as ArchiveSection<unknown>;

export const ARCHIVE_SECTIONS: readonly ArchiveSection<unknown>[] = [
  section({
    name: 'statement',
    query: ({ rows, statementId }) => rows.statement(statementId),
    layout: (row) => (row ? [jsonFile('statement.json', archivedStatement(row))] : []),
  }),
  section({
    name: 'versions',
    query: ({ rows, statementId }) => rows.versions(statementId),
    layout: (versions) => [
      jsonFile('versions.json', archivedVersions(versions)),
      ...versions.map((v) => ({
        path: versionTextPath(v.number),
        content: Buffer.from(v.body, 'utf8'),
      })),
    ],
  }),
  section({
    name: 'rounds',
    query: ({ rows, statementId }) => rows.rounds(statementId),
    layout: (rounds) => [jsonFile('rounds.json', archivedRounds(rounds))],
  }),
  section({
    name: 'positions',
    query: ({ rows, statementId }) => rows.positions(statementId),
    layout: (positions) => [jsonFile('positions.json', archivedPositions(positions))],
  }),
  section({
    name: 'comments',
    query: ({ rows, statementId }) => rows.comments(statementId),
    layout: (comments) => [jsonFile('comments.json', archivedComments(comments))],
  }),
  section({
    name: 'proposals',
    query: ({ rows, statementId }) => rows.proposals(statementId),
    layout: (proposals) => [jsonFile('proposals.json', archivedProposals(proposals))],
  }),
  section({
    name: 'audit',
    query: ({ rows, statementId }) => rows.auditEvents(statementId),
    layout: (events) => [{ path: 'audit.jsonl', content: auditLines(events) }],
  }),
  section({
    name: 'documents',
    query: ({ rows, statementId }) => rows.documents(statementId),
    layout: (documents) => {
      const listed = archivedDocuments(documents);
      return [
        jsonFile('documents.json', listed),
        ...documents.map((d, i) => ({ path: listed[i].file, content: d.content })),
      ];
    },
  }),
  section({
    name: 'record',
    query: async ({ record }) => record,
    layout: async (record, { exportedAt }) =>
      record
        ? [
            jsonFile('record.json', record),
            { path: 'record.csv', content: Buffer.from(recordCsv(record), 'utf8') },
            { path: 'record.en.pdf', content: await renderRecordPdf(record, 'en', exportedAt) },
            { path: 'record.th.pdf', content: await renderRecordPdf(record, 'th', exportedAt) },
          ]
        : [],
  }),
];

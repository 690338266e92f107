import { createHash } from 'node:crypto';
import type {
  StoredDocument,
  StoredEvent,
  StoredPosition,
  StoredRound,
  StoredStatement,
  StoredVersion,
  VerificationKey,
} from '../verify/verify.types';

// The files of an archive, written by the export and read back by the offline verification:
// both sides live here, so that a field written is a field read.

export const ARCHIVE_FORMAT = 'adref-archive/1';
export const MANIFEST_FILE = 'manifest.json';
export const SIGNATURE_FILE = 'manifest.sig';
export const KEYS_FILE = 'keys.json';
export const FRAMEWORK_FILE = 'framework.json';

export const statementFolder = (statementId: string) => `statements/${statementId}/`;

/** A file of the archive: its path from the archive's root and its bytes. */
export interface ArchiveFile {
  path: string;
  content: Buffer;
}

export interface ManifestFile {
  path: string;
  size: number;
  sha256: string;
}

/** manifest.json: every other file with its size and sha256; manifest.sig signs its bytes. */
export interface ArchiveManifest {
  format: typeof ARCHIVE_FORMAT;
  framework: { code: string; nameEn: string; nameTh: string };
  exportedAt: string;
  adrefVersion: string;
  /** The key whose Ed25519 signature over this file's exact bytes is manifest.sig. */
  publicKeyId: string;
  signature: { file: typeof SIGNATURE_FILE; algorithm: 'Ed25519'; signs: string };
  /** The public keys adref has signed with (as GET /api/v1/keys), for the audit events. */
  keysFile: typeof KEYS_FILE;
  /** The sections each statement folder holds (see archive-sections.ts). */
  sections: string[];
  statements: { id: string; title: string; state: string; folder: string }[];
  files: ManifestFile[];
}

/** A file the verification cannot read: it names the file. */
export class ArchiveFileError extends Error {
  constructor(
    readonly file: string,
    message: string,
  ) {
    super(message);
  }
}

export const jsonFile = (path: string, value: unknown): ArchiveFile => ({
  path,
  content: Buffer.from(`${JSON.stringify(value, null, 2)}\n`, 'utf8'),
});

const iso = (date: Date | null): string | null => (date ? date.toISOString() : null);

/** statement.json: the statement's row, its snapshot included, as the replay must give it. */
export interface ArchivedStatement {
  id: string;
  framework: string;
  title: string;
  titleTh: string | null;
  state: string;
  roundState: string | null;
  machineVersion: number;
  lockVersion: number;
  currentVersion: number;
  currentHash: string;
  openDeadline: string | null;
  outstanding: string[];
  auditSeq: number;
  auditHash: string | null;
  createdBy: string;
  createdAt: string;
  updatedAt: string;
  importKey: string | null;
  importedAt: string | null;
  snapshot: unknown;
}

export interface StatementRow {
  id: string;
  frameworkCode: string;
  title: string;
  titleTh: string | null;
  state: string;
  roundState: string | null;
  machineVersion: number;
  lockVersion: number;
  currentVersion: number;
  currentHash: string;
  openDeadline: Date | null;
  outstanding: string[];
  auditSeq: number;
  auditHash: string | null;
  createdBy: string;
  createdAt: Date;
  updatedAt: Date;
  importKey: string | null;
  importedAt: Date | null;
  snapshot: unknown;
}

export const archivedStatement = (row: StatementRow): ArchivedStatement => ({
  id: row.id,
  framework: row.frameworkCode,
  title: row.title,
  titleTh: row.titleTh,
  state: row.state,
  roundState: row.roundState,
  machineVersion: row.machineVersion,
  lockVersion: row.lockVersion,
  currentVersion: row.currentVersion,
  currentHash: row.currentHash,
  openDeadline: iso(row.openDeadline),
  outstanding: row.outstanding,
  auditSeq: row.auditSeq,
  auditHash: row.auditHash,
  createdBy: row.createdBy,
  createdAt: row.createdAt.toISOString(),
  updatedAt: row.updatedAt.toISOString(),
  importKey: row.importKey,
  importedAt: iso(row.importedAt),
  snapshot: row.snapshot,
});

/** audit.jsonl: one signed event a line, in seq order, with every field its hash covers. */
export function auditLines(events: readonly StoredEvent[]): Buffer {
  const lines = events.map((e) =>
    JSON.stringify({
      seq: e.seq,
      statementId: e.statementId,
      type: e.type,
      actorId: e.actorId,
      actorLabel: e.actorLabel,
      at: e.at.toISOString(),
      recordedAt: e.recordedAt.toISOString(),
      textHash: e.textHash,
      stateFrom: e.stateFrom,
      stateTo: e.stateTo,
      payload: e.payload,
      prevHash: e.prevHash,
      hash: e.hash,
      keyId: e.keyId,
      signature: e.signature,
    }),
  );
  return Buffer.from(lines.map((line) => `${line}\n`).join(''), 'utf8');
}

export interface VersionRow extends StoredVersion {
  note: string | null;
  /** The previous version's paragraph numbers → this version's (null: deleted); null for 1. */
  paragraphMap: Record<string, number | null> | null;
  createdBy: string;
  createdAt: Date;
}

export const versionTextPath = (number: number) => `versions/${number}.txt`;

/** versions.json: each version's hash and note; its text is versions/<n>.txt, byte for byte. */
export const archivedVersions = (rows: readonly VersionRow[]) =>
  rows.map((row) => ({
    number: row.number,
    hash: row.hash,
    note: row.note,
    createdBy: row.createdBy,
    createdAt: row.createdAt.toISOString(),
    paragraphMap: row.paragraphMap,
    file: versionTextPath(row.number),
  }));

export interface RoundRow extends StoredRound {
  reminderOffsets: string[];
}

export const archivedRounds = (rows: readonly RoundRow[]) =>
  rows.map((row) => ({
    number: row.number,
    versionNumber: row.versionNumber,
    versionHash: row.versionHash,
    openedAt: row.openedAt.toISOString(),
    deadline: row.deadline.toISOString(),
    silenceRule: row.silenceRule,
    electorate: row.electorate,
    reminderOffsets: row.reminderOffsets,
    closedAt: iso(row.closedAt),
    outcome: row.outcome,
  }));

/** positions.json: every position row, superseded ones included, with its round's number. */
export const archivedPositions = (rows: readonly StoredPosition[]) =>
  rows.map((row) => ({
    id: row.id,
    roundNumber: row.roundNumber,
    memberCode: row.memberCode,
    position: row.position,
    versionHash: row.versionHash,
    text: row.text,
    reference: row.reference,
    onBehalf: row.onBehalf,
    recordedBy: row.recordedBy,
    takenAt: row.takenAt.toISOString(),
    recordedAt: row.recordedAt.toISOString(),
    supersedesId: row.supersedesId,
  }));

export interface CommentRow {
  id: string;
  seq: string;
  versionNumber: number;
  versionHash: string;
  paragraph: number | null;
  replyToId: string | null;
  text: string;
  authorId: string;
  authorLabel: string;
  memberCode: string | null;
  createdAt: Date;
}

/** comments.json: every comment, in the order written, bound to its version (and paragraph). */
export const archivedComments = (rows: readonly CommentRow[]) =>
  rows.map((row) => ({
    id: row.id,
    seq: Number(row.seq),
    version: { number: row.versionNumber, hash: row.versionHash },
    paragraph: row.paragraph,
    replyTo: row.replyToId,
    text: row.text,
    authorId: row.authorId,
    authorLabel: row.authorLabel,
    member: row.memberCode,
    createdAt: row.createdAt.toISOString(),
  }));

export interface ProposalRow {
  id: string;
  memberCode: string;
  paragraph: number;
  versionNumber: number;
  versionHash: string;
  text: string;
  rationale: string | null;
  proposedBy: string;
  onBehalf: boolean;
  createdAt: Date;
  state: string;
  decidedInVersion: number | null;
  decidedAt: Date | null;
  decidedBy: string | null;
  reason: string | null;
}

/** proposals.json: every text proposal with the version and paragraph it was made on, and its fate. */
export const archivedProposals = (rows: readonly ProposalRow[]) =>
  rows.map((row) => ({
    id: row.id,
    member: row.memberCode,
    version: { number: row.versionNumber, hash: row.versionHash },
    paragraph: row.paragraph,
    text: row.text,
    rationale: row.rationale,
    proposedBy: row.proposedBy,
    onBehalf: row.onBehalf,
    createdAt: row.createdAt.toISOString(),
    state: row.state,
    decidedInVersion: row.decidedInVersion,
    decidedAt: iso(row.decidedAt),
    decidedBy: row.decidedBy,
    reason: row.reason,
  }));

/** A document as the archive reads it, its bytes included. */
export interface DocumentRow {
  id: string;
  kind: string;
  filename: string;
  contentType: string;
  size: number;
  sha256: string;
  content: Buffer;
  positionId: string | null;
  proposalId: string | null;
  memberCode: string | null;
  uploadedBy: string;
  uploadedAt: Date;
}

/**
 * documents/<id>-<name>: the id keeps paths apart, the name is the stored one with everything
 * but ASCII letters, digits, `.`, `-` and `_` made `_` (a zip path any unzip writes as is).
 */
export function documentPath(id: string, filename: string): string {
  const safe = filename
    .normalize('NFKD')
    .replace(/[^A-Za-z0-9._-]+/g, '_')
    .replace(/^[._]+/, '')
    .slice(0, 100);
  return `documents/${id}-${safe || 'document'}`;
}

/** documents.json: each document's row without its bytes, and the file that holds them. */
export const archivedDocuments = (rows: readonly DocumentRow[]) =>
  rows.map((row) => ({
    id: row.id,
    kind: row.kind,
    filename: row.filename,
    contentType: row.contentType,
    size: row.size,
    sha256: row.sha256,
    positionId: row.positionId,
    proposalId: row.proposalId,
    member: row.memberCode,
    uploadedBy: row.uploadedBy,
    uploadedAt: row.uploadedAt.toISOString(),
    file: documentPath(row.id, row.filename),
  }));

// Reading back. Each reader names its file when the content is not what the export writes.

type Json = Record<string, unknown>;

export function parseJson(file: string, content: Buffer): unknown {
  try {
    return JSON.parse(content.toString('utf8'));
  } catch {
    throw new ArchiveFileError(file, 'is not JSON');
  }
}

function dateOf(file: string, value: unknown, field: string): Date {
  const date = typeof value === 'string' ? new Date(value) : null;
  if (!date || Number.isNaN(date.getTime())) {
    throw new ArchiveFileError(file, `${field} is not an instant`);
  }
  return date;
}

const dateOrNull = (file: string, value: unknown, field: string) =>
  value === null ? null : dateOf(file, value, field);

function listOf(file: string, value: unknown): Json[] {
  if (!Array.isArray(value) || !value.every((v) => v !== null && typeof v === 'object')) {
    throw new ArchiveFileError(file, 'is not a list of objects');
  }
  return value as Json[];
}

export function readManifest(content: Buffer): ArchiveManifest {
  const manifest = parseJson(MANIFEST_FILE, content) as Partial<ArchiveManifest> | null;
  if (manifest?.format !== ARCHIVE_FORMAT) {
    throw new ArchiveFileError(MANIFEST_FILE, `is not an ${ARCHIVE_FORMAT} manifest`);
  }
  const files = listOf(MANIFEST_FILE, manifest.files);
  const valid = files.every(
    (f) => typeof f.path === 'string' && typeof f.size === 'number' && typeof f.sha256 === 'string',
  );
  if (!valid || !Array.isArray(manifest.statements) || typeof manifest.publicKeyId !== 'string') {
    throw new ArchiveFileError(MANIFEST_FILE, 'lacks its files, statements or publicKeyId');
  }
  return manifest as ArchiveManifest;
}

export function readKeys(content: Buffer): VerificationKey[] {
  const keys = listOf(KEYS_FILE, parseJson(KEYS_FILE, content));
  if (!keys.every((k) => typeof k.keyId === 'string' && typeof k.publicKeyPem === 'string')) {
    throw new ArchiveFileError(KEYS_FILE, 'is not a list of {keyId, publicKeyPem}');
  }
  return keys.map((k) => ({ keyId: k.keyId as string, publicKeyPem: k.publicKeyPem as string }));
}

/** A statement folder's files as verification reads a statement from the database. */
/** A file's size and sha256: the offline check hashes documents as it reads, never keeps them. */
export type HashOf = (name: string) => { size: number; sha256: string };

const hashing =
  (file: (name: string) => Buffer): HashOf =>
  (name) => {
    const bytes = file(name);
    return { size: bytes.length, sha256: createHash('sha256').update(bytes).digest('hex') };
  };

export function readStatement(
  folder: string,
  file: (name: string) => Buffer,
  { sections = [], hashOf = hashing(file) }: { sections?: readonly string[]; hashOf?: HashOf } = {},
): StoredStatement & { framework: string } {
  const at = (name: string) => `${folder}${name}`;
  const statementFile = at('statement.json');
  const row = parseJson(statementFile, file('statement.json')) as Json | null;
  if (!row || typeof row.id !== 'string' || typeof row.machineVersion !== 'number') {
    throw new ArchiveFileError(statementFile, 'is not a statement');
  }
  const versionsFile = at('versions.json');
  const versions = listOf(versionsFile, parseJson(versionsFile, file('versions.json'))).map(
    (v) => ({
      number: v.number as number,
      hash: v.hash as string,
      body: file(String(v.file)).toString('utf8'),
    }),
  );
  return {
    id: row.id,
    framework: row.framework as string,
    title: row.title as string,
    machineVersion: row.machineVersion,
    snapshot: row.snapshot,
    state: row.state as string,
    roundState: row.roundState as string | null,
    currentVersion: row.currentVersion as number,
    currentHash: row.currentHash as string,
    openDeadline: dateOrNull(statementFile, row.openDeadline, 'openDeadline'),
    lockVersion: row.lockVersion as number,
    events: readAudit(at('audit.jsonl'), file('audit.jsonl')),
    rounds: readRounds(at('rounds.json'), file('rounds.json')),
    positions: readPositions(at('positions.json'), file('positions.json')),
    versions,
    // An archive written before documents were archived has no documents.json.
    ...(sections.includes('documents')
      ? { documents: readDocuments(at('documents.json'), file('documents.json'), hashOf) }
      : {}),
  };
}

/** What verification compares of a document: its listed hash and size, and its file's. */
function readDocuments(path: string, content: Buffer, hashOf: HashOf): StoredDocument[] {
  return listOf(path, parseJson(path, content)).map((d) => {
    if (
      typeof d.id !== 'string' ||
      typeof d.file !== 'string' ||
      !d.file.startsWith('documents/')
    ) {
      throw new ArchiveFileError(path, 'lists a document without its id or file');
    }
    const bytes = hashOf(d.file);
    return {
      id: d.id,
      sha256: d.sha256 as string,
      size: d.size as number,
      contentSha256: bytes.sha256,
      contentLength: bytes.size,
    };
  });
}

function readAudit(path: string, content: Buffer): StoredEvent[] {
  const lines = content.toString('utf8').split('\n');
  if (lines.pop() !== '') throw new ArchiveFileError(path, 'does not end with a new line');
  return lines.map((line, index) => {
    let e: Json;
    try {
      e = JSON.parse(line) as Json;
    } catch {
      throw new ArchiveFileError(path, `line ${index + 1} is not JSON`);
    }
    return {
      seq: e.seq as number,
      statementId: e.statementId as string,
      type: e.type as string,
      actorId: e.actorId as string | null,
      actorLabel: e.actorLabel as string,
      at: dateOf(path, e.at, `line ${index + 1}: at`),
      recordedAt: dateOf(path, e.recordedAt, `line ${index + 1}: recordedAt`),
      textHash: e.textHash as string,
      stateFrom: e.stateFrom as string | null,
      stateTo: e.stateTo as string,
      payload: e.payload as Record<string, unknown>,
      prevHash: e.prevHash as string | null,
      hash: e.hash as string,
      keyId: e.keyId as string | null,
      signature: e.signature as string | null,
    };
  });
}

function readRounds(path: string, content: Buffer): StoredRound[] {
  return listOf(path, parseJson(path, content)).map((r) => ({
    number: r.number as number,
    versionNumber: r.versionNumber as number,
    versionHash: r.versionHash as string,
    openedAt: dateOf(path, r.openedAt, 'openedAt'),
    deadline: dateOf(path, r.deadline, 'deadline'),
    silenceRule: r.silenceRule as string,
    electorate: r.electorate as string[],
    closedAt: dateOrNull(path, r.closedAt, 'closedAt'),
    outcome: r.outcome as string | null,
  }));
}

function readPositions(path: string, content: Buffer): StoredPosition[] {
  return listOf(path, parseJson(path, content)).map((p) => ({
    id: p.id as string,
    roundNumber: p.roundNumber as number,
    memberCode: p.memberCode as string,
    position: p.position as string,
    versionHash: p.versionHash as string,
    text: p.text as string | null,
    reference: p.reference as string | null,
    onBehalf: p.onBehalf as boolean,
    recordedBy: p.recordedBy as string,
    takenAt: dateOf(path, p.takenAt, 'takenAt'),
    recordedAt: dateOf(path, p.recordedAt, 'recordedAt'),
    supersedesId: p.supersedesId as string | null,
  }));
}

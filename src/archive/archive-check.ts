import { createHash, createPublicKey, verify } from 'node:crypto';
import type { KeyObject } from 'node:crypto';
import { openPromise } from 'yauzl';
import { keyIdOf } from '../engine/signing.service';
import { KeyRing } from '../verify/chain.util';
import { checkStatement } from '../verify/statement-check.util';
import type { StatementVerification } from '../verify/statement-check.util';
import type { Problem, VerificationKey } from '../verify/verify.types';
import { checkWitness, parseWitnesses } from '../verify/witness.util';
import {
  ArchiveFileError,
  KEYS_FILE,
  MANIFEST_FILE,
  readKeys,
  readManifest,
  readStatement,
  SIGNATURE_FILE,
} from './archive-files.util';
import type { ArchiveManifest } from './archive-files.util';

// Checks an archive offline: no database, no adref running. Every check names the file it
// failed on. Which key is trusted: a key inside the archive proves only that the archive is
// whole as it was signed, not who signed it. Given the published key (--key), the manifest's
// signature proves adref made it, and the manifest then vouches for every file by its sha256,
// keys.json included, whose keys (older ones too) verify the audit events.

export interface ArchiveFailure {
  file: string;
  message: string;
}

export interface ArchiveReport {
  manifest: ArchiveManifest | null;
  /** 'given': checked against the key given apart; 'archive': only against keys.json inside. */
  trust: 'given' | 'archive';
  signatureValid: boolean;
  files: number;
  failures: ArchiveFailure[];
  statements: (StatementVerification & { folder: string })[];
  valid: boolean;
}

interface Entry {
  size: number;
  sha256: string;
  /** Kept for the files verification reads (text); PDFs and documents are only hashed. */
  content: Buffer | null;
}

const KEPT = /\.(json|jsonl|txt|csv|sig)$/;

/** Reads a published key: a PEM public key, or JSON as GET /api/v1/keys gives (a list or one). */
export function parseTrustedKeys(text: string, source: string): VerificationKey[] {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return [pemKey(text, source)];
  }
  const list = (Array.isArray(json) ? json : [json]) as Partial<VerificationKey>[];
  if (!list.every((k) => typeof k?.keyId === 'string' && typeof k.publicKeyPem === 'string')) {
    throw new Error(`${source} is not a list of {keyId, publicKeyPem}, as GET /api/v1/keys gives`);
  }
  return list as VerificationKey[];
}

function pemKey(text: string, source: string): VerificationKey {
  let key: KeyObject;
  try {
    key = createPublicKey(text);
  } catch {
    throw new Error(`${source} is neither JSON as GET /api/v1/keys gives nor a PEM public key`);
  }
  return {
    keyId: keyIdOf(key),
    publicKeyPem: key.export({ type: 'spki', format: 'pem' }) as string,
  };
}

/** The file is no zip, or its directory cannot be read: there is nothing to check. */
export class ArchiveUnreadable extends Error {}

async function readEntries(file: string, failures: ArchiveFailure[]): Promise<Map<string, Entry>> {
  const entries = new Map<string, Entry>();
  let zip;
  try {
    zip = await openPromise(file, { lazyEntries: true, strictFileNames: true });
  } catch (error) {
    throw new ArchiveUnreadable((error as Error).message);
  }
  const each = zip.eachEntry();
  try {
    for (;;) {
      let next;
      try {
        next = await each.next();
      } catch (error) {
        throw new ArchiveUnreadable((error as Error).message);
      }
      if (next.done) break;
      const entry = next.value;
      if (entry.fileName.endsWith('/')) continue;
      if (entries.has(entry.fileName)) {
        failures.push({ file: entry.fileName, message: 'is in the archive twice' });
        continue;
      }
      try {
        const stream = await zip.openReadStreamPromise(entry);
        const hash = createHash('sha256');
        const chunks: Buffer[] | null = KEPT.test(entry.fileName) ? [] : null;
        let size = 0;
        for await (const chunk of stream as AsyncIterable<Buffer>) {
          hash.update(chunk);
          size += chunk.length;
          chunks?.push(chunk);
        }
        entries.set(entry.fileName, {
          size,
          sha256: hash.digest('hex'),
          content: chunks ? Buffer.concat(chunks) : null,
        });
      } catch (error) {
        failures.push({
          file: entry.fileName,
          message: `cannot be read from the zip: ${(error as Error).message}`,
        });
      }
    }
  } finally {
    zip.close();
  }
  return entries;
}

/** Ed25519 over the manifest's exact bytes, with the key the manifest names, from `keys`. */
function signatureFailure(
  manifest: ArchiveManifest,
  bytes: Buffer,
  signature: Buffer,
  keys: VerificationKey[],
  trust: ArchiveReport['trust'],
): string | null {
  const where = trust === 'given' ? 'the key given' : `${KEYS_FILE} in the archive`;
  const key = keys.find((k) => k.keyId === manifest.publicKeyId);
  if (!key) return `signed with key ${manifest.publicKeyId}, which is not in ${where}`;
  try {
    if (verify(null, bytes, createPublicKey(key.publicKeyPem), signature)) return null;
  } catch {
    // An unreadable key or signature verifies nothing.
  }
  return `the signature does not verify over the manifest with key ${key.keyId} (${where}): one of the two was changed`;
}

/** Which file of a statement's folder a problem of verification is about. */
function fileOf(problem: Problem): string {
  switch (problem.kind) {
    case 'snapshot_mismatch':
      return 'statement.json';
    case 'round_mismatch':
      return 'rounds.json';
    case 'position_mismatch':
      return 'positions.json';
    case 'text_mismatch':
      return 'versions.json';
    case 'document_mismatch':
      return 'documents.json';
    default:
      return 'audit.jsonl';
  }
}

export async function checkArchive(
  file: string,
  options: { trustedKeys?: VerificationKey[] } = {},
): Promise<ArchiveReport> {
  const failures: ArchiveFailure[] = [];
  const trust = options.trustedKeys ? 'given' : 'archive';
  const report: ArchiveReport = {
    manifest: null,
    trust,
    signatureValid: false,
    files: 0,
    failures,
    statements: [],
    valid: false,
  };
  const entries = await readEntries(file, failures);
  report.files = entries.size;
  const content = (path: string): Buffer => {
    const found = entries.get(path)?.content;
    if (!found) throw new ArchiveFileError(path, 'is missing from the archive');
    return found;
  };
  const hashOf = (path: string) => {
    const found = entries.get(path);
    if (!found) throw new ArchiveFileError(path, 'is missing from the archive');
    return found;
  };
  const attempt = <T>(work: () => T): T | null => {
    try {
      return work();
    } catch (error) {
      if (!(error instanceof ArchiveFileError)) throw error;
      failures.push({ file: error.file, message: error.message });
      return null;
    }
  };

  const manifest = attempt(() => readManifest(content(MANIFEST_FILE)));
  const signature = attempt(() => content(SIGNATURE_FILE));
  const archiveKeys = attempt(() => readKeys(content(KEYS_FILE)));
  report.manifest = manifest;
  if (!manifest) return finish(report);

  const signingKeys = options.trustedKeys ?? archiveKeys ?? [];
  if (signature) {
    const problem = signatureFailure(
      manifest,
      content(MANIFEST_FILE),
      signature,
      signingKeys,
      trust,
    );
    // A detached signature cannot tell which of the two changed: both are named.
    if (problem) failures.push({ file: `${MANIFEST_FILE}, ${SIGNATURE_FILE}`, message: problem });
    else report.signatureValid = true;
  }

  const listed = new Set<string>([MANIFEST_FILE, SIGNATURE_FILE]);
  for (const expected of manifest.files) {
    listed.add(expected.path);
    const entry = entries.get(expected.path);
    if (!entry) {
      failures.push({ file: expected.path, message: 'is in the manifest but not in the archive' });
    } else if (entry.size !== expected.size) {
      failures.push({
        file: expected.path,
        message: `is ${entry.size} bytes; the manifest says ${expected.size}`,
      });
    } else if (entry.sha256 !== expected.sha256) {
      failures.push({
        file: expected.path,
        message: `has sha256 ${entry.sha256}; the manifest says ${expected.sha256}`,
      });
    }
  }
  for (const path of entries.keys()) {
    if (!listed.has(path))
      failures.push({ file: path, message: 'is in the archive but not in the manifest' });
  }

  // keys.json is vouched for by the given key once the manifest verifies and lists its hash.
  const keysVouched = report.signatureValid && !failures.some((f) => f.file === KEYS_FILE);
  const eventKeys = options.trustedKeys
    ? [...options.trustedKeys, ...(keysVouched ? (archiveKeys ?? []) : [])]
    : (archiveKeys ?? []);
  const ring = new KeyRing(eventKeys);
  const sections = Array.isArray(manifest.sections) ? manifest.sections : [];
  for (const listedStatement of manifest.statements) {
    const folder = listedStatement.folder;
    const stored = attempt(() =>
      readStatement(folder, (name) => content(`${folder}${name}`), {
        sections,
        hashOf: (name) => hashOf(`${folder}${name}`),
      }),
    );
    if (!stored) continue;
    if (stored.framework !== manifest.framework.code) {
      failures.push({
        file: `${folder}statement.json`,
        message: `belongs to framework ${stored.framework}, not ${manifest.framework.code}`,
      });
    }
    if (stored.id !== listedStatement.id) {
      failures.push({
        file: `${folder}statement.json`,
        message: `is statement ${stored.id}; the manifest lists ${listedStatement.id} here`,
      });
    }
    let result: StatementVerification;
    try {
      result = checkStatement(stored, ring);
    } catch (error) {
      // A field of the wrong type, which the chain's own checks would not expect.
      failures.push({
        file: `${folder}audit.jsonl`,
        message: `cannot be checked: ${(error as Error).message}`,
      });
      continue;
    }
    for (const problem of result.problems) {
      failures.push({ file: `${folder}${fileOf(problem)}`, message: describe(problem) });
    }
    // The record's chain head must be an event of audit.jsonl, signed with a trusted key.
    for (const name of ['record.json', 'record.csv']) {
      const path = `${folder}${name}`;
      const kept = entries.get(path)?.content;
      if (!kept) continue;
      for (const witness of parseWitnesses(kept.toString('utf8'), path)) {
        for (const problem of checkWitness(witness, stored.events, ring)) {
          failures.push({ file: path, message: describe(problem) });
          result.problems.push(problem);
        }
      }
    }
    result.valid = result.problems.length === 0;
    report.statements.push({ ...result, folder });
  }
  return finish(report);
}

const describe = (problem: Problem) =>
  `${problem.kind}: ${problem.seq === undefined ? '' : `event ${problem.seq}: `}${problem.message}`;

function finish(report: ArchiveReport): ArchiveReport {
  report.valid = report.failures.length === 0 && report.signatureValid;
  return report;
}

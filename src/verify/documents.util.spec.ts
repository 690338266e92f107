import { compareDocuments } from './documents.util';
import type { StoredDocument } from './verify.types';

const HASH = 'ab'.repeat(32);
const attached = (seq: number, documentId: string, sha256 = HASH, size = 10) => ({
  seq,
  type: 'DOCUMENT_ATTACHED',
  payload: { documentId, sha256, size, kind: 'annex' },
});
const stored = (id: string, changes: Partial<StoredDocument> = {}): StoredDocument => ({
  id,
  sha256: HASH,
  size: 10,
  contentSha256: HASH,
  contentLength: 10,
  ...changes,
});

describe(compareDocuments.name, () => {
  it('finds nothing when every document is the one its event attached', () => {
    const events = [{ seq: 1, type: 'CREATED', payload: {} }, attached(2, 'd1')];
    expect(compareDocuments(events, [stored('d1')])).toEqual([]);
  });

  it('names a document whose bytes changed, even when its sha256 column was changed with them', () => {
    const forged = 'cd'.repeat(32);
    const problems = compareDocuments(
      [attached(2, 'd1')],
      [stored('d1', { contentSha256: forged, sha256: forged })],
    );
    expect(problems.map((p) => [p.seq, p.kind])).toEqual([
      [2, 'document_mismatch'],
      [2, 'document_mismatch'],
    ]);
    expect(problems[0].message).toContain(forged);
  });

  it('names a missing document, a changed size and a document no event attached', () => {
    const problems = compareDocuments(
      [attached(2, 'd1'), attached(3, 'd2')],
      [stored('d2', { contentLength: 9 }), stored('d3')],
    );
    expect(problems.map((p) => p.message)).toEqual([
      'document d1, attached by event 2, is missing',
      'document d2 is 9 bytes (size 10); event 3 attached 10',
      'document d3 is stored, but no event of the history attached it',
    ]);
  });
});

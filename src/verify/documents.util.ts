import { DOCUMENT_ATTACHED } from '../engine/workflow.runtime';
import type { Problem, StoredDocument, StoredEvent } from './verify.types';

interface Attached {
  seq: number;
  documentId: string;
  sha256: string;
  size: number;
}

function attachedOf(event: Pick<StoredEvent, 'seq' | 'type' | 'payload'>): Attached | null {
  if (event.type !== DOCUMENT_ATTACHED) return null;
  const { documentId, sha256, size } = event.payload as Record<string, unknown>;
  if (typeof documentId !== 'string' || typeof sha256 !== 'string' || typeof size !== 'number') {
    return { seq: event.seq, documentId: String(documentId), sha256: '', size: -1 };
  }
  return { seq: event.seq, documentId, sha256, size };
}

/**
 * Every document is the one its signed DOCUMENT_ATTACHED event names: the same sha256 and size,
 * in the column and in the bytes themselves; and no document is stored without such an event.
 */
export function compareDocuments(
  events: readonly Pick<StoredEvent, 'seq' | 'type' | 'payload'>[],
  documents: readonly StoredDocument[],
): Problem[] {
  const problems: Problem[] = [];
  const stored = new Map(documents.map((d) => [d.id, d]));
  const attached = new Set<string>();
  for (const event of events) {
    const expected = attachedOf(event);
    if (!expected) continue;
    attached.add(expected.documentId);
    const mismatch = (message: string) =>
      problems.push({ seq: expected.seq, kind: 'document_mismatch', message });
    const document = stored.get(expected.documentId);
    if (!document) {
      mismatch(`document ${expected.documentId}, attached by event ${expected.seq}, is missing`);
      continue;
    }
    if (document.contentSha256 !== expected.sha256) {
      mismatch(
        `the bytes of document ${document.id} hash to ${document.contentSha256}; event ${expected.seq} attached ${expected.sha256}`,
      );
    }
    if (document.sha256 !== expected.sha256) {
      mismatch(`document ${document.id} records sha256 ${document.sha256}, not ${expected.sha256}`);
    }
    if (document.contentLength !== expected.size || document.size !== expected.size) {
      mismatch(
        `document ${document.id} is ${document.contentLength} bytes (size ${document.size}); event ${expected.seq} attached ${expected.size}`,
      );
    }
  }
  for (const document of documents) {
    if (!attached.has(document.id)) {
      problems.push({
        kind: 'document_mismatch',
        message: `document ${document.id} is stored, but no event of the history attached it`,
      });
    }
  }
  return problems;
}

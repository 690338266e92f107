import { createPublicKey, verify } from 'node:crypto';
import type { KeyObject } from 'node:crypto';
import { auditHash } from '../engine/audit.repository';
import type { Problem, StoredEvent, VerificationKey } from './verify.types';

/** The published keys by keyId, parsed once; a key that does not parse verifies nothing. */
export class KeyRing {
  private readonly keys = new Map<string, KeyObject | null>();

  constructor(published: readonly VerificationKey[]) {
    for (const key of published) {
      try {
        this.keys.set(key.keyId, createPublicKey(key.publicKeyPem));
      } catch {
        this.keys.set(key.keyId, null);
      }
    }
  }

  has(keyId: string): boolean {
    return this.keys.has(keyId);
  }

  /** Ed25519 over the hash's hex string as UTF-8 bytes, as adref signs it. */
  verifies(keyId: string, hash: string, signature: string): boolean {
    const key = this.keys.get(keyId);
    if (!key) return false;
    try {
      return verify(null, Buffer.from(hash, 'utf8'), key, Buffer.from(signature, 'base64'));
    } catch {
      return false;
    }
  }
}

/** Why a signed hash does not hold, or null when it does. */
export function signatureProblem(
  keys: KeyRing,
  signed: { keyId: string | null; signature: string | null; hash: string },
): Pick<Problem, 'kind' | 'message'> | null {
  if (!signed.keyId || !signed.signature) {
    return { kind: 'unsigned', message: 'carries no signature' };
  }
  if (!keys.has(signed.keyId)) {
    return { kind: 'unknown_key', message: `is signed with key ${signed.keyId}, never published` };
  }
  if (!keys.verifies(signed.keyId, signed.hash, signed.signature)) {
    return {
      kind: 'bad_signature',
      message: `signature does not verify with the published key ${signed.keyId}`,
    };
  }
  return null;
}

/**
 * The chain's own checks, event by event: numbering from 1 without gaps, each prevHash the
 * previous hash, each hash recomputed from the fields, each signature against the published key.
 */
export function checkChain(events: readonly StoredEvent[], keys: KeyRing): Problem[] {
  const problems: Problem[] = [];
  let previous: StoredEvent | null = null;
  for (const event of events) {
    const expectedSeq = (previous?.seq ?? 0) + 1;
    if (event.seq !== expectedSeq) {
      problems.push({
        seq: event.seq,
        kind: 'missing_events',
        message:
          event.seq > expectedSeq
            ? `${event.seq - 1 > expectedSeq ? `events ${expectedSeq} to ${event.seq - 1} are` : `event ${expectedSeq} is`} missing before event ${event.seq}`
            : `event ${event.seq} comes after event ${previous?.seq}`,
      });
    }
    const expectedPrev = previous?.hash ?? null;
    if (event.prevHash !== expectedPrev) {
      problems.push({
        seq: event.seq,
        kind: 'broken_link',
        message: `prevHash ${event.prevHash ?? 'null'} is not the previous event's hash ${expectedPrev ?? 'null'}`,
      });
    }
    const recomputed = auditHash(event);
    if (recomputed !== event.hash) {
      problems.push({
        seq: event.seq,
        kind: 'hash_mismatch',
        message: `stored hash ${event.hash} is not the hash of the event's fields (${recomputed})`,
      });
    }
    const signature = signatureProblem(keys, event);
    if (signature) {
      problems.push({
        seq: event.seq,
        kind: signature.kind,
        message: `the event ${signature.message}`,
      });
    }
    previous = event;
  }
  return problems;
}

import { KeyRing, signatureProblem } from './chain.util';
import type { Problem, StoredEvent, Witness } from './verify.types';

/**
 * The line a CSV record (or any text copy) carries its chain head on, e.g.
 * `# chain head: statement <id> seq <n> hash <hex> key <keyId> signature <base64>`.
 */
const HEAD_LINE =
  /chain head:\s*statement\s+([0-9a-f-]{36})\s+seq\s+(\d+)\s+hash\s+([0-9a-f]{64})(?:\s+key\s+([0-9A-Za-z_-]+))?(?:\s+signature\s+([A-Za-z0-9+/]+=*))?/gi;

type Json = Record<string, unknown>;

const isObject = (value: unknown): value is Json =>
  value !== null && typeof value === 'object' && !Array.isArray(value);

/**
 * Every chain head a file holds: in JSON, each object with a `chainHead` ({seq, hash, keyId,
 * signature}, its statement named in it or beside it); in text, each chain-head line.
 */
export function parseWitnesses(content: string, source: string): Witness[] {
  const found: Witness[] = [];
  let json: unknown;
  try {
    json = JSON.parse(content.replace(/^\uFEFF/, ''));
  } catch {
    json = undefined;
  }
  if (json !== undefined) collectJson(json, source, found);
  else {
    for (const match of content.matchAll(HEAD_LINE)) {
      found.push({
        source,
        statementId: match[1].toLowerCase(),
        seq: Number(match[2]),
        hash: match[3].toLowerCase(),
        keyId: match[4] ?? null,
        signature: match[5] ?? null,
      });
    }
  }
  const seen = new Set<string>();
  return found.filter((w) => {
    const key = `${w.statementId}/${w.seq}/${w.hash}`;
    return !seen.has(key) && !!seen.add(key);
  });
}

function collectJson(value: unknown, source: string, found: Witness[], parentId?: string): void {
  if (Array.isArray(value)) {
    for (const item of value) collectJson(item, source, found, parentId);
    return;
  }
  if (!isObject(value)) return;
  const ownId = typeof value.statementId === 'string' ? value.statementId : parentId;
  const head = value.chainHead;
  if (isObject(head) && typeof head.seq === 'number' && typeof head.hash === 'string') {
    const statementId = typeof head.statementId === 'string' ? head.statementId : ownId;
    if (statementId) {
      found.push({
        source,
        statementId: statementId.toLowerCase(),
        seq: head.seq,
        hash: head.hash.toLowerCase(),
        keyId: typeof head.keyId === 'string' && head.keyId ? head.keyId : null,
        signature: typeof head.signature === 'string' && head.signature ? head.signature : null,
      });
    }
  }
  for (const [key, child] of Object.entries(value)) {
    if (key !== 'chainHead') collectJson(child, source, found, ownId);
  }
}

/**
 * A witness holds: its signature verifies with a published key, and the chain has an event with
 * its seq and hash. A chain that ends before the witness's seq lost its tail.
 */
export function checkWitness(
  witness: Witness,
  events: readonly StoredEvent[],
  keys: KeyRing,
): Problem[] {
  const problems: Problem[] = [];
  const from = `the witness in ${witness.source}`;
  const signature = signatureProblem(keys, witness);
  if (signature) {
    problems.push({
      seq: witness.seq,
      kind: signature.kind,
      message: `${from} ${signature.message}`,
    });
  }
  const event = events.find((e) => e.seq === witness.seq);
  const last = events.at(-1)?.seq ?? 0;
  if (!event) {
    problems.push({
      seq: witness.seq,
      kind: 'missing_events',
      message:
        witness.seq > last
          ? `${from} holds event ${witness.seq}; the chain ends at ${last}: events were deleted`
          : `${from} holds event ${witness.seq}; the chain has no such event`,
    });
  } else if (event.hash !== witness.hash) {
    problems.push({
      seq: witness.seq,
      kind: 'witness_mismatch',
      message: `${from} holds event ${witness.seq} with hash ${witness.hash}; the chain has ${event.hash}`,
    });
  }
  return problems;
}

/** What verification can find wrong with a statement's stored record. */
export type ProblemKind =
  /** An event's stored hash is not the hash of its fields. */
  | 'hash_mismatch'
  /** An event's prevHash is not its predecessor's hash. */
  | 'broken_link'
  /** The signature does not verify with the published key. */
  | 'bad_signature'
  /** The event or witness names a key that adref never published. */
  | 'unknown_key'
  /** The event carries no signature. */
  | 'unsigned'
  /** Events are missing: a gap in the numbering, an empty chain, or a tail a witness holds. */
  | 'missing_events'
  /** The machine refuses an event the chain holds, or the event cannot be replayed. */
  | 'replay_refused'
  /** The replay reaches another state or text than the event records. */
  | 'replay_mismatch'
  /** The stored snapshot (or a column projected from it) is not what the replay gives. */
  | 'snapshot_mismatch'
  | 'round_mismatch'
  | 'position_mismatch'
  | 'text_mismatch'
  /** A witness holds a hash that is not the chain's hash at that seq. */
  | 'witness_mismatch'
  /** A document's bytes, hash or size are not what its DOCUMENT_ATTACHED event records, or it has none. */
  | 'document_mismatch';

export interface Problem {
  /** The audit event concerned, when there is one. */
  seq?: number;
  kind: ProblemKind;
  message: string;
}

export interface VerifyReport {
  valid: boolean;
  checkedEvents: number;
  problems: Problem[];
}

// What verification reads, as plain shapes: the entities satisfy them, and the pure utils and
// their specs need no database.

export interface StoredEvent {
  seq: number;
  statementId: string;
  type: string;
  actorId: string | null;
  actorLabel: string;
  at: Date;
  recordedAt: Date;
  textHash: string;
  stateFrom: string | null;
  stateTo: string;
  payload: Record<string, unknown>;
  prevHash: string | null;
  hash: string;
  keyId: string | null;
  signature: string | null;
}

export interface StoredRound {
  number: number;
  versionNumber: number;
  versionHash: string;
  openedAt: Date;
  deadline: Date;
  silenceRule: string;
  electorate: string[];
  closedAt: Date | null;
  outcome: string | null;
}

export interface StoredPosition {
  id: string;
  roundNumber: number;
  memberCode: string;
  position: string;
  versionHash: string;
  text: string | null;
  reference: string | null;
  onBehalf: boolean;
  recordedBy: string;
  takenAt: Date;
  recordedAt: Date;
  /** The position row this one replaces, or null for a member's first in the round. */
  supersedesId: string | null;
}

export interface StoredVersion {
  number: number;
  hash: string;
  body: string;
}

export interface StoredStatement {
  id: string;
  title: string;
  machineVersion: number;
  snapshot: unknown;
  state: string;
  roundState: string | null;
  currentVersion: number;
  currentHash: string;
  openDeadline: Date | null;
  /** +1 with every event, from 1 at CREATED. */
  lockVersion: number;
  events: StoredEvent[];
  rounds: StoredRound[];
  positions: StoredPosition[];
  versions: StoredVersion[];
  /** The statement's documents, with the sha256 the database computes from their bytes. */
  documents?: StoredDocument[];
}

export interface StoredDocument {
  id: string;
  /** The sha256 column, as stored beside the bytes. */
  sha256: string;
  size: number;
  /** sha256 and length of the stored bytes, computed by the database when read. */
  contentSha256: string;
  contentLength: number;
}

/** A public key adref signs with, as GET /api/v1/keys publishes it. */
export interface VerificationKey {
  keyId: string;
  publicKeyPem: string;
}

/** A chain head held outside adref: in a record of adoption, a notification or a CSV. */
export interface Witness {
  /** Where it was found, e.g. the file name. */
  source: string;
  statementId: string;
  seq: number;
  hash: string;
  keyId: string | null;
  signature: string | null;
}

import { Injectable } from '@nestjs/common';
import canonicalize from 'canonicalize';
import { EntityManager } from 'typeorm';
import { sha256 } from '../common/hash.util';
import { SigningService } from './signing.service';
import { AuditEventEntity } from './engine.entities';

export interface NewAuditEvent {
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
}

/** The fields an event's hash covers, with its predecessor's hash: a tamper-evident chain. */
export function auditHash(event: Omit<AuditEventEntity, 'id' | 'hash' | 'statement'>): string {
  return sha256(
    canonicalize({
      statementId: event.statementId,
      seq: event.seq,
      type: event.type,
      actorId: event.actorId,
      actorLabel: event.actorLabel,
      at: event.at.toISOString(),
      recordedAt: event.recordedAt.toISOString(),
      textHash: event.textHash,
      stateFrom: event.stateFrom,
      stateTo: event.stateTo,
      payload: event.payload,
      prevHash: event.prevHash,
    }) ?? '',
  );
}

/** Where the chain breaks: the first event whose hash or link does not match, or null. */
export function firstBrokenLink(events: AuditEventEntity[]): number | null {
  let previous: string | null = null;
  for (const event of events) {
    if (event.prevHash !== previous || auditHash(event) !== event.hash) return event.seq;
    previous = event.hash;
  }
  return null;
}

/**
 * The last event of a statement's chain, signed: records and notifications carry it, so that a
 * copy held outside adref shows up any event deleted after it.
 */
export interface ChainHead {
  statementId: string;
  seq: number;
  hash: string;
  keyId: string;
  signature: string;
}

export const chainHeadOf = (event: AuditEventEntity): ChainHead => ({
  statementId: event.statementId,
  seq: event.seq,
  hash: event.hash,
  keyId: event.keyId ?? '',
  signature: event.signature ?? '',
});

/** The columns an audit event is inserted with, in the order of `auditValues`. */
export const AUDIT_COLUMNS =
  'statement_id, seq, type, actor_id, actor_label, at, recorded_at, text_hash, state_from, ' +
  'state_to, payload, prev_hash, hash, key_id, signature';

export const auditValues = (entity: AuditEventEntity): unknown[] => [
  entity.statementId,
  entity.seq,
  entity.type,
  entity.actorId,
  entity.actorLabel,
  entity.at,
  entity.recordedAt,
  entity.textHash,
  entity.stateFrom,
  entity.stateTo,
  JSON.stringify(entity.payload),
  entity.prevHash,
  entity.hash,
  entity.keyId,
  entity.signature,
];

/** `$from, …, $(from + count - 1)` */
export const placeholders = (from: number, count: number): string =>
  Array.from({ length: count }, (_, index) => `$${from + index}`).join(', ');

@Injectable()
export class AuditRepository {
  constructor(private readonly signing: SigningService) {}

  /**
   * The next event of a statement after `head`, hashed and signed, not yet stored. The head
   * is the statement row's (`auditSeq`, `auditHash`), read with the row lock: no extra query.
   */
  seal(event: NewAuditEvent, head: { seq: number; hash: string | null }): AuditEventEntity {
    const entity = Object.assign(new AuditEventEntity(), {
      ...event,
      seq: head.seq + 1,
      prevHash: head.hash,
    });
    entity.hash = auditHash(entity);
    entity.keyId = this.signing.keyId;
    entity.signature = this.signing.sign(entity.hash);
    return entity;
  }

  /** Appends the next event of a statement, signed; call with the statement row locked. */
  async append(manager: EntityManager, event: NewAuditEvent): Promise<AuditEventEntity> {
    const last = await manager.findOne(AuditEventEntity, {
      where: { statementId: event.statementId },
      order: { seq: 'DESC' },
      select: { seq: true, hash: true },
    });
    const entity = this.seal(event, { seq: last?.seq ?? 0, hash: last?.hash ?? null });
    const [inserted] = (await manager.query(
      `INSERT INTO audit_events (${AUDIT_COLUMNS}) VALUES (${placeholders(1, 15)}) RETURNING id`,
      auditValues(entity),
    )) as { id: string }[];
    entity.id = inserted.id;
    return entity;
  }

  async head(manager: EntityManager, statementId: string): Promise<ChainHead | null> {
    const last = await manager.findOne(AuditEventEntity, {
      where: { statementId },
      order: { seq: 'DESC' },
    });
    return last ? chainHeadOf(last) : null;
  }

  history(manager: EntityManager, statementId: string): Promise<AuditEventEntity[]> {
    return manager.find(AuditEventEntity, { where: { statementId }, order: { seq: 'ASC' } });
  }

  /** The statement's latest audit event of this type, or null. */
  lastOfType(
    manager: EntityManager,
    statementId: string,
    type: string,
  ): Promise<AuditEventEntity | null> {
    return manager.findOne(AuditEventEntity, {
      where: { statementId, type },
      order: { seq: 'DESC' },
    });
  }

  /** When the statement's last act took effect; a new act may not be dated earlier. */
  async lastActAt(manager: EntityManager, statementId: string): Promise<Date | null> {
    const last = await manager.findOne(AuditEventEntity, {
      where: { statementId },
      order: { seq: 'DESC' },
    });
    return last?.at ?? null;
  }
}

import { Injectable } from '@nestjs/common';
import canonicalize from 'canonicalize';
import { EntityManager } from 'typeorm';
import { sha256 } from '../common/hash.util';
import { AuditEventEntity } from './workflow.entities';

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

@Injectable()
export class AuditRepository {
  /** Appends the next event of a statement; call with the statement row locked. */
  async append(manager: EntityManager, event: NewAuditEvent): Promise<AuditEventEntity> {
    const last = await manager.findOne(AuditEventEntity, {
      where: { statementId: event.statementId },
      order: { seq: 'DESC' },
    });
    const entity = manager.create(AuditEventEntity, {
      ...event,
      seq: (last?.seq ?? 0) + 1,
      prevHash: last?.hash ?? null,
    });
    entity.hash = auditHash(entity);
    return manager.save(entity);
  }

  history(manager: EntityManager, statementId: string): Promise<AuditEventEntity[]> {
    return manager.find(AuditEventEntity, { where: { statementId }, order: { seq: 'ASC' } });
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

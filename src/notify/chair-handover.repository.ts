import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { OutboxMessageEntity } from '../engine/engine.entities';

// Any constant: serialises the handover check across instances (pg_advisory_xact_lock).
const HANDOVER_LOCK = 7_283_461;

/** A chair term that has begun, as the handover check reads it. */
export interface BegunTerm {
  id: string;
  framework: string;
  chair: string;
  validFrom: string;
}

/** A statement not yet at rest, as a handover notice lists it. */
export interface InFlightStatement {
  id: string;
  title: string;
  state: string;
}

export interface HandoverNotice {
  termId: string;
  framework: string;
  incoming: string;
  outgoing: string | null;
  inFlight: InFlightStatement[];
}

/** The reads and the write of the chair handover check: terms begun, statements passed on. */
@Injectable()
export class ChairHandoverRepository {
  /** Holds the handover check to one instance at a time until the transaction ends. */
  async lock(manager: EntityManager): Promise<void> {
    await manager.query('SELECT pg_advisory_xact_lock($1)', [HANDOVER_LOCK]);
  }

  /** Chair terms that began between the two days (inclusive) and were never announced. */
  unannouncedTerms(manager: EntityManager, since: string, until: string): Promise<BegunTerm[]> {
    return manager.query(
      `SELECT t.id, t.framework_code AS framework, t.chair_code AS chair, t.valid_from AS "validFrom"
       FROM chair_terms t
      WHERE t.valid_from BETWEEN $1 AND $2
        AND NOT EXISTS (SELECT 1 FROM outbox_messages m
                         WHERE m.kind = 'chair_handover' AND m.payload->>'termId' = t.id::text)`,
      [since, until],
    );
  }

  /** The chair of the framework's term that began last before `validFrom`, or null. */
  async previousChair(
    manager: EntityManager,
    framework: string,
    validFrom: string,
  ): Promise<string | null> {
    const [previous]: { chair: string }[] = await manager.query(
      `SELECT chair_code AS chair FROM chair_terms
        WHERE framework_code = $1 AND valid_from < $2 ORDER BY valid_from DESC LIMIT 1`,
      [framework, validFrom],
    );
    return previous?.chair ?? null;
  }

  /** The framework's statements not adopted, withdrawn or closed yet, oldest first. */
  inFlight(manager: EntityManager, framework: string): Promise<InFlightStatement[]> {
    return manager.query(
      `SELECT id, title, state FROM statements
        WHERE framework_code = $1 AND state NOT IN ('adopted', 'withdrawn', 'not_adopted')
        ORDER BY created_at`,
      [framework],
    );
  }

  /** A chair_handover notification, to be expanded into deliveries like any other. */
  async addNotice(manager: EntityManager, notice: HandoverNotice, at: Date): Promise<void> {
    await manager.insert(OutboxMessageEntity, {
      statementId: null,
      kind: 'chair_handover',
      payload: notice as object,
      createdAt: at,
      expandedAt: null,
    });
  }
}

import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { Principal } from '../common/auth.decorators';
import { AdrefError, AdrefErrorCode, assertUnreachable, forbidden } from '../common/adref.errors';
import { Clock } from '../common/clock';
import type { StatementEntity } from '../engine/statement.entity';
import { ReferenceService } from '../reference/reference.service';
import { StatementPolicy } from './statement.policy';

/**
 * Who attaches and reads documents. Attach: an admin, or the secretariat of the framework's
 * chair (any kind, any link), or a focal point, for a position of its own member only.
 * Read: an admin, the chair's secretariat, or anyone acting for a member that belongs (or
 * belonged) to the statement's framework, as member or observer.
 */
@Injectable()
export class DocumentPolicy {
  constructor(
    private readonly statements: StatementPolicy,
    private readonly reference: ReferenceService,
    private readonly clock: Clock,
  ) {}

  async assertMayAttach(
    manager: EntityManager,
    principal: Principal,
    statement: StatementEntity,
    /** The member of the position or proposal the document goes with, if any. */
    linkedMember: string | null,
  ): Promise<void> {
    switch (principal.role) {
      case 'admin':
      case 'chair_secretariat':
        return this.statements.assertChair(
          principal,
          statement.frameworkCode,
          this.clock.now(),
          manager,
        );
      case 'focal_point':
        if (!linkedMember) {
          throw forbidden(
            'a focal point attaches documents to a position or proposal of its own member: give positionId or proposalId',
          );
        }
        if (linkedMember !== principal.memberCode) {
          throw forbidden(
            `a focal point of ${principal.memberCode} attaches documents to ${principal.memberCode}'s positions and proposals only`,
          );
        }
        return;
      case 'observer':
        throw forbidden('observers read; they do not attach documents');
      default:
        return assertUnreachable(principal.role);
    }
  }

  async assertMayRead(
    principal: Principal,
    frameworkCode: string,
    manager?: EntityManager,
  ): Promise<void> {
    if (await this.statements.chairsOn(principal, frameworkCode, this.clock.now(), manager)) {
      return;
    }
    const code = principal.memberCode;
    const memberships = code ? await this.reference.memberships(frameworkCode) : [];
    if (!memberships.some((m) => m.memberCode === code)) {
      throw forbidden(
        `documents of ${frameworkCode} statements are read by those who act for its members` +
          (code ? `; ${code} is not one` : ''),
      );
    }
  }

  /** A link to a position or proposal of this statement, or refused. */
  assertLinked<T>(found: T | null, what: 'position' | 'proposal', id: string): T {
    if (!found) {
      throw new AdrefError(
        AdrefErrorCode.DOCUMENT_LINK_INVALID,
        `${what} ${id} is not a ${what} of this statement`,
        { field: `${what}Id` },
      );
    }
    return found;
  }
}

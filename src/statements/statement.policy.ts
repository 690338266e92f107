import { Inject, Injectable } from '@nestjs/common';
import type { ConfigType } from '@nestjs/config';
import type { EntityManager } from 'typeorm';
import { durationMs } from '../../workflows/duration.util';
import type { Principal } from '../common/auth.decorators';
import {
  AdrefError,
  AdrefErrorCode,
  assertUnreachable,
  forbidden,
  invalidInput,
} from '../common/adref.errors';
import { Clock } from '../common/clock';
import { integrityConfig } from '../config/app.config';
import { AuditRepository } from '../engine/audit.repository';
import type { StatementEntity } from '../engine/statement.entity';
import { ChairTermsService } from '../reference/chair-terms.service';
import { dayOf } from '../reference/reference-day.util';
import type { RecordPositionDto } from './dto/position.dto';

/** Positions that must say what they reserve or object to. */
const NEEDS_TEXT = new Set(['object', 'endorse_with_reservation']);

/**
 * Who may drive a statement, and when an act takes effect: the secretariat of the member
 * chairing its framework on the day the act takes effect (so in-flight statements pass to the
 * next chair at handover), or an admin; a focal point answers for its own member.
 */
@Injectable()
export class StatementPolicy {
  private readonly maxBackdateMs: number;

  constructor(
    private readonly chairTerms: ChairTermsService,
    private readonly audit: AuditRepository,
    private readonly clock: Clock,
    @Inject(integrityConfig.KEY) private readonly integrity: ConfigType<typeof integrityConfig>,
  ) {
    this.maxBackdateMs = durationMs(integrity.maxBackdate) ?? 0;
  }

  async chairsOn(
    principal: Principal,
    framework: string,
    at: Date,
    manager?: EntityManager,
  ): Promise<boolean> {
    if (principal.role === 'admin') return true;
    if (principal.role !== 'chair_secretariat' || !principal.memberCode) return false;
    const terms = await this.chairTerms.chairTermsOn(framework, dayOf(at), manager);
    return terms.some((term) => term.chairCode === principal.memberCode);
  }

  async assertChair(
    principal: Principal,
    framework: string,
    at: Date,
    manager?: EntityManager,
  ): Promise<void> {
    if (await this.chairsOn(principal, framework, at, manager)) return;
    if (principal.role !== 'chair_secretariat') {
      throw forbidden(
        `only the secretariat of the ${framework} chair may do this; you are ${principal.role}`,
      );
    }
    const day = dayOf(at);
    const chairs = (await this.chairTerms.chairTermsOn(framework, day, manager)).map(
      (t) => t.chairCode,
    );
    throw forbidden(
      `${principal.memberCode} does not chair ${framework} on ${day}` +
        (chairs.length
          ? `; the chair is ${chairs.join(' and ')}`
          : '; no chair is recorded for that day'),
    );
  }

  /**
   * When an act took effect: now, or an earlier time the secretariat gives for a past act (a
   * note verbale received last week). The actor must be entitled today; `at` is never in the
   * future, never more than ADREF_MAX_BACKDATE ago and never before the statement's last act.
   * History from before adref is imported, not back-dated.
   */
  async effectiveTime(
    manager: EntityManager,
    principal: Principal,
    statementId: string | null,
    at: string | undefined,
  ): Promise<Date> {
    const now = this.clock.now();
    if (at === undefined) return now;
    if (principal.role !== 'chair_secretariat' && principal.role !== 'admin') {
      throw forbidden('only the secretariat may date an act in the past (at)');
    }
    const when = new Date(at);
    const outOfRange = (why: string) =>
      new AdrefError(AdrefErrorCode.AT_OUT_OF_RANGE, `at (${at}) ${why}`, { field: 'at' });
    if (when.getTime() > now.getTime()) throw outOfRange('is in the future');
    const earliest = new Date(now.getTime() - this.maxBackdateMs);
    if (when.getTime() < earliest.getTime()) {
      throw outOfRange(
        `is more than ${this.integrity.maxBackdate} ago (earliest ${earliest.toISOString()}); ` +
          'statements adopted before adref are imported (POST /statements/import)',
      );
    }
    const last = statementId ? await this.audit.lastActAt(manager, statementId) : null;
    if (last && when.getTime() < last.getTime()) {
      throw outOfRange(`is before the statement's last recorded act (${last.toISOString()})`);
    }
    return when;
  }

  /** When a chair's act takes effect, once it is sure the caller chairs today. */
  async chairActTime(
    manager: EntityManager,
    principal: Principal,
    statement: StatementEntity,
    at: string | undefined,
  ): Promise<Date> {
    await this.assertChair(principal, statement.frameworkCode, this.clock.now(), manager);
    return this.effectiveTime(manager, principal, statement.id, at);
  }

  /** A deadline must lie ahead of the moment it is recorded, whatever `at` the act carries. */
  futureDeadline(deadline: string): Date {
    const when = new Date(deadline);
    const now = this.clock.now();
    if (when.getTime() <= now.getTime()) {
      throw new AdrefError(
        AdrefErrorCode.DEADLINE_NOT_IN_FUTURE,
        `the deadline (${deadline}) must be later than now (${now.toISOString()})`,
        { field: 'deadline' },
      );
    }
    return when;
  }

  /**
   * A focal point answers for its own member; the secretariat records on a member's behalf.
   * True when the position is recorded on the member's behalf.
   */
  async assertMayRecord(
    manager: EntityManager,
    principal: Principal,
    statement: StatementEntity,
    dto: RecordPositionDto,
  ): Promise<boolean> {
    if (NEEDS_TEXT.has(dto.position) && !dto.text) {
      throw invalidInput(
        `text is required for ${dto.position}: give the reservation or the reasons`,
        {
          fields: [{ field: 'text', problems: [`text is required for ${dto.position}`] }],
        },
      );
    }
    switch (principal.role) {
      case 'focal_point':
        if (principal.memberCode !== dto.member) {
          throw forbidden(
            `a focal point of ${principal.memberCode} records positions for ${principal.memberCode} only`,
          );
        }
        return false;
      case 'chair_secretariat':
      case 'admin':
        await this.assertChair(principal, statement.frameworkCode, this.clock.now(), manager);
        if (!dto.reference) {
          throw invalidInput(
            'reference (e.g. the note verbale) is required when recording on a member’s behalf',
            {
              fields: [
                { field: 'reference', problems: ['reference is required on behalf of a member'] },
              ],
            },
          );
        }
        return true;
      case 'observer':
        throw forbidden('observers read; they do not record positions');
      default:
        return assertUnreachable(principal.role);
    }
  }
}

import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { StatementEvent } from '../../workflows/statement/statement.types';
import type { Principal } from '../common/auth.decorators';
import { AdrefError, AdrefErrorCode, assertUnreachable } from '../common/adref.errors';
import { sha256 } from '../common/hash.util';
import type { StatementEntity } from '../engine/statement.entity';
import { restoreSnapshot } from '../engine/workflow.runtime';
import { MeetingsService } from '../reference/meetings.service';
import { dayOf } from '../reference/reference-day.util';
import { ReferenceService } from '../reference/reference.service';
import type { StatementEventDto } from './dto/statement-event.dto';
import { StatementTextsService } from './statement-texts.service';
import { StatementPolicy } from './statement.policy';

/**
 * A client's event as the machine takes it: with the meeting it names checked, the electorate
 * of the day a round opens, a deadline that lies ahead, and the version a revision stores.
 */
@Injectable()
export class StatementEventFactory {
  constructor(
    private readonly reference: ReferenceService,
    private readonly meetings: MeetingsService,
    private readonly policy: StatementPolicy,
    private readonly texts: StatementTextsService,
  ) {}

  async toMachineEvent(
    manager: EntityManager,
    statement: StatementEntity,
    dto: StatementEventDto,
    at: Date,
    principal: Principal,
  ): Promise<StatementEvent> {
    const iso = at.toISOString();
    const snapshot = restoreSnapshot(statement);
    switch (dto.type) {
      case 'SUBMIT_TO_SOM':
      case 'DEADLINE_PASSED':
        return { type: dto.type, at: iso };
      case 'RETURN_FOR_REVISION':
        return { type: dto.type, at: iso, ...(dto.note ? { note: dto.note } : {}) };
      case 'APPROVE_IN_PRINCIPLE':
      case 'ADOPT_AT_MEETING': {
        // A meeting of the reference data by id; free text only for one not recorded yet.
        if (dto.meetingId && dto.meeting) {
          throw new AdrefError(
            AdrefErrorCode.MEETING_GIVEN_TWICE,
            'give the meeting either by meetingId (from the reference data) or as meeting text, not both',
            { fields: ['meetingId', 'meeting'] },
          );
        }
        if (dto.meetingId) {
          const meeting = await this.meetings.requireMeetingOf(
            statement.frameworkCode,
            dto.meetingId,
            manager,
          );
          return { type: dto.type, at: iso, meetingId: meeting.id };
        }
        return { type: dto.type, at: iso, ...(dto.meeting ? { meeting: dto.meeting } : {}) };
      }
      case 'OPEN_AD_REFERENDUM': {
        const deadline = this.policy.futureDeadline(dto.deadline!);
        const electorate = await this.reference.electorateOn(
          statement.frameworkCode,
          dayOf(at),
          manager,
        );
        return {
          type: dto.type,
          at: iso,
          deadline: deadline.toISOString(),
          silenceRule: dto.silenceRule!,
          electorate,
          ...(dto.reminderOffsets ? { reminderOffsets: dto.reminderOffsets } : {}),
        };
      }
      case 'EXTEND_DEADLINE': {
        const deadline = this.policy.futureDeadline(dto.deadline!);
        return { type: dto.type, at: iso, deadline: deadline.toISOString() };
      }
      case 'REVISE': {
        if (dto.body === undefined) return { type: dto.type, at: iso };
        const version = { number: statement.currentVersion + 1, hash: sha256(dto.body) };
        // Checked first so that a refused REVISE stores no version (the transaction would undo it anyway).
        if (!snapshot.can({ type: 'REVISE', at: iso, version })) {
          return { type: dto.type, at: iso, version };
        }
        await this.texts.addVersion(
          manager,
          statement,
          dto.body,
          dto.note,
          principal,
          version.hash,
        );
        return { type: dto.type, at: iso, version };
      }
      case 'CLOSE_WITHOUT_ADOPTION':
        return { type: dto.type, at: iso, ...(dto.reason ? { reason: dto.reason } : {}) };
      case 'WITHDRAW':
        return { type: dto.type, at: iso, reason: dto.reason! };
      default:
        return assertUnreachable(dto.type);
    }
  }
}

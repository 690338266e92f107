import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { Adoption } from '../../workflows/statement/statement.types';
import { AdrefError, AdrefErrorCode, notFound } from '../common/adref.errors';
import { MeetingsService } from '../reference/meetings.service';
import { ReferenceService } from '../reference/reference.service';
import { dayOf } from '../reference/reference-day.util';
import type { StatementEntity } from '../engine/statement.entity';
import { AuditRepository, chainHeadOf } from '../engine/audit.repository';
import { restoreSnapshot } from '../engine/workflow.runtime';
import type {
  PositionsHistoryDto,
  RecordMemberDto,
  RecordOfAdoptionDto,
  RecorderDto,
} from './dto/positions.dto';
import type { PositionEntity } from '../engine/position.entity';
import { PositionsRepository } from '../engine/positions.repository';
import { DocumentsRepository } from '../engine/documents.repository';
import { recordEvent } from './record.util';
import { chronologically, entry, iso, standingOf, withoutAnswer } from './position-entries.util';
import type { RoundEntity } from '../engine/round.entity';
import { ProposalsRepository } from '../statements/proposals.repository';

/** Reads for people: the positions matrix with its history, and the record of adoption. */
@Injectable()
export class PositionsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly positions: PositionsRepository,
    private readonly reference: ReferenceService,
    private readonly meetings: MeetingsService,
    private readonly audit: AuditRepository,
    private readonly proposals: ProposalsRepository,
    private readonly documents: DocumentsRepository,
  ) {}

  /** Every position of every round, superseded ones included, with who recorded it. */
  async history(statementId: string): Promise<PositionsHistoryDto> {
    await this.statement(statementId);
    const manager = this.dataSource.manager;
    const [rounds, rows] = await Promise.all([
      this.positions.rounds(manager, statementId),
      this.positions.positionHistory(manager, statementId),
    ]);
    const recorders = await this.recorders(rows);
    return {
      statementId,
      rounds: rounds.map((round) => ({
        number: round.number,
        versionNumber: round.versionNumber,
        versionHash: round.versionHash,
        openedAt: iso(round.openedAt),
        deadline: iso(round.deadline),
        silenceRule: round.silenceRule,
        electorate: round.electorate,
        closedAt: round.closedAt ? iso(round.closedAt) : null,
        outcome: round.outcome,
        positions: rows
          .filter((row) => row.roundId === round.id)
          .sort(chronologically)
          .map((row) => entry(row, recorders)),
      })),
    };
  }

  /** The record of adoption; refused with 409 until the statement is adopted. */
  async record(statementId: string): Promise<RecordOfAdoptionDto> {
    const statement = await this.statement(statementId);
    const snapshot = restoreSnapshot(statement);
    const adoption = snapshot.context.adoption;
    if (statement.state !== 'adopted' || !adoption) {
      throw new AdrefError(
        AdrefErrorCode.NOT_ADOPTED,
        `there is no record of adoption: the statement is ${statement.state}, not adopted`,
        { state: statement.state },
      );
    }
    const manager = this.dataSource.manager;
    const [members, frameworks, rounds, rows, events, proposals, documents] = await Promise.all([
      this.reference.members(),
      this.reference.frameworks(),
      this.positions.rounds(manager, statementId),
      this.positions.positionHistory(manager, statementId),
      this.audit.history(manager, statementId),
      this.proposals.ofStatement(statementId, manager),
      this.documents.list(manager, statementId),
    ]);
    // The head of the same history the record lists, so the two always agree.
    if (events.length === 0) throw notFound('history of statement', statementId);
    const chainHead = chainHeadOf(events[events.length - 1]);
    const round = rounds.find((r) => r.number === adoption.roundNumber) ?? null;
    const versionNumber = round ? round.versionNumber : snapshot.context.currentVersion.number;
    const text = await this.positions.findTextVersion(manager, statementId, versionNumber);
    if (!text) throw notFound(`version of statement ${statementId}`, versionNumber);
    const names = new Map(members.map((m) => [m.code, m]));
    const nameOf = (code: string) => ({
      nameEn: names.get(code)?.nameEn ?? code,
      nameTh: names.get(code)?.nameTh ?? code,
    });
    const framework = frameworks.find((f) => f.code === statement.frameworkCode);
    const [meetingRecord] = adoption.meetingId
      ? await this.meetings.meetingViews([adoption.meetingId])
      : [];

    const standing = round
      ? await this.roundStanding(round, rows, adoption)
      : await this.meetingStanding(statement, adoption);
    const recordMembers = standing.map((m) => ({ ...m, ...nameOf(m.member) }));
    const proposers = await this.recorders(proposals.map((p) => ({ recordedBy: p.proposedBy })));
    // The adoption round is the last one, so the snapshot still holds its deadline history.
    const lastRound = snapshot.context.round;
    const previousDeadlines =
      round && lastRound?.number === round.number
        ? lastRound.deadlineHistory
            .map((d) => d.deadline)
            .filter((deadline) => Date.parse(deadline) !== round.deadline.getTime())
        : [];

    return {
      statementId: statement.id,
      chainHead: {
        statementId: chainHead.statementId,
        seq: chainHead.seq,
        hash: chainHead.hash,
        keyId: chainHead.keyId,
        signature: chainHead.signature,
      },
      statement: {
        id: statement.id,
        framework: statement.frameworkCode,
        frameworkNameEn: framework?.nameEn ?? statement.frameworkCode,
        frameworkNameTh: framework?.nameTh ?? statement.frameworkCode,
        title: statement.title,
        titleTh: statement.titleTh,
        importedAt: statement.importedAt ? iso(statement.importedAt) : null,
      },
      adoption: {
        date: adoption.date,
        basis: adoption.basis,
        meeting: adoption.meeting,
        meetingRecord: meetingRecord ?? null,
        roundNumber: adoption.roundNumber,
      },
      text: { version: text.number, hash: text.hash, note: text.note, body: text.body },
      round: round
        ? {
            number: round.number,
            openedAt: iso(round.openedAt),
            deadline: iso(round.deadline),
            previousDeadlines: [...new Set(previousDeadlines)],
            silenceRule: round.silenceRule,
            electorate: round.electorate,
          }
        : null,
      members: recordMembers,
      reservations: recordMembers
        .filter((m) => m.position === 'endorse_with_reservation' && m.text)
        .map((m) => ({
          member: m.member,
          nameEn: m.nameEn,
          nameTh: m.nameTh,
          takenAt: m.takenAt,
          text: m.text!,
        })),
      history: events.map(recordEvent),
      proposals: proposals.map((proposal) => ({
        id: proposal.id,
        member: proposal.memberCode,
        ...nameOf(proposal.memberCode),
        paragraph: proposal.paragraph,
        versionNumber: proposal.versionNumber,
        text: proposal.text,
        rationale: proposal.rationale,
        state: proposal.state,
        reason: proposal.reason,
        decidedInVersion: proposal.decidedInVersion,
        proposedBy: proposers.get(proposal.proposedBy) ?? null,
        onBehalf: proposal.onBehalf,
        createdAt: iso(proposal.createdAt),
      })),
      noteVerbales: documents
        .filter((d) => d.kind === 'note_verbale')
        .map((d) => ({
          id: d.id,
          member: d.memberCode,
          nameEn: d.memberCode ? nameOf(d.memberCode).nameEn : null,
          nameTh: d.memberCode ? nameOf(d.memberCode).nameTh : null,
          filename: d.filename,
          sha256: d.sha256,
          size: d.size,
          contentType: d.contentType,
          positionId: d.positionId,
          uploadedAt: iso(d.uploadedAt),
        })),
    };
  }

  /** Each elector's standing position, or consent deemed from silence. */
  private async roundStanding(
    round: RoundEntity,
    rows: PositionEntity[],
    adoption: Adoption,
  ): Promise<Omit<RecordMemberDto, 'nameEn' | 'nameTh'>[]> {
    const standing = new Map(
      rows
        .filter((row) => row.roundId === round.id && row.supersededAt === null)
        .map((row) => [row.memberCode, row]),
    );
    const recorders = await this.recorders([...standing.values()]);
    return round.electorate.map((member) => {
      const row = standing.get(member);
      return !row || adoption.deemedConsent.includes(member)
        ? withoutAnswer(member, 'deemed_consent', adoption)
        : standingOf(row, recorders);
    });
  }

  /** Adopted at a meeting: the framework's members on that day, by consensus of the meeting. */
  private async meetingStanding(
    statement: StatementEntity,
    adoption: Adoption,
  ): Promise<Omit<RecordMemberDto, 'nameEn' | 'nameTh'>[]> {
    const electorate = await this.reference.electorateOn(
      statement.frameworkCode,
      dayOf(new Date(adoption.date)),
    );
    return electorate.map((member) => withoutAnswer(member, 'adopted_at_meeting', adoption));
  }

  private async statement(id: string): Promise<StatementEntity> {
    const statement = await this.positions.findStatement(this.dataSource.manager, id);
    if (!statement) throw notFound('statement', id);
    return statement;
  }

  private async recorders(
    rows: Pick<PositionEntity, 'recordedBy'>[],
  ): Promise<Map<string, RecorderDto>> {
    const principals = await this.positions.recorders(
      this.dataSource.manager,
      rows.map((row) => row.recordedBy),
    );
    return new Map(
      principals.map((p) => [p.id, { id: p.id, name: p.name, role: p.role, member: p.memberCode }]),
    );
  }
}

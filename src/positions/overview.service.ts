import { Injectable } from '@nestjs/common';
import { AdrefError, AdrefErrorCode } from '../common/adref.errors';
import { Clock } from '../common/clock';
import { ChairTermsService } from '../reference/chair-terms.service';
import { dayOf } from '../reference/reference-day.util';
import { ReferenceService } from '../reference/reference.service';
import type {
  InboxDto,
  InboxItemDto,
  MatrixDto,
  MatrixExportQueryDto,
  MatrixMemberDto,
  MatrixQueryDto,
  MatrixRowDto,
} from './dto/overview.dto';
import { inboxReasons, matrixCell } from './overview-cells.util';
import {
  OverviewPositionRow,
  OverviewRepository,
  OverviewRoundRow,
  OverviewStatementRow,
} from './overview.repository';

const iso = (value: Date | null): string | null => value?.toISOString() ?? null;

/** The chair's matrix of a framework and a member's inbox across statements. */
@Injectable()
export class OverviewService {
  constructor(
    private readonly overview: OverviewRepository,
    private readonly reference: ReferenceService,
    private readonly chairTerms: ChairTermsService,
    private readonly clock: Clock,
  ) {}

  async matrix(code: string, query: MatrixQueryDto): Promise<MatrixDto> {
    const page = query.page ?? 1;
    const pageSize = query.pageSize ?? 20;
    return {
      ...(await this.build(code, query, { offset: (page - 1) * pageSize, limit: pageSize })),
      page,
      pageSize,
    };
  }

  /** Every matching statement: what the CSV and XLSX hold. */
  async matrixExport(code: string, query: MatrixExportQueryDto): Promise<MatrixDto> {
    const built = await this.build(code, query);
    return { ...built, page: 1, pageSize: built.items.length };
  }

  async inbox(code: string): Promise<InboxDto> {
    const members = await this.reference.members();
    if (!members.some((member) => member.code === code)) {
      throw new AdrefError(AdrefErrorCode.UNKNOWN_MEMBER, `member ${code} is not known`, {
        member: code,
      });
    }
    const rows = await this.overview.inbox(code, await this.chairedToday(code));
    const ids = rows.map((row) => row.id);
    const [answers, rounds] = await Promise.all([
      this.overview.lastAnswers(ids, code),
      this.overview.lastRounds(ids),
    ]);
    const answerOf = new Map(answers.map((answer) => [answer.statementId, answer]));
    const roundOf = new Map(rounds.map((round) => [round.statementId, round]));
    const items = rows.map((row): InboxItemDto => {
      const answer = answerOf.get(row.id);
      return {
        id: row.id,
        framework: row.framework,
        title: row.title,
        titleTh: row.titleTh,
        state: row.state,
        roundState: row.roundState,
        deadline: iso(row.deadline ?? roundOf.get(row.id)?.deadline ?? null),
        currentVersion: { number: row.versionNumber, hash: row.versionHash },
        awaiting: inboxReasons(row.reasons, answer),
        lastAnswer: answer ? lastAnswer(answer, row) : null,
      };
    });
    return { member: code, items };
  }

  private async build(
    code: string,
    query: MatrixExportQueryDto,
    page?: { offset: number; limit: number },
  ): Promise<Omit<MatrixDto, 'page' | 'pageSize'>> {
    const frameworks = await this.reference.frameworks();
    if (!frameworks.some((framework) => framework.code === code)) {
      throw new AdrefError(AdrefErrorCode.UNKNOWN_FRAMEWORK, `framework ${code} is not known`, {
        framework: code,
      });
    }
    const { rows, total } = await this.overview.matrixStatements({
      framework: code,
      state: query.state,
      openOnly: query.open === true,
      page,
    });
    const rounds = await this.overview.lastRounds(rows.map((row) => row.id));
    const positions = await this.overview.positionsInRounds(rounds);
    const members = await this.columns(code, rounds);
    const roundOf = new Map(rounds.map((round) => [round.statementId, round]));
    const positionOf = new Map(positions.map((p) => [`${p.roundId} ${p.member}`, p]));
    const items = rows.map((row): MatrixRowDto => {
      const round = roundOf.get(row.id) ?? null;
      return {
        ...identity(row),
        round: round && roundDto(round),
        cells: members.map((member) =>
          matrixCell(
            member.code,
            round,
            round ? positionOf.get(`${round.id} ${member.code}`) : undefined,
            row.versionHash,
          ),
        ),
      };
    });
    return { framework: code, members, items, total };
  }

  /** The framework's members over time, and any elector of these rounds besides, by code. */
  private async columns(code: string, rounds: OverviewRoundRow[]): Promise<MatrixMemberDto[]> {
    const [members, memberships] = await Promise.all([
      this.reference.members(),
      this.reference.memberships(code),
    ]);
    const periods = new Map<string, { from: string | null; to: string | null }[]>();
    for (const m of memberships) {
      if (m.status !== 'member') continue;
      const list = periods.get(m.memberCode) ?? [];
      list.push({ from: m.validFrom, to: m.validTo });
      periods.set(m.memberCode, list);
    }
    for (const round of rounds) {
      for (const elector of round.electorate) if (!periods.has(elector)) periods.set(elector, []);
    }
    const nameOf = new Map(members.map((member) => [member.code, member]));
    return [...periods.keys()].sort().map((member) => ({
      code: member,
      nameEn: nameOf.get(member)?.nameEn ?? member,
      nameTh: nameOf.get(member)?.nameTh ?? member,
      memberships: periods.get(member)!.sort((a, b) => (a.from ?? '').localeCompare(b.from ?? '')),
    }));
  }

  /** The frameworks whose chair the member holds today (ACCSM+3 follows ACCSM's). */
  private async chairedToday(member: string): Promise<string[]> {
    const day = dayOf(this.clock.now());
    const frameworks = await this.reference.frameworks();
    const chaired = await Promise.all(
      frameworks.map(async (framework) =>
        (await this.chairTerms.chairTermsOn(framework.code, day)).some(
          (term) => term.chairCode === member,
        )
          ? [framework.code]
          : [],
      ),
    );
    return chaired.flat();
  }
}

const identity = (row: OverviewStatementRow) => ({
  id: row.id,
  title: row.title,
  titleTh: row.titleTh,
  state: row.state,
  roundState: row.roundState,
  deadline: iso(row.deadline),
  currentVersion: { number: row.versionNumber, hash: row.versionHash },
});

const roundDto = (round: OverviewRoundRow) => ({
  number: round.number,
  version: { number: round.versionNumber, hash: round.versionHash },
  deadline: round.deadline.toISOString(),
  silenceRule: round.silenceRule,
  electorate: round.electorate,
  open: round.open,
});

const lastAnswer = (answer: OverviewPositionRow, row: OverviewStatementRow) => ({
  position: answer.position,
  at: answer.takenAt.toISOString(),
  versionHash: answer.versionHash,
  onCurrentVersion: answer.versionHash === row.versionHash,
  roundNumber: answer.roundNumber,
  onBehalf: answer.onBehalf,
});

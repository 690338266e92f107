import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';

/** A statement row as the overview reads it: the projected columns, never the snapshot. */
export interface OverviewStatementRow {
  id: string;
  framework: string;
  title: string;
  titleTh: string | null;
  state: string;
  roundState: string | null;
  versionNumber: number;
  versionHash: string;
  /** The open round's deadline (statements.open_deadline); null without an open round. */
  deadline: Date | null;
}

/** A statement's last round, open or closed (the one its own page shows). */
export interface OverviewRoundRow {
  id: string;
  statementId: string;
  number: number;
  versionNumber: number;
  versionHash: string;
  deadline: Date;
  silenceRule: string;
  electorate: string[];
  open: boolean;
}

/** A member's current (not superseded) position in a round. */
export interface OverviewPositionRow {
  statementId: string;
  roundId: string;
  roundNumber: number;
  roundOpen: boolean;
  member: string;
  position: string;
  versionHash: string;
  takenAt: Date;
  onBehalf: boolean;
}

export interface MatrixFilter {
  framework: string;
  state?: string;
  openOnly?: boolean;
  /** Absent: every matching statement (the exports). */
  page?: { offset: number; limit: number };
}

/** Why a statement awaits a member; `outstanding` is split by the member's answer afterwards. */
export type InboxReason = 'outstanding' | 'objection_standing' | 'chair_decision';

export interface InboxRow extends OverviewStatementRow {
  reasons: InboxReason[];
}

const STATEMENT_COLUMNS = `s.id, s.framework_code AS "framework", s.title, s.title_th AS "titleTh",
  s.state, s.round_state AS "roundState", s.current_version AS "versionNumber",
  s.current_hash AS "versionHash", s.open_deadline AS "deadline"`;
// The board's order (its index, IDX_statements_board_order): nearest deadline first.
const BOARD_ORDER = `s.open_deadline ASC NULLS LAST, s.updated_at DESC, s.id ASC`;
// A position no later one of the same member and round replaced (unique index on supersedes_id).
const CURRENT_POSITION = `NOT EXISTS (SELECT 1 FROM positions q WHERE q.supersedes_id = p.id)`;

/** A row as the driver gives it (pg and PGlite differ on booleans and arrays). */
type Raw = Record<string, unknown>;

const date = (value: unknown): Date => new Date(value as string);
const dateOrNull = (value: unknown): Date | null =>
  value === null || value === undefined ? null : new Date(value as string);
const bool = (value: unknown): boolean => value === true || value === 't';
const statementOf = (row: Raw): OverviewStatementRow => ({
  id: String(row.id),
  framework: String(row.framework),
  title: String(row.title),
  titleTh: (row.titleTh as string | null) ?? null,
  state: String(row.state),
  roundState: (row.roundState as string | null) ?? null,
  versionNumber: Number(row.versionNumber),
  versionHash: String(row.versionHash),
  deadline: dateOrNull(row.deadline),
});
const jsonArray = (value: unknown): string[] =>
  (typeof value === 'string' ? JSON.parse(value) : value) as string[];

/**
 * The chair's and the member's overview across statements, in a fixed number of set-based
 * queries over the projected statement columns, the rounds and the positions tables.
 */
@Injectable()
export class OverviewRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** One page of a framework's statements in the board's order, and how many match. */
  async matrixStatements(
    filter: MatrixFilter,
  ): Promise<{ rows: OverviewStatementRow[]; total: number }> {
    const values: unknown[] = [filter.framework];
    let where = `s.framework_code = $1`;
    if (filter.state) {
      values.push(filter.state);
      where += ` AND s.state = $${values.length}`;
    }
    if (filter.openOnly) where += ` AND s.state = 'ad_referendum'`;
    let paging = '';
    if (filter.page) {
      values.push(filter.page.offset, filter.page.limit);
      paging = ` OFFSET $${values.length - 1} LIMIT $${values.length}`;
    }
    const [rows, [count]] = await Promise.all([
      this.dataSource.query(
        `SELECT ${STATEMENT_COLUMNS} FROM statements s WHERE ${where} ORDER BY ${BOARD_ORDER}${paging}`,
        values,
      ) as Promise<Raw[]>,
      this.dataSource.query(
        `SELECT count(*)::int AS n FROM statements s WHERE ${where}`,
        values.slice(0, filter.page ? -2 : undefined),
      ) as Promise<{ n: number }[]>,
    ]);
    return { rows: rows.map(statementOf), total: Number(count.n) };
  }

  /** The last round of each statement (its page's `round`). */
  async lastRounds(statementIds: string[]): Promise<OverviewRoundRow[]> {
    if (statementIds.length === 0) return [];
    const rows = (await this.dataSource.query(
      `SELECT DISTINCT ON (r.statement_id) r.id, r.statement_id AS "statementId", r.number,
              r.version_number AS "versionNumber", r.version_hash AS "versionHash", r.deadline,
              r.silence_rule AS "silenceRule", r.electorate, r.closed_at IS NULL AS "open"
         FROM rounds r
        WHERE r.statement_id = ANY($1::uuid[])
        ORDER BY r.statement_id, r.number DESC`,
      [statementIds],
    )) as Raw[];
    return rows.map((row) => ({
      id: String(row.id),
      statementId: String(row.statementId),
      number: Number(row.number),
      versionNumber: Number(row.versionNumber),
      versionHash: String(row.versionHash),
      deadline: date(row.deadline),
      silenceRule: String(row.silenceRule),
      electorate: jsonArray(row.electorate),
      open: bool(row.open),
    }));
  }

  /** Every elector's current position in these rounds (found by their statements' index). */
  async positionsInRounds(rounds: OverviewRoundRow[]): Promise<OverviewPositionRow[]> {
    if (rounds.length === 0) return [];
    const rows = (await this.dataSource.query(
      `SELECT p.statement_id AS "statementId", p.round_id AS "roundId", r.number AS "roundNumber",
              r.closed_at IS NULL AS "roundOpen", p.member_code AS "member", p.position,
              p.version_hash AS "versionHash", p.taken_at AS "takenAt", p.on_behalf AS "onBehalf"
         FROM positions p JOIN rounds r ON r.id = p.round_id
        WHERE p.statement_id = ANY($1::uuid[]) AND p.round_id = ANY($2::uuid[])
          AND ${CURRENT_POSITION}`,
      [rounds.map((round) => round.statementId), rounds.map((round) => round.id)],
    )) as Raw[];
    return rows.map(positionOf);
  }

  /**
   * A member's last answer on each of these statements, over all rounds: its current position
   * in the latest round in which it answered.
   */
  async lastAnswers(statementIds: string[], member: string): Promise<OverviewPositionRow[]> {
    if (statementIds.length === 0) return [];
    const rows = (await this.dataSource.query(
      `SELECT DISTINCT ON (p.statement_id) p.statement_id AS "statementId", p.round_id AS "roundId",
              r.number AS "roundNumber", r.closed_at IS NULL AS "roundOpen", p.member_code AS "member",
              p.position, p.version_hash AS "versionHash", p.taken_at AS "takenAt",
              p.on_behalf AS "onBehalf"
         FROM positions p JOIN rounds r ON r.id = p.round_id
        WHERE p.statement_id = ANY($1::uuid[]) AND p.member_code = $2 AND ${CURRENT_POSITION}
        ORDER BY p.statement_id, r.number DESC, p.recorded_at DESC`,
      [statementIds, member],
    )) as Raw[];
    return rows.map(positionOf);
  }

  /**
   * What awaits a member: open rounds where it is outstanding (statement_outstanding, kept by
   * triggers from statements.outstanding),
   * open rounds its standing objection blocks, and, for the frameworks it chairs today, rounds
   * blocked or past their deadline that wait for the chair. One row per statement, in the
   * board's order.
   */
  async inbox(member: string, chairedFrameworks: string[]): Promise<InboxRow[]> {
    const rows = (await this.dataSource.query(
      `WITH due AS (
         SELECT o.statement_id AS id, 'outstanding' AS reason FROM statement_outstanding o
          WHERE o.member = $1::varchar
         UNION ALL
         SELECT s.id, 'objection_standing' FROM statements s
           JOIN rounds r ON r.statement_id = s.id AND r.closed_at IS NULL
           JOIN positions p ON p.statement_id = s.id AND p.round_id = r.id AND p.member_code = $1
          WHERE s.state = 'ad_referendum' AND s.round_state = 'blocked' AND p.position = 'object'
            AND ${CURRENT_POSITION}
         UNION ALL
         SELECT s.id, 'chair_decision' FROM statements s
          WHERE s.framework_code = ANY($2::varchar[]) AND s.state = 'ad_referendum'
            AND s.round_state IN ('blocked', 'awaiting_decision')
       ), reasons AS (
         SELECT id, array_agg(DISTINCT reason) AS reasons FROM due GROUP BY id
       )
       SELECT ${STATEMENT_COLUMNS}, x.reasons
         FROM reasons x JOIN statements s ON s.id = x.id
        ORDER BY ${BOARD_ORDER}`,
      [member, chairedFrameworks],
    )) as Raw[];
    return rows.map((row) => ({ ...statementOf(row), reasons: pgArray(row.reasons) }));
  }
}

function positionOf(row: Raw): OverviewPositionRow {
  return {
    statementId: String(row.statementId),
    roundId: String(row.roundId),
    roundNumber: Number(row.roundNumber),
    roundOpen: bool(row.roundOpen),
    member: String(row.member),
    position: String(row.position),
    versionHash: String(row.versionHash),
    takenAt: date(row.takenAt),
    onBehalf: bool(row.onBehalf),
  };
}

/** A text[] as pg gives it (an array) or as its literal ({a,b}). */
function pgArray<T extends string>(value: unknown): T[] {
  if (Array.isArray(value)) return value as T[];
  const text = String(value ?? '{}');
  return (text.length > 2 ? text.slice(1, -1).split(',') : []) as T[];
}

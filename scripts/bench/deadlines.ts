// Deadlines due at once: copies whose round deadline (and its timer) is one instant, then the
// time until the scheduler of the running instance(s) has fired every one of them.
import type { Sql } from './sql';

export interface DeadlineFigure {
  due: number;
  instances: number;
  /** Settled (fired, or skipped as not applicable) within the cap. */
  fired: number;
  skipped: number;
  /** Seconds from the moment all were due and the instances up to the last one fired. */
  allFiredAfter: number | null;
  /** Fired per second, over the time it took (or the cap). */
  rate: number;
  capSeconds: number;
}

interface Progress {
  settled: number;
  skipped: number;
  last: Date | null;
}

const round = (value: number, digits = 1): number => Number(value.toFixed(digits));

/** How the deadline timers due at `dueAt` stand, read from the timers table. */
export async function deadlineProgress(sql: Sql, dueAt: Date, until?: Date): Promise<Progress> {
  const [row] = await sql.query<{ settled: string; skipped: string; last: Date | null }>(
    `SELECT count(*) FILTER (WHERE status IN ('fired', 'skipped') AND ($2::timestamptz IS NULL OR settled_at <= $2)) AS settled,
            count(*) FILTER (WHERE status = 'skipped') AS skipped,
            max(settled_at) AS last
       FROM timers WHERE kind = 'deadline' AND due_at = $1`,
    [dueAt, until ?? null],
  );
  return { settled: Number(row.settled), skipped: Number(row.skipped), last: row.last };
}

/**
 * Leaves the deadlines of a run that did not finish within its cap to nobody: they would fire
 * during the next run and blur it. Only the bench's own copies are touched.
 */
export async function cancelLeftovers(sql: Sql, dueAt: Date): Promise<number> {
  const rows = await sql.query(
    `UPDATE timers SET status = 'cancelled', settled_at = now(), note = 'bench: not fired within the cap'
      WHERE kind = 'deadline' AND due_at = $1 AND status = 'pending' RETURNING id`,
    [dueAt],
  );
  return rows.length;
}

/** The figure from the timers table, once the run is over (or its cap passed). */
export async function deadlineFigure(
  sql: Sql,
  run: { dueAt: Date; from: Date; due: number; instances: number; capSeconds: number },
): Promise<DeadlineFigure> {
  const capEnd = new Date(run.from.getTime() + run.capSeconds * 1000);
  const within = await deadlineProgress(sql, run.dueAt, capEnd);
  const all = within.settled === run.due;
  const took = all && within.last ? (within.last.getTime() - run.from.getTime()) / 1000 : null;
  // A run over within a tenth of a second gives no meaningful rate beyond that.
  const seconds = Math.max(took ?? run.capSeconds, 0.1);
  return {
    due: run.due,
    instances: run.instances,
    fired: within.settled,
    skipped: within.skipped,
    allFiredAfter: took === null ? null : round(Math.max(0, took)),
    rate: round(within.settled / seconds),
    capSeconds: run.capSeconds,
  };
}

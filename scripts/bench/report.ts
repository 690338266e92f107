// The printed table and bench-results.json.
import type { DeadlineFigure } from './deadlines';
import type { LoadFigure } from './load';
import type { RssFigure } from './rss';

export interface VerifiedSample {
  statementId: string;
  /** Which kind of statement: a copy, a copy whose deadline fired, a write target … */
  what: string;
  valid: boolean;
  detail: string;
}

export interface DatabaseFigures {
  /** Statements on the board while the reads were measured. */
  board: number;
  baseline_1?: LoadFigure;
  baseline_32?: LoadFigure;
  http_position_1?: LoadFigure;
  http_position_32?: LoadFigure;
  inProcess_position_1?: LoadFigure;
  inProcess_position_32?: LoadFigure;
  get_statement_1?: LoadFigure;
  get_statement_8?: LoadFigure;
  board_8?: LoadFigure;
  pendingFor_8?: LoadFigure;
  overdue_8?: LoadFigure;
  deadlines_2000_1?: DeadlineFigure;
  deadlines_10000_1?: DeadlineFigure;
  deadlines_10000_2?: DeadlineFigure;
  /** Resident memory per phase, MB: the app instance(s), or this process when it ran the engine. */
  rss: Record<string, RssFigure & { process: string }>;
  verified: VerifiedSample[];
  notes: string[];
  /** How long this database's part of the run took, s. */
  seconds: number;
}

export interface Results {
  ratios: { http_1?: number; http_32?: number; inProcess_1?: number; inProcess_32?: number };
  figures: {
    postgres?: DatabaseFigures;
    pglite?: DatabaseFigures;
    run: Record<string, unknown>;
  };
}

const ratio = (engine?: LoadFigure, baseline?: LoadFigure): number | undefined =>
  engine && baseline && baseline.rate > 0
    ? Number((engine.rate / baseline.rate).toFixed(2))
    : undefined;

export function ratiosOf(figures?: DatabaseFigures): Results['ratios'] {
  if (!figures) return {};
  return {
    http_1: ratio(figures.http_position_1, figures.baseline_1),
    http_32: ratio(figures.http_position_32, figures.baseline_32),
    inProcess_1: ratio(figures.inProcess_position_1, figures.baseline_1),
    inProcess_32: ratio(figures.inProcess_position_32, figures.baseline_32),
  };
}

const n = (value: number): string =>
  value >= 100 ? Math.round(value).toLocaleString('en') : String(Number(value.toPrecision(3)));
const pair = (a?: LoadFigure, b?: LoadFigure, pick = (f: LoadFigure) => n(f.rate)) =>
  `${a ? pick(a) : '–'} / ${b ? pick(b) : '–'}`;
const failed = (...figures: (LoadFigure | undefined)[]): string => {
  const count = figures.reduce((sum, f) => sum + (f?.failed ?? 0), 0);
  return count ? ` [${count} failed]` : '';
};

function writes(f: DatabaseFigures, one?: LoadFigure, many?: LoadFigure): string {
  if (!one && !many) return 'not measured';
  const r = (engine?: LoadFigure, baseline?: LoadFigure) => ratio(engine, baseline) ?? '–';
  return (
    `${pair(one, many)} per s (ratio ${r(one, f.baseline_1)} / ${r(many, f.baseline_32)}), ` +
    `p50 ${pair(one, many, (x) => n(x.p50))} ms, p99 ${pair(one, many, (x) => n(x.p99))} ms` +
    failed(one, many)
  );
}

const latency = (f?: LoadFigure): string =>
  f ? `p50 ${n(f.p50)} ms, p99 ${n(f.p99)} ms (${n(f.rate)}/s)${failed(f)}` : 'not measured';

function deadlines(f?: DeadlineFigure): string {
  if (!f) return 'not measured';
  const skipped = f.skipped ? `, ${f.skipped} skipped` : '';
  if (f.allFiredAfter !== null) {
    return `all fired after ${n(f.allFiredAfter)} s (${n(f.rate)} per second${skipped})`;
  }
  const projected = f.rate > 0 ? `, all in ~${n(f.due / f.rate)} s at that rate` : '';
  return `${f.fired.toLocaleString('en')} of ${f.due.toLocaleString('en')} fired in the ${f.capSeconds} s cap (${n(f.rate)} per second${projected}${skipped})`;
}

function peakRss(f?: DatabaseFigures): string {
  if (!f) return '–';
  const apps = Object.values(f.rss).filter((r) => r.process === 'app');
  if (!apps.length) return '–';
  const steady = Math.min(...apps.map((r) => r.steady));
  const peak = Math.max(...apps.map((r) => r.peak));
  return `${steady}–${peak} MB (lowest steady – highest peak)`;
}

/** The rows: figure, PostgreSQL, PGlite, the target, what the issue measured before. */
export function tableRows(results: Results): string[][] {
  const pg = results.figures.postgres;
  const lite = results.figures.pglite;
  const both = (cell: (f: DatabaseFigures) => string) => [
    pg ? cell(pg) : 'not run',
    lite ? cell(lite) : 'not run',
  ];
  return [
    ['figure', 'PostgreSQL', 'PGlite', 'target', 'issue 11 (before)'],
    ['statements on the board', ...both((f) => f.board.toLocaleString('en')), '10,000', '10,000'],
    [
      'baseline (raw SQL), 1 / 32 clients',
      ...both(
        (f) => `${pair(f.baseline_1, f.baseline_32)} tx/s${failed(f.baseline_1, f.baseline_32)}`,
      ),
      '',
      '660 / 980 tx/s',
    ],
    [
      'POST position over HTTP, 1 / 32 connections',
      ...both((f) => writes(f, f.http_position_1, f.http_position_32)),
      '',
      '82 / 165 per s (ratio 0.12 / 0.17), p50 11 / 185 ms, p99 28 / 347 ms',
    ],
    [
      'engine in process, 1 / 32 callers',
      ...both((f) => writes(f, f.inProcess_position_1, f.inProcess_position_32)),
      '',
      '85 / 253 per s (ratio 0.13 / 0.26)',
    ],
    [
      'GET /statements/:id, 1 connection',
      ...both((f) => latency(f.get_statement_1)),
      '',
      'p50 2.5 ms, p99 9.7 ms',
    ],
    [
      'GET /statements/:id, 8 connections',
      ...both((f) => latency(f.get_statement_8)),
      '8 connections',
      '',
    ],
    [
      'board GET /statements, 8 connections',
      ...both((f) => latency(f.board_8)),
      '',
      'p50 69 ms, p99 123 ms',
    ],
    [
      '?pendingFor=THA, 8 connections',
      ...both((f) => latency(f.pendingFor_8)),
      '',
      'p50 276 ms, p99 352 ms',
    ],
    ['?overdue=true, 8 connections', ...both((f) => latency(f.overdue_8)), '', ''],
    [
      '2,000 deadlines due at once, one instance',
      ...both((f) => deadlines(f.deadlines_2000_1)),
      '',
      'all fired after 60 s (33 per second)',
    ],
    [
      '10,000 deadlines due at once, one instance',
      ...both((f) => deadlines(f.deadlines_10000_1)),
      '10,000 at once, one instance',
      '',
    ],
    [
      '10,000 deadlines due at once, two instances',
      pg ? deadlines(pg.deadlines_10000_2) : 'not run',
      'n/a (a PGlite folder serves one process)',
      '10,000 at once, two instances',
      '',
    ],
    ['app RSS', ...both((f) => peakRss(f)), '', '293–648 MB (PostgreSQL)'],
  ];
}

export function rssRows(results: Results): string[][] {
  const rows = [['phase', 'PostgreSQL: steady / peak', 'PGlite: steady / peak']];
  const pg = results.figures.postgres?.rss ?? {};
  const lite = results.figures.pglite?.rss ?? {};
  const phases = [...new Set([...Object.keys(pg), ...Object.keys(lite)])];
  const cell = (r?: DatabaseFigures['rss'][string]) =>
    r ? `${r.steady} / ${r.peak} MB (${r.process})` : '–';
  for (const phase of phases) rows.push([phase, cell(pg[phase]), cell(lite[phase])]);
  return rows;
}

/** A plain-text table: columns padded, long cells wrapped at `width` characters. */
export function formatTable(rows: string[][], width = 60): string {
  const wrapped = rows.map((row) => row.map((cell) => wrap(cell, width)));
  const widths = rows[0].map((_, c) => Math.max(...wrapped.map((row) => maxLength(row[c]))));
  const lines: string[] = [];
  wrapped.forEach((row, r) => {
    const height = Math.max(...row.map((cell) => cell.length));
    for (let i = 0; i < height; i++) {
      lines.push(
        row
          .map((cell, c) => (cell[i] ?? '').padEnd(widths[c]))
          .join(' | ')
          .trimEnd(),
      );
    }
    if (r === 0) lines.push(widths.map((w) => '-'.repeat(w)).join('-|-'));
  });
  return lines.join('\n');
}

const maxLength = (lines: string[]): number => Math.max(0, ...lines.map((l) => l.length));

function wrap(text: string, width: number): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(' ')) {
    if (line && line.length + 1 + word.length > width) {
      lines.push(line);
      line = word;
    } else {
      line = line ? `${line} ${word}` : word;
    }
  }
  lines.push(line);
  return lines;
}

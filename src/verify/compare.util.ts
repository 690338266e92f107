import canonicalize from 'canonicalize';
import { sha256 } from '../common/hash.util';
import type { ExpectedPosition, ExpectedRound, ReplayResult } from './replay.util';
import type { Problem, StoredPosition, StoredRound, StoredStatement } from './verify.types';

/** JSON as jsonb keeps it: no undefined members, keys in a canonical order. */
const canonical = (value: unknown): string =>
  canonicalize(JSON.parse(JSON.stringify(value ?? null))) ?? 'null';

const isoOrNull = (date: Date | null): string | null => (date ? date.toISOString() : null);

/** Up to `max` paths where two JSON values differ, e.g. `context.round.positions.MYS`. */
export function differingPaths(a: unknown, b: unknown, max = 5, path = ''): string[] {
  if (canonical(a) === canonical(b)) return [];
  const objects =
    a !== null &&
    b !== null &&
    typeof a === 'object' &&
    typeof b === 'object' &&
    !Array.isArray(a) &&
    !Array.isArray(b);
  if (!objects) return [path || '(the whole value)'];
  const left = a as Record<string, unknown>;
  const right = b as Record<string, unknown>;
  const found: string[] = [];
  for (const key of [...new Set([...Object.keys(left), ...Object.keys(right)])].sort()) {
    if (found.length >= max) break;
    found.push(
      ...differingPaths(left[key], right[key], max - found.length, path ? `${path}.${key}` : key),
    );
  }
  return found;
}

/** The stored snapshot and the columns projected from it, against the replay's. */
export function compareSnapshot(replayed: ReplayResult, stored: StoredStatement): Problem[] {
  const problems: Problem[] = [];
  const lastSeq = stored.events.at(-1)?.seq;
  if (canonical(replayed.snapshot) !== canonical(stored.snapshot)) {
    problems.push({
      seq: lastSeq,
      kind: 'snapshot_mismatch',
      message: `the stored snapshot is not the one the events give; it differs at ${differingPaths(stored.snapshot, replayed.snapshot).join(', ')}`,
    });
  }
  const expected = replayed.projection;
  if (!expected) return problems;
  const columns: [string, unknown, unknown][] = [
    ['state', stored.state, expected.state],
    ['round_state', stored.roundState, expected.roundState],
    ['current_version', stored.currentVersion, expected.currentVersion],
    ['current_hash', stored.currentHash, expected.currentHash],
    ['open_deadline', isoOrNull(stored.openDeadline), expected.openDeadline],
    ['lock_version', stored.lockVersion, replayed.replayedEvents],
  ];
  for (const [column, actual, wanted] of columns) {
    if (actual !== wanted) {
      problems.push({
        seq: lastSeq,
        kind: 'snapshot_mismatch',
        message: `the statement's ${column} is ${String(actual)}; the events give ${String(wanted)}`,
      });
    }
  }
  return problems;
}

export function compareRounds(expected: ExpectedRound[], stored: StoredRound[]): Problem[] {
  const problems: Problem[] = [];
  for (const row of stored) {
    if (!expected.some((round) => round.number === row.number)) {
      problems.push({
        kind: 'round_mismatch',
        message: `round ${row.number} is stored but no event opened it`,
      });
    }
  }
  for (const round of expected) {
    const row = stored.find((r) => r.number === round.number);
    if (!row) {
      problems.push({
        kind: 'round_mismatch',
        message: `round ${round.number} was opened but is not stored`,
      });
      continue;
    }
    const actual: ExpectedRound = {
      number: row.number,
      versionNumber: row.versionNumber,
      versionHash: row.versionHash,
      openedAt: row.openedAt.toISOString(),
      deadline: row.deadline.toISOString(),
      silenceRule: row.silenceRule,
      electorate: row.electorate,
      closedAt: isoOrNull(row.closedAt),
      outcome: row.outcome,
    };
    const fields = differingPaths(actual, round);
    if (fields.length > 0) {
      problems.push({
        kind: 'round_mismatch',
        message: `round ${round.number} differs from the events in ${fields.join(', ')}`,
      });
    }
  }
  return problems;
}

/**
 * Each member's positions in a round form one chain through supersedesId, oldest first, and
 * match, one for one, the positions the events recorded.
 */
export function comparePositions(
  expected: ExpectedPosition[],
  stored: StoredPosition[],
): Problem[] {
  const problems: Problem[] = [];
  const groups = new Map<string, { rows: StoredPosition[]; expected: ExpectedPosition[] }>();
  const group = (round: number, member: string) => {
    const key = `${round}/${member}`;
    if (!groups.has(key)) groups.set(key, { rows: [], expected: [] });
    return groups.get(key)!;
  };
  for (const row of stored) group(row.roundNumber, row.memberCode).rows.push(row);
  for (const position of expected)
    group(position.roundNumber, position.member).expected.push(position);

  for (const [key, { rows, expected: wanted }] of groups) {
    const [round, member] = key.split('/');
    const where = `${member}'s positions in round ${round}`;
    const ordered = supersessionOrder(rows);
    if (!ordered) {
      problems.push({
        kind: 'position_mismatch',
        message: `${where} do not form one line of supersession (${rows.length} rows)`,
      });
      continue;
    }
    if (ordered.length !== wanted.length) {
      problems.push({
        seq: wanted.at(-1)?.seq,
        kind: 'position_mismatch',
        message: `${where}: ${ordered.length} stored, the events record ${wanted.length}`,
      });
    }
    ordered.forEach((row, index) => {
      const position = wanted[index];
      if (!position) return;
      const fields = differingPaths(storedAsExpected(row), positionFields(position));
      if (fields.length > 0) {
        problems.push({
          seq: position.seq,
          kind: 'position_mismatch',
          message: `${where}: the row ${row.id} differs from event ${position.seq} in ${fields.join(', ')}`,
        });
      }
    });
  }
  return problems;
}

/** Rows in the order they superseded one another, or null when they are not one line. */
function supersessionOrder(rows: StoredPosition[]): StoredPosition[] | null {
  const next = new Map<string | null, StoredPosition>();
  for (const row of rows) {
    if (next.has(row.supersedesId)) return null;
    next.set(row.supersedesId, row);
  }
  const ordered: StoredPosition[] = [];
  for (let row = next.get(null); row; row = next.get(row.id)) ordered.push(row);
  return ordered.length === rows.length ? ordered : null;
}

const positionFields = (p: ExpectedPosition) => ({
  position: p.position,
  versionHash: p.versionHash,
  text: p.text,
  reference: p.reference,
  onBehalf: p.onBehalf,
  recordedBy: p.recordedBy,
  takenAt: p.takenAt,
  recordedAt: p.recordedAt,
});

const storedAsExpected = (row: StoredPosition) => ({
  position: row.position,
  versionHash: row.versionHash,
  text: row.text,
  reference: row.reference,
  onBehalf: row.onBehalf,
  recordedBy: row.recordedBy,
  takenAt: row.takenAt.toISOString(),
  recordedAt: row.recordedAt.toISOString(),
});

/** Every stored text hashes to its hash; the versions stored are exactly those the events name. */
export function compareVersions(replayed: ReplayResult, stored: StoredStatement): Problem[] {
  const problems: Problem[] = [];
  for (const row of stored.versions) {
    const actual = sha256(row.body);
    if (actual !== row.hash) {
      problems.push({
        kind: 'text_mismatch',
        message: `the text of version ${row.number} hashes to ${actual}, not its stored hash ${row.hash}`,
      });
    }
    if (replayed.complete && !replayed.versions.some((v) => v.number === row.number)) {
      problems.push({
        kind: 'text_mismatch',
        message: `version ${row.number} is stored but no event refers to it`,
      });
    }
  }
  for (const version of replayed.versions) {
    const row = stored.versions.find((v) => v.number === version.number);
    if (!row) {
      problems.push({
        seq: version.seq,
        kind: 'text_mismatch',
        message: `version ${version.number}, which event ${version.seq} refers to, is not stored`,
      });
    } else if (row.hash !== version.hash) {
      problems.push({
        seq: version.seq,
        kind: 'text_mismatch',
        message: `version ${version.number} is stored with hash ${row.hash}; event ${version.seq} refers to ${version.hash}`,
      });
    }
  }
  return problems;
}

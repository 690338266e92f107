import { comparePositions, compareRounds, compareSnapshot, differingPaths } from './compare.util';
import type { ExpectedPosition, ExpectedRound, ReplayResult } from './replay.util';
import type { StoredEvent, StoredPosition, StoredRound, StoredStatement } from './verify.types';

const HASH = 'f'.repeat(64);
const RECORDER = '00000000-0000-4000-8000-0000000000aa';

const expectedPosition = (seq: number, member: string, position: string): ExpectedPosition => ({
  seq,
  roundNumber: 1,
  member,
  position,
  versionHash: HASH,
  text: null,
  reference: null,
  onBehalf: false,
  recordedBy: RECORDER,
  takenAt: `2026-03-0${seq}T00:00:00.000Z`,
  recordedAt: `2026-03-0${seq}T01:00:00.000Z`,
  supersedes: null,
});

const storedRow = (
  id: string,
  p: ExpectedPosition,
  supersedesId: string | null = null,
): StoredPosition => ({
  id,
  roundNumber: p.roundNumber,
  memberCode: p.member,
  position: p.position,
  versionHash: p.versionHash,
  text: p.text,
  reference: p.reference,
  onBehalf: p.onBehalf,
  recordedBy: p.recordedBy,
  takenAt: new Date(p.takenAt),
  recordedAt: new Date(p.recordedAt),
  supersedesId,
});

describe(comparePositions.name, () => {
  const first = expectedPosition(1, 'THA', 'clearance_pending');
  const second = { ...expectedPosition(2, 'THA', 'endorse'), supersedes: 0 };
  const malaysia = expectedPosition(3, 'MYS', 'object');
  const expected = [first, second, malaysia];
  const rows = [storedRow('a', first), storedRow('b', second, 'a'), storedRow('c', malaysia)];

  it('rows that match the events one for one, in their line of supersession, are fine', () => {
    expect(comparePositions(expected, rows)).toEqual([]);
    expect(comparePositions(expected, [...rows].reverse())).toEqual([]);
  });

  it('a changed row names the event and the fields', () => {
    const forged = [rows[0], rows[1], { ...rows[2], position: 'endorse' }];
    expect(comparePositions(expected, forged)).toEqual([
      {
        seq: 3,
        kind: 'position_mismatch',
        message: "MYS's positions in round 1: the row c differs from event 3 in position",
      },
    ]);
  });

  it('rows swapped in the line of supersession do not match their events', () => {
    const swapped = [storedRow('a', first, 'b'), storedRow('b', second), rows[2]];
    expect(comparePositions(expected, swapped).map((p) => p.seq)).toEqual([1, 2]);
  });

  it('two rows that supersede the same one, or a row added or missing, are named', () => {
    const fork = [...rows, storedRow('d', second, 'a')];
    expect(comparePositions(expected, fork)).toEqual([
      expect.objectContaining({
        message: "THA's positions in round 1 do not form one line of supersession (3 rows)",
      }),
    ]);
    expect(comparePositions(expected, rows.slice(0, 2))).toEqual([
      expect.objectContaining({
        seq: 3,
        message: "MYS's positions in round 1: 0 stored, the events record 1",
      }),
    ]);
    const extra = storedRow('e', expectedPosition(4, 'SGP', 'endorse'));
    expect(comparePositions(expected, [...rows, extra])).toEqual([
      expect.objectContaining({
        message: "SGP's positions in round 1: 1 stored, the events record 0",
      }),
    ]);
  });
});

describe(compareRounds.name, () => {
  const round: ExpectedRound = {
    number: 1,
    versionNumber: 2,
    versionHash: HASH,
    openedAt: '2026-03-02T02:00:00.000Z',
    deadline: '2026-04-01T10:00:00.000Z',
    silenceRule: 'explicit',
    electorate: ['MYS', 'THA'],
    closedAt: null,
    outcome: null,
  };
  const row: StoredRound = {
    ...round,
    openedAt: new Date(round.openedAt),
    deadline: new Date(round.deadline),
    closedAt: null,
  };

  it('names a round that differs, one that is missing and one no event opened', () => {
    expect(compareRounds([round], [row])).toEqual([]);
    expect(
      compareRounds(
        [round],
        [{ ...row, deadline: new Date('2026-05-01T00:00:00Z'), outcome: 'adopted' }],
      ),
    ).toEqual([
      { kind: 'round_mismatch', message: 'round 1 differs from the events in deadline, outcome' },
    ]);
    expect(compareRounds([round], [])).toEqual([
      { kind: 'round_mismatch', message: 'round 1 was opened but is not stored' },
    ]);
    expect(compareRounds([], [row])).toEqual([
      { kind: 'round_mismatch', message: 'round 1 is stored but no event opened it' },
    ]);
  });
});

describe(differingPaths.name, () => {
  it('gives the paths where two JSON values differ, ignoring key order and undefined', () => {
    expect(differingPaths({ a: 1, b: { c: 2, d: undefined } }, { b: { c: 2 }, a: 1 })).toEqual([]);
    expect(differingPaths({ a: 1, b: { c: 2, e: [1] } }, { a: 2, b: { c: 2, e: [2] } })).toEqual([
      'a',
      'b.e',
    ]);
  });
});

describe(compareSnapshot.name, () => {
  const snapshot = { status: 'active', value: 'drafting', context: { roundsOpened: 0 } };
  const replayed = {
    complete: true,
    replayedEvents: 2,
    snapshot,
    projection: {
      state: 'drafting',
      roundState: null,
      currentVersion: 2,
      currentHash: HASH,
      openDeadline: null,
    },
  } as ReplayResult;
  const stored = {
    snapshot: { context: { roundsOpened: 0 }, value: 'drafting', status: 'active' },
    state: 'drafting',
    roundState: null,
    currentVersion: 2,
    currentHash: HASH,
    openDeadline: null,
    lockVersion: 2,
    events: [{ seq: 1 }, { seq: 2 }] as StoredEvent[],
  } as StoredStatement;

  it('the same snapshot, in any key order, and the same columns are fine', () => {
    expect(compareSnapshot(replayed, stored)).toEqual([]);
  });

  it('names the snapshot paths and the columns that differ', () => {
    const forged = {
      ...stored,
      snapshot: { ...snapshot, value: 'som_review' },
      state: 'som_review',
      lockVersion: 3,
    };
    expect(compareSnapshot(replayed, forged)).toEqual([
      {
        seq: 2,
        kind: 'snapshot_mismatch',
        message: 'the stored snapshot is not the one the events give; it differs at value',
      },
      {
        seq: 2,
        kind: 'snapshot_mismatch',
        message: "the statement's state is som_review; the events give drafting",
      },
      {
        seq: 2,
        kind: 'snapshot_mismatch',
        message: "the statement's lock_version is 3; the events give 2",
      },
    ]);
  });
});

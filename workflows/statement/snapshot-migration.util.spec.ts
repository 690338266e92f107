import { initialTransition, transition } from 'xstate';
import { migrateSnapshot, SNAPSHOT_MIGRATIONS } from './snapshot-migration.util';
import type { SnapshotMigration, StoredSnapshot } from './snapshot-migration.util';
import { statementMachine, statementMachineV1 } from './statement.machine';
import type { StatementEvent } from './statement.types';

const HASH = 'a'.repeat(64);
const position = (member: string, kind: string, at: string): StatementEvent =>
  ({
    type: 'RECORD_POSITION',
    at,
    position: {
      member,
      position: kind,
      versionHash: HASH,
      at,
      ...(kind === 'object' ? { text: 'We cannot agree.' } : {}),
      onBehalf: false,
      recordedBy: 'focal',
    },
  }) as StatementEvent;

/** A version 1 statement through `events`, persisted as the runtime stores it. */
function storedV1(silenceRule: string, events: StatementEvent[]): StoredSnapshot {
  const machine = statementMachineV1;
  let [snapshot] = initialTransition(machine, { version: { number: 1, hash: HASH } });
  const opening: StatementEvent[] = [
    { type: 'SUBMIT_TO_SOM', at: '2026-03-02T02:00:00Z' },
    { type: 'APPROVE_IN_PRINCIPLE', at: '2026-03-03T02:00:00Z' },
    {
      type: 'OPEN_AD_REFERENDUM',
      at: '2026-03-05T02:00:00Z',
      deadline: '2026-04-01T10:00:00.000Z',
      silenceRule,
      electorate: ['MYS', 'THA', 'VNM'],
    } as StatementEvent,
  ];
  for (const event of [...opening, ...events]) {
    expect(snapshot.can(event)).toBe(true);
    [snapshot] = transition(machine, snapshot, event);
  }
  return JSON.parse(JSON.stringify(machine.getPersistedSnapshot(snapshot)));
}

const DEADLINE: StatementEvent = { type: 'DEADLINE_PASSED', at: '2026-04-01T10:00:00.000Z' };

describe(migrateSnapshot.name, () => {
  it('moves a round still collecting as it is, and version 2 takes it on from there', () => {
    const stored = storedV1('silence_is_consent', [
      position('THA', 'clearance_pending', '2026-03-06T02:00:00Z'),
    ]);

    const outcome = migrateSnapshot(stored, 1, 2);

    expect(outcome).toEqual({ kind: 'migrated', snapshot: stored, changes: [] });
    // Version 2 reads the deadline its own way: clearance pending is not consent.
    const snapshot = statementMachine.resolveState(
      (outcome as { snapshot: StoredSnapshot }).snapshot as never,
    );
    const [after] = transition(statementMachine, snapshot, DEADLINE);
    expect(after.value).toEqual({ ad_referendum: 'awaiting_decision' });
    expect(after.context.round?.pendingClearance).toEqual(['THA']);
  });

  it('names who was pending clearance in a round whose deadline passed', () => {
    const stored = storedV1('explicit', [
      position('THA', 'clearance_pending', '2026-03-06T02:00:00Z'),
      DEADLINE,
    ]);
    expect(stored.value).toEqual({ ad_referendum: 'awaiting_decision' });

    const outcome = migrateSnapshot(stored, 1, 2);

    expect(outcome).toMatchObject({
      kind: 'migrated',
      changes: ['1→2: round 1: pendingClearance set to [THA]'],
    });
    const migrated = (outcome as { snapshot: StoredSnapshot }).snapshot;
    expect(migrated.context.round?.pendingClearance).toEqual(['THA']);
    expect(stored.context.round?.pendingClearance).toBeUndefined(); // the input is untouched
  });

  it('cannot map a blocked silence_is_consent round past its deadline with clearance pending', () => {
    const stored = storedV1('silence_is_consent', [
      position('MYS', 'object', '2026-03-06T02:00:00Z'),
      position('THA', 'clearance_pending', '2026-03-06T03:00:00Z'),
      DEADLINE,
    ]);
    expect(stored.value).toEqual({ ad_referendum: 'blocked' });

    const outcome = migrateSnapshot(stored, 1, 2);

    expect(outcome?.kind).toBe('unmappable');
    expect(outcome).toMatchObject({ reason: expect.stringContaining('THA pending domestic') });
  });

  it('leaves a final statement on the version its record was made under', () => {
    const stored = storedV1('explicit', [
      position('MYS', 'endorse', '2026-03-06T02:00:00Z'),
      position('THA', 'endorse', '2026-03-06T03:00:00Z'),
      position('VNM', 'endorse', '2026-03-06T04:00:00Z'),
    ]);
    expect(stored.value).toBe('adopted');

    expect(migrateSnapshot(stored, 1, 2)).toMatchObject({ kind: 'final' });
  });

  it('refuses a path with a missing step rather than inventing one', () => {
    const stored = storedV1('explicit', []);
    expect(migrateSnapshot(stored, 1, 3)).toBeNull();
    const gap: SnapshotMigration[] = [{ ...SNAPSHOT_MIGRATIONS[0], to: 3 }];
    expect(migrateSnapshot(stored, 1, 2, gap)).toBeNull();
  });

  it('has one migration into every version after the first, each one step forward', () => {
    expect(SNAPSHOT_MIGRATIONS.map(({ from, to }) => [from, to])).toEqual([[1, 2]]);
  });
});

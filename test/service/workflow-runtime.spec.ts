import { verify } from 'node:crypto';
import type { RefusalReason } from '../../workflows/statement/refusal.util';
import type { StatementEvent } from '../../workflows/statement/statement.types';
import { AdrefError, AdrefErrorCode } from '../../src/common/adref.errors';
import { auditHash, chainHeadOf, firstBrokenLink } from '../../src/engine/audit.repository';
import { REFUSAL_CODES } from '../../src/engine/refusal-codes';
import { SigningService } from '../../src/engine/signing.service';
import { StatementsRepository } from '../../src/statements/statements.repository';
import {
  actorLabel,
  OptimisticWriteMissed,
  restoreSnapshot,
  SYSTEM_ACTOR,
  WorkflowRuntime,
} from '../../src/engine/workflow.runtime';
import { BuiltStatement, factoriesFor, lockStatement, StatementStage } from '../support/factories';
import { useServiceTier } from '../support/service-tier';
import { rowsOf } from '../support/statement-rows';
import { tableCounts } from '../support/table-counts';

const DAY = 86_400_000;

describe(WorkflowRuntime.name, () => {
  const tier = useServiceTier();
  const factories = factoriesFor(tier);
  const rows = (id: string) => rowsOf(tier.dataSource.manager, id);

  /** What a service does: lock the row, apply the event, commit. */
  const apply = (built: BuiltStatement, event: StatementEvent) =>
    tier.dataSource.transaction(async (manager) =>
      tier.get(WorkflowRuntime).apply(manager, await lockStatement(manager, built.id), event, {
        actor: built.chair,
        actorLabel: actorLabel(built.chair),
        recordedAt: tier.clock.now(),
      }),
    );

  const signedBy = (signing: SigningService, hash: string, signature: string | null) =>
    verify(
      null,
      Buffer.from(hash, 'utf8'),
      signing.publicKeyPem,
      Buffer.from(signature ?? '', 'base64'),
    );

  describe('apply', () => {
    it('opening a round writes snapshot, columns, audit, round, timers and outbox in one commit', async () => {
      const built = await factories.statementIn('approved_in_principle', {
        electorate: ['IDN', 'MYS', 'THA'],
      });
      const before = await rows(built.id);
      const now = tier.clock.now();
      const deadline = new Date(now.getTime() + 20 * DAY).toISOString();

      const returned = await apply(built, {
        type: 'OPEN_AD_REFERENDUM',
        at: now.toISOString(),
        deadline,
        silenceRule: 'explicit',
        electorate: ['IDN', 'MYS', 'THA'],
      });

      const after = await rows(built.id);
      // The snapshot, and the columns queries filter on, projected from it.
      const snapshot = restoreSnapshot(after.statement);
      expect(snapshot.value).toEqual({ ad_referendum: 'collecting' });
      expect(snapshot.context.round).toMatchObject({
        number: 1,
        version: built.version,
        deadline,
        electorate: ['IDN', 'MYS', 'THA'],
      });
      expect(after.statement).toMatchObject({
        state: 'ad_referendum',
        roundState: 'collecting',
        openDeadline: new Date(deadline),
        lockVersion: before.statement.lockVersion + 1,
        updatedAt: now,
        currentHash: built.version.hash,
      });
      expect(returned.lockVersion).toBe(after.statement.lockVersion);

      // One audit event more, chained to the one before and signed.
      expect(after.audit).toHaveLength(before.audit.length + 1);
      const [previous, event] = after.audit.slice(-2);
      expect(event).toMatchObject({
        seq: previous.seq + 1,
        prevHash: previous.hash,
        type: 'OPEN_AD_REFERENDUM',
        actorId: built.chair.id,
        actorLabel: actorLabel(built.chair),
        stateFrom: 'approved_in_principle',
        stateTo: 'ad_referendum.collecting',
        textHash: built.version.hash,
        at: now,
        recordedAt: now,
        payload: { deadline, silenceRule: 'explicit', electorate: ['IDN', 'MYS', 'THA'] },
      });
      expect(event.hash).toBe(auditHash(event));
      const signing = tier.get(SigningService);
      expect(event.keyId).toBe(signing.keyId);
      expect(signedBy(signing, event.hash, event.signature)).toBe(true);

      // The round, its deadline and reminders, and the notification carrying the chain head.
      expect(after.rounds).toEqual([
        expect.objectContaining({
          number: 1,
          versionNumber: 1,
          versionHash: built.version.hash,
          deadline: new Date(deadline),
          silenceRule: 'explicit',
          electorate: ['IDN', 'MYS', 'THA'],
          closedAt: null,
          outcome: null,
        }),
      ]);
      expect(after.timers.map((t) => [t.kind, t.offset, t.status])).toEqual([
        ['reminder', 'P7D', 'pending'],
        ['reminder', 'P2D', 'pending'],
        ['reminder', 'P1D', 'pending'],
        ['deadline', null, 'pending'],
      ]);
      expect(after.outbox).toHaveLength(before.outbox.length + 1);
      expect(after.outbox.at(-1)).toMatchObject({
        kind: 'round_opened',
        expandedAt: null,
        payload: {
          state: 'ad_referendum',
          roundState: 'collecting',
          round: { number: 1, outstanding: ['IDN', 'MYS', 'THA'] },
          chainHead: chainHeadOf(event),
        },
      });
    });

    it('a position is appended; a second one by the same member supersedes the first', async () => {
      const built = await factories.statementIn('ad_referendum.collecting', {
        electorate: ['MYS', 'THA'],
      });
      await factories.record(built, 'THA', 'clearance_pending');
      const pending = (await rows(built.id)).positions;
      expect(pending).toEqual([
        expect.objectContaining({
          memberCode: 'THA',
          position: 'clearance_pending',
          supersedesId: null,
        }),
      ]);

      await factories.record(built, 'THA', 'endorse');

      const after = await rows(built.id);
      expect(after.positions.map((p) => [p.memberCode, p.position, p.supersedesId])).toEqual([
        ['THA', 'clearance_pending', null],
        ['THA', 'endorse', pending[0].id],
      ]);
      expect(after.positions[1]).toMatchObject({
        versionHash: built.version.hash,
        onBehalf: false,
        recordedBy: built.focalPoints.THA.id,
      });
      expect(after.statement.roundState).toBe('collecting');
      expect(restoreSnapshot(after.statement).context.round?.positions.THA).toMatchObject({
        position: 'endorse',
      });
    });

    it('an objection blocks the round and announces itself', async () => {
      const built = await factories.statementIn('ad_referendum.collecting', {
        electorate: ['MYS', 'THA'],
      });
      await factories.record(built, 'MYS', 'object', { text: 'Funding is not agreed.' });

      const after = await rows(built.id);
      expect(after.statement.roundState).toBe('blocked');
      expect(after.positions.at(-1)).toMatchObject({
        position: 'object',
        text: 'Funding is not agreed.',
      });
      expect(after.outbox.at(-1)).toMatchObject({
        kind: 'objection_lodged',
        payload: { round: { objectors: ['MYS'], outstanding: ['THA'] } },
      });
    });

    it('the last endorsement adopts: the round closes and its timers are cancelled', async () => {
      const built = await factories.statementIn('ad_referendum.collecting', {
        electorate: ['MYS', 'THA'],
      });
      await factories.record(built, 'MYS', 'endorse');
      const endorsedAt = factories.at();
      await factories.record(built, 'THA', 'endorse');

      const after = await rows(built.id);
      expect(after.statement).toMatchObject({
        state: 'adopted',
        roundState: null,
        openDeadline: null,
      });
      expect(restoreSnapshot(after.statement).context.adoption).toMatchObject({
        basis: 'consensus',
        date: endorsedAt,
        roundNumber: 1,
        versionHash: built.version.hash,
      });
      expect(after.rounds[0]).toMatchObject({ outcome: 'adopted', closedAt: new Date(endorsedAt) });
      expect(new Set(after.timers.map((t) => t.status))).toEqual(new Set(['cancelled']));
      expect(after.outbox.at(-1)).toMatchObject({ kind: 'adopted' });
      expect(after.audit.at(-1)).toMatchObject({
        stateFrom: 'ad_referendum.collecting',
        stateTo: 'adopted',
      });
    });

    it('what the transition wrote rolls back with the transaction that applied it', async () => {
      const built = await factories.statementIn('approved_in_principle');
      const before = await tableCounts(tier.dataSource);
      const now = tier.clock.now();

      await expect(
        tier.dataSource.transaction(async (manager) => {
          await tier.get(WorkflowRuntime).apply(
            manager,
            await lockStatement(manager, built.id),
            {
              type: 'OPEN_AD_REFERENDUM',
              at: now.toISOString(),
              deadline: new Date(now.getTime() + 20 * DAY).toISOString(),
              silenceRule: 'explicit',
              electorate: ['IDN', 'THA'],
            },
            { actor: built.chair, actorLabel: actorLabel(built.chair), recordedAt: now },
          );
          throw new Error('the caller fails after the transition');
        }),
      ).rejects.toThrow('the caller fails after the transition');

      expect(await tableCounts(tier.dataSource)).toEqual(before);
      expect((await rows(built.id)).statement.state).toBe('approved_in_principle');
    });

    describe('optimistic (no lock, no transaction)', () => {
      const position = (built: BuiltStatement, member: string): StatementEvent => {
        const at = tier.clock.now().toISOString();
        return {
          type: 'RECORD_POSITION',
          at,
          position: {
            member,
            position: 'clearance_pending',
            versionHash: built.version.hash,
            at,
            onBehalf: false,
            recordedBy: built.chair.id,
          },
        };
      };
      const applyOptimistic = async (built: BuiltStatement, read: unknown, member: string) =>
        tier.get(WorkflowRuntime).apply(
          tier.dataSource.manager,
          read as Parameters<WorkflowRuntime['apply']>[1],
          position(built, member),
          {
            actor: built.chair,
            actorLabel: actorLabel(built.chair),
            recordedAt: tier.clock.now(),
          },
          { optimistic: true },
        );

      it('writes a position that settles nothing in one statement, as the locked way would', async () => {
        const built = await factories.statementIn('ad_referendum.collecting', {
          electorate: ['IDN', 'THA'],
        });
        const read = await tier.get(StatementsRepository).read(tier.dataSource.manager, built.id);

        await applyOptimistic(built, read, 'THA');

        const after = await rows(built.id);
        expect(after.statement.lockVersion).toBe(built.row.lockVersion + 1);
        expect(after.positions.map((p) => [p.memberCode, p.position])).toEqual([
          ['THA', 'clearance_pending'],
        ]);
        expect(after.audit.at(-1)).toMatchObject({
          type: 'RECORD_POSITION',
          seq: after.statement.auditSeq,
        });
        expect(firstBrokenLink(after.audit)).toBeNull();
      });

      it('over a row that changed since it was read, writes nothing and says so', async () => {
        const built = await factories.statementIn('ad_referendum.collecting', {
          electorate: ['IDN', 'THA'],
        });
        const stale = await tier.get(StatementsRepository).read(tier.dataSource.manager, built.id);
        await factories.record(built, 'IDN', 'clearance_pending');
        const before = await tableCounts(tier.dataSource);
        const head = (await rows(built.id)).statement;

        const missed = await applyOptimistic(built, stale, 'THA').catch((error: unknown) => error);

        expect(missed).toBeInstanceOf(OptimisticWriteMissed);
        expect((missed as OptimisticWriteMissed).reason).toBe('changed');
        expect(await tableCounts(tier.dataSource)).toEqual(before);
        expect((await rows(built.id)).statement).toMatchObject({
          lockVersion: head.lockVersion,
          auditSeq: head.auditSeq,
          auditHash: head.auditHash,
        });
      });

      it('refuses, writing nothing, a transition with more to write (the endorsement that adopts)', async () => {
        const built = await factories.statementIn('ad_referendum.collecting', {
          electorate: ['IDN', 'THA'],
        });
        await factories.record(built, 'IDN', 'endorse');
        const read = await tier.get(StatementsRepository).read(tier.dataSource.manager, built.id);
        const before = await tableCounts(tier.dataSource);
        const endorse = position(built, 'THA');
        (endorse as { position: { position: string } }).position.position = 'endorse';

        const missed = await tier
          .get(WorkflowRuntime)
          .apply(
            tier.dataSource.manager,
            read,
            endorse,
            {
              actor: built.chair,
              actorLabel: actorLabel(built.chair),
              recordedAt: tier.clock.now(),
            },
            { optimistic: true },
          )
          .catch((error: unknown) => error);

        expect((missed as OptimisticWriteMissed).reason).toBe('more_effects');
        expect(await tableCounts(tier.dataSource)).toEqual(before);
        expect((await rows(built.id)).statement.state).toBe('ad_referendum');
      });
    });

    it('imported history writes rounds and positions but no timer or notification', async () => {
      const built = await factories.statementIn('approved_in_principle');
      const before = await rows(built.id);
      const now = tier.clock.now();
      const electorate = ['IDN', 'THA'];
      await tier.dataSource.transaction(async (manager) => {
        const runtime = tier.get(WorkflowRuntime);
        const act = { actor: null, actorLabel: SYSTEM_ACTOR, recordedAt: now };
        const statement = await lockStatement(manager, built.id);
        await runtime.apply(
          manager,
          statement,
          {
            type: 'OPEN_AD_REFERENDUM',
            at: now.toISOString(),
            deadline: new Date(now.getTime() + DAY).toISOString(),
            silenceRule: 'explicit',
            electorate,
          },
          act,
          { imported: true },
        );
        for (const member of electorate) {
          await runtime.apply(
            manager,
            statement,
            {
              type: 'RECORD_POSITION',
              at: now.toISOString(),
              position: {
                member,
                position: 'endorse',
                versionHash: built.version.hash,
                at: now.toISOString(),
                onBehalf: true,
                recordedBy: built.chair.id,
                reference: 'Note verbale',
              },
            },
            act,
            { imported: true },
          );
        }
      });

      const after = await rows(built.id);
      expect(after.statement.state).toBe('adopted');
      expect(after.rounds).toHaveLength(1);
      expect(after.positions.map((p) => p.memberCode)).toEqual(electorate);
      expect(after.timers).toEqual([]);
      expect(after.outbox).toHaveLength(before.outbox.length);
      const added = after.audit.slice(before.audit.length);
      expect(added.map((e) => [e.type, e.payload.imported])).toEqual([
        ['OPEN_AD_REFERENDUM', true],
        ['RECORD_POSITION', true],
        ['RECORD_POSITION', true],
      ]);
    });
  });

  describe('refusals', () => {
    interface RefusalCase {
      reason: RefusalReason;
      /** Written out, not read from REFUSAL_CODES: the table itself is under test. */
      code: AdrefErrorCode;
      stage: StatementStage;
      event: (built: BuiltStatement, at: string) => StatementEvent;
      /** Acts after the factory, before the refused event. */
      prepare?: (built: BuiltStatement) => Promise<unknown>;
    }
    const later = (at: string, days: number) => new Date(Date.parse(at) + days * DAY).toISOString();
    const position = (built: BuiltStatement, at: string, member: string, versionHash?: string) => ({
      type: 'RECORD_POSITION' as const,
      at,
      position: {
        member,
        position: 'endorse' as const,
        versionHash: versionHash ?? built.version.hash,
        at,
        onBehalf: true,
        recordedBy: built.chair.id,
      },
    });
    const opening = (at: string, electorate: string[], deadline = later(at, 10)) => ({
      type: 'OPEN_AD_REFERENDUM' as const,
      at,
      deadline,
      silenceRule: 'explicit' as const,
      electorate,
    });

    // One case for every reason the procedure gives; the test below fails when one is missing.
    const CASES: RefusalCase[] = [
      {
        reason: 'event_not_allowed',
        code: AdrefErrorCode.EVENT_NOT_ALLOWED,
        stage: 'drafting',
        event: (_, at) => ({ type: 'APPROVE_IN_PRINCIPLE', at }),
      },
      {
        reason: 'text_not_editable',
        code: AdrefErrorCode.TEXT_NOT_EDITABLE,
        stage: 'som_review',
        event: (built, at) => ({
          type: 'EDIT_TEXT',
          at,
          version: { number: 2, hash: built.version.hash },
        }),
      },
      {
        reason: 'version_not_next',
        code: AdrefErrorCode.VERSION_NOT_NEXT,
        stage: 'drafting',
        event: (built, at) => ({
          type: 'EDIT_TEXT',
          at,
          version: { number: 3, hash: built.version.hash },
        }),
      },
      {
        reason: 'round_closed',
        code: AdrefErrorCode.ROUND_CLOSED,
        stage: 'adopted',
        event: (built, at) => position(built, at, built.round!.electorate[0]),
      },
      // China is a member of ACCSM+3, not of ACCSM.
      {
        reason: 'member_not_in_electorate',
        code: AdrefErrorCode.MEMBER_NOT_IN_ELECTORATE,
        stage: 'ad_referendum.collecting',
        event: (built, at) => position(built, at, 'CHN'),
      },
      {
        reason: 'version_not_circulated',
        code: AdrefErrorCode.VERSION_NOT_CIRCULATED,
        stage: 'ad_referendum.collecting',
        event: (built, at) => position(built, at, 'THA', 'f'.repeat(64)),
      },
      {
        reason: 'deadline_not_passed',
        code: AdrefErrorCode.DEADLINE_NOT_PASSED,
        stage: 'ad_referendum.collecting',
        event: (_, at) => ({ type: 'DEADLINE_PASSED', at }),
      },
      {
        // Only a blocked round takes DEADLINE_PASSED after its deadline passed (and records it).
        reason: 'deadline_already_passed',
        code: AdrefErrorCode.DEADLINE_ALREADY_PASSED,
        stage: 'ad_referendum.blocked',
        prepare: (built) => {
          tier.clock.set(built.round!.deadline);
          return factories.act(built, { type: 'DEADLINE_PASSED', at: factories.at() }, null);
        },
        event: (_, at) => ({ type: 'DEADLINE_PASSED', at }),
      },
      {
        reason: 'deadline_not_later',
        code: AdrefErrorCode.DEADLINE_NOT_LATER,
        stage: 'ad_referendum.collecting',
        event: (built, at) => ({
          type: 'EXTEND_DEADLINE',
          at,
          deadline: later(built.round!.deadline, -1),
        }),
      },
      {
        reason: 'deadline_not_in_future',
        code: AdrefErrorCode.DEADLINE_NOT_IN_FUTURE,
        stage: 'approved_in_principle',
        event: (_, at) => opening(at, ['THA'], later(at, -1)),
      },
      {
        reason: 'electorate_empty',
        code: AdrefErrorCode.ELECTORATE_EMPTY,
        stage: 'approved_in_principle',
        event: (_, at) => opening(at, []),
      },
      {
        reason: 'electorate_duplicated',
        code: AdrefErrorCode.ELECTORATE_DUPLICATED,
        stage: 'approved_in_principle',
        event: (_, at) => opening(at, ['THA', 'THA']),
      },
      {
        reason: 'reminder_not_due',
        code: AdrefErrorCode.REMINDER_NOT_DUE,
        stage: 'ad_referendum.awaiting_decision',
        event: (_, at) => ({ type: 'REMINDER_DUE', at, offset: 'P1D' }),
      },
    ];

    it('cover every reason the procedure gives', () => {
      expect(CASES.map((c) => c.reason).sort()).toEqual(Object.keys(REFUSAL_CODES).sort());
    });

    it.each(CASES.map((c) => [c.reason, c.stage, c] as const))(
      '%s (in %s): throws its code and changes no row',
      async (_reason, _stage, { code, stage, event, prepare }) => {
        const built = await factories.statementIn(stage);
        await prepare?.(built);
        const before = await tableCounts(tier.dataSource);
        const written = await rows(built.id);

        const refused = await apply(built, event(built, factories.at())).then(
          () => null,
          (error: unknown) => error,
        );

        expect(refused).toBeInstanceOf(AdrefError);
        expect((refused as AdrefError).code).toBe(code);
        expect((refused as AdrefError).details).toMatchObject({ state: stage });
        expect(await tableCounts(tier.dataSource)).toEqual(before);
        // Nor any row in place: the statement, its audit, rounds, positions, timers, outbox.
        expect(await rows(built.id)).toEqual(written);
      },
    );

    it('an event of a state that does not take it names the events it would take', async () => {
      const built = await factories.statementIn('drafting');
      await expect(
        apply(built, { type: 'SUBMIT_TO_SOM', at: factories.at() }),
      ).resolves.toMatchObject({
        state: 'som_review',
      });
      const refused = apply(built, { type: 'SUBMIT_TO_SOM', at: factories.at() });
      await expect(refused).rejects.toMatchObject({
        code: AdrefErrorCode.EVENT_NOT_ALLOWED,
        details: {
          state: 'som_review',
          acceptedEvents: expect.arrayContaining(['APPROVE_IN_PRINCIPLE']),
        },
      });
    });
  });
});

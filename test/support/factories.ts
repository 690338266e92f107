import { randomUUID } from 'node:crypto';
import type { EntityManager } from 'typeorm';
import type {
  PositionKind,
  RecordedPosition,
  SilenceRule,
  StatementEvent,
  TextVersionRef,
} from '../../workflows/statement/statement.types';
import { toPrincipal } from '../../src/auth/auth.service';
import { UsersRepository } from '../../src/auth/users.repository';
import type { Principal } from '../../src/common/auth.decorators';
import { sha256 } from '../../src/common/hash.util';
import type { Role } from '../../src/common/principal.entity';
import { StatementEntity } from '../../src/engine/statement.entity';
import { TextVersionEntity } from '../../src/engine/text-version.entity';
import { TimersRepository } from '../../src/engine/timers.repository';
import { actorLabel, SYSTEM_ACTOR, WorkflowRuntime } from '../../src/engine/workflow.runtime';
import { ReferenceRepository } from '../../src/reference/reference.repository';
import type { ServiceTier } from './service-tier';

const MINUTE = 60_000;
const DAY = 86_400_000;

/** Where a factory can leave a statement: a state, or a round's sub-state, as the API names them. */
export const STATEMENT_STAGES = [
  'drafting',
  'som_review',
  'approved_in_principle',
  'ad_referendum.collecting',
  'ad_referendum.blocked',
  'ad_referendum.awaiting_decision',
  'adopted',
] as const;

export type StatementStage = (typeof STATEMENT_STAGES)[number];

export interface StatementOptions {
  /** ACCSM unless given. */
  framework?: string;
  title?: string;
  body?: string;
  silenceRule?: SilenceRule;
  /** The framework's members on the day the round opens, unless given. */
  electorate?: string[];
  /** 30 days after the round opens, unless given. */
  deadline?: string;
  reminderOffsets?: string[];
  /** Who objects in a blocked round: the first elector unless given. */
  objector?: string;
  /** `adopted`: by every elector's endorsement in a round (default) or at a meeting. */
  adoptedBy?: 'consensus' | 'meeting';
}

export interface BuiltRound {
  number: number;
  electorate: string[];
  deadline: string;
  silenceRule: SilenceRule;
}

export interface BuiltStatement {
  id: string;
  framework: string;
  /** The secretariat of the framework's chair on the day: it took every chair's act. */
  chair: Principal;
  /** The current text. */
  version: TextVersionRef;
  body: string;
  /** The open round (or the one that adopted the statement); null before any. */
  round: BuiltRound | null;
  /** A focal point for each member that recorded a position, by member code. */
  focalPoints: Record<string, Principal>;
  /** The row as the last act left it. */
  row: StatementEntity;
}

// Reference days are counted in Asia/Jakarta time (DESIGN.md §6).
const referenceDay = (instant: Date): string =>
  new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Jakarta' }).format(instant);

/** The statement row, locked for the rest of the transaction, as every writer takes it. */
export async function lockStatement(manager: EntityManager, id: string): Promise<StatementEntity> {
  return manager.findOneOrFail(StatementEntity, {
    where: { id },
    lock: { mode: 'pessimistic_write' },
  });
}

/**
 * Test data built the way adref builds it: principals through the users repository, and
 * statements through the engine (WorkflowRuntime on a locked row, one transaction per act),
 * never by writing rows by hand. Each act takes a minute of the tier's clock, so that acts
 * have distinct times; reaching `awaiting_decision` moves the clock to the deadline.
 */
export class Factories {
  constructor(private readonly tier: ServiceTier) {}

  /** A new active principal (unique email) of the role, acting for `memberCode`. */
  async principal(role: Role, memberCode: string | null = null): Promise<Principal> {
    const users = this.tier.get(UsersRepository);
    const tag = randomUUID().slice(0, 8);
    const entity = await this.tier.dataSource.transaction((manager) =>
      users.insert(
        manager,
        {
          name: `${role}${memberCode ? ` ${memberCode}` : ''} ${tag}`,
          email: `${role}.${(memberCode ?? 'none').toLowerCase()}.${tag}@test.adref`,
          role,
          memberCode,
          language: 'en',
          active: true,
        },
        this.tier.clock.now(),
      ),
    );
    return toPrincipal(entity);
  }

  /** The member that chairs the framework today (or the framework whose chair it follows). */
  async chairMember(framework = 'ACCSM'): Promise<string> {
    const reference = this.tier.get(ReferenceRepository);
    const record = await reference.framework(framework);
    if (!record) throw new Error(`no framework ${framework} in the reference data`);
    const day = referenceDay(this.tier.clock.now());
    const [term] = await reference.chairTermsOn(record.chairFollows ?? framework, day);
    if (!term) throw new Error(`${framework} has no chair on ${day}`);
    return term.chairCode;
  }

  /** The members (not observers) of the framework today: a round's electorate. */
  async electorate(framework = 'ACCSM'): Promise<string[]> {
    const day = referenceDay(this.tier.clock.now());
    const memberships = await this.tier.get(ReferenceRepository).membershipsOn(framework, day);
    const members = memberships.filter((m) => m.status === 'member').map((m) => m.memberCode);
    return [...new Set(members)].sort();
  }

  /** A statement taken through the procedure, act by act, to `stage`. */
  async statementIn(
    stage: StatementStage,
    options: StatementOptions = {},
  ): Promise<BuiltStatement> {
    const framework = options.framework ?? 'ACCSM';
    const chair = await this.principal('chair_secretariat', await this.chairMember(framework));
    const built = await this.start(framework, chair, options);
    const reached = (wanted: StatementStage) =>
      STATEMENT_STAGES.indexOf(stage) >= STATEMENT_STAGES.indexOf(wanted);
    if (stage === 'drafting') return built;

    await this.act(built, { type: 'SUBMIT_TO_SOM', at: this.at() }, chair);
    if (stage === 'adopted' && options.adoptedBy === 'meeting') {
      await this.act(built, { type: 'ADOPT_AT_MEETING', at: this.at(), meeting: 'SOM' }, chair);
      return built;
    }
    if (!reached('approved_in_principle')) return built;

    await this.act(built, { type: 'APPROVE_IN_PRINCIPLE', at: this.at(), meeting: 'SOM' }, chair);
    if (!reached('ad_referendum.collecting')) return built;

    const opened = this.at();
    const round: BuiltRound = {
      number: 1,
      electorate: options.electorate ?? (await this.electorate(framework)),
      deadline: options.deadline ?? new Date(Date.parse(opened) + 30 * DAY).toISOString(),
      silenceRule: options.silenceRule ?? 'explicit',
    };
    await this.act(
      built,
      {
        type: 'OPEN_AD_REFERENDUM',
        at: opened,
        deadline: round.deadline,
        silenceRule: round.silenceRule,
        electorate: round.electorate,
        ...(options.reminderOffsets ? { reminderOffsets: options.reminderOffsets } : {}),
      },
      chair,
    );
    built.round = round;

    switch (stage) {
      case 'ad_referendum.blocked':
        await this.record(built, options.objector ?? round.electorate[0], 'object', {
          text: 'Cannot join the consensus on this text.',
        });
        break;
      case 'ad_referendum.awaiting_decision':
        // Silence consents, except from a member still clearing the text.
        if (round.silenceRule === 'silence_is_consent') {
          await this.record(built, round.electorate[0], 'clearance_pending');
        }
        await this.deadlinePasses(built);
        break;
      case 'adopted':
        for (const member of round.electorate) await this.record(built, member, 'endorse');
        break;
    }
    return built;
  }

  /** Records a member's position on the circulated text through the engine, as its focal point. */
  async record(
    built: BuiltStatement,
    member: string,
    position: PositionKind,
    extra: Pick<RecordedPosition, 'text' | 'reference'> & { versionHash?: string } = {},
  ): Promise<StatementEntity> {
    const focalPoint = (built.focalPoints[member] ??= await this.principal('focal_point', member));
    const at = this.at();
    return this.act(
      built,
      {
        type: 'RECORD_POSITION',
        at,
        position: {
          member,
          position,
          versionHash: extra.versionHash ?? built.version.hash,
          at,
          ...(extra.text ? { text: extra.text } : {}),
          ...(extra.reference ? { reference: extra.reference } : {}),
          onBehalf: false,
          recordedBy: focalPoint.id,
        },
      },
      focalPoint,
    );
  }

  /**
   * One act through the engine: lock the row, apply the event, commit; null acts as adref
   * itself. Refusals throw (and the transaction writes nothing).
   */
  async act(
    built: BuiltStatement,
    event: StatementEvent,
    actor: Principal | null,
    auditDetails?: Record<string, unknown>,
  ): Promise<StatementEntity> {
    const runtime = this.tier.get(WorkflowRuntime);
    const row = await this.tier.dataSource.transaction(async (manager) =>
      runtime.apply(manager, await lockStatement(manager, built.id), event, {
        actor,
        actorLabel: actor ? actorLabel(actor) : SYSTEM_ACTOR,
        recordedAt: this.tier.clock.now(),
        auditDetails,
      }),
    );
    built.row = row;
    built.version = { number: row.currentVersion, hash: row.currentHash };
    this.tier.clock.advance(MINUTE);
    return row;
  }

  /** The event time of the next act: now on the tier's clock. */
  at(): string {
    return this.tier.clock.now().toISOString();
  }

  private async start(
    framework: string,
    chair: Principal,
    options: StatementOptions,
  ): Promise<BuiltStatement> {
    const body = options.body ?? 'The Heads of Civil Service resolve to cooperate.\n';
    const hash = sha256(body);
    const now = this.tier.clock.now();
    const runtime = this.tier.get(WorkflowRuntime);
    // As the statements service does: the first snapshot and its first text, in one transaction.
    const row = await this.tier.dataSource.transaction(async (manager) => {
      const started = await runtime.start(
        manager,
        manager.create(StatementEntity, {
          frameworkCode: framework,
          title: options.title ?? `Statement ${randomUUID().slice(0, 8)}`,
          titleTh: null,
          currentVersion: 1,
          currentHash: hash,
          createdBy: chair.id,
        }),
        { actor: chair, actorLabel: actorLabel(chair), recordedAt: now, at: now },
      );
      await manager.save(
        manager.create(TextVersionEntity, {
          statementId: started.id,
          number: 1,
          body,
          hash,
          note: 'First draft',
          createdBy: chair.id,
          createdAt: now,
        }),
      );
      return started;
    });
    this.tier.clock.advance(MINUTE);
    return {
      id: row.id,
      framework,
      chair,
      version: { number: 1, hash },
      body,
      round: null,
      focalPoints: {},
      row,
    };
  }

  /**
   * The deadline comes due as TimersService fires it, for this statement only: the clock moves
   * to the deadline, DEADLINE_PASSED is applied at it, and the deadline timer is marked fired.
   */
  private async deadlinePasses(built: BuiltStatement): Promise<void> {
    const round = built.round!;
    this.tier.clock.set(round.deadline);
    const timers = this.tier.get(TimersRepository);
    const runtime = this.tier.get(WorkflowRuntime);
    const now = this.tier.clock.now();
    built.row = await this.tier.dataSource.transaction(async (manager) => {
      const statement = await lockStatement(manager, built.id);
      const pending = await timers.list(manager, { statementId: built.id, status: 'pending' }, 10);
      const deadline = pending.find((timer) => timer.kind === 'deadline');
      const applied = await runtime.apply(
        manager,
        statement,
        { type: 'DEADLINE_PASSED', at: round.deadline },
        {
          actor: null,
          actorLabel: SYSTEM_ACTOR,
          recordedAt: now,
          auditDetails: deadline ? { timerId: deadline.id } : undefined,
        },
      );
      if (deadline) await timers.settle(manager, deadline.id, 'fired', now);
      return applied;
    });
    this.tier.clock.advance(MINUTE);
  }
}

export const factoriesFor = (tier: ServiceTier): Factories => new Factories(tier);

import { Inject, Injectable, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import type { ConfigType } from '@nestjs/config';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import type { Language, PrincipalEntity } from '../common/principal.entity';
import { Clock } from '../common/clock';
import { Poller } from '../common/poller';
import { appConfig, signInConfig, workersConfig } from '../config/app.config';
import { meetingLabel } from '../reference/meeting-label.util';
import { ChairTermsService } from '../reference/chair-terms.service';
import { MeetingsService } from '../reference/meetings.service';
import { dayOf } from '../reference/reference-day.util';
import { TextVersionEntity } from '../engine/text-version.entity';
import { OutboxMessageEntity } from '../engine/engine.entities';
import { EmailChannel, WebhookChannel } from './channels';
import { compose, NotificationPayload } from './messages';
import { DeliveryEntity } from './notify.entities';
import { NotifyRepository } from './notify.repository';
import { retryDelayMs } from './retry-delay.util';

const LEASE_MS = 60_000;
const HANDOVER_CHECK_MS = 60_000;
/** A chair term that began within this many days and was never announced is announced now. */
const HANDOVER_LOOKBACK_DAYS = 7;
// Any constant: serialises the handover check across instances (pg_advisory_xact_lock).
const HANDOVER_LOCK = 7_283_461;

/** Who hears of each kind of notification, besides webhook subscribers of those members. */
function audience(
  kind: string,
  payload: NotificationPayload,
): { members: string[]; chair: boolean } {
  const round = payload.round;
  switch (kind) {
    case 'reminder':
      return { members: round?.outstanding ?? [], chair: false };
    case 'round_opened':
    case 'deadline_extended':
      return { members: round?.electorate ?? [], chair: false };
    case 'chair_handover':
      return { members: [], chair: true };
    default:
      return { members: round?.electorate ?? [], chair: true };
  }
}

/**
 * Turns notifications (outbox rows written with their transitions) into deliveries, one per
 * recipient and channel, and sends them with retries; what keeps failing is dead-lettered
 * for an admin to re-drive. Runs in every instance; leases keep two from sending one twice.
 */
@Injectable()
export class NotifyService implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly poller: Poller;
  private lastHandoverCheck = 0;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly repository: NotifyRepository,
    private readonly chairTerms: ChairTermsService,
    private readonly meetings: MeetingsService,
    private readonly email: EmailChannel,
    private readonly webhook: WebhookChannel,
    private readonly clock: Clock,
    @Inject(workersConfig.KEY) private readonly config: ConfigType<typeof workersConfig>,
    @Inject(appConfig.KEY) private readonly app: ConfigType<typeof appConfig>,
    @Inject(signInConfig.KEY) private readonly links: ConfigType<typeof signInConfig>,
  ) {
    this.poller = new Poller(NotifyService.name, config.deliveryIntervalMs, async () => {
      if (this.clock.now().getTime() - this.lastHandoverCheck >= HANDOVER_CHECK_MS) {
        this.lastHandoverCheck = this.clock.now().getTime();
        await this.announceHandovers();
      }
      const expanded = await this.expandPending();
      return expanded + (await this.deliverDue());
    });
  }

  onApplicationBootstrap(): void {
    if (this.config.enabled) this.poller.start();
  }

  onApplicationShutdown(): Promise<void> {
    return this.poller.stop();
  }

  /**
   * Writes one chair_handover notification for each chair term that has begun (within the
   * last week) and was not announced yet, and for each framework following its chair, listing
   * the statements that pass to the new chair; returns how many it wrote.
   */
  announceHandovers(): Promise<number> {
    return this.dataSource.transaction(async (manager) => {
      await manager.query('SELECT pg_advisory_xact_lock($1)', [HANDOVER_LOCK]);
      const now = this.clock.now();
      const since = dayOf(new Date(now.getTime() - HANDOVER_LOOKBACK_DAYS * 86_400_000));
      const terms: { id: string; framework: string; chair: string; validFrom: string }[] =
        await manager.query(
          `SELECT t.id, t.framework_code AS framework, t.chair_code AS chair, t.valid_from AS "validFrom"
           FROM chair_terms t
          WHERE t.valid_from BETWEEN $1 AND $2
            AND NOT EXISTS (SELECT 1 FROM outbox_messages m
                             WHERE m.kind = 'chair_handover' AND m.payload->>'termId' = t.id::text)`,
          [since, dayOf(now)],
        );
      let announced = 0;
      for (const term of terms) {
        const [previous] = await manager.query(
          `SELECT chair_code AS chair FROM chair_terms
            WHERE framework_code = $1 AND valid_from < $2 ORDER BY valid_from DESC LIMIT 1`,
          [term.framework, term.validFrom],
        );
        // Frameworks whose chair follows this one's (ACCSM+3) change hands with it.
        const followers = await this.chairTerms.followersOf(term.framework, manager);
        for (const framework of [term.framework, ...followers]) {
          const inFlight = await manager.query(
            `SELECT id, title, state FROM statements
              WHERE framework_code = $1 AND state NOT IN ('adopted', 'withdrawn', 'not_adopted')
              ORDER BY created_at`,
            [framework],
          );
          await manager.insert(OutboxMessageEntity, {
            statementId: null,
            kind: 'chair_handover',
            payload: {
              termId: term.id,
              framework,
              incoming: term.chair,
              outgoing: previous?.chair ?? null,
              inFlight,
            } as object,
            createdAt: now,
            expandedAt: null,
          });
          announced += 1;
        }
      }
      return announced;
    });
  }

  /** Expands waiting notifications into deliveries; returns how many notifications it expanded. */
  expandPending(limit = 50): Promise<number> {
    return this.dataSource.transaction(async (manager) => {
      const messages = await this.repository.claimUnexpanded(manager, limit);
      const now = this.clock.now();
      for (const message of messages) {
        await this.repository.addDeliveries(
          manager,
          await this.deliveriesFor(manager, message, now),
        );
        await this.repository.markExpanded(manager, message.id, now);
      }
      return messages.length;
    });
  }

  /** Sends what is due now; returns how many deliveries it attempted. */
  async deliverDue(limit = 20): Promise<number> {
    const now = this.clock.now();
    const channels = this.email.configured ? ['email', 'webhook'] : ['webhook'];
    const leased = await this.dataSource.transaction((manager) =>
      this.repository.lease(manager, now, new Date(now.getTime() + LEASE_MS), limit, channels),
    );
    // Sent outside any transaction: a slow server must not hold database locks.
    for (const delivery of leased) await this.attempt(delivery);
    return leased.length;
  }

  private async attempt(delivery: DeliveryEntity): Promise<void> {
    const manager = this.dataSource.manager;
    let result;
    if (delivery.channel === 'email') {
      result = await this.email.send(
        delivery.target,
        delivery.subject,
        delivery.body,
        delivery.html ?? undefined,
      );
    } else {
      const subscription = delivery.subscriptionId
        ? await this.repository.subscription(manager, delivery.subscriptionId)
        : null;
      result = subscription?.active
        ? await this.webhook.send(delivery.target, delivery.body, subscription.secret, {
            'X-Adref-Delivery': delivery.id,
            'X-Adref-Event': delivery.subject,
          })
        : { ok: false, error: 'the webhook subscription was removed' };
    }
    const at = this.clock.now();
    const attempts = delivery.attempts + 1;
    const dead = !result.ok && attempts >= this.config.maxAttempts;
    await this.dataSource.transaction((tx) =>
      this.repository.recordAttempt(
        tx,
        delivery,
        {
          attemptedAt: at,
          ok: result.ok,
          responseStatus: result.responseStatus ?? null,
          error: result.error ?? null,
        },
        result.ok
          ? { status: 'sent', attempts, sentAt: at, lastError: null }
          : {
              status: dead ? 'dead' : 'pending',
              attempts,
              lastError: result.error ?? 'failed',
              deadAt: dead ? at : null,
              nextAttemptAt: new Date(
                at.getTime() + retryDelayMs(attempts, this.config.retryBaseMs),
              ),
            },
      ),
    );
  }

  private async deliveriesFor(
    manager: EntityManager,
    message: OutboxMessageEntity,
    now: Date,
  ): Promise<Partial<DeliveryEntity>[]> {
    const payload = message.payload as NotificationPayload;
    const { members, chair } = audience(message.kind, payload);
    const chairMembers =
      chair && payload.framework ? await this.chairsNow(manager, payload, now) : [];
    const people = dedupe([
      ...(await this.repository.focalPoints(manager, members)),
      ...(await this.repository.secretariats(manager, chairMembers)),
    ]);
    const subscriptions = await this.repository.subscriptions(
      manager,
      [...new Set([...members, ...chairMembers])],
      people.map((p) => p.id),
    );
    const timeZones = await this.repository.timeZones(manager);
    const text = message.kind === 'round_opened' ? await this.circulatedText(manager, payload) : '';
    const base = {
      messageId: message.id,
      status: 'pending' as const,
      attempts: 0,
      nextAttemptAt: now,
      createdAt: now,
    };
    // Where the links in emails point; on a machine of one's own, the local server.
    const baseUrl = this.links.publicUrl ?? `http://localhost:${this.app.port}`;
    const chairZone = chairMembers.map((code) => timeZones.get(code)).find(Boolean);
    const readFor = await this.withMeetingNames(manager, payload);
    const emails = people.map((person) => {
      const language: Language = person.language ?? 'en';
      // Without a member of their own (an administrator): the chair's capital, else the
      // ASEAN Secretariat's.
      const zone = timeZones.get(person.memberCode ?? '') ?? chairZone ?? 'Asia/Jakarta';
      return {
        ...base,
        channel: 'email' as const,
        target: person.email,
        principalId: person.id,
        subscriptionId: null,
        memberCode: person.memberCode,
        language,
        ...compose(
          message.kind,
          readFor(language),
          { language, timeZone: zone, role: person.role, baseUrl },
          text,
        ),
      };
    });
    const hooks = subscriptions.map((subscription) => ({
      ...base,
      channel: 'webhook' as const,
      target: subscription.url,
      principalId: subscription.principalId,
      subscriptionId: subscription.id,
      memberCode: subscription.memberCode,
      language: 'en',
      subject: message.kind,
      body: JSON.stringify({
        id: message.id,
        kind: message.kind,
        occurredAt: message.createdAt.toISOString(),
        ...payload,
        ...(text ? { text } : {}),
      }),
    }));
    return [...emails, ...hooks];
  }

  /**
   * The payload as a reader of each language sees it: an adoption at a meeting named by id
   * carries that meeting's name ("20th ACCSM SOM, Chiang Rai, …") in the reader's language.
   */
  private async withMeetingNames(
    manager: EntityManager,
    payload: NotificationPayload,
  ): Promise<(language: Language) => NotificationPayload> {
    const adoption = payload.adoption;
    const meeting = adoption?.meetingId
      ? await this.meetings.findMeeting(adoption.meetingId, manager)
      : null;
    if (!adoption || !meeting) return () => payload;
    return (language) => ({
      ...payload,
      adoption: { ...adoption, meeting: meetingLabel(meeting, language) },
    });
  }

  private async chairsNow(
    manager: EntityManager,
    payload: NotificationPayload,
    now: Date,
  ): Promise<string[]> {
    if (payload.incoming)
      return [payload.incoming, ...(payload.outgoing ? [payload.outgoing] : [])];
    const terms = await this.chairTerms.chairTermsOn(payload.framework!, dayOf(now), manager);
    return terms.map((term) => term.chairCode);
  }

  private async circulatedText(
    manager: EntityManager,
    payload: NotificationPayload,
  ): Promise<string> {
    if (!payload.statementId || !payload.round) return '';
    const version = await manager.findOneBy(TextVersionEntity, {
      statementId: payload.statementId,
      number: payload.round.version.number,
    });
    return version?.body ?? '';
  }
}

const dedupe = (people: PrincipalEntity[]): PrincipalEntity[] => [
  ...new Map(people.map((person) => [person.id, person])).values(),
];

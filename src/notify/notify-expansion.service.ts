import { Inject, Injectable } from '@nestjs/common';
import type { ConfigType } from '@nestjs/config';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import type { Language, PrincipalEntity } from '../common/principal.entity';
import { Clock } from '../common/clock';
import { appConfig, signInConfig } from '../config/app.config';
import { OutboxMessageEntity } from '../engine/engine.entities';
import { ChairTermsService } from '../reference/chair-terms.service';
import { meetingLabel } from '../reference/meeting-label.util';
import { MeetingsService } from '../reference/meetings.service';
import { dayOf } from '../reference/reference-day.util';
import { compose, NotificationPayload } from './messages';
import { nextLocalTime } from './local-time.util';
import { DeliveryEntity } from './notify.entities';
import { NotifyRepository } from './notify.repository';

/** Who hears of each kind of notification, besides webhook subscribers of those members. */
function audience(
  kind: string,
  payload: NotificationPayload,
): { members: string[]; chair: boolean } {
  const round = payload.round;
  switch (kind) {
    case 'reminder':
    case 'chair_reminder':
      return { members: round?.outstanding ?? [], chair: false };
    case 'round_opened':
    case 'deadline_extended':
      return { members: round?.electorate ?? [], chair: false };
    case 'chair_handover':
      return { members: [], chair: true };
    // The proposer member's focal points (and, below, the user who made each proposal).
    case 'proposals_decided':
      return { members: payload.member ? [payload.member] : [], chair: false };
    default:
      return { members: round?.electorate ?? [], chair: true };
  }
}

const dedupe = (people: PrincipalEntity[]): PrincipalEntity[] => [
  ...new Map(people.map((person) => [person.id, person])).values(),
];

/**
 * Turns notifications (outbox rows written with their transitions) into deliveries: one per
 * recipient and channel, each email in its reader's language and time zone.
 */
@Injectable()
export class NotifyExpansionService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly repository: NotifyRepository,
    private readonly chairTerms: ChairTermsService,
    private readonly meetings: MeetingsService,
    private readonly clock: Clock,
    @Inject(appConfig.KEY) private readonly app: ConfigType<typeof appConfig>,
    @Inject(signInConfig.KEY) private readonly links: ConfigType<typeof signInConfig>,
  ) {}

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
      ...(await this.repository.activePrincipals(manager, payload.proposers ?? [])),
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
      // A reader of the daily digest gets this mail in the next one, at 08:00 in that zone.
      const held = person.digest === 'daily';
      return {
        ...base,
        ...(held ? { status: 'held' as const, nextAttemptAt: nextLocalTime(now, zone) } : {}),
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
    const body = await this.repository.textBody(
      manager,
      payload.statementId,
      payload.round.version.number,
    );
    return body ?? '';
  }
}

import { randomBytes } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { API_PREFIX } from '../common/api-prefix';
import type { Principal } from '../common/auth.decorators';
import {
  AdrefError,
  AdrefErrorCode,
  assertUnreachable,
  forbidden,
  invalidInput,
  notFound,
} from '../common/adref.errors';
import { Clock } from '../common/clock';
import { sha256 } from '../common/hash.util';
import { ChairTermsService } from '../reference/chair-terms.service';
import { ReferenceService } from '../reference/reference.service';
import { dayOf } from '../reference/reference-day.util';
import { deadlinesCalendar } from './calendar-feed.util';
import { CalendarRepository } from './calendar.repository';
import type { CalendarFeedQueryDto } from './dto/calendar.dto';

const MEMBER_CODE = /^[A-Z]{3}$/;

/** 32 random bytes, base64url: unguessable, and safe in a URL as it is. */
const newSecret = (): string => randomBytes(32).toString('base64url');

/**
 * Calendar feeds: a URL whose secret reads one member's deadlines and nothing else.
 *
 * Only the secret's sha256 is kept, so an issued URL cannot be shown again. GET on the link
 * therefore issues a new secret each time and leaves the earlier ones live (each focal point
 * subscribes with their own, and nobody's calendar breaks when a colleague asks for a link);
 * DELETE revokes all of the member's secrets at once and issues one new. Keeping the secret
 * encrypted instead would need a key held apart from the database, and whoever held both
 * (a backup plus the server's settings) could open every member's feed; with the hash alone
 * a copy of the database opens none.
 */
@Injectable()
export class CalendarService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly repository: CalendarRepository,
    private readonly reference: ReferenceService,
    private readonly chairTerms: ChairTermsService,
    private readonly clock: Clock,
  ) {}

  /** A new feed URL for the member; earlier ones stay live. */
  async issueLink(principal: Principal, code: string, origin: string): Promise<{ url: string }> {
    await this.assertMayManage(principal, code);
    return this.dataSource.transaction(async (manager) => {
      await this.repository.lockMember(manager, code);
      return this.addSecret(manager, code, origin);
    });
  }

  /** Revokes every feed URL of the member and returns a new one. */
  async replaceLink(principal: Principal, code: string, origin: string): Promise<{ url: string }> {
    await this.assertMayManage(principal, code);
    return this.dataSource.transaction(async (manager) => {
      await this.repository.lockMember(manager, code);
      await this.repository.revokeLive(manager, code, this.clock.now());
      return this.addSecret(manager, code, origin);
    });
  }

  /** The member's open deadlines as iCalendar text, for a live secret of that member only. */
  async feed(code: string, query: CalendarFeedQueryDto): Promise<string> {
    if (query.token !== undefined) {
      throw new AdrefError(
        AdrefErrorCode.TOKEN_IN_QUERY,
        'API tokens are not accepted in a URL. Ask for a calendar link ' +
          `(GET /${API_PREFIX}/members/${code}/calendar-link) and subscribe to the URL it gives`,
      );
    }
    assertMemberCode(code);
    if (!query.key) {
      throw new AdrefError(
        AdrefErrorCode.UNAUTHENTICATED,
        `a calendar feed needs its key (?key=…) from GET /${API_PREFIX}/members/${code}/calendar-link`,
      );
    }
    // One answer for an unknown, a revoked and another member's secret: nothing to probe.
    const feed = await this.repository.liveFeed(code, sha256(query.key));
    const member = feed ? await this.repository.member(code) : null;
    if (!feed || !member) {
      throw new AdrefError(
        AdrefErrorCode.NOT_FOUND,
        `no live calendar feed of ${code} has this key; it may have been replaced — ask for a new link`,
      );
    }
    return deadlinesCalendar(member, await this.repository.openRoundsFor(code));
  }

  private async addSecret(
    manager: EntityManager,
    code: string,
    origin: string,
  ): Promise<{ url: string }> {
    const secret = newSecret();
    await this.repository.insertFeed(manager, code, sha256(secret), this.clock.now());
    return { url: `${origin}/${API_PREFIX}/members/${code}/deadlines.ics?key=${secret}` };
  }

  /** The member's focal points, the secretariat chairing a framework it is in today, admins. */
  private async assertMayManage(principal: Principal, code: string): Promise<void> {
    assertMemberCode(code);
    if (!(await this.repository.member(code))) throw notFound('member', code);
    switch (principal.role) {
      case 'admin':
        return;
      case 'focal_point':
        if (principal.memberCode === code) return;
        throw forbidden(
          `a focal point of ${principal.memberCode} manages the calendar of ${principal.memberCode} only`,
        );
      case 'chair_secretariat':
        if (principal.memberCode && (await this.chairsFrameworkOf(principal.memberCode, code)))
          return;
        throw forbidden(
          `${principal.memberCode} chairs no framework ${code} is a member of today; ` +
            'only its focal points, the chair’s secretariat and admins manage its calendar',
        );
      case 'observer':
        throw forbidden('observers do not manage calendar links');
      default:
        return assertUnreachable(principal.role);
    }
  }

  private async chairsFrameworkOf(chair: string, member: string): Promise<boolean> {
    const today = dayOf(this.clock.now());
    for (const framework of await this.reference.frameworks()) {
      const terms = await this.chairTerms.chairTermsOn(framework.code, today);
      if (!terms.some((term) => term.chairCode === chair)) continue;
      if ((await this.reference.electorateOn(framework.code, today)).includes(member)) return true;
    }
    return false;
  }
}

function assertMemberCode(code: string): void {
  if (!MEMBER_CODE.test(code)) {
    throw invalidInput('the member code must be three capital letters, e.g. THA', {
      field: 'code',
    });
  }
}

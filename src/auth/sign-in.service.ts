import { randomBytes, timingSafeEqual } from 'node:crypto';
import { Injectable, Logger, OnApplicationShutdown } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { AdrefError, AdrefErrorCode } from '../common/adref.errors';
import { Clock } from '../common/clock';
import { sha256 } from '../common/hash.util';
import { EmailChannel } from '../notify/channels';
import { LiveSession, SessionsRepository, SessionVia } from './sessions.repository';
import type { OpenedSession } from './session-cookies.util';
import { formatTime } from '../notify/messages';
import { signInEmail } from './sign-in.texts';

/** A sign-in link works once, within this time. */
export const LINK_TTL_MS = 15 * 60 * 1000;
/** A browser session lasts this long, then the person signs in again. */
export const SESSION_TTL_MS = 12 * 60 * 60 * 1000;
/** At most this many links per person in LINK_TTL_MS: asking again and again floods no mailbox. */
export const MAX_LINKS_PER_WINDOW = 5;

const secret = (): string => randomBytes(32).toString('base64url');
const TOKEN_SHAPE = /^[A-Za-z0-9_-]{43}$/;

const linkRefusal = (code: AdrefErrorCode, message: string) => new AdrefError(code, message);

/** Whether a CSRF token sent with a write is the session's own (compared in constant time). */
export function csrfMatches(token: string | undefined, csrfHash: string): boolean {
  if (!token) return false;
  const sent = Buffer.from(sha256(token), 'hex');
  const expected = Buffer.from(csrfHash.trim(), 'hex');
  return sent.length === expected.length && timingSafeEqual(sent, expected);
}

/**
 * Sign-in without handing out tokens: one-time links by email, and the browser sessions they
 * (or the identity provider, see OidcService) open. Only hashes of secrets are stored.
 */
@Injectable()
export class SignInService implements OnApplicationShutdown {
  private readonly logger = new Logger(SignInService.name);
  private readonly sending = new Set<Promise<void>>();

  constructor(
    private readonly repository: SessionsRepository,
    private readonly email: EmailChannel,
    private readonly clock: Clock,
  ) {}

  /** Whether links can be mailed at all (SMTP_HOST is set). */
  get emailLinksAvailable(): boolean {
    return this.email.configured;
  }

  /**
   * Takes the request and returns at once, whatever the address: the link is made and mailed in
   * the background, so neither the answer nor its timing tells whether the address is known.
   */
  requestEmailLink(email: string, baseUrl: string | null): void {
    const work: Promise<void> = this.sendLink(email, baseUrl)
      .catch((error: unknown) =>
        this.logger.error(
          `sign-in link not sent: ${error instanceof Error ? error.message : error}`,
        ),
      )
      .finally(() => this.sending.delete(work));
    this.sending.add(work);
  }

  /** Resolves when every link asked for so far has been mailed or given up. */
  async settled(): Promise<void> {
    while (this.sending.size) await Promise.allSettled([...this.sending]);
  }

  async onApplicationShutdown(): Promise<void> {
    await this.settled();
  }

  private async sendLink(email: string, baseUrl: string | null): Promise<void> {
    const principal = await this.repository.principalByEmail(email);
    if (!principal?.active) return;
    if (!this.email.configured || !baseUrl) {
      this.logger.warn(
        !baseUrl
          ? 'sign-in link not sent: set ADREF_PUBLIC_URL, the address links in emails point to'
          : 'sign-in link not sent: set SMTP_HOST to send email',
      );
      return;
    }
    const now = this.clock.now();
    const recent = await this.repository.linksIssuedSince(
      principal.id,
      new Date(now.getTime() - LINK_TTL_MS),
    );
    if (recent >= MAX_LINKS_PER_WINDOW) {
      this.logger.warn(`sign-in link not sent: ${MAX_LINKS_PER_WINDOW} sent in 15 minutes already`);
      return;
    }
    const token = secret();
    const expiresAt = new Date(now.getTime() + LINK_TTL_MS);
    await this.repository.insertLink({
      principalId: principal.id,
      tokenHash: sha256(token),
      createdAt: now,
      expiresAt,
    });
    // Times in the capital of the member the person acts for (the ASEAN Secretariat's otherwise).
    const timeZone =
      (principal.memberCode && (await this.repository.memberTimeZone(principal.memberCode))) ||
      'Asia/Jakarta';
    const mail = signInEmail(principal.language, {
      name: principal.name,
      url: `${baseUrl}/sign-in/link?token=${token}`,
      until: formatTime(expiresAt.toISOString(), timeZone, principal.language),
    });
    const sent = await this.email.send(principal.email, mail.subject, mail.body, mail.html);
    if (!sent.ok) this.logger.warn(`sign-in link not sent: ${sent.error}`);
  }

  /**
   * Uses a link (once) and opens a session; a link that is unknown, used, expired or belongs to
   * a deactivated account is refused and opens nothing. Replaces this browser's old session.
   */
  async signInWithLink(token: unknown, previousSecret?: string): Promise<OpenedSession> {
    if (typeof token !== 'string' || !TOKEN_SHAPE.test(token)) {
      throw linkRefusal(AdrefErrorCode.SIGN_IN_LINK_INVALID, 'This sign-in link is not valid');
    }
    const hash = sha256(token);
    const now = this.clock.now();
    const opened = await this.repository.transaction(async (manager) => {
      const principalId = await this.repository.consumeLink(manager, hash, now);
      return principalId
        ? this.open(manager, principalId, 'email_link', now, previousSecret)
        : null;
    });
    if (opened) return opened;

    const state = await this.repository.linkState(hash);
    if (state?.active && state.usedAt) {
      throw linkRefusal(AdrefErrorCode.SIGN_IN_LINK_USED, 'This sign-in link was used already');
    }
    if (state?.active && state.expiresAt.getTime() <= now.getTime()) {
      throw linkRefusal(AdrefErrorCode.SIGN_IN_LINK_EXPIRED, 'This sign-in link has expired');
    }
    throw linkRefusal(AdrefErrorCode.SIGN_IN_LINK_INVALID, 'This sign-in link is not valid');
  }

  /** A session for the active account with this email, which the identity provider vouched for. */
  async signInWithVerifiedEmail(email: string, previousSecret?: string): Promise<OpenedSession> {
    const principal = await this.repository.principalByEmail(email);
    if (!principal?.active) {
      const reason = principal ? 'account_deactivated' : 'account_unknown';
      throw new AdrefError(
        AdrefErrorCode.SIGN_IN_REFUSED,
        'No active adref account has this email',
        {
          reason,
          email: email.trim().toLowerCase(),
        },
      );
    }
    const now = this.clock.now();
    return this.repository.transaction((manager) =>
      this.open(manager, principal.id, 'oidc', now, previousSecret),
    );
  }

  /** The live session a cookie's secret opens (checked in the database on every request). */
  authenticate(sessionSecret: string): Promise<LiveSession | null> {
    return this.repository.liveSession(sha256(sessionSecret), this.clock.now());
  }

  async signOut(sessionSecret: string | undefined): Promise<void> {
    if (!sessionSecret) return;
    await this.repository.transaction((manager) =>
      this.repository.revokeSession(manager, sha256(sessionSecret), this.clock.now()),
    );
  }

  private async open(
    manager: EntityManager,
    principalId: string,
    via: SessionVia,
    now: Date,
    previousSecret: string | undefined,
  ): Promise<OpenedSession> {
    if (previousSecret) await this.repository.revokeSession(manager, sha256(previousSecret), now);
    const opened = { secret: secret(), csrfToken: secret(), maxAgeMs: SESSION_TTL_MS };
    await this.repository.insertSession(manager, {
      principalId,
      secretHash: sha256(opened.secret),
      csrfHash: sha256(opened.csrfToken),
      via,
      createdAt: now,
      expiresAt: new Date(now.getTime() + SESSION_TTL_MS),
    });
    return opened;
  }
}

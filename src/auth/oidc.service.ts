import { Inject, Injectable, Logger } from '@nestjs/common';
import type { ConfigType } from '@nestjs/config';
import * as client from 'openid-client';
import { AdrefError, AdrefErrorCode, notFound } from '../common/adref.errors';
import { Clock } from '../common/clock';
import { signInConfig } from '../config/app.config';
import { isLoopback, OpenedSession } from './session-cookies.util';
import { openTransaction, sealTransaction, transactionKey } from './oidc-transaction.util';
import { SignInService } from './sign-in.service';

/** The round trip through the identity provider must come back within this time. */
export const OIDC_TRANSACTION_TTL_MS = 10 * 60 * 1000;
export const OIDC_CALLBACK_PATH = '/sign-in/oidc/callback';

const failed = (reason: string, message: string) =>
  new AdrefError(AdrefErrorCode.SIGN_IN_FAILED, message, { reason });

/**
 * Sign-in through the government's identity provider (OpenID Connect): the authorization-code
 * flow with PKCE, state and nonce. The provider vouches for an email; adref matches it to an
 * active account it already has and opens a session, or refuses.
 */
@Injectable()
export class OidcService {
  private readonly logger = new Logger(OidcService.name);
  private configuration: Promise<client.Configuration> | null = null;

  constructor(
    @Inject(signInConfig.KEY) private readonly config: ConfigType<typeof signInConfig>,
    private readonly signIn: SignInService,
    private readonly clock: Clock,
  ) {}

  get enabled(): boolean {
    return !!this.config.oidc;
  }

  /** Where the provider sends people back: under ADREF_PUBLIC_URL, or the address they used. */
  redirectUri(requestOrigin: string): string {
    return `${this.config.publicUrl ?? requestOrigin}${OIDC_CALLBACK_PATH}`;
  }

  /** The provider's authorization URL, and the sealed transaction the browser keeps meanwhile. */
  async start(redirectUri: string): Promise<{ authorizationUrl: string; transaction: string }> {
    const oidc = this.settings();
    const configuration = await this.discover();
    const codeVerifier = client.randomPKCECodeVerifier();
    const state = client.randomState();
    const nonce = client.randomNonce();
    const authorizationUrl = client.buildAuthorizationUrl(configuration, {
      redirect_uri: redirectUri,
      scope: 'openid email',
      code_challenge: await client.calculatePKCECodeChallenge(codeVerifier),
      code_challenge_method: 'S256',
      state,
      nonce,
    });
    const transaction = sealTransaction(
      {
        codeVerifier,
        state,
        nonce,
        expiresAt: this.clock.now().getTime() + OIDC_TRANSACTION_TTL_MS,
      },
      transactionKey(oidc.clientSecret),
    );
    return { authorizationUrl: authorizationUrl.href, transaction };
  }

  /**
   * Finishes the round trip: checks state, nonce and PKCE, redeems the code, and opens a session
   * for the email the provider vouched for. `callbackUrl` is the redirect URI with the query the
   * provider sent.
   */
  async finish(
    callbackUrl: URL,
    sealed: string | undefined,
    previousSecret: string | undefined,
  ): Promise<OpenedSession> {
    const oidc = this.settings();
    const transaction = openTransaction(
      sealed,
      transactionKey(oidc.clientSecret),
      this.clock.now(),
    );
    if (!transaction) {
      throw failed('no_transaction', 'The sign-in was not started here, or took too long');
    }
    const configuration = await this.discover();
    let tokens: Awaited<ReturnType<typeof client.authorizationCodeGrant>>;
    try {
      tokens = await client.authorizationCodeGrant(configuration, callbackUrl, {
        pkceCodeVerifier: transaction.codeVerifier,
        expectedState: transaction.state,
        expectedNonce: transaction.nonce,
      });
    } catch (error) {
      const reason =
        error instanceof client.AuthorizationResponseError ? error.error : 'code_grant_failed';
      this.logger.warn(`identity provider sign-in failed: ${describe(error)}`);
      throw failed(reason, 'The identity provider did not complete the sign-in');
    }
    const claims = tokens.claims();
    if (!claims) throw failed('no_id_token', 'The identity provider sent no ID token');
    let { email, email_verified: verified } = claims as {
      email?: unknown;
      email_verified?: unknown;
    };
    if (typeof email !== 'string') {
      const info = await client
        .fetchUserInfo(configuration, tokens.access_token, claims.sub)
        .catch((error: unknown) => {
          this.logger.warn(`identity provider userinfo failed: ${describe(error)}`);
          throw failed('userinfo_failed', 'The identity provider did not say who signed in');
        });
      ({ email, email_verified: verified } = info);
    }
    if (typeof email !== 'string' || !email.includes('@') || verified === false) {
      throw new AdrefError(
        AdrefErrorCode.SIGN_IN_REFUSED,
        'The identity provider gave no verified email address',
        { reason: 'no_email' },
      );
    }
    return this.signIn.signInWithVerifiedEmail(email, previousSecret);
  }

  private settings(): NonNullable<ConfigType<typeof signInConfig>['oidc']> {
    if (!this.config.oidc) throw notFound('sign-in method', 'oidc');
    return this.config.oidc;
  }

  /** The provider's metadata, fetched once; a failed fetch is tried again on the next sign-in. */
  private discover(): Promise<client.Configuration> {
    const { issuer, clientId, clientSecret } = this.settings();
    this.configuration ??= (async () => {
      const url = new URL(issuer);
      // Plain HTTP only for a provider on this machine (development and the tests).
      const execute =
        url.protocol === 'http:' && isLoopback(url.hostname) ? [client.allowInsecureRequests] : [];
      const discovered = await client.discovery(
        url,
        clientId,
        clientSecret,
        client.ClientSecretBasic(clientSecret),
        { execute, timeout: 10 },
      );
      // client_secret_basic is the default of OAuth 2.0; a provider may offer only _post.
      const methods = discovered.serverMetadata().token_endpoint_auth_methods_supported;
      if (
        !methods ||
        methods.includes('client_secret_basic') ||
        !methods.includes('client_secret_post')
      ) {
        return discovered;
      }
      const configuration = new client.Configuration(
        discovered.serverMetadata(),
        clientId,
        clientSecret,
        client.ClientSecretPost(clientSecret),
      );
      execute.forEach((step) => step(configuration));
      return configuration;
    })().catch((error: unknown) => {
      this.configuration = null;
      this.logger.error(`identity provider discovery failed: ${describe(error)}`);
      throw new AdrefError(
        AdrefErrorCode.SIGN_IN_FAILED,
        'The identity provider cannot be reached',
        { reason: 'provider_unreachable' },
      );
    });
    return this.configuration;
  }
}

const describe = (error: unknown): string =>
  error instanceof Error ? `${error.name}: ${error.message}` : String(error);

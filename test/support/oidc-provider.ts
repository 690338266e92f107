import { createServer, IncomingMessage, Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type Provider from 'oidc-provider';

export const OIDC_CLIENT_ID = 'adref';
export const OIDC_CLIENT_SECRET = 'adref-test-client-secret-0123456789abcdef';

/**
 * A real OpenID provider (oidc-provider) on loopback, as a government's would be: it knows the
 * adref client and its redirect URI, requires PKCE, and signs people in through its own
 * (development) login form. The login typed there is the account, and its email.
 */
export class TestIdentityProvider {
  private server: Server | null = null;
  private Provider: typeof Provider | null = null;
  private handler: ((request: IncomingMessage, response: ServerResponse) => void) | null = null;
  issuer = '';
  /** Every token request the provider answered, to show the code was redeemed with PKCE. */
  readonly tokenRequests: { grantType: string; codeVerifier: boolean }[] = [];

  /**
   * Listens on a free loopback port; the issuer is named by `hostname` (use 'localhost' to make
   * the provider another site than an app at 127.0.0.1, as a ministry's provider would be).
   */
  async listen(hostname = '127.0.0.1'): Promise<string> {
    // Loaded here, not at import: it warns on Node 20 as it loads, and tests may silence that.
    this.Provider = (await import('oidc-provider')).default;
    this.server = createServer((request, response) => {
      if (this.handler) return this.handler(request, response);
      response.writeHead(503).end();
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    const { port } = this.server.address() as AddressInfo;
    this.issuer = `http://${hostname}:${port}`;
    return this.issuer;
  }

  /** Starts answering as the provider; `redirectUri` is adref's callback it will accept. */
  serve(redirectUri: string): void {
    const provider = new this.Provider!(this.issuer, {
      clients: [
        {
          client_id: OIDC_CLIENT_ID,
          client_secret: OIDC_CLIENT_SECRET,
          redirect_uris: [redirectUri],
          response_types: ['code'],
          grant_types: ['authorization_code'],
        },
      ],
      pkce: { required: () => true },
      claims: { openid: ['sub'], email: ['email', 'email_verified'] },
      cookies: { keys: ['test-provider-cookie-key-0123456789'] },
      findAccount: (_ctx, id) => ({
        accountId: id,
        claims: () => ({ sub: id, email: id, email_verified: true }),
      }),
      // A first-party client: no consent screen after the login, as at a ministry's provider.
      loadExistingGrant: async (ctx) => {
        const grantId =
          ctx.oidc.result?.consent?.grantId ??
          ctx.oidc.session!.grantIdFor(ctx.oidc.client!.clientId);
        if (grantId) return ctx.oidc.provider.Grant.find(grantId);
        const grant = new ctx.oidc.provider.Grant({
          clientId: ctx.oidc.client!.clientId,
          accountId: ctx.oidc.session!.accountId,
        });
        grant.addOIDCScope('openid email');
        await grant.save();
        return grant;
      },
    });
    provider.on('grant.success', (ctx) => {
      const body = (ctx.oidc.body ?? {}) as Record<string, unknown>;
      this.tokenRequests.push({
        grantType: String(body.grant_type),
        codeVerifier: typeof body.code_verifier === 'string' && body.code_verifier.length >= 43,
      });
    });
    this.handler = provider.callback();
  }

  /** listen() and serve() at once, when adref's address is known beforehand. */
  async start(redirectUri: string): Promise<string> {
    await this.listen();
    this.serve(redirectUri);
    return this.issuer;
  }

  async stop(): Promise<void> {
    const server = this.server;
    if (!server) return;
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }
}

/** What the browser does at the provider, over plain HTTP: keeps cookies, follows redirects. */
export class CookieJarClient {
  private readonly cookies = new Map<string, Map<string, string>>();

  /** Follows redirects from `url` until one leads outside `stopAt`'s origin, or a page answers. */
  async follow(url: string, stopAtOrigin: string, init: RequestInit = {}): Promise<Response | URL> {
    let next = new URL(url);
    let request: RequestInit = init;
    for (let hops = 0; hops < 10; hops += 1) {
      if (next.origin === stopAtOrigin) return next;
      const response = await fetch(next, {
        ...request,
        redirect: 'manual',
        headers: { ...(request.headers as Record<string, string>), cookie: this.header(next) },
      });
      this.keep(next, response);
      const location = response.headers.get('location');
      if (response.status < 300 || response.status >= 400 || !location) return response;
      await response.arrayBuffer();
      next = new URL(location, next);
      request = {};
    }
    throw new Error('too many redirects');
  }

  private header(url: URL): string {
    return [...(this.cookies.get(url.origin) ?? new Map()).entries()]
      .map(([name, value]) => `${name}=${value}`)
      .join('; ');
  }

  private keep(url: URL, response: Response): void {
    const jar = this.cookies.get(url.origin) ?? new Map<string, string>();
    for (const line of response.headers.getSetCookie()) {
      const [pair] = line.split(';');
      const eq = pair.indexOf('=');
      jar.set(pair.slice(0, eq).trim(), pair.slice(eq + 1).trim());
    }
    this.cookies.set(url.origin, jar);
  }
}

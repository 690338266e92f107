import type { Server } from 'node:http';
import type { NestExpressApplication } from '@nestjs/platform-express';
import helmet from 'helmet';
import { jsonBody } from './json-body.middleware';
import { AuthFailureLimiter } from './rate-limit';

/** A client has this long to send the request headers, and this long for the whole request. */
export const HEADERS_TIMEOUT_MS = 20_000;
export const REQUEST_TIMEOUT_MS = 60_000;

/** The API's own policy: JSON and the OpenAPI page; the pages send a stricter one of theirs. */
const API_SECURITY = helmet({
  contentSecurityPolicy: {
    directives: {
      'frame-ancestors': ["'none'"],
      // Behind TLS the browser upgrades by itself (HSTS); on plain http this would break /api/docs.
      'upgrade-insecure-requests': null,
    },
  },
  xFrameOptions: { action: 'deny' },
});

function resolve<T>(app: NestExpressApplication, type: new (...args: never[]) => T): T | undefined {
  try {
    return app.get(type, { strict: false });
  } catch {
    return undefined; // a test module without HardeningModule
  }
}

/**
 * What every response and request goes through before the routes: security headers (helmet,
 * no X-Powered-By), the server's timeouts, the failed-authentication limit per address, and
 * the one JSON body parser. Called by configureApp(), so main.ts and the test apps share it.
 */
export function hardenHttp(app: NestExpressApplication): void {
  app.disable('x-powered-by');
  const server = app.getHttpServer() as Server;
  server.headersTimeout = HEADERS_TIMEOUT_MS;
  server.requestTimeout = REQUEST_TIMEOUT_MS;

  app.use(API_SECURITY);
  const limiter = resolve(app, AuthFailureLimiter);
  if (limiter) {
    app.set('trust proxy', limiter.trustProxy);
    app.use(limiter.middleware());
  }
  app.use(jsonBody());
}

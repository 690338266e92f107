import type { ServerResponse } from 'node:http';
import { CallHandler, ExecutionContext, Inject, Injectable, NestInterceptor } from '@nestjs/common';
import type { ConfigType } from '@nestjs/config';
import { ThrottlerStorageService } from '@nestjs/throttler';
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import { from, Observable, switchMap } from 'rxjs';
import { AdrefError, AdrefErrorCode } from './adref.errors';
import { limitsConfig } from './limits.config';

export const WRITE_METHODS: ReadonlySet<string> = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

const tooManyRequests = (message: string): AdrefError =>
  new AdrefError(AdrefErrorCode.TOO_MANY_REQUESTS, message);

/** A request that presented something to authenticate with: a token or a cookie. */
export function carriesCredential(request: Request): boolean {
  return (
    request.headers.authorization !== undefined ||
    request.headers.cookie !== undefined ||
    /[?&]token=/.test(request.originalUrl ?? request.url)
  );
}

/** Calls `listener` with the status just before the headers go out (as on-headers does). */
function onStatus(response: ServerResponse, listener: (status: number) => void): void {
  const writeHead = response.writeHead;
  response.writeHead = function (this: ServerResponse, ...args: unknown[]) {
    listener(typeof args[0] === 'number' ? args[0] : this.statusCode);
    return (writeHead as (...a: unknown[]) => ServerResponse).apply(this, args);
  } as ServerResponse['writeHead'];
}

/**
 * Failed authentication per client address, in the throttler's storage: each 401 to a request
 * that carried a credential counts, and after ADREF_RATE_AUTH_FAILURES of them in a minute
 * every request from that address answers 429 with Retry-After, before anything is read or
 * authenticated, until the minute is over. Counted when the 401 is written, so the next
 * request already meets the count. Per instance: the storage is in memory.
 */
@Injectable()
export class AuthFailureLimiter {
  static readonly THROTTLER = 'auth-failures';

  constructor(
    private readonly storage: ThrottlerStorageService,
    @Inject(limitsConfig.KEY) private readonly limits: ConfigType<typeof limitsConfig>,
  ) {}

  get trustProxy(): boolean | number | string {
    return this.limits.trustProxy;
  }

  /** Seconds the address stays refused, or 0. */
  blockedFor(address: string, now = Date.now()): number {
    const record = this.storage.storage.get(this.key(address));
    if (!record?.isBlocked || record.blockExpiresAt <= now) return 0;
    return Math.max(1, Math.ceil((record.blockExpiresAt - now) / 1000));
  }

  middleware(): RequestHandler {
    return (request: Request, response: Response, next: NextFunction): void => {
      const rate = this.limits.authFailures;
      if (!rate) return next();
      const address = request.ip ?? request.socket.remoteAddress ?? 'unknown';
      const retryAfter = this.blockedFor(address);
      if (retryAfter > 0) {
        response.setHeader('Retry-After', String(retryAfter));
        response.setHeader('Connection', 'close');
        return next(
          tooManyRequests(
            `Too many failed sign-ins from this address; retry in ${retryAfter} seconds`,
          ),
        );
      }
      if (carriesCredential(request)) {
        onStatus(response, (status) => {
          if (status !== 401) return;
          // Blocked once the count passes limit - 1: the limit-th failure blocks the address.
          void this.storage.increment(
            this.key(address),
            rate.windowMs,
            rate.limit - 1,
            rate.windowMs,
            AuthFailureLimiter.THROTTLER,
          );
        });
      }
      next();
    };
  }

  private key(address: string): string {
    return `${AuthFailureLimiter.THROTTLER}:${address}`;
  }
}

/**
 * Writes per signed-in principal, in a sliding window of a minute (ADREF_RATE_WRITES):
 * the one past the limit answers 429 with Retry-After, the seconds until the oldest counted
 * write leaves the window. Runs after authentication, so it is keyed by principal id.
 */
@Injectable()
export class WriteRateInterceptor implements NestInterceptor {
  static readonly THROTTLER = 'writes';

  constructor(
    private readonly storage: ThrottlerStorageService,
    @Inject(limitsConfig.KEY) private readonly limits: ConfigType<typeof limitsConfig>,
  ) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const rate = this.limits.writes;
    if (!rate || context.getType() !== 'http') return next.handle();
    const http = context.switchToHttp();
    const request = http.getRequest<Request & { principal?: { id: string } }>();
    if (!WRITE_METHODS.has(request.method) || !request.principal) return next.handle();
    const key = `${WriteRateInterceptor.THROTTLER}:${request.principal.id}`;
    return from(
      this.storage.increment(key, rate.windowMs, rate.limit, 0, WriteRateInterceptor.THROTTLER),
    ).pipe(
      switchMap((record) => {
        if (!record.isBlocked) return next.handle();
        const retryAfter = Math.max(1, record.timeToBlockExpire);
        http.getResponse<Response>().setHeader('Retry-After', String(retryAfter));
        throw tooManyRequests(
          `More than ${rate.limit} writes in a minute; retry in ${retryAfter} seconds`,
        );
      }),
    );
  }
}

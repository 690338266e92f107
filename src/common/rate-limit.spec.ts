import { ThrottlerStorageService } from '@nestjs/throttler';
import type { NextFunction, Request, Response } from 'express';
import { AdrefError, AdrefErrorCode } from './adref.errors';
import { AuthFailureLimiter, carriesCredential } from './rate-limit';

/** A request from `ip` and what the limiter did with it: passed on, or refused with Retry-After. */
function pass(limiter: AuthFailureLimiter, ip: string, answer?: number) {
  const headers: Record<string, string> = {};
  const response = {
    statusCode: 200,
    setHeader: (name: string, value: string) => (headers[name.toLowerCase()] = value),
    writeHead(status: number) {
      this.statusCode = status;
      return this;
    },
  };
  let error: unknown;
  limiter.middleware()(
    { ip, headers: { authorization: 'Bearer guess' }, url: '/api/v1/me' } as unknown as Request,
    response as unknown as Response,
    ((e?: unknown) => (error = e)) as NextFunction,
  );
  if (!error && answer) response.writeHead(answer);
  return { error: error as AdrefError | undefined, retryAfter: headers['retry-after'] };
}

describe(AuthFailureLimiter.name, () => {
  let storage: ThrottlerStorageService;
  let sut: AuthFailureLimiter;
  let now: number;

  beforeEach(() => {
    now = Date.parse('2026-03-02T02:00:00Z');
    jest.spyOn(Date, 'now').mockImplementation(() => now);
    storage = new ThrottlerStorageService();
    sut = new AuthFailureLimiter(storage, {
      authFailures: { limit: 3, windowMs: 60_000 },
      writes: null,
      trustProxy: false,
    });
  });
  afterEach(() => {
    storage.onApplicationShutdown();
    jest.restoreAllMocks();
  });

  it('refuses an address after its third 401 in a minute, until the minute is over', () => {
    for (let i = 0; i < 3; i++) expect(pass(sut, '192.0.2.1', 401).error).toBeUndefined();
    const refused = pass(sut, '192.0.2.1');
    expect(refused.error?.code).toBe(AdrefErrorCode.TOO_MANY_REQUESTS);
    expect(refused.retryAfter).toBe('60');
    now += 45_000;
    expect(pass(sut, '192.0.2.1').retryAfter).toBe('15');
    now += 15_001;
    expect(pass(sut, '192.0.2.1', 200).error).toBeUndefined();
  });

  it('does not count answers other than 401, nor other addresses', () => {
    for (let i = 0; i < 10; i++) pass(sut, '192.0.2.2', i % 2 ? 403 : 200);
    for (let i = 0; i < 2; i++) pass(sut, '192.0.2.3', 401);
    expect(pass(sut, '192.0.2.2').error).toBeUndefined();
    expect(pass(sut, '192.0.2.3').error).toBeUndefined();
  });

  it('forgets failures older than a minute', () => {
    pass(sut, '192.0.2.4', 401);
    pass(sut, '192.0.2.4', 401);
    now += 61_000;
    pass(sut, '192.0.2.4', 401);
    expect(pass(sut, '192.0.2.4').error).toBeUndefined();
  });
});

describe(carriesCredential.name, () => {
  const request = (headers: Record<string, string>, url = '/api/v1/statements') =>
    ({ headers, url, originalUrl: url }) as unknown as Request;

  it('is a token, a cookie or ?token=, and nothing else', () => {
    expect(carriesCredential(request({ authorization: 'Bearer x' }))).toBe(true);
    expect(carriesCredential(request({ cookie: 'adref_session=x' }))).toBe(true);
    expect(carriesCredential(request({}, '/api/v1/members/THA/deadlines.ics?token=x'))).toBe(true);
    expect(carriesCredential(request({}))).toBe(false);
  });
});

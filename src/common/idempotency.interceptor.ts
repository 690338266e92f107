import { setTimeout as sleep } from 'node:timers/promises';
import {
  CallHandler,
  ExecutionContext,
  Injectable,
  Logger,
  NestInterceptor,
  SetMetadata,
} from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import canonicalize from 'canonicalize';
import type { Request, Response } from 'express';
import { catchError, concatMap, from, Observable, of, switchMap, throwError } from 'rxjs';
import { AdrefError, AdrefErrorCode, invalidInput } from './adref.errors';
import { Clock } from './clock';
import { sha256 } from './hash.util';
import { IdempotencyRepository, IN_FLIGHT } from './idempotency.repository';
import { WRITE_METHODS } from './rate-limit';

export const MANAGES_IDEMPOTENCY = 'adref:manages-idempotency';

/** The handler claims Idempotency-Key itself, in its own transaction (CommandRunner). */
export const ManagesIdempotency = () => SetMetadata(MANAGES_IDEMPOTENCY, true);

/** A repeat waits this long for the first request to finish, then answers 409. */
const WAIT_MS = 10_000;
const POLL_MS = 50;
/** A claim this old was abandoned (its instance stopped): requests end within 60 s. */
const STALE_MS = 5 * 60_000;

/** Never stored, so never shown again: secrets are shown once (a lost answer means a new one). */
const SECRET_FIELDS: ReadonlySet<string> = new Set(['token', 'secret', 'password']);

export function parseIdempotencyKey(header: string | string[] | undefined): string | undefined {
  if (header === undefined) return undefined;
  if (typeof header !== 'string' || !/^[\x21-\x7e]{1,200}$/.test(header)) {
    throw invalidInput('Idempotency-Key must be 1 to 200 visible ASCII characters');
  }
  return header;
}

/** What is kept of an answer: nothing of a no-store one, and no secret field of any other. */
export function storableAnswer(body: unknown, cacheControl: string | undefined): unknown {
  if (body === undefined || /\bno-store\b/i.test(cacheControl ?? '')) return null;
  return JSON.parse(
    JSON.stringify(body, (field, value: unknown) =>
      SECRET_FIELDS.has(field) ? undefined : value,
    ) ?? 'null',
  );
}

/** What identifies a request: its method, path and body, as CommandRunner hashes them. */
function hashOf(request: Request): string {
  try {
    return sha256(
      canonicalize({ method: request.method, path: request.path, body: request.body }) ?? '',
    );
  } catch {
    // canonicalize refuses what JSON cannot carry; the body parser refuses it first
    throw invalidInput('The body cannot be hashed for Idempotency-Key');
  }
}

type Claim = { replay: false } | { replay: true; status: number; body: unknown };

/**
 * Idempotency-Key on every write that does not manage it itself: the key is claimed in
 * idempotency_keys (principal, key, hash of method, path and body) before the handler runs.
 * A repeat gets the stored status and body with Idempotent-Replayed: true (a concurrent one
 * waits for the first), the same key on another request 422 idempotency_key_reused, and a
 * failed request frees its key.
 */
@Injectable()
export class IdempotencyInterceptor implements NestInterceptor {
  private readonly logger = new Logger(IdempotencyInterceptor.name);

  constructor(
    private readonly reflector: Reflector,
    private readonly repository: IdempotencyRepository,
    private readonly clock: Clock,
  ) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    if (context.getType() !== 'http') return next.handle();
    const request = context.switchToHttp().getRequest<Request & { principal?: { id: string } }>();
    const response = context.switchToHttp().getResponse<Response>();
    const header = request.headers['idempotency-key'];
    if (
      header === undefined ||
      !WRITE_METHODS.has(request.method) ||
      // Public writes (sign-in) have nobody to hold the key for.
      !request.principal ||
      this.reflector.getAllAndOverride<boolean>(MANAGES_IDEMPOTENCY, [
        context.getHandler(),
        context.getClass(),
      ])
    ) {
      return next.handle();
    }
    const principalId = request.principal.id;
    const key = parseIdempotencyKey(header);
    if (!key) return next.handle();
    const requestHash = hashOf(request);

    return from(this.claim(principalId, key, requestHash)).pipe(
      switchMap((claim) => {
        if (claim.replay) {
          response.status(claim.status);
          response.setHeader('Idempotent-Replayed', 'true');
          return of(claim.body);
        }
        return next.handle().pipe(
          catchError((error: unknown) =>
            from(
              this.repository.release(principalId, key).catch((releaseError: unknown) => {
                this.logger.warn(`could not free Idempotency-Key after a failure: ${releaseError}`);
              }),
            ).pipe(switchMap(() => throwError(() => error))),
          ),
          concatMap(async (body: unknown) => {
            const stored = storableAnswer(body, response.getHeader('cache-control')?.toString());
            // The write is done: its answer goes out even if keeping it for repeats fails.
            await this.repository
              .complete(principalId, key, response.statusCode, stored)
              .catch((error: unknown) =>
                this.logger.warn(`could not store the answer of Idempotency-Key: ${error}`),
              );
            return body;
          }),
        );
      }),
    );
  }

  private async claim(principalId: string, key: string, requestHash: string): Promise<Claim> {
    const deadline = Date.now() + WAIT_MS;
    for (;;) {
      const now = this.clock.now();
      if (await this.repository.claim(principalId, key, requestHash, now)) return { replay: false };
      const stored = await this.repository.find(principalId, key);
      if (stored) {
        if (stored.requestHash !== requestHash) {
          throw new AdrefError(
            AdrefErrorCode.IDEMPOTENCY_KEY_REUSED,
            'This Idempotency-Key was already used for a different request; use a new key',
          );
        }
        if (stored.statusCode !== IN_FLIGHT) {
          return { replay: true, status: stored.statusCode, body: stored.response };
        }
        const staleBefore = new Date(now.getTime() - STALE_MS);
        if (
          stored.createdAt < staleBefore &&
          (await this.repository.takeOver(principalId, key, requestHash, staleBefore, now))
        ) {
          return { replay: false };
        }
      }
      if (Date.now() >= deadline) {
        throw new AdrefError(
          AdrefErrorCode.IDEMPOTENCY_KEY_IN_FLIGHT,
          'A request with this Idempotency-Key is still running; retry shortly',
        );
      }
      await sleep(POLL_MS);
    }
  }
}

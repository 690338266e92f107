import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import canonicalize from 'canonicalize';
import { DataSource, EntityManager } from 'typeorm';
import type { Principal } from '../common/auth.decorators';
import { AdrefError, AdrefErrorCode } from '../common/adref.errors';
import { Clock } from '../common/clock';
import { sha256 } from '../common/hash.util';
import { IdempotencyKeyEntity } from './engine.entities';

export interface CommandRequest {
  principal: Principal;
  /** The client's Idempotency-Key header, if any. */
  idempotencyKey?: string;
  /** What identifies the request (method, path, body), to refuse a key reused for another. */
  request: { method: string; path: string; body: unknown };
}

export interface CommandResult<T> {
  status: number;
  body: T;
  /** True when this is the stored answer to an earlier request with the same key. */
  replayed: boolean;
}

/**
 * Runs a write in one transaction. With an Idempotency-Key, the key is claimed first in the
 * same transaction: a concurrent repeat waits on it, then gets the stored first answer.
 */
@Injectable()
export class CommandRunner {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly clock: Clock,
  ) {}

  run<T>(
    command: CommandRequest,
    work: (manager: EntityManager) => Promise<{ status: number; body: T }>,
  ): Promise<CommandResult<T>> {
    const key = command.idempotencyKey;
    const requestHash = sha256(canonicalize(command.request) ?? '');
    return this.dataSource.transaction(async (manager) => {
      if (key) {
        const claimed: unknown[] = await manager.query(
          `INSERT INTO idempotency_keys (principal_id, key, request_hash, status_code, response, created_at)
           VALUES ($1, $2, $3, 0, 'null'::jsonb, $4)
           ON CONFLICT (principal_id, key) DO NOTHING
           RETURNING key`,
          [command.principal.id, key, requestHash, this.clock.now()],
        );
        if (claimed.length === 0)
          return this.replay<T>(manager, command.principal.id, key, requestHash);
      }
      const result = await work(manager);
      if (key) {
        await manager.update(
          IdempotencyKeyEntity,
          { principalId: command.principal.id, key },
          { statusCode: result.status, response: result.body as object },
        );
      }
      return { ...result, replayed: false };
    });
  }

  private async replay<T>(
    manager: EntityManager,
    principalId: string,
    key: string,
    requestHash: string,
  ): Promise<CommandResult<T>> {
    const stored = await manager.findOneByOrFail(IdempotencyKeyEntity, { principalId, key });
    if (stored.requestHash !== requestHash) {
      throw new AdrefError(
        AdrefErrorCode.IDEMPOTENCY_KEY_REUSED,
        'This Idempotency-Key was already used for a different request; use a new key',
      );
    }
    return { status: stored.statusCode, body: stored.response as T, replayed: true };
  }
}

import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';

/** A key's row in idempotency_keys; status 0 means "claimed, the first request still runs". */
export interface StoredIdempotencyKey {
  requestHash: string;
  statusCode: number;
  response: unknown;
  createdAt: Date;
}

export const IN_FLIGHT = 0;

/**
 * The rows of idempotency_keys that the idempotency interceptor writes: the same table and
 * semantics as CommandRunner's, but claimed in a statement of its own (committed at once), as
 * the handler behind the interceptor runs its own transactions.
 */
@Injectable()
export class IdempotencyRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** The rows a statement returned (TypeORM shapes UPDATE results differently otherwise). */
  private async rows<T>(sql: string, parameters: unknown[]): Promise<T[]> {
    const runner = this.dataSource.createQueryRunner();
    try {
      return ((await runner.query(sql, parameters, true)).records ?? []) as T[];
    } finally {
      await runner.release();
    }
  }

  /** True when this call claimed the key; false when a row was there already. */
  async claim(principalId: string, key: string, requestHash: string, now: Date): Promise<boolean> {
    const rows = await this.rows(
      `INSERT INTO idempotency_keys (principal_id, key, request_hash, status_code, response, created_at)
       VALUES ($1, $2, $3, ${IN_FLIGHT}, 'null'::jsonb, $4)
       ON CONFLICT (principal_id, key) DO NOTHING
       RETURNING key`,
      [principalId, key, requestHash, now],
    );
    return rows.length === 1;
  }

  async find(principalId: string, key: string): Promise<StoredIdempotencyKey | null> {
    const rows = await this.rows<{
      request_hash: string;
      status_code: number;
      response: unknown;
      created_at: Date | string;
    }>(
      `SELECT request_hash, status_code, response, created_at
       FROM idempotency_keys WHERE principal_id = $1 AND key = $2`,
      [principalId, key],
    );
    const [row] = rows;
    if (!row) return null;
    return {
      requestHash: row.request_hash,
      statusCode: Number(row.status_code),
      response: typeof row.response === 'string' ? JSON.parse(row.response) : row.response,
      createdAt: new Date(row.created_at),
    };
  }

  /** Takes over a claim abandoned before `staleBefore` (its instance stopped mid-request). */
  async takeOver(
    principalId: string,
    key: string,
    requestHash: string,
    staleBefore: Date,
    now: Date,
  ): Promise<boolean> {
    const rows = await this.rows(
      `UPDATE idempotency_keys SET created_at = $5
       WHERE principal_id = $1 AND key = $2 AND request_hash = $3
         AND status_code = ${IN_FLIGHT} AND created_at < $4
       RETURNING key`,
      [principalId, key, requestHash, staleBefore, now],
    );
    return rows.length === 1;
  }

  /** Stores the first answer, which every repeat then gets. */
  async complete(principalId: string, key: string, status: number, body: unknown): Promise<void> {
    await this.dataSource.query(
      `UPDATE idempotency_keys SET status_code = $3, response = $4::jsonb
       WHERE principal_id = $1 AND key = $2 AND status_code = ${IN_FLIGHT}`,
      [principalId, key, status, JSON.stringify(body ?? null)],
    );
  }

  /** Frees the key of a request that failed, so that a retry runs it again. */
  async release(principalId: string, key: string): Promise<void> {
    await this.dataSource.query(
      `DELETE FROM idempotency_keys
       WHERE principal_id = $1 AND key = $2 AND status_code = ${IN_FLIGHT}`,
      [principalId, key],
    );
  }
}

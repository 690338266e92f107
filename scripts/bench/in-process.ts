// The engine in this process: the app's Nest context without HTTP (as scripts/import.ts boots
// one), on the same database and signing key as the app processes, workers off.
import { INestApplicationContext, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { commandLineImports } from '../cli-context';
import { DataSource } from 'typeorm';
import type { Principal } from '../../src/common/auth.decorators';
import { StatementsModule } from '../../src/statements/statements.module';
import { StatementsService } from '../../src/statements/statements.service';
import type { PositionWrite } from './write-plan';

/** The app's configuration, database and statements feature, without HTTP, pages or workers. */
@Module({
  imports: [...commandLineImports(), StatementsModule],
})
class EngineBenchModule {}

export async function bootEngine(
  env: Record<string, string | undefined>,
): Promise<INestApplicationContext> {
  for (const [key, value] of Object.entries({ ...env, ADREF_WORKERS: 'off' })) {
    if (value === undefined) delete process.env[key];
    else process.env[key] = value;
  }
  return NestFactory.createApplicationContext(EngineBenchModule, { logger: ['error', 'warn'] });
}

/**
 * Records one position through the service the HTTP route calls, as that route calls it. The
 * only place that names the service: services are being renamed (issue 11), change it here.
 */
export async function recordPositionInProcess(
  app: INestApplicationContext,
  write: PositionWrite,
  principal: Principal,
): Promise<void> {
  const body = {
    member: write.member,
    position: write.position,
    versionHash: write.versionHash,
    text: write.text,
  };
  const result = await app.get(StatementsService).recordPosition(write.statementId, body, {
    principal,
    status: 201,
    request: { method: 'POST', path: `/api/v1/statements/${write.statementId}/positions`, body },
  });
  if (result.status !== 201) throw new Error(`recordPosition answered ${result.status}`);
}

/** The signed-in people the writes act as, read as the auth guard reads them. */
export async function principals(
  app: INestApplicationContext,
  ids: string[],
): Promise<Map<string, Principal>> {
  const rows: Principal[] = await app
    .get(DataSource)
    .query(
      `SELECT id, name, email, role, member_code AS "memberCode", language FROM principals WHERE id = ANY($1::uuid[])`,
      [ids],
    );
  return new Map(rows.map((row) => [row.id, row]));
}

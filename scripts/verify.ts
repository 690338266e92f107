// Verifies the signed history of every statement, or of one, on the configured database:
// hash links, signatures, and a replay through the machine that must give the stored state,
// rounds, positions and texts. Chain heads held outside adref (--witness) must be in the chain.
//
//   npm run verify                                   every statement
//   npm run verify -- <statementId>                  one statement
//   npm run verify -- --witness record.json          also check a record or notification kept outside
//   npm run verify -- --keys keys.json               trust only these keys (a copy of GET /api/v1/keys)
//
// It reads DATABASE_URL, or ADREF_DATA_DIR for the embedded PGlite (stop the app first: a PGlite
// folder can be open in one process only). Exit code: 0 all valid, 1 a problem found, 2 could not
// verify (bad usage, an unreadable file, no database).
import 'reflect-metadata';
import { Module } from '@nestjs/common';
import { ConfigModule } from '@nestjs/config';
import { NestFactory } from '@nestjs/core';
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { validateEnvironment } from '../src/config/app.config';
import { databaseConfig, DatabaseModule } from '../src/database/database.module';
import { ENTITIES } from '../src/entities';
import { VerifyModule } from '../src/verify/verify.module';
import { StatementVerification, VerifyService } from '../src/verify/verify.service';
import type { VerificationKey, Witness } from '../src/verify/verify.types';
import { parseWitnesses } from '../src/verify/witness.util';

const USAGE =
  'usage: npm run verify -- [statementId] [--witness FILE]... [--keys KEYS.json]\n' +
  '  statementId       verify this statement only (default: every statement)\n' +
  '  --witness FILE    a record of adoption (JSON or CSV) or a notification held outside adref\n' +
  '  --keys FILE       the keys to trust, as GET /api/v1/keys gave them (default: the database’s)';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The database and verification only: no HTTP, no workers, no signing key, nothing written. */
@Module({
  imports: [
    ConfigModule.forRoot({
      isGlobal: true,
      ignoreEnvFile: true,
      load: [databaseConfig],
      validate: validateEnvironment,
    }),
    DatabaseModule.forRoot(ENTITIES),
    VerifyModule,
  ],
})
class VerifyCliModule {}

class UsageError extends Error {}

interface Arguments {
  statementId?: string;
  witnesses: Witness[];
  trustedKeys?: VerificationKey[];
}

function readArguments(argv: string[]): Arguments {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        witness: { type: 'string', multiple: true },
        keys: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
    });
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  if (parsed.values.help) throw new UsageError('');
  const [statementId, ...extra] = parsed.positionals;
  if (extra.length > 0)
    throw new UsageError(`one statement id at most; got ${parsed.positionals.join(' ')}`);
  if (statementId !== undefined && !UUID.test(statementId)) {
    throw new UsageError(`${statementId} is not a statement id (a UUID)`);
  }
  const witnesses = (parsed.values.witness ?? []).flatMap((file) => {
    const found = parseWitnesses(readText(file), file);
    if (found.length === 0) throw new UsageError(`${file} holds no chain head`);
    return found;
  });
  assertDatabaseExists();
  return {
    statementId: statementId?.toLowerCase(),
    witnesses,
    trustedKeys: parsed.values.keys ? readKeys(parsed.values.keys) : undefined,
  };
}

/** Verifying a PGlite folder that holds no database would only create an empty one. */
function assertDatabaseExists(): void {
  if (process.env.DATABASE_URL) return;
  const dataDir = process.env.ADREF_DATA_DIR || './data';
  if (dataDir.startsWith('memory://') || !existsSync(join(resolve(dataDir), 'PG_VERSION'))) {
    throw new UsageError(
      `no adref database in ${dataDir}: set DATABASE_URL, or ADREF_DATA_DIR to the app's data folder`,
    );
  }
}

function readText(file: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch (error) {
    throw new UsageError(`cannot read ${file}: ${(error as Error).message}`);
  }
}

function readKeys(file: string): VerificationKey[] {
  let keys: unknown;
  try {
    keys = JSON.parse(readText(file));
  } catch (error) {
    if (error instanceof UsageError) throw error;
    throw new UsageError(`${file} is not JSON`);
  }
  const valid =
    Array.isArray(keys) &&
    keys.every((k) => typeof k?.keyId === 'string' && typeof k?.publicKeyPem === 'string');
  if (!valid)
    throw new UsageError(`${file} is not a list of {keyId, publicKeyPem}, as GET /keys gives`);
  return keys as VerificationKey[];
}

function print(result: StatementVerification): void {
  const title = result.title ?? '(not in this database)';
  if (result.valid) {
    console.log(`valid     ${result.statementId}  ${result.checkedEvents} events  ${title}`);
    return;
  }
  const count = `${result.problems.length} problem${result.problems.length === 1 ? '' : 's'}`;
  console.log(
    `PROBLEMS  ${result.statementId}  ${result.checkedEvents} events, ${count}  ${title}`,
  );
  for (const problem of result.problems) {
    const at = problem.seq === undefined ? '' : `event ${problem.seq}: `;
    console.log(`          - ${problem.kind}: ${at}${problem.message}`);
  }
}

async function main(): Promise<number> {
  let args: Arguments;
  try {
    args = readArguments(process.argv.slice(2));
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    if (error.message) console.error(error.message);
    console.error(USAGE);
    return 2;
  }
  process.env.ADREF_WORKERS = 'off';
  const app = await NestFactory.createApplicationContext(VerifyCliModule, {
    logger: ['error', 'warn'],
  });
  try {
    const results = await app.get(VerifyService).verifyAll(args);
    results.forEach(print);
    const failed = results.filter((r) => !r.valid).length;
    console.log(
      `${results.length} statement${results.length === 1 ? '' : 's'} verified: ` +
        `${results.length - failed} valid, ${failed} with problems` +
        (args.witnesses.length ? `; ${args.witnesses.length} chain head(s) from witnesses` : ''),
    );
    return failed === 0 ? 0 : 1;
  } finally {
    await app.close();
  }
}

main().then(
  (code) => (process.exitCode = code),
  (error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exitCode = 2;
  },
);

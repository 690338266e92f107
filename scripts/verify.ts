// Verifies the signed history of every statement, or of one, on the configured database:
// hash links, signatures, and a replay through the machine that must give the stored state,
// rounds, positions and texts. Chain heads held outside adref (--witness) must be in the chain.
//
//   npm run verify                                   every statement
//   npm run verify -- <statementId>                  one statement
//   npm run verify -- --witness record.json          also check a record or notification kept outside
//   npm run verify -- --keys keys.json               trust only these keys (a copy of GET /api/v1/keys)
//   npm run verify -- --archive FILE.zip [--key K]   an archive (npm run export), offline, no database
//
// It reads DATABASE_URL, or ADREF_DATA_DIR for the embedded PGlite (stop the app first: a PGlite
// folder can be open in one process only); --archive reads nothing but the zip and the key.
// Exit code: 0 all valid, 1 a problem found, 2 could not verify (bad usage, an unreadable file,
// no database).
import 'reflect-metadata';
import { Module } from '@nestjs/common';
import { ConfigModule } from '@nestjs/config';
import { NestFactory } from '@nestjs/core';
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { validateEnvironment } from '../src/config/app.config';
import { ArchiveUnreadable, checkArchive, parseTrustedKeys } from '../src/archive/archive-check';
import type { ArchiveReport } from '../src/archive/archive-check';
import { databaseConfig, DatabaseModule } from '../src/database/database.module';
import { ENTITIES } from '../src/entities';
import { VerifyModule } from '../src/verify/verify.module';
import { StatementVerification, VerifyService } from '../src/verify/verify.service';
import type { VerificationKey, Witness } from '../src/verify/verify.types';
import { parseWitnesses } from '../src/verify/witness.util';

const USAGE =
  'usage: npm run verify -- [statementId] [--witness FILE]... [--keys KEYS.json]\n' +
  '       npm run verify -- --archive FILE.zip [--key KEY]\n' +
  '  statementId       verify this statement only (default: every statement)\n' +
  '  --witness FILE    a record of adoption (JSON or CSV) or a notification held outside adref\n' +
  '  --keys FILE       the keys to trust, as GET /api/v1/keys gave them (default: the database’s)\n' +
  '  --archive FILE    check an archive offline: its signed manifest, every file, every chain\n' +
  '  --key KEY         with --archive: the published key (a PEM file, a copy of GET /api/v1/keys,\n' +
  '                    or its URL); without it, only the key inside the archive is checked';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * The database and verification only: no HTTP, no workers, no signing key, nothing written.
 * Made when needed: its configuration checks the environment, which --archive does not use.
 */
function verifyCliModule() {
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
  return VerifyCliModule;
}

class UsageError extends Error {}

interface Arguments {
  archive?: { file: string; key?: string };
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
        archive: { type: 'string' },
        key: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
    });
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  if (parsed.values.help) throw new UsageError('');
  if (parsed.values.archive !== undefined) {
    const others = parsed.positionals.length || parsed.values.witness || parsed.values.keys;
    if (others) throw new UsageError('--archive takes only --key: the archive holds the rest');
    return { archive: { file: parsed.values.archive, key: parsed.values.key }, witnesses: [] };
  }
  if (parsed.values.key !== undefined) throw new UsageError('--key goes with --archive');
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

/** The published key, from a file or a URL (e.g. https://adref.example/api/v1/keys). */
async function trustedKeys(source: string): Promise<VerificationKey[]> {
  let text: string;
  if (/^https?:\/\//i.test(source)) {
    let response: Response;
    try {
      response = await fetch(source);
    } catch (error) {
      throw new UsageError(`cannot fetch ${source}: ${(error as Error).message}`);
    }
    if (!response.ok) throw new UsageError(`${source} answered ${response.status}`);
    text = await response.text();
  } else {
    text = readText(source);
  }
  try {
    return parseTrustedKeys(text, source);
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
}

function printArchive(file: string, key: string | undefined, report: ArchiveReport): void {
  const m = report.manifest;
  if (m) {
    console.log(
      `archive   ${file}: framework ${m.framework.code}, exported ${m.exportedAt} by adref ${m.adrefVersion}, ${m.statements.length} statement(s), ${report.files} files`,
    );
  }
  if (report.signatureValid) {
    console.log(
      report.trust === 'given'
        ? `signature manifest.json verifies with the published key ${m?.publicKeyId} given by --key ${key}`
        : `signature manifest.json verifies with key ${m?.publicKeyId}, checked against the key in the archive only: ` +
            'that shows the archive is whole, not who made it; give --key with the key adref publishes (GET /api/v1/keys)',
    );
  }
  for (const statement of report.statements) {
    const state = statement.valid ? 'valid    ' : 'PROBLEMS ';
    console.log(
      `${state} ${statement.statementId}  ${statement.checkedEvents} events  ${statement.title}`,
    );
  }
  for (const failure of report.failures)
    console.log(`FAILED    ${failure.file}: ${failure.message}`);
  console.log(
    report.valid
      ? `the archive is valid: every file as the signed manifest says, ${report.statements.length} chain(s) verified`
      : `the archive is NOT valid: ${report.failures.length} problem(s)`,
  );
}

async function verifyArchive(file: string, key: string | undefined): Promise<number> {
  if (!existsSync(file)) throw new UsageError(`cannot read ${file}: no such file`);
  const keys = key === undefined ? undefined : await trustedKeys(key);
  let report: ArchiveReport;
  try {
    report = await checkArchive(file, { trustedKeys: keys });
  } catch (error) {
    if (!(error instanceof ArchiveUnreadable)) throw error;
    throw new UsageError(`${file} is not a readable zip: ${error.message}`);
  }
  printArchive(file, key, report);
  return report.valid ? 0 : 1;
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
  if (args.archive) {
    try {
      return await verifyArchive(args.archive.file, args.archive.key);
    } catch (error) {
      if (!(error instanceof UsageError)) throw error;
      console.error(error.message);
      return 2;
    }
  }
  process.env.ADREF_WORKERS = 'off';
  const app = await NestFactory.createApplicationContext(verifyCliModule(), {
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

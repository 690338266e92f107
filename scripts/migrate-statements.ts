// Moves statements to a newer version of the procedure (the statement machine), only when an
// admin asks, on the database the app is configured for (DATABASE_URL, or PGlite in
// ADREF_DATA_DIR), with the background workers off.
//
//   npm run statements:migrate -- --to 2 --dry-run   # what would change and what would fail
//   npm run statements:migrate -- --to 2             # each statement in a transaction of its own
//
// Every statement on an older version is listed. A final one (adopted, withdrawn, not adopted)
// keeps its version; one the migration cannot map is reported and left as it was. A migrated
// one gets a MACHINE_MIGRATED audit event with both versions and what changed.
//
// Exit status: 0 every statement moved or was final; 1 one or more could not be mapped;
// 2 bad arguments or a version this build cannot load.
// On the embedded PGlite, stop the app first: one data folder serves one process at a time.
import 'reflect-metadata';
import { parseArgs } from 'node:util';
import { Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { commandLineImports } from './cli-context';
import { AdrefError } from '../src/common/adref.errors';
import { EngineModule } from '../src/engine/engine.module';
import { StatementMigrationsService } from '../src/engine/statement-migrations.service';
import type { StatementMigrationLine } from '../src/engine/statement-migrations.service';

/** The app's configuration, database (migrations run) and signing key, without HTTP or workers. */
@Module({
  imports: [...commandLineImports(), EngineModule],
})
class MigrateCliModule {}

const USAGE = 'usage: npm run statements:migrate -- --to VERSION [--dry-run]';

class Exit extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

function options(argv: string[]): { to: number; dryRun: boolean } {
  let values: { to?: string; 'dry-run'?: boolean };
  try {
    ({ values } = parseArgs({
      args: argv,
      options: { to: { type: 'string' }, 'dry-run': { type: 'boolean', default: false } },
      strict: true,
    }));
  } catch (error) {
    throw new Exit(2, `${(error as Error).message}\n${USAGE}`);
  }
  const to = Number(values.to);
  if (!values.to || !Number.isInteger(to) || to < 1) {
    throw new Exit(2, `--to needs a version number\n${USAGE}`);
  }
  return { to, dryRun: values['dry-run'] ?? false };
}

const OUTCOME_WORDS: Record<StatementMigrationLine['outcome'], string> = {
  migrated: 'migrated',
  would_migrate: 'would migrate',
  final: 'stays (final)',
  unmappable: 'CANNOT MAP, left as it is',
};

function print(line: StatementMigrationLine): void {
  console.log(
    `${line.statementId}  ${line.state}  v${line.from} → v${line.to}  ${OUTCOME_WORDS[line.outcome]}`,
  );
  console.log(`  ${line.title}`);
  for (const change of line.changes) console.log(`  change: ${change}`);
  if (line.outcome !== 'final' && line.changes.length === 0 && !line.reason) {
    console.log('  change: none to the snapshot (the version number only)');
  }
  if (line.reason) console.log(`  ${line.outcome === 'final' ? 'why' : 'why not'}: ${line.reason}`);
}

async function main(argv: string[]): Promise<number> {
  const { to, dryRun } = options(argv);
  const app = await NestFactory.createApplicationContext(MigrateCliModule, {
    logger: ['error', 'warn'],
  });
  try {
    console.log(
      dryRun
        ? `dry run: statements on a version older than ${to}; nothing is changed`
        : `migrating statements on a version older than ${to}, one transaction each`,
    );
    let lines: StatementMigrationLine[];
    try {
      lines = await app.get(StatementMigrationsService).migrateAll(to, { dryRun });
    } catch (error) {
      if (error instanceof AdrefError) throw new Exit(2, `${error.code}: ${error.message}`);
      throw error;
    }
    lines.forEach(print);
    const count = (outcome: StatementMigrationLine['outcome']) =>
      lines.filter((line) => line.outcome === outcome).length;
    const moved = dryRun ? count('would_migrate') : count('migrated');
    console.log(
      `${lines.length} statement(s): ${moved} ${dryRun ? 'would migrate' : 'migrated'}, ${count('final')} final, ${count('unmappable')} cannot be mapped`,
    );
    return count('unmappable') > 0 ? 1 : 0;
  } finally {
    await app.close();
  }
}

main(process.argv.slice(2)).then(
  (status) => process.exit(status),
  (error: unknown) => {
    if (error instanceof Exit) {
      console.error(`statements:migrate: ${error.message}`);
      process.exit(error.status);
    }
    console.error('statements:migrate failed:', error);
    process.exit(1);
  },
);

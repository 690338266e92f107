// Writes the archive of a framework (everything of it, signed: see README "Handing over: the
// archive") into a folder, from the database the app is configured for (DATABASE_URL, or PGlite
// in ADREF_DATA_DIR), with the app's signing key (ADREF_SIGNING_KEY or the data folder's).
//
//   npm run export -- DIR                      one archive per framework
//   npm run export -- DIR --framework ACCSM    that framework's only
//
// Each archive is written to a .part file first and renamed once complete. Check one with
// `npm run verify -- --archive FILE --key keys.json`. Exit status: 0 written; 1 an unknown
// framework or a failed export; 2 bad usage. On the embedded PGlite, stop the app first.
import 'reflect-metadata';
import { createWriteStream, mkdirSync, renameSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { parseArgs } from 'node:util';
import { INestApplicationContext, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { commandLineImports } from './cli-context';
import { ArchiveModule } from '../src/archive/archive.module';
import { ArchiveService } from '../src/archive/archive.service';
import { AdrefError } from '../src/common/adref.errors';

/** The app's configuration, database (migrations run) and signing key, without HTTP or workers. */
@Module({
  imports: [...commandLineImports(), ArchiveModule],
})
class ExportCliModule {}

const USAGE = 'usage: npm run export -- DIR [--framework CODE]';

class Exit extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

function options(argv: string[]): { folder: string; framework?: string } {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      options: { framework: { type: 'string' } },
      strict: true,
    });
  } catch (error) {
    throw new Exit(2, `${(error as Error).message}\n${USAGE}`);
  }
  const [folder, ...extra] = parsed.positionals;
  if (!folder || extra.length > 0) throw new Exit(2, USAGE);
  return { folder, framework: parsed.values.framework };
}

async function exportOne(app: INestApplicationContext, folder: string, code: string) {
  let archive;
  try {
    archive = await app.get(ArchiveService).open(code);
  } catch (error) {
    if (error instanceof AdrefError) throw new Exit(1, `${code}: ${error.message}`);
    throw error;
  }
  const path = join(folder, archive.filename);
  const part = `${path}.part`;
  try {
    await Promise.all([pipeline(archive.stream, createWriteStream(part)), archive.done]);
  } catch (error) {
    rmSync(part, { force: true });
    throw new Exit(1, `${code}: the export failed: ${(error as Error).message}`);
  }
  renameSync(part, path);
  const summary = await archive.done;
  console.log(
    `wrote ${path}: ${summary.statements} statement(s), ${summary.files} files, ${statSync(path).size} bytes`,
  );
}

async function main(argv: string[]): Promise<void> {
  const { folder, framework } = options(argv);
  mkdirSync(folder, { recursive: true });
  process.env.ADREF_WORKERS = 'off';
  const app = await NestFactory.createApplicationContext(ExportCliModule, {
    logger: ['error', 'warn'],
  });
  try {
    const codes = framework ? [framework] : await app.get(ArchiveService).frameworkCodes();
    for (const code of codes) await exportOne(app, folder, code);
  } finally {
    await app.close();
  }
}

main(process.argv.slice(2)).then(
  () => process.exit(0),
  (error: unknown) => {
    if (error instanceof Exit) {
      console.error(`export: ${error.message}`);
      process.exit(error.status);
    }
    console.error('export failed:', error);
    process.exit(1);
  },
);

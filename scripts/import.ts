// Imports statements adopted before adref was used, from import files (format adref-import/1),
// on the database the app is configured for (DATABASE_URL, or PGlite in ADREF_DATA_DIR), with
// the background workers off. Each file is one transaction; a refused file stores nothing.
//
//   npm run import -- scripts/imports/accsm-2019-good-governance.json [more files]
//
// Exit status: 0 all imported; 1 a file refused (the event and the rule are printed);
// 2 a file unreadable or not JSON; 3 a file imported before (its statement id is printed).
// On the embedded PGlite, stop the app first: one data folder serves one process at a time.
import 'reflect-metadata';
import { readFileSync } from 'node:fs';
import { INestApplicationContext, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { commandLineImports } from './cli-context';
import { AdrefError, AdrefErrorCode } from '../src/common/adref.errors';
import { ImportsModule } from '../src/imports/imports.module';
import { ImportsService } from '../src/imports/imports.service';

/** The app's configuration, database (migrations run) and signing key, without HTTP or workers. */
@Module({
  imports: [...commandLineImports(), ImportsModule],
})
class ImportCliModule {}

class Exit extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

function readJson(path: string): unknown {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new Exit(2, `cannot read ${path}: ${(error as Error).message}`);
  }
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new Exit(2, `${path} is not JSON: ${(error as Error).message}`);
  }
}

async function importOne(app: INestApplicationContext, path: string): Promise<void> {
  const imports = app.get(ImportsService);
  const body = readJson(path);
  try {
    const view = await imports.importFile(body, await imports.commandLineImporter());
    const adoption = view.adoption
      ? `, adopted on ${view.adoption.date} (${view.adoption.basis})`
      : '';
    console.log(`imported ${view.importKey} from ${path} as statement ${view.id}`);
    console.log(`  ${view.title}`);
    console.log(`  state ${view.state}${adoption}; every event marked imported`);
  } catch (error) {
    if (!(error instanceof AdrefError)) throw error;
    const fields = error.details?.fields as { field: string; problems: string[] }[] | undefined;
    const details = fields
      ? fields.map((f) => `\n  ${f.field}: ${f.problems.join('; ')}`).join('')
      : error.details
        ? `\n  ${JSON.stringify(error.details)}`
        : '';
    const status = error.code === AdrefErrorCode.ALREADY_IMPORTED ? 3 : 1;
    const message = fields ? 'the file is malformed' : error.message;
    throw new Exit(status, `${path}: ${error.code}: ${message}${details}`);
  }
}

async function main(paths: string[]): Promise<void> {
  if (paths.length === 0) throw new Exit(2, 'usage: npm run import -- FILE [FILE...]');
  const app = await NestFactory.createApplicationContext(ImportCliModule, {
    logger: ['error', 'warn'],
  });
  try {
    for (const path of paths) await importOne(app, path);
  } finally {
    await app.close();
  }
}

main(process.argv.slice(2)).then(
  () => process.exit(0),
  (error: unknown) => {
    if (error instanceof Exit) {
      console.error(`import: ${error.message}`);
      process.exit(error.status);
    }
    console.error('import failed:', error);
    process.exit(1);
  },
);

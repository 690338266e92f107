import { Injectable, Logger } from '@nestjs/common';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { Readable } from 'node:stream';
import { AdrefError, AdrefErrorCode, notFound } from '../common/adref.errors';
import { Clock } from '../common/clock';
import { SigningService } from '../engine/signing.service';
import type { RecordOfAdoptionDto } from '../positions/dto/positions.dto';
import { PositionsService } from '../positions/positions.service';
import type { FrameworkEntity } from '../reference/reference.entities';
import { ReferenceService } from '../reference/reference.service';
import {
  ARCHIVE_FORMAT,
  FRAMEWORK_FILE,
  jsonFile,
  KEYS_FILE,
  MANIFEST_FILE,
  SIGNATURE_FILE,
  statementFolder,
} from './archive-files.util';
import type { ArchiveManifest } from './archive-files.util';
import { ArchiveRepository } from './archive.repository';
import type { ArchivedStatementRef } from './archive.repository';
import { ARCHIVE_SECTIONS } from './archive-sections';
import { ArchiveAbandoned, ArchiveWriter } from './archive-writer';

export interface ArchiveSummary {
  framework: string;
  statements: number;
  /** Files in the archive, the manifest and its signature included. */
  files: number;
}

/** An archive being written: its name, its bytes as they come, and when it is complete. */
export interface ArchiveExport {
  filename: string;
  stream: Readable;
  /** Resolves once the last byte is handed to the stream; rejects if the export failed. */
  done: Promise<ArchiveSummary>;
}

/** package.json's version, from src/archive or dist/src/archive. */
function adrefVersion(): string {
  for (let folder = __dirname; folder !== dirname(folder); folder = dirname(folder)) {
    const file = join(folder, 'package.json');
    if (existsSync(file))
      return (JSON.parse(readFileSync(file, 'utf8')) as { version: string }).version;
  }
  return 'unknown';
}

const ADREF_VERSION = adrefVersion();

/** 2026-03-20T03:00:00.000Z → 20260320T030000Z, for file names. */
const stamp = (date: Date) =>
  date
    .toISOString()
    .replace(/\.\d{3}/, '')
    .replace(/[-:]/g, '');

/**
 * Everything of a framework in one zip, for the next chair: each statement's folder (the
 * sections of archive-sections.ts), the framework, the public keys, and a manifest of every
 * file's size and sha256 signed with adref's key. Written as it is read, one statement at a time.
 */
@Injectable()
export class ArchiveService {
  private readonly logger = new Logger(ArchiveService.name);

  constructor(
    private readonly repository: ArchiveRepository,
    private readonly reference: ReferenceService,
    private readonly positions: PositionsService,
    private readonly signing: SigningService,
    private readonly clock: Clock,
  ) {}

  async frameworkCodes(): Promise<string[]> {
    return (await this.reference.frameworks()).map((framework) => framework.code);
  }

  /** Starts the archive of a framework; an unknown framework is refused before any byte. */
  async open(frameworkCode: string): Promise<ArchiveExport> {
    const framework = (await this.reference.frameworks()).find((f) => f.code === frameworkCode);
    if (!framework) throw notFound('framework', frameworkCode);
    const exportedAt = this.clock.now();
    const writer = new ArchiveWriter(exportedAt);
    const done = this.fill(writer, framework, exportedAt);
    done.catch((error: Error) => {
      if (!(error instanceof ArchiveAbandoned)) {
        this.logger.error(`the archive of ${frameworkCode} failed: ${error.message}`);
      }
      writer.fail(error);
    });
    return {
      filename: `adref-archive-${framework.code}-${stamp(exportedAt)}.zip`,
      stream: writer.stream,
      done,
    };
  }

  private async fill(
    writer: ArchiveWriter,
    framework: FrameworkEntity,
    exportedAt: Date,
  ): Promise<ArchiveSummary> {
    const [members, memberships] = await Promise.all([
      this.reference.members(),
      this.reference.memberships(framework.code),
    ]);
    const codes = new Set(memberships.map((m) => m.memberCode));
    await writer.add(
      jsonFile(FRAMEWORK_FILE, {
        ...framework,
        members: members.filter((m) => codes.has(m.code)),
        memberships,
      }),
    );
    await writer.add(jsonFile(KEYS_FILE, await this.signing.publicKeys()));
    const statements = await this.repository.statementsOf(framework.code);
    for (const statement of statements) await this.addStatement(writer, statement, exportedAt);

    const manifest: ArchiveManifest = {
      format: ARCHIVE_FORMAT,
      framework: { code: framework.code, nameEn: framework.nameEn, nameTh: framework.nameTh },
      exportedAt: exportedAt.toISOString(),
      adrefVersion: ADREF_VERSION,
      publicKeyId: this.signing.keyId,
      signature: {
        file: SIGNATURE_FILE,
        algorithm: 'Ed25519',
        signs: `the exact bytes of ${MANIFEST_FILE}`,
      },
      keysFile: KEYS_FILE,
      sections: ARCHIVE_SECTIONS.map((s) => s.name),
      statements: statements.map((s) => ({ ...s, folder: statementFolder(s.id) })),
      files: [...writer.manifestFiles],
    };
    const bytes = jsonFile(MANIFEST_FILE, manifest).content;
    await writer.finish([
      { path: MANIFEST_FILE, content: bytes },
      { path: SIGNATURE_FILE, content: this.signing.signBytes(bytes) },
    ]);
    return {
      framework: framework.code,
      statements: statements.length,
      files: writer.manifestFiles.length,
    };
  }

  /** The statement's folder: every section's query in one snapshot, then their files. */
  private async addStatement(
    writer: ArchiveWriter,
    statement: ArchivedStatementRef,
    exportedAt: Date,
  ): Promise<void> {
    const record = statement.state === 'adopted' ? await this.recordOf(statement.id) : null;
    const data = await this.repository.inSnapshot(async (rows) => {
      const source = { statementId: statement.id, rows, record };
      const results: unknown[] = [];
      // One after another: the transaction's queries share its one connection.
      for (const section of ARCHIVE_SECTIONS) results.push(await section.query(source));
      return results;
    });
    const folder = statementFolder(statement.id);
    for (const [index, section] of ARCHIVE_SECTIONS.entries()) {
      for (const file of await section.layout(data[index], { exportedAt })) {
        await writer.add({ path: `${folder}${file.path}`, content: file.content });
      }
    }
  }

  private async recordOf(statementId: string): Promise<RecordOfAdoptionDto | null> {
    try {
      return await this.positions.record(statementId);
    } catch (error) {
      if (error instanceof AdrefError && error.code === AdrefErrorCode.NOT_ADOPTED) return null;
      throw error;
    }
  }
}

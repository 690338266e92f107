import { createHash } from 'node:crypto';
import { PassThrough, Readable } from 'node:stream';
import { ZipFile } from 'yazl';
import type { ArchiveFile, ManifestFile } from './archive-files.util';

// In slices: a stream hands a chunk on whole, so one big chunk would pass every stage's limit.
const SLICE = 64 * 1024;

function* slices(content: Buffer): Generator<Buffer> {
  for (let start = 0; start < content.length; start += SLICE)
    yield content.subarray(start, start + SLICE);
}

/** The reader of the archive went away (a client that disconnected): nothing to report. */
export class ArchiveAbandoned extends Error {
  constructor() {
    super('the archive stream was closed before it was complete');
  }
}

/**
 * A zip written as it goes: each file is handed to yazl as a stream, and add() returns once the
 * zip has taken in all but its last slices, so that a slow reader holds back the export instead of the export
 * holding the whole archive in memory. It keeps every file's size and sha256 for the manifest.
 */
export class ArchiveWriter {
  private readonly zip = new ZipFile();
  private readonly files: ManifestFile[] = [];
  private readonly paths = new Set<string>();

  constructor(private readonly mtime: Date) {
    this.zip.on('error', (error: Error) => this.output.destroy(error));
  }

  get stream(): Readable {
    return this.output;
  }

  // yazl's output is a PassThrough; its types say only ReadableStream.
  private get output(): PassThrough {
    return this.zip.outputStream as unknown as PassThrough;
  }

  /** The files added so far, in order, as the manifest lists them. */
  get manifestFiles(): readonly ManifestFile[] {
    return this.files;
  }

  async add({ path, content }: ArchiveFile): Promise<void> {
    if (this.paths.has(path)) throw new Error(`${path} is in the archive twice`);
    const output = this.output;
    if (output.destroyed) throw new ArchiveAbandoned();
    this.paths.add(path);
    this.files.push({
      path,
      size: content.length,
      sha256: createHash('sha256').update(content).digest('hex'),
    });
    const input = Readable.from(slices(content), { objectMode: false });
    const taken = new Promise<void>((done, fail) => {
      const abandoned = () => fail(new ArchiveAbandoned());
      output.once('close', abandoned);
      input.once('end', () => {
        output.off('close', abandoned);
        done();
      });
    });
    this.zip.addReadStream(input, path, { mtime: this.mtime, size: content.length });
    await taken;
    if (output.writableNeedDrain) await this.drained();
  }

  /** Adds the last files (the manifest and its signature) and closes the zip. */
  async finish(last: ArchiveFile[]): Promise<void> {
    for (const file of last) await this.add(file);
    this.zip.end();
  }

  /** Ends the stream with an error: the reader gets a broken zip, never a short one that looks whole. */
  fail(error: Error): void {
    this.output.destroy(error);
  }

  private drained(): Promise<void> {
    const output = this.output;
    return new Promise((done, fail) => {
      const abandoned = () => fail(new ArchiveAbandoned());
      output.once('close', abandoned);
      output.once('drain', () => {
        output.off('close', abandoned);
        done();
      });
    });
  }
}

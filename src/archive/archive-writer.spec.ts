import { createHash, randomBytes } from 'node:crypto';
import { fromBufferPromise } from 'yauzl';
import { ArchiveAbandoned, ArchiveWriter } from './archive-writer';

const MB = 1024 * 1024;

async function readAll(stream: NodeJS.ReadableStream): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream as AsyncIterable<Buffer>) chunks.push(chunk);
  return Buffer.concat(chunks);
}

/** Lets the event loop run `turns` times: what can happen without a reader has happened. */
async function turns(count: number): Promise<void> {
  for (let i = 0; i < count; i++) await new Promise((done) => setImmediate(done));
}

describe(ArchiveWriter.name, () => {
  it('holds the export back while nobody reads: add() waits and little is buffered', async () => {
    const sut = new ArchiveWriter(new Date('2026-03-20T03:00:00Z'));
    // Random bytes do not compress: what the zip takes in, it must hand out.
    const big = randomBytes(8 * MB);
    let added = false;
    const adding = sut.add({ path: 'big.bin', content: big }).then(() => (added = true));
    await turns(50);
    expect(added).toBe(false);
    expect(sut.stream.readableLength).toBeLessThan(MB);

    const reading = readAll(sut.stream);
    await adding;
    await sut.add({ path: 'small.txt', content: Buffer.from('small') });
    await sut.finish([{ path: 'manifest.json', content: Buffer.from('{}\n') }]);
    const zip = await fromBufferPromise(await reading, { lazyEntries: true });
    const read: Record<string, string> = {};
    for await (const entry of zip.eachEntry()) {
      const content = await readAll(await zip.openReadStreamPromise(entry));
      read[entry.fileName] = createHash('sha256').update(content).digest('hex');
    }
    expect(Object.keys(read)).toEqual(['big.bin', 'small.txt', 'manifest.json']);
    expect(read['big.bin']).toBe(createHash('sha256').update(big).digest('hex'));
    expect(sut.manifestFiles.map((f) => [f.path, f.size])).toEqual([
      ['big.bin', 8 * MB],
      ['small.txt', 5],
      ['manifest.json', 3],
    ]);
  });

  it('stops with ArchiveAbandoned when the reader goes away, and refuses a path twice', async () => {
    const sut = new ArchiveWriter(new Date('2026-03-20T03:00:00Z'));
    const adding = sut.add({ path: 'big.bin', content: randomBytes(4 * MB) });
    await turns(10);
    sut.stream.destroy();
    await expect(adding).rejects.toBeInstanceOf(ArchiveAbandoned);
    await expect(sut.add({ path: 'next.txt', content: Buffer.from('x') })).rejects.toBeInstanceOf(
      ArchiveAbandoned,
    );

    const other = new ArchiveWriter(new Date('2026-03-20T03:00:00Z'));
    const reading = readAll(other.stream);
    await other.add({ path: 'a.txt', content: Buffer.from('a') });
    await expect(other.add({ path: 'a.txt', content: Buffer.from('b') })).rejects.toThrow(
      'a.txt is in the archive twice',
    );
    await other.finish([]);
    await reading;
  });
});

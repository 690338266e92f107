import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** The text of a PDF as poppler's pdftotext extracts it (poppler-utils must be installed). */
export function pdfToText(pdf: Buffer): string {
  const dir = mkdtempSync(join(tmpdir(), 'adref-pdf-'));
  try {
    const file = join(dir, 'record.pdf');
    writeFileSync(file, pdf);
    return execFileSync('pdftotext', ['-enc', 'UTF-8', file, '-'], {
      encoding: 'utf8',
      timeout: 120_000,
    });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') {
      throw new Error('pdftotext is missing: apt-get install -y poppler-utils', { cause: error });
    }
    throw error;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * The consecutive lines of extracted text that make up `source` when joined, or null. Lines
 * keep the space at which they broke (the PDF marks each line with its exact text), so joining
 * them with nothing must give the source back character for character.
 */
export function linesOf(text: string, source: string): string[] | null {
  const lines = text.split('\n');
  for (let start = 0; start < lines.length; start++) {
    if (!lines[start] || !source.startsWith(lines[start])) continue;
    const taken: string[] = [];
    let joined = '';
    for (let i = start; i < lines.length && joined.length < source.length; i++) {
      if (!lines[i] || !source.startsWith(joined + lines[i])) break;
      taken.push(lines[i]);
      joined += lines[i];
    }
    if (joined === source) return taken;
  }
  return null;
}

/** Offsets in `text` where Intl.Segmenter puts a Thai word boundary (start and end included). */
export function wordBoundaries(text: string): Set<number> {
  const segmenter = new Intl.Segmenter('th', { granularity: 'word' });
  return new Set([...segmenter.segment(text)].map((s) => s.index).concat(text.length));
}

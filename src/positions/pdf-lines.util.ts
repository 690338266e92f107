/** One line of a paragraph: what is drawn, and the exact source text it stands for. */
export interface TextLine {
  /** The line as drawn, without the whitespace at which it broke. */
  text: string;
  /** The paragraph's characters on this line, that whitespace included: the lines join back. */
  actual: string;
}

const words = new Intl.Segmenter('th', { granularity: 'word' });
const graphemes = new Intl.Segmenter('th', { granularity: 'grapheme' });
const THAI = /[\u0E00-\u0E7F]/;
const SPACE = /^\s+$/;
// Paiyannoi and mai yamok repeat or shorten the word before them: never the start of a line.
const CONTINUES_WORD = /^[\u0E2F\u0E46]/;

/** The paragraphs of a text, split at CRLF, LF or CR; an empty line is an empty paragraph. */
export function paragraphs(text: string): string[] {
  return text.split(/\r\n|\n|\r/);
}

/**
 * Where a line may break: after whitespace, or between two Thai words (Thai writes no space
 * between words). Each piece ends at such a place, so a line never splits a word.
 */
export function breakPieces(paragraph: string): string[] {
  const segments = [...words.segment(paragraph)];
  const pieces: string[] = [];
  let piece = '';
  segments.forEach((segment, i) => {
    const previous = segments[i - 1];
    const thaiWords =
      previous?.isWordLike &&
      segment.isWordLike &&
      THAI.test(previous.segment.slice(-1)) &&
      THAI.test(segment.segment[0]) &&
      !CONTINUES_WORD.test(segment.segment);
    if (piece && !SPACE.test(segment.segment) && (SPACE.test(previous.segment) || thaiWords)) {
      pieces.push(piece);
      piece = '';
    }
    piece += segment.segment;
  });
  if (piece) pieces.push(piece);
  return pieces;
}

/**
 * Greedy line breaking at word boundaries, measured with the font (`measure` gives a string's
 * width). A piece wider than a whole line (a hash, a long URL) breaks between graphemes, so a
 * Thai vowel or tone mark always stays with its consonant.
 */
export function breakLines(
  paragraph: string,
  width: number,
  measure: (text: string) => number,
): TextLine[] {
  const lines: TextLine[] = [];
  let actual = '';
  const fits = (text: string) => measure(text.trimEnd()) <= width;
  const flush = () => {
    if (actual) lines.push({ text: actual.trimEnd(), actual });
    actual = '';
  };
  for (const piece of breakPieces(paragraph)) {
    if (fits(actual + piece)) {
      actual += piece;
      continue;
    }
    flush();
    if (fits(piece)) {
      actual = piece;
      continue;
    }
    for (const { segment } of graphemes.segment(piece)) {
      if (actual && !fits(actual + segment)) flush();
      actual += segment;
    }
  }
  flush();
  return lines.length ? lines : [{ text: '', actual: '' }];
}

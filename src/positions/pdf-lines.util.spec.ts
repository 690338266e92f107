import { breakLines, breakPieces, paragraphs } from './pdf-lines.util';

const TITLE = 'ถ้อยแถลงอาเซียนว่าด้วยการส่งเสริมความสมดุลระหว่างการทำงานและการใช้ชีวิตในภาครัฐ';
// One unit per code point: enough to test where lines break, without a font.
const codePoints = (text: string) => [...text].length;

/** The offsets in `text` where Intl.Segmenter puts a word boundary. */
function wordBoundaries(text: string): Set<number> {
  const segmenter = new Intl.Segmenter('th', { granularity: 'word' });
  return new Set([...segmenter.segment(text)].map((s) => s.index).concat(text.length));
}

describe(breakPieces.name, () => {
  it('breaks between Thai words and after spaces, never inside a word', () => {
    expect(breakPieces('การทำงานและการใช้ชีวิต')).toEqual(['การ', 'ทำงาน', 'และ', 'การ', 'ใช้', 'ชีวิต']);
    expect(breakPieces('Consensus by ad referendum (round 1).')).toEqual([
      'Consensus ',
      'by ',
      'ad ',
      'referendum ',
      '(round ',
      '1).',
    ]);
    expect(breakPieces('ฉันทามติโดยวิธี ad referendum (รอบที่ 1)').join('')).toBe(
      'ฉันทามติโดยวิธี ad referendum (รอบที่ 1)',
    );
  });

  it('keeps mai yamok with the word it repeats', () => {
    const pieces = breakPieces('เรื่องต่างๆ');
    expect(pieces.some((piece) => piece.startsWith('ๆ'))).toBe(false);
  });
});

describe(breakLines.name, () => {
  it('gives lines that join back to the paragraph, each ending at a word boundary', () => {
    const boundaries = wordBoundaries(TITLE);
    for (const width of [8, 12, 20, 33]) {
      const lines = breakLines(TITLE, width, codePoints);
      expect(lines.map((line) => line.actual).join('')).toBe(TITLE);
      let offset = 0;
      for (const line of lines) {
        expect(codePoints(line.text)).toBeLessThanOrEqual(width);
        offset += line.actual.length;
        expect(boundaries.has(offset)).toBe(true);
      }
      expect(lines.length).toBeGreaterThan(1);
    }
  });

  it('fills each line as far as the width allows', () => {
    const lines = breakLines('one two three four five', 9, codePoints);
    expect(lines).toEqual([
      { text: 'one two', actual: 'one two ' },
      { text: 'three', actual: 'three ' },
      { text: 'four five', actual: 'four five' },
    ]);
  });

  it('breaks a piece longer than a line between graphemes, marks kept on their consonant', () => {
    const hash = 'a'.repeat(25);
    expect(breakLines(hash, 10, codePoints).map((line) => line.text)).toEqual([
      'a'.repeat(10),
      'a'.repeat(10),
      'a'.repeat(5),
    ]);
    // ที่ is one grapheme of three code points: a width of 2 still keeps it whole.
    const lines = breakLines('ที่ที่', 2, (text) => [...text].length);
    expect(lines.map((line) => line.text)).toEqual(['ที่', 'ที่']);
  });

  it('gives one empty line for an empty paragraph', () => {
    expect(breakLines('', 10, codePoints)).toEqual([{ text: '', actual: '' }]);
  });
});

describe(paragraphs.name, () => {
  it('splits at CRLF, LF and CR', () => {
    expect(paragraphs('a\r\nb\nc\rd\n\ne')).toEqual(['a', 'b', 'c', 'd', '', 'e']);
  });
});

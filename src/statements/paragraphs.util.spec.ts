import { followParagraph, mapParagraphs, splitParagraphs } from './paragraphs.util';

describe(splitParagraphs.name, () => {
  it('splits at blank lines, whitespace-only lines included, and trims each block', () => {
    expect(splitParagraphs('One.\nstill one.\n\n  Two.\r\n \r\nThree.\n\n\n')).toEqual([
      'One.\nstill one.',
      'Two.',
      'Three.',
    ]);
  });

  it('gives no paragraph for an empty text; a text without a blank line is one paragraph', () => {
    expect(splitParagraphs('\n \n')).toEqual([]);
    expect(splitParagraphs(' \n\n ')).toEqual([]);
    expect(splitParagraphs('Only this.')).toEqual(['Only this.']);
  });

  it('takes Windows and old Mac line ends as well', () => {
    expect(splitParagraphs('A\r\n\r\nB')).toEqual(['A', 'B']);
    expect(splitParagraphs('A\r\rB')).toEqual(['A', 'B']);
  });
});

describe(mapParagraphs.name, () => {
  it('keeps the numbers of unchanged paragraphs and of one changed in place', () => {
    expect(mapParagraphs(['a', 'b', 'c'], ['a', 'B', 'c'])).toEqual({ '1': 1, '2': 2, '3': 3 });
  });

  it('shifts the paragraphs after an inserted one; nothing maps to the inserted number', () => {
    const map = mapParagraphs(['a', 'b', 'c'], ['a', 'new', 'b', 'c']);
    expect(map).toEqual({ '1': 1, '2': 3, '3': 4 });
    expect(Object.values(map)).not.toContain(2);
  });

  it('maps a deleted paragraph to null', () => {
    expect(mapParagraphs(['a', 'b', 'c'], ['a', 'c'])).toEqual({ '1': 1, '2': null, '3': 2 });
  });

  it('pairs a replaced run in order and maps the removed ones left over to null', () => {
    expect(mapParagraphs(['a', 'b', 'c', 'd'], ['a', 'X', 'd'])).toEqual({
      '1': 1,
      '2': 2,
      '3': null,
      '4': 3,
    });
  });
});

describe(followParagraph.name, () => {
  it('follows a number through several versions until it is deleted', () => {
    const v2 = mapParagraphs(['a', 'b', 'c'], ['new', 'a', 'b', 'c']);
    const v3 = mapParagraphs(['new', 'a', 'b', 'c'], ['new', 'a', 'c']);
    expect(followParagraph(2, [null, v2])).toBe(3);
    expect(followParagraph(2, [null, v2, v3])).toBeNull();
    expect(followParagraph(3, [null, v2, v3])).toBe(3);
  });
});

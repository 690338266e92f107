import { paragraphsOf } from './paragraphs.util';

describe(paragraphsOf.name, () => {
  it('splits on blank lines, trims, and leaves out empty blocks', () => {
    expect(paragraphsOf('One\nstill one.\n\n  Two  \n \n\n\nThree\n')).toEqual([
      'One\nstill one.',
      'Two',
      'Three',
    ]);
  });

  it('a text without a blank line is one paragraph; an empty text has none', () => {
    expect(paragraphsOf('Only this.')).toEqual(['Only this.']);
    expect(paragraphsOf(' \n\n ')).toEqual([]);
  });

  it('takes Windows line ends as well', () => {
    expect(paragraphsOf('A\r\n\r\nB')).toEqual(['A', 'B']);
  });
});

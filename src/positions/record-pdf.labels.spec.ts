import { LABELS } from './record-pdf.labels';

/** Every key path of a catalogue entry, nested groups included. */
function keys(entry: object, prefix = ''): string[] {
  return Object.entries(entry).flatMap(([key, value]) =>
    value && typeof value === 'object' ? keys(value, `${prefix}${key}.`) : [`${prefix}${key}`],
  );
}

describe('LABELS', () => {
  it('gives every term of the PDF in English and in Thai', () => {
    expect(keys(LABELS.th).sort()).toEqual(keys(LABELS.en).sort());
  });
});

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { statusOf } from './adref-exception.filter';
import { AdrefErrorCode } from './adref.errors';

/** The rows of the README's "Error codes" table: code → status. */
export function documentedCodes(readme: string): Map<string, number> {
  const section = readme.split('### Error codes')[1]?.split('\n## ')[0] ?? '';
  const rows = [...section.matchAll(/^\| `([a-z_]+)` +\| (\d{3}) +\|/gm)];
  return new Map(rows.map(([, code, status]) => [code, Number(status)]));
}

describe('the README lists every error code', () => {
  const documented = documentedCodes(readFileSync(join(__dirname, '../../README.md'), 'utf8'));

  it('with the status it is answered with, and no code that does not exist', () => {
    const actual = new Map(Object.values(AdrefErrorCode).map((code) => [code, statusOf(code)]));
    expect(Object.fromEntries(documented)).toEqual(Object.fromEntries(actual));
  });

  it('reads the table, and misses a code left out of it', () => {
    const table =
      '### Error codes\n\n| code | status |\n| --- | --- |\n| `not_found` | 404 | none |\n';
    expect(documentedCodes(table)).toEqual(new Map([['not_found', 404]]));
    expect(documentedCodes('no such section').size).toBe(0);
  });
});

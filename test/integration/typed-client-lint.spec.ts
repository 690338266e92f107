import { ESLint } from 'eslint';

// The typed client's users (scripts/client/, scripts/typed-flow.ts, scripts/demo.ts) take every
// type from the OpenAPI document: ESLint refuses a cast (`as`, `<T>`), `!` and `any` there.
describe('the no-cast rule of the typed client', () => {
  const eslint = new ESLint();
  const RULES = [
    '@typescript-eslint/consistent-type-assertions',
    '@typescript-eslint/no-non-null-assertion',
    '@typescript-eslint/no-explicit-any',
  ];
  const ruleErrors = async (code: string, filePath: string) => {
    const [result] = await eslint.lintText(code, { filePath });
    return result.messages
      .filter((message) => message.severity === 2 && RULES.includes(message.ruleId ?? ''))
      .map((message) => message.ruleId);
  };

  it('fails a cast, a non-null assertion and an any in the typed flow', async () => {
    const bad = [
      "const answer: unknown = JSON.parse('{}');",
      'export const statement = answer as { state: string };',
      'export const first = [1].find((n) => n > 0)!;',
      'export const loose: any = answer;',
      '',
    ].join('\n');
    for (const filePath of [
      'scripts/typed-flow.ts',
      'scripts/client/wrapper.ts',
      'scripts/demo.ts',
    ]) {
      expect((await ruleErrors(bad, filePath)).sort()).toEqual([...RULES].sort());
    }
    // Elsewhere the same lines (with `unknown` for `any`) are no error: the rule is this folder's.
    expect(await ruleErrors(bad.replace('any', 'unknown'), 'src/common/elsewhere.ts')).toEqual([]);
  });

  it('passes the typed flow, the demo and the client as they are', async () => {
    const results = await eslint.lintFiles([
      'scripts/typed-flow.ts',
      'scripts/demo.ts',
      'scripts/client',
    ]);
    expect(
      results.flatMap((result) => result.messages.map((m) => `${result.filePath}: ${m.message}`)),
    ).toEqual([]);
  });
});

import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import prettier from 'eslint-config-prettier';

/** Code that talks to adref through the typed client (scripts/client/): no cast allowed. */
const TYPED_CLIENT_FILES = ['scripts/client/**/*.ts', 'scripts/typed-flow.ts', 'scripts/demo.ts'];

export default tseslint.config(
  { ignores: ['dist/', 'node_modules/', 'data/', 'artifacts/', 'coverage/', 'generated/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  prettier,
  {
    languageOptions: { globals: { console: 'readonly', process: 'readonly' } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
    },
  },
  {
    files: ['**/*.js', '**/*.cjs'],
    rules: { '@typescript-eslint/no-require-imports': 'off' },
    languageOptions: { globals: { module: 'writable', require: 'readonly' } },
  },
  {
    // The pages' scripts run in the browser as ES modules.
    files: ['src/web/public/**/*.js'],
    languageOptions: {
      sourceType: 'module',
      globals: {
        window: 'readonly',
        document: 'readonly',
        fetch: 'readonly',
        crypto: 'readonly',
        Intl: 'readonly',
        URL: 'readonly',
        URLSearchParams: 'readonly',
        Node: 'readonly',
      },
    },
  },
  {
    // Tests read JSON answers of the API, whose shapes the assertions themselves check.
    files: ['test/**/*.ts', '**/*.spec.ts'],
    rules: { '@typescript-eslint/no-explicit-any': 'off' },
  },
  {
    // The typed client's users: every type comes from the OpenAPI document, never from a cast.
    files: TYPED_CLIENT_FILES,
    rules: {
      '@typescript-eslint/consistent-type-assertions': ['error', { assertionStyle: 'never' }],
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-non-null-assertion': 'error',
    },
  },
  {
    // The machine definitions stay pure: no framework, database or I/O (DESIGN.md §3).
    files: ['workflows/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              regex: '^(?!xstate$|@xstate/graph$|\\./|\\.\\./workflows/).*',
              message: 'workflows/ imports only xstate and its own files.',
            },
          ],
        },
      ],
    },
  },
);

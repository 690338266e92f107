// Nest 12 and a few other dependencies ship ES modules only; swc turns them (and our
// TypeScript) into CommonJS so Jest can load them on Node 22 (see ../shared/STACK.md).
const swc = [
  '@swc/jest',
  {
    jsc: {
      parser: { syntax: 'typescript', decorators: true },
      transform: { legacyDecorator: true, decoratorMetadata: true },
      target: 'es2022',
    },
    module: { type: 'commonjs' },
  },
];

module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/src', '<rootDir>/workflows', '<rootDir>/test'],
  testRegex: '\\.(spec|e2e-spec)\\.ts$',
  // test/postgres/ runs two app processes on one database: an embedded PGlite cannot be shared.
  testPathIgnorePatterns: process.env.TEST_DATABASE_URL
    ? ['/node_modules/']
    : ['/node_modules/', '<rootDir>/test/postgres/'],
  transform: { '^.+\\.(t|j|mj)s$': swc },
  transformIgnorePatterns: [
    '/node_modules/(?!(@nestjs|canonicalize|diff|openid-client|oauth4webapi|oidc-provider|jose|postal-mime|file-type|strtok3|token-types|@tokenizer|uint8array-extras)/)',
  ],
  moduleFileExtensions: ['ts', 'js', 'mjs', 'json'],
  // Generous: a busy machine is slow, not wrong (a hook that starts Chromium or builds waits long).
  testTimeout: 180_000,
};

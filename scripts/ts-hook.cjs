// Lets plain `node -r ./scripts/ts-hook.cjs` load the TypeScript sources (with decorator
// metadata, as Nest needs) without a build: `npm run openapi` and so `npm run typecheck`
// generate the document before tsc has compiled anything. Same swc options as jest.config.js.
const { readFileSync } = require('node:fs');
const { transformSync } = require('@swc/core');

require.extensions['.ts'] = (module, filename) => {
  const { code } = transformSync(readFileSync(filename, 'utf8'), {
    filename,
    jsc: {
      parser: { syntax: 'typescript', decorators: true },
      transform: { legacyDecorator: true, decoratorMetadata: true },
      target: 'es2022',
    },
    module: { type: 'commonjs' },
    sourceMaps: 'inline',
  });
  module._compile(code, filename);
};

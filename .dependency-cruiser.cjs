/**
 * The layers of adref, as the code's imports must show them (../shared/STYLE.md, "Layers").
 * Each layer may import only the layers listed before it (and itself): nothing points back up.
 *
 *   workflows/ (pure machines) → src/common, src/config → src/database → src/engine →
 *   the features, in this order → src/web → the app's composition (src/*.ts)
 *
 * The features are ordered too, so that no two import each other: reference data first, then
 * notifications (which auth uses to send sign-in links), accounts, statements, their readings
 * (positions, timers, verify), the archive of a framework, which reads them all, and the
 * import of history, which drives statements.
 * `npm run lint` runs this; test/integration/layer-rules.spec.ts shows a forbidden import failing it.
 */
const LAYERS = [
  { name: 'workflows', path: '^workflows/' },
  { name: 'migrations', path: '^migrations/' },
  { name: 'common', path: '^src/common/' },
  { name: 'config', path: '^src/config/' },
  { name: 'database', path: '^src/database/' },
  { name: 'engine', path: '^src/engine/' },
  { name: 'reference', path: '^src/reference/' },
  { name: 'notify', path: '^src/notify/' },
  { name: 'auth', path: '^src/auth/' },
  { name: 'statements', path: '^src/statements/' },
  { name: 'positions', path: '^src/positions/' },
  { name: 'timers', path: '^src/timers/' },
  { name: 'verify', path: '^src/verify/' },
  { name: 'archive', path: '^src/archive/' },
  { name: 'imports', path: '^src/imports/' },
  { name: 'web', path: '^src/web/' },
  { name: 'app', path: '^src/[^/]+$' },
];

const layerRules = LAYERS.slice(0, -1).map((layer, index) => ({
  name: `${layer.name}-points-down`,
  comment: `${layer.name} may import only the layers below it: ${LAYERS.slice(0, index)
    .map((below) => below.name)
    .join(', ')}`,
  severity: 'error',
  from: { path: layer.path },
  to: { path: LAYERS.slice(index + 1).map((above) => `(${above.path})`) },
}));

module.exports = {
  forbidden: [
    ...layerRules,
    {
      name: 'workflows-stay-pure',
      comment: 'the machines import only xstate and their own files: no framework, no I/O',
      severity: 'error',
      from: { path: '^workflows/' },
      to: { dependencyTypes: ['npm', 'core'], pathNot: '(^|/)node_modules/xstate/' },
    },
    {
      name: 'thin-controllers',
      comment: 'a controller parses and calls one service method: no entity, repository or TypeORM',
      severity: 'error',
      from: { path: '\\.controller\\.ts$' },
      to: {
        path: [
          '(^|/)node_modules/(typeorm|@nestjs/typeorm)/',
          '\\.(entity|entities|repository)\\.ts$',
        ],
      },
    },
    {
      name: 'no-circular',
      comment: 'files that import each other, however far round',
      severity: 'error',
      from: { path: '^(src|workflows)/' },
      to: { circular: true },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    // The pages' browser scripts are served as they are and import only each other.
    exclude: { path: ['^src/web/public/', '\\.spec\\.ts$'] },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: { extensions: ['.ts', '.js', '.json'] },
  },
};

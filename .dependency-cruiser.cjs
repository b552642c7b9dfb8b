/**
 * The architecture rules `npm run lint` enforces (docs/design.md). Each is proven to bite by
 * test/architecture.e2e-spec.ts, which plants a forbidden import in a copy of src/ and expects it refused.
 * Ties between folders (a cycle of folders rather than files) are scripts/folder-cycles.mjs's.
 */
module.exports = {
  forbidden: [
    {
      name: 'no-circular',
      comment: 'No file depends on itself through others at run time (a type-only import loads nothing).',
      severity: 'error',
      from: {},
      to: { circular: true, viaOnly: { dependencyTypesNot: ['type-only'] } },
    },
    {
      name: 'risk-core-is-pure',
      comment: 'The risk maths knows no Nest, database or other feature: it imports only common/dates and its own files.',
      severity: 'error',
      from: { path: '^src/risk/', pathNot: '\\.spec\\.ts$' },
      to: { pathNot: ['^src/risk/', '^src/common/dates\\.ts$'] },
    },
    {
      name: 'migrations-import-no-live-code',
      comment: 'A past migration must not change when the code does: it imports TypeORM and the migrations folder only.',
      severity: 'error',
      from: { path: '^src/database/migrations/' },
      to: { pathNot: ['^src/database/migrations/', '(^|/)node_modules/typeorm/'] },
    },
    {
      name: 'typeorm-in-repositories-only',
      comment: 'Repositories are the only code that knows tables: elsewhere TypeORM is a type (EntityManager) at most.',
      severity: 'error',
      from: { path: '^src/', pathNot: ['\\.repository\\.ts$', '\\.entity\\.ts$', '^src/database/', '\\.spec\\.ts$'] },
      to: { path: '(^|/)node_modules/typeorm/', dependencyTypesNot: ['type-only'] },
    },
    {
      name: 'no-other-features-repository',
      comment: "A feature reads another's data through the services that module exports, never through its repository.",
      severity: 'error',
      from: { path: '^src/([^/]+)/', pathNot: '\\.spec\\.ts$' },
      to: { path: '^src/[^/]+/[^/]+\\.repository\\.ts$', pathNot: '^src/$1/' },
    },
    {
      name: 'no-other-features-entity',
      comment: "Another feature's entity may be a type (a read model), never a value: its table is that feature's to query.",
      severity: 'error',
      from: { path: '^src/([^/]+)/', pathNot: '\\.spec\\.ts$' },
      to: { path: '^src/[^/]+/[^/]+\\.entity\\.ts$', pathNot: '^src/$1/', dependencyTypesNot: ['type-only'] },
    },
    {
      name: 'shared-is-plain',
      comment: 'Code the page and the server share runs in a browser: no Nest, no Node built-ins, nothing of the server.',
      severity: 'error',
      from: { path: '^src/shared/', pathNot: '\\.spec\\.ts$' },
      to: { path: ['^src/(?!shared/)', '(^|/)node_modules/@nestjs/'], dependencyTypesNot: ['type-only'] },
    },
    {
      name: 'shared-no-node',
      severity: 'error',
      from: { path: '^src/shared/', pathNot: '\\.spec\\.ts$' },
      to: { dependencyTypes: ['core'] },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '(^|/)dist/' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: { extensions: ['.ts', '.js', '.mjs', '.json'] },
  },
};

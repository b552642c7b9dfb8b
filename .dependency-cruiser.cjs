/**
 * The architecture rules `npm run lint` enforces (docs: README "Design"). Each is proven to bite by
 * test/architecture.e2e-spec.ts, which plants a forbidden import in a copy of src/ and expects it refused.
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

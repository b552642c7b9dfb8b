import tseslint from 'typescript-eslint';

const QUERIES_IN_REPOSITORIES = 'Only a *.repository.ts queries: give its repository a method for this (docs/design.md).';
const ENTITY_MANAGER_CALLS =
  'find\\w*|save|insert|update|upsert|delete|remove|softDelete|count\\w*|exist\\w*|increment|decrement|sum|average|minimum|maximum';

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'coverage/**', 'bench/out/**', 'web/src/generated/**'] },
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-console': 'error',
    },
  },
  {
    // The risk maths stays a pure core: plain data in, plain results out. What it may import is
    // .dependency-cruiser.cjs's rule risk-core-is-pure (a path pattern here matched none of them).
    files: ['src/risk/**/*.ts'],
    rules: {
      'no-restricted-properties': ['error', { object: 'Date', property: 'now', message: 'The core takes time as an argument.' }],
    },
  },
  {
    // What the server and the web page share (the page imports it as @shared/...): nothing of Nest, Node or the rest of src/.
    files: ['src/shared/**/*.ts'],
    ignores: ['**/*.spec.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: ['@nestjs/*', 'node:*', 'typeorm', 'pg', 'better-sqlite3', '../*'] }],
      'no-restricted-globals': ['error', 'process', 'Buffer', 'require', '__dirname'],
    },
  },
  {
    // A file a newcomer reads in one sitting: split by job past this (counted as wc -l counts).
    files: ['src/**/*.ts'],
    rules: { 'max-lines': ['error', { max: 300 }] },
  },
  {
    // Repositories are the only code that knows tables. dependency-cruiser keeps TypeORM's values out of
    // the rest (typeorm-in-repositories-only); this keeps out the calls an EntityManager type allows.
    files: ['src/**/*.ts'],
    ignores: ['**/*.repository.ts', '**/*.entity.ts', 'src/database/**', '**/*.spec.ts'],
    rules: {
      'no-restricted-syntax': [
        'error',
        { selector: 'CallExpression[callee.property.name=/^(getRepository|createQueryBuilder|query)$/]', message: QUERIES_IN_REPOSITORIES },
        { selector: "MemberExpression[property.name='reads'][object.property.name='db']", message: QUERIES_IN_REPOSITORIES },
        {
          selector: `CallExpression[callee.object.name=/^(tx|manager|em)$/][callee.property.name=/^(${ENTITY_MANAGER_CALLS})$/]`,
          message: QUERIES_IN_REPOSITORIES,
        },
      ],
    },
  },
  { files: ['bench/**/*.ts', 'test/**/*.ts'], rules: { 'no-console': 'off' } },
);

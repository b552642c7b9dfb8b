import tseslint from 'typescript-eslint';

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
  { files: ['bench/**/*.ts', 'test/**/*.ts'], rules: { 'no-console': 'off' } },
);

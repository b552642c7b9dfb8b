import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const ROOT = join(import.meta.dirname, '..');
const BIN = join(ROOT, 'node_modules', '.bin');

/** Forbidden imports planted in a copy of src/, each under the dependency-cruiser rule that must refuse it. */
const PLANTED_IMPORTS: Record<string, Record<string, string>> = {
  'risk-core-is-pure': { 'src/risk/planted.ts': "import { Database } from '../database/database.js';\nexport const planted = Database;\n" },
  'migrations-import-no-live-code': {
    'src/database/migrations/planted.ts': "import { parseMoney } from '../../common/money.js';\nexport const planted = parseMoney;\n",
  },
  'shared-is-plain': { 'src/shared/planted.ts': "import { Injectable } from '@nestjs/common';\nexport const planted = Injectable;\n" },
  'shared-no-node': { 'src/shared/planted-node.ts': "import { readFileSync } from 'node:fs';\nexport const planted = readFileSync;\n" },
  'no-circular': {
    'src/common/planted-a.ts': "import { b } from './planted-b.js';\nexport const a = () => b;\n",
    'src/common/planted-b.ts': "import { a } from './planted-a.js';\nexport const b = () => a;\n",
  },
  'typeorm-in-repositories-only': { 'src/limits/planted.service.ts': "import { In } from 'typeorm';\nexport const planted = In;\n" },
  'no-other-features-repository': {
    'src/limits/planted.service.ts':
      "import { HoldingsRepository } from '../holdings/holdings.repository.js';\nexport const planted = HoldingsRepository;\n",
  },
  'no-other-features-entity': {
    'src/limits/planted.service.ts':
      "import { PortfolioEntity } from '../portfolios/portfolio.entity.js';\nexport const planted = PortfolioEntity;\n",
  },
};

/** Code planted against the ESLint rules of src/: a query outside a repository, a file too long to read in one sitting. */
const PLANTED_CODE: Record<string, string> = {
  'no-restricted-syntax': [
    "import type { EntityManager } from 'typeorm';",
    'export const planted = (tx: EntityManager) => tx.getRepository("portfolios").find();',
    '',
  ].join('\n'),
  'max-lines': Array.from({ length: 301 }, (_, i) => `export const line${i} = ${i};`).join('\n') + '\n',
};

/** A copy of the project's src/ and lint settings, with `files` written into it. */
function copyWith(files: Record<string, string>): string {
  const copy = mkdtempSync(join(tmpdir(), 'iem-architecture-'));
  cpSync(join(ROOT, 'src'), join(copy, 'src'), { recursive: true });
  for (const file of ['.dependency-cruiser.cjs', 'tsconfig.json', 'eslint.config.js', 'package.json'])
    cpSync(join(ROOT, file), join(copy, file));
  symlinkSync(join(ROOT, 'node_modules'), join(copy, 'node_modules'), 'dir');
  for (const [path, text] of Object.entries(files)) writeFileSync(join(copy, path), text);
  return copy;
}

const cruise = (copy: string, files: string[]) =>
  spawnSync(join(BIN, 'depcruise'), [...files, '--config', '.dependency-cruiser.cjs', '--output-type', 'err'], {
    cwd: copy,
    encoding: 'utf8',
  });
const folderCycles = (copy: string) => spawnSync('node', [join(ROOT, 'scripts', 'folder-cycles.mjs'), copy], { encoding: 'utf8' });
const eslint = (copy: string, files: string[]) => spawnSync(join(BIN, 'eslint'), files, { cwd: copy, encoding: 'utf8' });

/** The architecture rules of `npm run lint` bite: each refuses what is planted against it. */
describe('architecture rules', () => {
  it('pass the code as it is', () => {
    const copy = copyWith({});
    const clean = cruise(copy, ['src']);
    expect([clean.status, clean.stdout]).toEqual([0, expect.stringContaining('no dependency violations found')]);
    expect(folderCycles(copy).status).toBe(0);
  });

  it.each(Object.entries(PLANTED_IMPORTS))('%s refuses its planted import', (rule, files) => {
    const result = cruise(copyWith(files), Object.keys(files));
    expect(result.status).not.toBe(0);
    expect(result.stdout).toContain(`error ${rule}:`);
  });

  it("lets a feature import another feature's entity as a type (a read model)", () => {
    const files = {
      'src/limits/planted.service.ts':
        "import type { PortfolioEntity } from '../portfolios/portfolio.entity.js';\nexport type Planted = PortfolioEntity;\n",
    };
    expect(cruise(copyWith(files), Object.keys(files)).status).toBe(0);
  });

  it('folder-cycles refuses two folders that import each other, naming an import of each way', () => {
    // alerts already imports config (app-config); config importing alerts closes the loop, with no file cycle.
    const result = folderCycles(copyWith({ 'src/config/planted.ts': "export type { AlertView } from '../alerts/alert.dto.js';\n" }));
    expect(result.status).toBe(1);
    expect(result.stderr).toContain('error folder-cycle:');
    expect(result.stderr).toContain('config -> alerts: src/config/planted.ts imports src/alerts/alert.dto.ts');
  });

  it.each(Object.entries(PLANTED_CODE))('ESLint %s refuses its planted code in a service', (rule, text) => {
    const result = eslint(copyWith({ 'src/limits/planted.service.ts': text }), ['src/limits/planted.service.ts']);
    expect(result.status).toBe(1);
    expect(result.stdout).toContain(rule);
  });
});

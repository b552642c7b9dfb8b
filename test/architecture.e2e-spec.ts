import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const ROOT = join(import.meta.dirname, '..');
const DEPCRUISE = join(ROOT, 'node_modules', '.bin', 'depcruise');

/** Forbidden imports planted in a copy of src/, each under the rule that must refuse it. */
const PLANTED: Record<string, Record<string, string>> = {
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
};

/** The architecture rules of `npm run lint` (.dependency-cruiser.cjs) bite: each refuses the import planted against it. */
describe('architecture rules', () => {
  let copy: string;

  beforeAll(() => {
    copy = mkdtempSync(join(tmpdir(), 'iem-architecture-'));
    cpSync(join(ROOT, 'src'), join(copy, 'src'), { recursive: true });
    for (const file of ['.dependency-cruiser.cjs', 'tsconfig.json']) cpSync(join(ROOT, file), join(copy, file));
    symlinkSync(join(ROOT, 'node_modules'), join(copy, 'node_modules'), 'dir');
  });

  const cruise = (files: string[]) =>
    spawnSync(DEPCRUISE, [...files, '--config', '.dependency-cruiser.cjs', '--output-type', 'err'], { cwd: copy, encoding: 'utf8' });

  it('passes the code as it is', () => {
    const clean = cruise(['src']);
    expect([clean.status, clean.stdout]).toEqual([0, expect.stringContaining('no dependency violations found')]);
  });

  it.each(Object.entries(PLANTED))('%s refuses its planted import', (rule, files) => {
    for (const [path, text] of Object.entries(files)) writeFileSync(join(copy, path), text);
    const result = cruise(Object.keys(files));
    expect(result.status).not.toBe(0);
    expect(result.stdout).toContain(`error ${rule}:`);
  });
});

import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readPresets } from './limit-preset-files.js';

function presetDir(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'iem-presets-'));
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  return dir;
}

const limit = {
  name: 'single person',
  scope: { type: 'EACH_ISSUER_FAMILY' },
  measure: 'BOOK_VALUE',
  basis: 'PCT_ADMITTED_ASSETS',
  limitPct: 3,
};

describe('limit preset files', () => {
  it("reads the project's rule sets, the NAIC model law's seven limits among them", async () => {
    const presets = await readPresets();
    expect(presets.find((p) => p.id === 'naic-model-280-life')?.limits).toHaveLength(7);
  });

  it('names a rule set after its file, in file name order, and ignores other files', async () => {
    const rules = JSON.stringify({ name: 'Policy', description: 'Board policy', limits: [limit] });
    const presets = await readPresets(presetDir({ 'b-policy.json': rules, 'a-policy.json': rules, 'README.md': '#' }));
    expect(presets.map((p) => p.id)).toEqual(['a-policy', 'b-policy']);
  });

  it('stops the start on a limit that POST /api/limits would refuse, naming the field', async () => {
    const bad = {
      name: 'Policy',
      description: 'Board policy',
      limits: [{ ...limit, scope: { type: 'EACH_ISSUER_FAMILY', holdingsFilter: { naicMin: 3, naicMax: 7 } } }],
    };
    await expect(readPresets(presetDir({ 'bad.json': JSON.stringify(bad) }))).rejects.toThrow(
      /bad\.json is invalid: limits\.0\.scope\.holdingsFilter\.naicMax/,
    );
    await expect(readPresets(presetDir({ 'broken.json': '{' }))).rejects.toThrow(/broken\.json is not JSON/);
  });
});

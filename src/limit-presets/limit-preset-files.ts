import { existsSync } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { plainToInstance } from 'class-transformer';
import { validate } from 'class-validator';
import { StartupError } from '../config/app-config.js';
import { flatten } from '../common/validation.js';
import { PresetFileDto, type PresetLimitDto } from './limit-preset.dto.js';

/** A rule set as read from its file. */
export interface LimitPreset {
  id: string;
  name: string;
  description: string;
  limits: PresetLimitDto[];
}

/** The project's config/limit-presets/, from src/limit-presets/ (tests) or dist/src/limit-presets/ (built). */
export const PRESETS_DIR = ['../../config/limit-presets/', '../../../config/limit-presets/']
  .map((path) => fileURLToPath(new URL(path, import.meta.url)))
  .find((dir) => existsSync(dir));

/** Every rule set, one JSON file each, by id; a file that is not a valid rule set stops the start with its problems. */
export async function readPresets(dir = PRESETS_DIR): Promise<LimitPreset[]> {
  if (!dir) throw new StartupError('config/limit-presets/', 'is missing: the limit presets are read from there');
  const files = (await readdir(dir)).filter((name) => name.endsWith('.json')).sort();
  return Promise.all(files.map((file) => readPreset(join(dir, file))));
}

async function readPreset(path: string): Promise<LimitPreset> {
  const id = basename(path, '.json');
  let raw: unknown;
  try {
    raw = JSON.parse(await readFile(path, 'utf8'));
  } catch (err) {
    throw new StartupError(`limit preset ${path}`, `is not JSON: ${(err as Error).message}`);
  }
  const preset = plainToInstance(PresetFileDto, raw);
  const problems = flatten(await validate(preset, { whitelist: true, forbidNonWhitelisted: true }));
  if (problems.length)
    throw new StartupError(`limit preset ${path}`, `is invalid: ${problems.map((p) => `${p.field} ${p.message}`).join('; ')}`);
  return { id, name: preset.name, description: preset.description, limits: preset.limits };
}

import { Injectable, type OnModuleInit } from '@nestjs/common';
import type { Actor } from '../auth/roles.js';
import { NotFound } from '../common/errors.js';
import { slicePage, type Page, type PageQuery } from '../common/pagination.js';
import { LimitsService } from '../limits/limits.service.js';
import { toPresetLimitView, type AppliedPresetView, type LimitPresetView } from './limit-preset.dto.js';
import { readPresets, type LimitPreset } from './limit-preset-files.js';

/** Rule sets as data (config/limit-presets/*.json), read once at start, applied as ordinary limits. */
@Injectable()
export class LimitPresetsService implements OnModuleInit {
  private presets: LimitPreset[] = [];

  constructor(private readonly limits: LimitsService) {}

  async onModuleInit(): Promise<void> {
    this.presets = await readPresets();
  }

  list(query: PageQuery): Page<LimitPresetView> {
    return slicePage(
      this.presets.map((preset) => ({ ...preset, limits: preset.limits.map(toPresetLimitView) })),
      query,
    );
  }

  async apply(actor: Actor, id: string, portfolio: string | null): Promise<AppliedPresetView> {
    const preset = this.presets.find((p) => p.id === id);
    if (!preset) throw new NotFound(`Limit preset ${id}`);
    const limits = await this.limits.createFromPreset(
      actor,
      id,
      portfolio,
      preset.limits.map((limit) => ({ ...limit, portfolio })),
    );
    return { preset: id, portfolio, limits };
  }
}

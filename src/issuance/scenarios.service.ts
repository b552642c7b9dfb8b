import { Injectable } from '@nestjs/common';
import { AuditService } from '../audit/audit.service.js';
import type { Actor } from '../auth/roles.js';
import { Clock } from '../common/clock.js';
import { Conflict, NotFound } from '../common/errors.js';
import { slicePage, type Page, type PageQuery } from '../common/pagination.js';
import { Database } from '../database/database.js';
import type { Scenario } from '../risk/model.js';
import { toScenarioView, type CreateScenarioDto, type ScenarioView, type UpdateScenarioDto } from './issuance.dto.js';
import { ScenariosRepository } from './scenarios.repository.js';

@Injectable()
export class ScenariosService {
  constructor(
    private readonly db: Database,
    private readonly scenarios: ScenariosRepository,
    private readonly audit: AuditService,
    private readonly clock: Clock,
  ) {}

  /** A handful of scenarios: read whole, paged here. */
  async list(page: PageQuery): Promise<Page<ScenarioView>> {
    const scenarios = await this.scenarios.all();
    return slicePage(scenarios.map(toScenarioView), page);
  }

  async create(actor: Actor, dto: CreateScenarioDto) {
    return this.db.transaction(async (tx) => {
      if (await this.scenarios.exists(tx, { name: dto.name })) throw new Conflict(`Scenario ${dto.name} already exists`);
      const saved = await this.scenarios.save(tx, {
        name: dto.name,
        issuanceMultiplier: dto.issuanceMultiplier ?? 1,
        probabilityOverride: dto.probabilityOverride ?? null,
        participationMultiplier: dto.participationMultiplier ?? 1,
        spreadShockBp: dto.spreadShockBp ?? 0,
        assetGrowthPctPerYear: dto.assetGrowthPctPerYear ?? 0,
        rolloverMaturities: dto.rolloverMaturities ?? false,
        fxShocks: storedShocks(dto.fxShocks),
        builtIn: false,
        createdAt: this.clock.nowIso(),
      });
      await this.audit.record(tx, actor, {
        action: 'scenario.create',
        entity: 'scenario',
        entityId: saved.name,
        after: toScenarioView(saved),
      });
      return toScenarioView(saved);
    });
  }

  /** The built-in scenarios are part of the contract (SPEC 5.5) and stay as they are. */
  async update(actor: Actor, name: string, dto: UpdateScenarioDto) {
    return this.db.transaction(async (tx) => {
      const current = await this.scenarios.require(`Scenario ${name}`, { name }, tx);
      if (current.builtIn) throw new Conflict(`The built-in scenario ${name} cannot be changed; create one of your own`);
      const saved = await this.scenarios.save(tx, {
        ...current,
        ...dto,
        ...(dto.fxShocks !== undefined && { fxShocks: storedShocks(dto.fxShocks) }),
      });
      await this.audit.record(tx, actor, {
        action: 'scenario.update',
        entity: 'scenario',
        entityId: name,
        before: toScenarioView(current),
        after: toScenarioView(saved),
      });
      return toScenarioView(saved);
    });
  }

  async byNames(names?: string[]): Promise<Scenario[]> {
    const all = await this.scenarios.all();
    const unknown = names?.filter((n) => !all.some((s) => s.name === n)) ?? [];
    if (unknown.length) throw new NotFound(`Scenario ${unknown.join(', ')}`);
    return all.filter((s) => !names || names.includes(s.name)).map(({ id: _id, builtIn: _b, createdAt: _c, ...scenario }) => scenario);
  }
}

/** No shock is stored as null, so that a scenario without any reads as it did before FX shocks. */
function storedShocks(shocks: Record<string, number> | undefined): Record<string, number> | null {
  return shocks && Object.keys(shocks).length ? shocks : null;
}

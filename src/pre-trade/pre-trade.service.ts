import { Injectable } from '@nestjs/common';
import type { Actor } from '../auth/roles.js';
import { Clock } from '../common/clock.js';
import { DomainError } from '../common/errors.js';
import { parseMoneyNumber } from '../common/money.js';
import { naicNumber } from '../common/naic.js';
import { SnapshotsService } from '../holdings/snapshots.service.js';
import { findIssuer } from '../issuers/issuer-reference.js';
import { ScenariosService } from '../issuance/scenarios.service.js';
import { IssuersService } from '../issuers/issuers.service.js';
import { displayIssuerName, normalizeIssuerName } from '../issuers/issuer-name.js';
import { nearestIssuers } from '../issuers/issuer-suggestions.js';
import { PortfoliosService } from '../portfolios/portfolios.service.js';
import { DEFAULT_HORIZON, ProjectionService } from '../projection/projection.service.js';
import { whatIf, type Trade } from '../risk/what-if.js';
import { toWhatIfView, type NewIssuerView, type TradeDto, type WhatIfDto, type WhatIfView } from './pre-trade.dto.js';
import { SnapshotBucketCache } from './snapshot-bucket-cache.js';

/** The issuers the trades name, read only: a name nobody has is a new issuer, with an id of its own below zero. */
interface ResolvedIssuers {
  issuerIds: number[];
  newNames: Map<number, string>;
  newIssuers: NewIssuerView[];
}

/** The pre-trade check: the trades applied to the current snapshot's aggregates, nothing stored. */
@Injectable()
export class PreTradeService {
  constructor(
    private readonly portfolios: PortfoliosService,
    private readonly snapshots: SnapshotsService,
    private readonly projection: ProjectionService,
    private readonly buckets: SnapshotBucketCache,
    private readonly scenarios: ScenariosService,
    private readonly clock: Clock,
    private readonly issuers: IssuersService,
  ) {}

  async check(actor: Actor, code: string, dto: WhatIfDto): Promise<WhatIfView> {
    const portfolio = await this.portfolios.require(code, actor);
    if (!(await this.snapshots.current(portfolio.id))) {
      throw new DomainError(
        422,
        `Portfolio ${code} has no holdings snapshot yet: upload a holdings file before checking trades against it`,
      );
    }
    const [scenario] = await this.scenarios.byNames([dto.scenario ?? 'base']);
    const { issuerIds, newNames, newIssuers } = await this.resolve(dto.trades);
    const horizonMonths = dto.horizonMonths ?? DEFAULT_HORIZON;
    const { input, rollup, familyOf } = await this.projection.inputFor(code, horizonMonths, (id) => this.buckets.pages(id));
    const familyNames = new Map([...input.familyNames, ...newNames]);
    const trades = dto.trades.map((trade, i) => toTrade(trade, issuerIds[i]));
    const result = whatIf({ ...input, familyNames, scenario }, rollup, familyOf, trades);
    const context = {
      portfolio: code,
      asOfDate: input.portfolio.asOfDate,
      currency: portfolio.baseCurrency,
      scenario: scenario.name,
      horizonMonths,
      newIssuers,
    };
    return toWhatIfView(context, result);
  }

  private async resolve(trades: TradeDto[]): Promise<ResolvedIssuers> {
    const directory = await this.issuers.readDirectory(this.clock.nowIso());
    const newIds = new Map<string, number>();
    const newNames = new Map<number, string>();
    const issuerIds = trades.map((trade, i) => {
      const found = findIssuer(directory, trade.issuer, `trades.${i}.issuer`);
      if (found) return found.id;
      const name = displayIssuerName(String(trade.issuer));
      const key = normalizeIssuerName(name);
      if (!newIds.has(key)) newIds.set(key, -(newIds.size + 1));
      newNames.set(newIds.get(key)!, name);
      return newIds.get(key)!;
    });
    const newIssuers = [...newNames.values()].map((issuer) => ({ issuer, suggestions: nearestIssuers(directory.all(), issuer) }));
    return { issuerIds, newNames, newIssuers };
  }
}

function toTrade(dto: TradeDto, issuerId: number): Trade {
  const marketCents = parseMoneyNumber(dto.marketValue);
  return {
    issuerId,
    side: dto.side,
    marketCents,
    bookCents: dto.bookValue === undefined ? marketCents : parseMoneyNumber(dto.bookValue),
    parCents: dto.par === undefined ? marketCents : parseMoneyNumber(dto.par),
    naic: naicNumber(dto.naicDesignation),
    sector: dto.sector ?? null,
    maturityDate: dto.maturityDate ?? null,
  };
}

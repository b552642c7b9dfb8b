import { Injectable } from '@nestjs/common';
import type { Actor } from '../auth/roles.js';
import { Clock } from '../common/clock.js';
import { DomainError, InvalidFields } from '../common/errors.js';
import { FxRatesService, type FxConversion } from '../fx/fx-rates.service.js';
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
import { convertCents } from '../risk/fx.js';
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
    private readonly fx: FxRatesService,
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
    const { asOfDate, baseCurrency = portfolio.baseCurrency } = input.portfolio;
    const rates = await this.ratesOf(dto.trades, asOfDate, baseCurrency);
    const trades = dto.trades.map((trade, i) => toTrade(trade, i, issuerIds[i], baseCurrency, rates));
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

  /** The rates of the trades' currencies other than the base, at the snapshot's as-of date: none looked up when all are in the base. */
  private async ratesOf(trades: TradeDto[], asOfDate: string, base: string): Promise<Map<string, FxConversion>> {
    const foreign = new Set(trades.flatMap((trade) => (trade.currency && trade.currency !== base ? [trade.currency] : [])));
    return foreign.size ? this.fx.ratesAt(asOfDate, foreign, base) : new Map();
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

/** The trade in the base currency: amounts in another currency converted, exactly, rounded to the cent, each once. */
function toTrade(dto: TradeDto, i: number, issuerId: number, base: string, rates: Map<string, FxConversion>): Trade {
  const currency = dto.currency ?? base;
  const rate = currency === base ? null : rates.get(currency)!.rate;
  const cents = (amount: number, field: string) => {
    const own = parseMoneyNumber(amount);
    if (!rate) return own;
    try {
      return convertCents(own, rate);
    } catch {
      const message = `${field} converted from ${currency} into ${base} is too large to add up exactly`;
      throw new InvalidFields([{ field: `trades.${i}.${field}`, message }]);
    }
  };
  const marketCents = cents(dto.marketValue, 'marketValue');
  return {
    issuerId,
    side: dto.side,
    currency,
    marketCents,
    bookCents: dto.bookValue === undefined ? marketCents : cents(dto.bookValue, 'bookValue'),
    parCents: dto.par === undefined ? marketCents : cents(dto.par, 'par'),
    naic: naicNumber(dto.naicDesignation),
    sector: dto.sector ?? null,
    maturityDate: dto.maturityDate ?? null,
  };
}

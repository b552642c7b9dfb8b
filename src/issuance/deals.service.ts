import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { AuditService } from '../audit/audit.service.js';
import type { Actor } from '../auth/roles.js';
import { Clock } from '../common/clock.js';
import { firstMonthEndOnOrAfter, monthEndsAfter } from '../common/dates.js';
import { InvalidFields } from '../common/errors.js';
import { parseMoneyNumber } from '../common/money.js';
import type { Page } from '../common/pagination.js';
import { Database } from '../database/database.js';
import { familyIndex } from '../issuers/family.js';
import type { DealEntity } from './deal.entity.js';
import { MAX_PIPELINE_MONTHS, monthsSpanned, requireRoomForDeals } from './deal-bounds.js';
import { DealsRepository } from './deals.repository.js';
import { resolveIssuer } from '../issuers/issuer-reference.js';
import { IssuersService } from '../issuers/issuers.service.js';
import {
  toDealView,
  type CreateDealDto,
  type CreateForecastDto,
  type DealQuery,
  type DealView,
  type ForecastView,
  type UpdateDealDto,
} from './issuance.dto.js';

@Injectable()
export class DealsService {
  constructor(
    private readonly db: Database,
    private readonly deals: DealsRepository,
    private readonly audit: AuditService,
    private readonly clock: Clock,
    private readonly issuers: IssuersService,
  ) {}

  /** Every deal, by id. */
  all(): Promise<DealEntity[]> {
    return this.deals.all();
  }

  find(id: number): Promise<DealEntity | null> {
    return this.deals.find(id);
  }

  async create(actor: Actor, dto: CreateDealDto): Promise<DealView> {
    return this.db.transaction(async (tx) => {
      const now = this.clock.nowIso();
      const issuer = await resolveIssuer(await this.issuers.directory(tx, now), dto.issuer);
      await requireRoomForDeals(this.deals, tx, new Map([[issuer.id, { name: issuer.name, deals: 1 }]]));
      const deal = await this.deals.save(tx, {
        issuerId: issuer.id,
        expectedDate: dto.expectedDate,
        amountCents: parseMoneyNumber(dto.amount),
        currency: dto.currency ?? 'USD',
        probability: dto.probability ?? 1,
        tenorYears: dto.tenorYears ?? null,
        naicDesignation: dto.naicDesignation ?? null,
        source: dto.source ?? null,
        notes: dto.notes ?? null,
        forecastId: null,
        createdAt: now,
        updatedAt: now,
      });
      const view = toDealView(deal, issuer.name);
      await this.audit.record(tx, actor, { action: 'deal.create', entity: 'deal', entityId: deal.id, after: view });
      return view;
    });
  }

  async update(actor: Actor, id: number, dto: UpdateDealDto): Promise<DealView> {
    return this.db.transaction(async (tx) => {
      const deal = await this.require(id, tx);
      const before = toDealView(deal, await this.issuerName(deal.issuerId, tx));
      const now = this.clock.nowIso();
      const issuer = dto.issuer === undefined ? null : await resolveIssuer(await this.issuers.directory(tx, now), dto.issuer);
      if (issuer && issuer.id !== deal.issuerId)
        await requireRoomForDeals(this.deals, tx, new Map([[issuer.id, { name: issuer.name, deals: 1 }]]));
      const saved = await this.deals.save(tx, {
        ...deal,
        ...(issuer && { issuerId: issuer.id }),
        ...(dto.expectedDate !== undefined && { expectedDate: dto.expectedDate }),
        ...(dto.amount !== undefined && { amountCents: parseMoneyNumber(dto.amount) }),
        ...(dto.currency !== undefined && { currency: dto.currency }),
        ...(dto.probability !== undefined && { probability: dto.probability }),
        ...(dto.tenorYears !== undefined && { tenorYears: dto.tenorYears }),
        ...(dto.naicDesignation !== undefined && { naicDesignation: dto.naicDesignation }),
        ...(dto.source !== undefined && { source: dto.source }),
        ...(dto.notes !== undefined && { notes: dto.notes }),
        updatedAt: now,
      });
      const after = toDealView(saved, await this.issuerName(saved.issuerId, tx));
      await this.audit.record(tx, actor, { action: 'deal.update', entity: 'deal', entityId: id, before, after });
      return after;
    });
  }

  async remove(actor: Actor, id: number): Promise<void> {
    await this.db.transaction(async (tx) => {
      const deal = await this.require(id, tx);
      await this.deals.delete(tx, { id });
      await this.audit.record(tx, actor, {
        action: 'deal.delete',
        entity: 'deal',
        entityId: id,
        before: toDealView(deal, await this.issuerName(deal.issuerId, tx)),
      });
    });
  }

  async get(id: number): Promise<DealView> {
    const deal = await this.require(id);
    return toDealView(deal, await this.issuerName(deal.issuerId));
  }

  async list(query: DealQuery): Promise<Page<DealView>> {
    const issuers = await this.issuers.links();
    const names = new Map(issuers.map((i) => [i.id, i.name]));
    let issuerIds: number[] | undefined;
    if (query.issuerId) {
      const family = familyIndex(issuers);
      const familyId = family.get(Number(query.issuerId));
      issuerIds = issuers.filter((i) => familyId !== undefined && family.get(i.id) === familyId).map((i) => i.id);
    }
    const [deals, total] = await this.deals.pageOf(issuerIds, query);
    return { items: deals.map((d) => toDealView(d, names.get(d.issuerId) ?? '')), total };
  }

  /** A run-rate becomes one deal at each month end from `from` to `to`, a twelfth of the annual amount each. */
  async forecast(actor: Actor, dto: CreateForecastDto): Promise<ForecastView> {
    if (dto.to < dto.from) throw new InvalidFields([{ field: 'to', message: 'to must not be before from' }]);
    const months = monthsSpanned(dto.from, dto.to);
    if (months > MAX_PIPELINE_MONTHS)
      throw new InvalidFields([
        { field: 'to', message: `to must be at most ${MAX_PIPELINE_MONTHS} months from from (${dto.from} to ${dto.to} spans ${months})` },
      ]);
    return this.db.transaction(async (tx) => {
      const now = this.clock.nowIso();
      const issuer = await resolveIssuer(await this.issuers.directory(tx, now), dto.issuer);
      await requireRoomForDeals(this.deals, tx, new Map([[issuer.id, { name: issuer.name, deals: months }]]));
      const annualAmountCents = parseMoneyNumber(dto.annualAmount);
      const probability = dto.probability ?? 1;
      const currency = dto.currency ?? 'USD';
      const forecast = await this.deals.saveForecast(tx, {
        issuerId: issuer.id,
        from: dto.from,
        to: dto.to,
        annualAmountCents,
        currency,
        probability,
        createdAt: now,
      });
      // Month i gets floor((i+1)/12 of the annual) - floor(i/12 of it): twelve months add up to it exactly.
      const twelfth = (i: number) => Math.floor((annualAmountCents * (i % 12)) / 12) + Math.floor(i / 12) * annualAmountCents;
      const deals = await this.deals.saveAll(
        tx,
        monthEndsBetween(dto.from, dto.to).map((expectedDate, i) => ({
          issuerId: issuer.id,
          expectedDate,
          amountCents: twelfth(i + 1) - twelfth(i),
          currency,
          probability,
          tenorYears: null,
          naicDesignation: null,
          source: 'run-rate forecast',
          notes: null,
          forecastId: forecast.id,
          createdAt: now,
          updatedAt: now,
        })),
      );
      await this.audit.record(tx, actor, {
        action: 'forecast.create',
        entity: 'forecast',
        entityId: forecast.id,
        after: { ...dto, deals: deals.length },
      });
      return { forecastId: forecast.id, deals: deals.map((d) => toDealView(d, issuer.name)) };
    });
  }

  private require(id: number, tx?: EntityManager): Promise<DealEntity> {
    return this.deals.require(`Deal ${id}`, { id }, tx);
  }

  private async issuerName(id: number, tx?: EntityManager): Promise<string> {
    return (await this.issuers.nameOf(id, tx)) ?? '';
  }
}

function monthEndsBetween(from: string, to: string): string[] {
  const first = firstMonthEndOnOrAfter(from);
  const last = firstMonthEndOnOrAfter(to);
  const ends = [first];
  while (ends.at(-1)! < last) ends.push(...monthEndsAfter(ends.at(-1)!, 1));
  return ends;
}

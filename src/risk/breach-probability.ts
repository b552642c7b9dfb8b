import type { ProbabilityMethod } from './model.js';

// Read once: under a vm context (Jest) every lookup of the global Math is slow.
const { imul, max, min } = Math;

export const MAX_EXACT_DEALS = 20;
export const MONTE_CARLO_PATHS = 10_000;

/** A deal that may or may not happen. */
export interface UncertainDeal {
  /** Index into `OutcomeModel.familyBaseCents` */
  family: number;
  /** Index of the first month (into `limitCents`) the deal counts in */
  fromMonth: number;
  /** Allocation when the deal happens (non-negative) */
  allocationCents: number;
  probability: number;
}

/** What decides whether a family or aggregate exceeds its limit. Months 1..H are indices 0..H-1. */
export interface OutcomeModel {
  limitCents: number[];
  /** Per family: exposure per month with every certain deal in and no uncertain one, before the floor at zero. */
  familyBaseCents: number[][];
  deals: UncertainDeal[];
}

/**
 * The model split for speed: families that cannot go below zero add linearly, so only families with
 * uncertain deals and some negative month (excess CDS protection) need the floor applied per outcome.
 */
interface SplitModel {
  limitCents: number[];
  /** Sum of the floored bases of the families that add linearly */
  fixedCents: number[];
  flooredBaseCents: number[][];
  /** Per model family: its index in flooredBaseCents, or LINEAR */
  slotOf: number[];
}

const LINEAR = -1;

function split(model: OutcomeModel): SplitModel {
  for (const deal of model.deals) {
    if (!(deal.allocationCents >= 0 && deal.probability >= 0 && deal.probability <= 1)) {
      throw new RangeError(`uncertain deal needs allocation >= 0 and probability in [0, 1]: ${JSON.stringify(deal)}`);
    }
  }
  const withDeals = new Set(model.deals.map((deal) => deal.family));
  const fixedCents = model.limitCents.map(() => 0);
  const flooredBaseCents: number[][] = [];
  const slotOf = model.familyBaseCents.map((base, family) => {
    if (withDeals.has(family) && base.some((cents) => cents < 0)) return flooredBaseCents.push(base) - 1;
    base.forEach((cents, t) => (fixedCents[t] += max(0, cents)));
    return LINEAR;
  });
  return { limitCents: model.limitCents, fixedCents, flooredBaseCents, slotOf };
}

/** Depth-first over include/exclude of each deal. Exposure only grows with deals, so a breach settles the whole subtree. */
function exactProbability(model: OutcomeModel, book: SplitModel): number {
  const months = book.limitCents.length;
  const added = book.flooredBaseCents.map(() => new Array<number>(months).fill(0));
  const exposure = book.fixedCents.map((cents, t) => cents + book.flooredBaseCents.reduce((sum, base) => sum + max(0, base[t]), 0));
  const shift = (deal: UncertainDeal, sign: 1 | -1): void => {
    const slot = book.slotOf[deal.family];
    for (let t = deal.fromMonth; t < months; t++) {
      if (slot === LINEAR) {
        exposure[t] += sign * deal.allocationCents;
        continue;
      }
      const base = book.flooredBaseCents[slot][t];
      const before = max(0, base + added[slot][t]);
      added[slot][t] += sign * deal.allocationCents;
      exposure[t] += max(0, base + added[slot][t]) - before;
    }
  };
  const breachedFrom = (from: number): boolean => {
    for (let t = from; t < months; t++) if (exposure[t] > book.limitCents[t]) return true;
    return false;
  };
  const visit = (i: number, weight: number): number => {
    if (i === model.deals.length) return 0;
    const deal = model.deals[i];
    let probability = visit(i + 1, weight * (1 - deal.probability));
    shift(deal, 1);
    const happened = weight * deal.probability;
    probability += breachedFrom(deal.fromMonth) ? happened : visit(i + 1, happened);
    shift(deal, -1);
    return probability;
  };
  return breachedFrom(0) ? 1 : visit(0, 1);
}

/** Sums a path's deal steps month by month; true at the first month over the limit. */
function pathBreaches(book: SplitModel, linearSteps: number[], flooredSteps: number[][]): boolean {
  let linear = 0;
  const added = flooredSteps.map(() => 0);
  for (let t = 0; t < book.limitCents.length; t++) {
    linear += linearSteps[t];
    let exposure = book.fixedCents[t] + linear;
    for (let slot = 0; slot < flooredSteps.length; slot++) {
      added[slot] += flooredSteps[slot][t];
      exposure += max(0, book.flooredBaseCents[slot][t] + added[slot]);
    }
    if (exposure > book.limitCents[t]) return true;
  }
  return false;
}

function monteCarloProbability(model: OutcomeModel, book: SplitModel, seed: number, paths: number): number {
  const random = mulberry32(seed);
  const linearSteps = book.limitCents.map(() => 0);
  const flooredSteps = book.flooredBaseCents.map(() => book.limitCents.map(() => 0));
  let breaches = 0;
  for (let path = 0; path < paths; path++) {
    linearSteps.fill(0);
    flooredSteps.forEach((steps) => steps.fill(0));
    // Every deal draws on every path, so a path's draws never depend on earlier outcomes.
    for (const deal of model.deals) {
      if (random() >= deal.probability) continue;
      const slot = book.slotOf[deal.family];
      (slot === LINEAR ? linearSteps : flooredSteps[slot])[deal.fromMonth] += deal.allocationCents;
    }
    if (pathBreaches(book, linearSteps, flooredSteps)) breaches++;
  }
  return breaches / paths;
}

/**
 * Probability, over independent deal outcomes, that exposure exceeds the limit in any month.
 * Rounded to 6 decimals (floating sums of path weights otherwise show as 0.7000000000000001).
 */
export function breachProbability(model: OutcomeModel, options: { method: ProbabilityMethod; seed: number; paths?: number }): number {
  const book = split(model);
  const value =
    options.method === 'EXACT'
      ? exactProbability(model, book)
      : monteCarloProbability(model, book, options.seed, options.paths ?? MONTE_CARLO_PATHS);
  return Math.round(min(1, max(0, value)) * 1e6) / 1e6;
}

/** FNV-1a: a stable 32-bit seed from a text such as a check's scope key and limit id. */
export function seedFrom(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) hash = imul(hash ^ text.charCodeAt(i), 0x01000193);
  return hash >>> 0;
}

/** mulberry32: a small, fast PRNG with a 32-bit state; uniform in [0, 1). */
export function mulberry32(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = imul(state ^ (state >>> 15), 1 | state);
    t = (t + imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

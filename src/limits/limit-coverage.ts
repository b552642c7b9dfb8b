import { Injectable } from '@nestjs/common';
import { naicNumber } from '../common/naic.js';
import { SnapshotsService } from '../holdings/snapshots.service.js';
import { DealsService } from '../issuance/deals.service.js';
import { familyIndex } from '../issuers/family.js';
import { IssuersService } from '../issuers/issuers.service.js';
import { PortfoliosService } from '../portfolios/portfolios.service.js';
import { sectorKey } from '../risk/sectors.js';
import type { LimitScopeDto } from './limit.dto.js';

/** What a portfolio holds (its current snapshot) or expects (the deals), as a limit's scope can name it. */
interface Book {
  code: string;
  sectors: string[];
  naics: Set<number>;
  families: Set<number>;
}

const MAX_LISTED = 12;

/**
 * A limit whose scope covers nothing a portfolio holds or expects is still created, but says so
 * (SPEC 5.4): a sector limit on "Tech" when the book says "Technology" would show $0.00 as if it
 * were a cap, and nobody would see why.
 */
@Injectable()
export class LimitCoverage {
  constructor(
    private readonly portfolios: PortfoliosService,
    private readonly snapshots: SnapshotsService,
    private readonly deals: DealsService,
    private readonly issuers: IssuersService,
  ) {}

  async warnings(portfolioId: number | null, scope: LimitScopeDto): Promise<string[]> {
    if (!['SECTOR', 'NAIC_RANGE', 'ISSUER_FAMILY', 'GROUP'].includes(scope.type)) return [];
    const issuers = await this.issuers.links();
    const family = familyIndex(issuers);
    const familyOf = (issuerId: number) => family.get(issuerId) ?? issuerId;
    const names = new Map(issuers.map((i) => [i.id, i.name]));
    const books = await this.books(portfolioId, familyOf);
    return books.flatMap((book) => {
      const warning = uncovered(book, scope, familyOf, names);
      return warning ? [warning] : [];
    });
  }

  private async books(portfolioId: number | null, familyOf: (issuerId: number) => number): Promise<Book[]> {
    const portfolios = (await this.portfolios.all()).filter((p) => portfolioId === null || p.id === portfolioId);
    const deals = await this.deals.all();
    const dealNaics = deals.map((d) => naicNumber(d.naicDesignation)).filter((n) => n !== null);
    const books: Book[] = [];
    for (const portfolio of portfolios) {
      const snapshot = await this.snapshots.current(portfolio.id);
      if (!snapshot) continue; // nothing to compare with until the first upload
      const held = await this.snapshots.heldIn(snapshot.id);
      books.push({
        code: portfolio.code,
        sectors: [...new Set(held.flatMap((h) => (h.sector ? [h.sector] : [])))].sort((a, b) => a.localeCompare(b)),
        naics: new Set([...held.flatMap((h) => (h.naic === null ? [] : [h.naic])), ...dealNaics]),
        families: new Set([...held, ...deals].map((h) => familyOf(h.issuerId))),
      });
    }
    return books;
  }
}

function uncovered(book: Book, scope: LimitScopeDto, familyOf: (issuerId: number) => number, names: Map<number, string>): string | null {
  const none = `No holding or deal of ${book.code}`;
  switch (scope.type) {
    case 'SECTOR': {
      const key = sectorKey(scope.sector!);
      if (book.sectors.some((sector) => sectorKey(sector) === key)) return null;
      return `${none} is in sector ${scope.sector}; sectors held: ${listed(book.sectors)}`;
    }
    case 'NAIC_RANGE': {
      const { naicMin, naicMax } = scope as { naicMin: number; naicMax: number };
      if ([...book.naics].some((naic) => naic >= naicMin && naic <= naicMax)) return null;
      const held = [...book.naics].sort((a, b) => a - b).map(String);
      return `${none} has a NAIC designation in ${naicMin}-${naicMax}; designations held: ${listed(held)}`;
    }
    case 'ISSUER_FAMILY': {
      const familyId = familyOf(scope.issuerId!);
      if (book.families.has(familyId)) return null;
      return `${none} is in the family of ${names.get(familyId) ?? `issuer ${familyId}`}`;
    }
    default: {
      if ((scope.issuerIds ?? []).some((id) => book.families.has(familyOf(id)))) return null;
      return `${none} is in a family of group ${scope.name}`;
    }
  }
}

function listed(values: string[]): string {
  if (!values.length) return 'none';
  const more = values.length > MAX_LISTED ? `, and ${values.length - MAX_LISTED} more` : '';
  return values.slice(0, MAX_LISTED).join(', ') + more;
}

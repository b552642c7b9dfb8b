import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { centsToNumber } from '../common/money.js';
import type { HoldingEntity } from './holding.entity.js';
import type { SnapshotEntity } from './snapshot.entity.js';

export class UploadResultView {
  @ApiProperty() snapshotId!: number;
  @ApiProperty({ example: 'LIFE-GA' }) portfolio!: string;
  @ApiProperty({ format: 'date', example: '2026-11-30' }) asOfDate!: string;
  @ApiProperty({ description: 'Holdings rows stored' }) rows!: number;
  @ApiProperty({
    type: Number,
    nullable: true,
    description: 'The snapshot of the same as-of date that was the current holdings until this upload, which it replaces; null when none',
  })
  replacesSnapshotId!: number | null;
  @ApiProperty() issuersCreated!: number;
  @ApiProperty({ type: [String] }) warnings!: string[];
  @ApiPropertyOptional({
    description:
      'Only for an upload through an import profile (not on a duplicate): the lines of the file, besides the header, that hold no holding (the preamble, blank lines, rows left out by the include filter, a footer note)',
  })
  skipped?: number;
  @ApiPropertyOptional({ description: 'true when the same file was already uploaded for this portfolio and date (answered 200)' })
  duplicate?: boolean;
}

export class SnapshotView {
  @ApiProperty() id!: number;
  @ApiProperty() portfolio!: string;
  @ApiProperty({ format: 'date' }) asOfDate!: string;
  @ApiProperty() rows!: number;
  @ApiProperty() fileName!: string;
  @ApiProperty({ enum: ['CSV', 'XLSX'] }) format!: string;
  @ApiProperty() contentSha256!: string;
  @ApiProperty() uploadedBy!: number;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
  @ApiProperty({ description: "Whether this is the portfolio's newest snapshot (its current holdings)" }) current!: boolean;
  @ApiProperty({
    example: 'USD',
    description: "The portfolio's base currency (ISO 4217) when the snapshot was uploaded: its holdings' base amounts are in it",
  })
  baseCurrency!: string;
}

export class SnapshotRateView {
  @ApiProperty({ example: 'EUR' }) base!: string;
  @ApiProperty({ example: 'USD' }) quote!: string;
  @ApiProperty({ example: 1.0866, description: 'Units of quote per 1 base, as the rates file wrote it' }) rate!: number;
  @ApiProperty({ format: 'date', example: '2023-06-30', description: 'The date of the rate (the latest on or before the as-of date)' })
  rateDate!: string;
}

export class SnapshotDetailView extends SnapshotView {
  @ApiProperty({
    type: [SnapshotRateView],
    description:
      'The rates its holdings were converted at, as stored (a pair crossed through EUR by both of its legs); empty when every holding is in the base currency',
  })
  fxRates!: SnapshotRateView[];
}

export class HoldingView {
  @ApiProperty() row!: number;
  @ApiProperty() issuerId!: number;
  @ApiProperty({ enum: ['BOND', 'CDS_PROTECTION'] }) assetType!: string;
  @ApiProperty({ type: String, nullable: true }) cusip!: string | null;
  @ApiProperty({ type: String, nullable: true }) isin!: string | null;
  @ApiProperty() issuerName!: string;
  @ApiProperty({ type: String, nullable: true }) issuerLei!: string | null;
  @ApiProperty({ description: 'In the base currency (converted at the as-of date when the holding is in another)' }) parValue!: number;
  @ApiProperty({ description: 'In the base currency' }) marketValue!: number;
  @ApiProperty({ description: 'In the base currency' }) bookValue!: number;
  @ApiProperty({ example: 'EUR', description: "The holding's own currency (ISO 4217), as the file gave it" }) currency!: string;
  @ApiProperty({ description: 'Par as the file gave it, in currency' }) originalParValue!: number;
  @ApiProperty({ description: 'Market value as the file gave it, in currency' }) originalMarketValue!: number;
  @ApiProperty({ description: 'Book value as the file gave it, in currency' }) originalBookValue!: number;
  @ApiProperty({ example: 'USD', description: "The snapshot's base currency" }) baseCurrency!: string;
  @ApiProperty({ type: String, format: 'date', nullable: true }) maturityDate!: string | null;
  @ApiProperty({ type: Number, nullable: true }) couponRate!: number | null;
  @ApiProperty({ type: String, nullable: true }) naicDesignation!: string | null;
  @ApiProperty({ type: String, nullable: true }) sector!: string | null;
}

export function toSnapshotView(s: SnapshotEntity, portfolio: string, currentId: number | null): SnapshotView {
  return {
    id: s.id,
    portfolio,
    asOfDate: s.asOfDate,
    rows: s.rowCount,
    fileName: s.fileName,
    format: s.format,
    contentSha256: s.contentSha256,
    uploadedBy: s.uploadedBy,
    createdAt: s.createdAt,
    current: s.id === currentId,
    baseCurrency: s.baseCurrency,
  };
}

export function toSnapshotDetailView(s: SnapshotEntity, portfolio: string, currentId: number | null): SnapshotDetailView {
  return {
    ...toSnapshotView(s, portfolio, currentId),
    fxRates: (s.fxRates ?? []).map(({ base, quote, rate, rateDate }) => ({ base, quote, rate: Number(rate), rateDate })),
  };
}

export function toHoldingView(h: HoldingEntity, baseCurrency: string): HoldingView {
  return {
    row: h.rowNo,
    issuerId: h.issuerId,
    assetType: h.assetType,
    cusip: h.cusip,
    isin: h.isin,
    issuerName: h.issuerName,
    issuerLei: h.issuerLei,
    parValue: centsToNumber(h.parCents),
    marketValue: centsToNumber(h.marketCents),
    bookValue: centsToNumber(h.bookCents),
    currency: h.currency,
    originalParValue: centsToNumber(h.originalParCents ?? h.parCents),
    originalMarketValue: centsToNumber(h.originalMarketCents ?? h.marketCents),
    originalBookValue: centsToNumber(h.originalBookCents ?? h.bookCents),
    baseCurrency,
    maturityDate: h.maturityDate,
    couponRate: h.couponRate,
    naicDesignation: h.naicDesignation,
    sector: h.sector,
  };
}

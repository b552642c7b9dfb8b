import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsIn, IsInt, IsOptional, IsString, Length, Min, ValidateIf } from 'class-validator';
import { PageQuery } from '../common/pagination.js';
import { GLEIF_SKIP_REASONS, type GleifFileKind, type GleifSkipReason } from './gleif-file.js';
import type { IssuerEntity } from './issuer.entity.js';

export const PARENT_KINDS = ['ULTIMATE', 'ECONOMIC'] as const;
export type ParentKind = (typeof PARENT_KINDS)[number];

export class IssuerSearchQuery extends PageQuery {
  @ApiPropertyOptional({ description: 'Part of the name, or an exact LEI or CUSIP-6' })
  @IsOptional()
  @IsString()
  @Length(1, 300)
  search?: string;
}

export class SetParentDto {
  @ApiProperty({ nullable: true, description: 'The parent issuer; null removes this kind of parent' })
  @ValidateIf((_, value) => value !== null)
  @IsInt()
  @Min(1)
  parentIssuerId!: number | null;

  @ApiProperty({
    enum: PARENT_KINDS,
    description: 'ULTIMATE: the legal hierarchy; ECONOMIC: an override, e.g. a financing vehicle whose credit rests on the parent',
  })
  @IsIn(PARENT_KINDS)
  kind!: ParentKind;
}

export class UpdateIssuerDto {
  @ApiProperty({
    description:
      "Left out of EACH_ISSUER_FAMILY limits (the model law's single-person rule), as obligations of the US government and its agencies are; " +
      'still counted in SECTOR, NAIC_RANGE, GROUP and PORTFOLIO limits and in an ISSUER_FAMILY limit that names its family',
  })
  @IsBoolean()
  limitExempt!: boolean;
}

export class IssuerRefView {
  @ApiProperty() id!: number;
  @ApiProperty({ example: 'Meta Platforms Inc' }) name!: string;
}

export class IssuerView extends IssuerRefView {
  @ApiProperty({ type: String, nullable: true }) lei!: string | null;
  @ApiProperty({ type: String, nullable: true }) cusip6!: string | null;
  @ApiProperty({ type: IssuerRefView, description: 'The ultimate parent whose limits apply' }) family!: IssuerRefView;
  @ApiProperty({ description: 'Its holdings and deals are left out of EACH_ISSUER_FAMILY limits (PATCH /api/issuers/:id)' })
  limitExempt!: boolean;
}

export class IssuerParentsView {
  @ApiProperty({ type: IssuerRefView, nullable: true, description: 'The economic parent (an override)' }) economic!: IssuerRefView | null;
  @ApiProperty({ type: IssuerRefView, nullable: true, description: 'The ultimate parent named in holdings files' })
  declared!: IssuerRefView | null;
  @ApiProperty({ type: IssuerRefView, nullable: true, description: 'The parent from the hierarchy (PUT with kind ULTIMATE, or an upload)' })
  hierarchy!: IssuerRefView | null;
  @ApiProperty({
    type: IssuerRefView,
    nullable: true,
    description: "The parent from GLEIF's reference data; any other parent wins over it",
  })
  gleif!: IssuerRefView | null;
}

export class IssuerDetailView extends IssuerView {
  @ApiProperty({ type: IssuerParentsView }) parents!: IssuerParentsView;

  @ApiProperty({ type: [IssuerView], description: 'Every issuer of the same family, the family itself included' })
  members!: IssuerView[];
}

export class HierarchyUploadView {
  @ApiProperty() rows!: number;
  @ApiProperty() linksChanged!: number;
  @ApiProperty() issuersCreated!: number;
}

export class GleifSkipView {
  @ApiProperty({
    enum: GLEIF_SKIP_REASONS,
    description:
      'NOT_ACTIVE: a relationship whose status is not ACTIVE; NOT_CONSOLIDATION: another relationship type (a branch, a fund); ' +
      'NOT_AN_LEI: a node or record without a valid LEI; NO_LEGAL_NAME: an LEI record without Entity.LegalName; ' +
      'WOULD_LOOP: a link left out, as it would make a family loop',
  })
  reason!: GleifSkipReason;

  @ApiProperty() count!: number;
}

export class GleifUploadView {
  @ApiProperty({ enum: ['RELATIONSHIPS', 'LEI_RECORDS'], description: "GLEIF's Level 2 relationship records, or its Level 1 LEI records" })
  file!: GleifFileKind;

  @ApiProperty({ description: 'Relationship records in the file (0 for a Level 1 file)' }) relationshipsRead!: number;
  @ApiProperty({ description: 'ACTIVE IS_ULTIMATELY_/IS_DIRECTLY_CONSOLIDATED_BY relationships kept as reference data' })
  relationshipsUsed!: number;
  @ApiProperty({ description: 'LEI records in the file (0 for a Level 2 file)' }) leiRecordsRead!: number;
  @ApiProperty({ description: 'LEI records kept (their legal names) as reference data' }) leiRecordsKept!: number;
  @ApiProperty({ description: 'Issuers with a GLEIF parent once the file is in' }) issuersLinked!: number;
  @ApiProperty({ description: 'GLEIF parent links set, changed or removed by this file' }) linksChanged!: number;
  @ApiProperty({ description: 'Parents created from their Level 1 legal name' }) issuersCreated!: number;
  @ApiProperty({ type: [GleifSkipView], description: 'What was left out and why; reasons with a count of 0 are not listed' })
  skipped!: GleifSkipView[];
  @ApiProperty({ type: [String], description: 'At most one line per kind of problem' }) warnings!: string[];
}

export function toRef(issuer: IssuerEntity | undefined): IssuerRefView | null {
  return issuer ? { id: issuer.id, name: issuer.name } : null;
}

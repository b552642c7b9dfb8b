import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsInt, IsOptional, IsString, Length, Min, ValidateIf } from 'class-validator';
import { PageQuery } from '../common/pagination.js';
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

export class IssuerRefView {
  @ApiProperty() id!: number;
  @ApiProperty({ example: 'Meta Platforms Inc' }) name!: string;
}

export class IssuerView extends IssuerRefView {
  @ApiProperty({ type: String, nullable: true }) lei!: string | null;
  @ApiProperty({ type: String, nullable: true }) cusip6!: string | null;
  @ApiProperty({ type: IssuerRefView, description: 'The ultimate parent whose limits apply' }) family!: IssuerRefView;
}

export class IssuerParentsView {
  @ApiProperty({ type: IssuerRefView, nullable: true, description: 'The economic parent (an override)' }) economic!: IssuerRefView | null;
  @ApiProperty({ type: IssuerRefView, nullable: true, description: 'The ultimate parent named in holdings files' })
  declared!: IssuerRefView | null;
  @ApiProperty({ type: IssuerRefView, nullable: true, description: 'The parent from the hierarchy (PUT with kind ULTIMATE, or an upload)' })
  hierarchy!: IssuerRefView | null;
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

export function toRef(issuer: IssuerEntity | undefined): IssuerRefView | null {
  return issuer ? { id: issuer.id, name: issuer.name } : null;
}

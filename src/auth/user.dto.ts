import { applyDecorators } from '@nestjs/common';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ArrayMinSize, IsArray, IsEmail, IsIn, IsOptional, IsString, Length, ValidateIf } from 'class-validator';
import { ROLES, type Role } from './roles.js';
import type { UserEntity } from './user.entity.js';

const PORTFOLIOS_DESCRIPTION =
  'The codes of the portfolios the user sees and acts on, or null (or omitted): every portfolio. ' +
  "Another portfolio's resources answer 404 to the user, lists and reports leave them out, " +
  'and routes of the whole service (users, recipients, audit, new portfolios, limit changes) answer 403, whatever the role';

/** `portfolios`: codes, or null for every portfolio. */
function PortfolioCodes(): PropertyDecorator {
  return applyDecorators(
    ApiProperty({ type: [String], nullable: true, required: false, example: ['LIFE-GA'], description: PORTFOLIOS_DESCRIPTION }),
    ValidateIf((_, value) => value !== null && value !== undefined),
    IsArray(),
    ArrayMinSize(1, { message: 'portfolios must list at least one code, or be null for every portfolio' }),
    IsString({ each: true }),
  );
}

export class CreateUserDto {
  @ApiProperty({ example: 'risk.officer@example.com' })
  @IsEmail()
  email!: string;

  @ApiProperty({ example: 'Ada Officer' })
  @IsString()
  @Length(1, 200)
  name!: string;

  @ApiProperty({ enum: ROLES })
  @IsIn(ROLES)
  role!: Role;

  @PortfolioCodes()
  portfolios?: string[] | null;
}

/** What PATCH /api/users/:id changes; the email stays (a person is known by it, e.g. for four eyes). */
export class UpdateUserDto {
  @ApiPropertyOptional({ example: 'Ada Officer' })
  @IsOptional()
  @IsString()
  @Length(1, 200)
  name?: string;

  @ApiPropertyOptional({ enum: ROLES })
  @IsOptional()
  @IsIn(ROLES)
  role?: Role;

  @PortfolioCodes()
  portfolios?: string[] | null;
}

export class RotateKeyDto {
  @ApiPropertyOptional({ example: 'The key was pasted into a ticket', description: 'Why, for the audit log' })
  @IsOptional()
  @IsString()
  @Length(1, 1000)
  reason?: string;
}

export class UserView {
  @ApiProperty() id!: number;
  @ApiProperty() email!: string;
  @ApiProperty() name!: string;
  @ApiProperty({ enum: ROLES }) role!: Role;
  @ApiProperty({ type: [String], nullable: true, description: 'The portfolios the user is limited to; null: every portfolio' })
  portfolios!: string[] | null;
  @ApiProperty() createdAt!: string;
}

export class CreatedUserView extends UserView {
  @ApiProperty({ description: 'Shown once; only its hash is stored' })
  apiKey!: string;
}

export function toUserView(user: UserEntity): UserView {
  return { id: user.id, email: user.email, name: user.name, role: user.role, portfolios: user.portfolios, createdAt: user.createdAt };
}

import { ApiProperty } from '@nestjs/swagger';
import { IsEmail, IsIn, IsString, Length } from 'class-validator';
import { ROLES, type Role } from './roles.js';
import type { UserEntity } from './user.entity.js';

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
}

export class UserView {
  @ApiProperty() id!: number;
  @ApiProperty() email!: string;
  @ApiProperty() name!: string;
  @ApiProperty({ enum: ROLES }) role!: Role;
  @ApiProperty() createdAt!: string;
}

export class CreatedUserView extends UserView {
  @ApiProperty({ description: 'Shown once; only its hash is stored' })
  apiKey!: string;
}

export function toUserView(user: UserEntity): UserView {
  return { id: user.id, email: user.email, name: user.name, role: user.role, createdAt: user.createdAt };
}

import { ApiProperty } from '@nestjs/swagger';
import { IsString, Length } from 'class-validator';
import { ROLES, type Role } from './roles.js';

export class SignInDto {
  @ApiProperty({ description: 'The API key, as created by POST /api/users' })
  @IsString()
  @Length(1, 200)
  apiKey!: string;
}

/** Who is signed in. */
export class SessionView {
  @ApiProperty() email!: string;
  @ApiProperty({ enum: ROLES }) role!: Role;
  @ApiProperty({ type: [String], nullable: true, description: 'The portfolios the user is limited to; null: every portfolio' })
  portfolios!: string[] | null;
}

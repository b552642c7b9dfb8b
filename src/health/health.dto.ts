import { ApiProperty, ApiPropertyOptional, getSchemaPath } from '@nestjs/swagger';
import { ErrorView } from '../common/api-errors.js';

export class HealthIndicatorView {
  @ApiProperty({ enum: ['up', 'degraded', 'down'] }) status!: string;
  @ApiPropertyOptional({ enum: ['sqlite', 'postgres'], description: 'The database: its kind' }) kind?: string;
  @ApiPropertyOptional({ enum: ['smtp', 'file'], description: 'Mail: SMTP, or .eml files in DATA_DIR/outbox' }) transport?: string;
  @ApiPropertyOptional({ description: 'Disk: MB free on the disk of DATA_DIR' }) freeMb?: number;
  @ApiPropertyOptional({
    example: 'the database does not answer',
    description: 'What is wrong, without paths or host names (those go to the log)',
  })
  message?: string;
}

/** The indicators by name: database, mail and disk. */
const indicators = (description: string) =>
  ({ type: 'object', additionalProperties: { $ref: getSchemaPath(HealthIndicatorView) }, description }) as const;

export class HealthView {
  @ApiProperty({
    enum: ['ok', 'degraded'],
    description: 'degraded: mail does not work or the disk of DATA_DIR is nearly full (below DISK_MIN_FREE_MB), the rest does',
  })
  status!: string;
  @ApiProperty({ ...indicators('The indicators up or degraded'), nullable: true }) info!: Record<string, HealthIndicatorView> | null;
  @ApiProperty({ ...indicators('The indicators down'), nullable: true }) error!: Record<string, HealthIndicatorView> | null;
  @ApiProperty(indicators('Every indicator')) details!: Record<string, HealthIndicatorView>;
}

/** The database does not answer: the error shape, with every indicator in details. */
export class HealthDownView extends ErrorView {
  @ApiProperty(indicators('Every indicator')) details!: Record<string, HealthIndicatorView>;
}

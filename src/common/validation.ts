import { ParseIntPipe, ValidationPipe, applyDecorators, type ValidationError } from '@nestjs/common';
import { ApiProperty } from '@nestjs/swagger';
import { Matches, ValidateBy, buildMessage, type ValidationOptions } from 'class-validator';
import { isIsoDate } from './dates.js';
import { InvalidFields, type FieldProblem } from './errors.js';
import { parseMoneyNumber } from './money.js';

/** The global pipe: unknown fields refused, and every offending field named. */
export function validationPipe(): ValidationPipe {
  return new ValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    transform: true,
    exceptionFactory: (errors) => new InvalidFields(flatten(errors)),
  });
}

export function flatten(errors: ValidationError[], parent = ''): FieldProblem[] {
  return errors.flatMap((error) => {
    const field = parent ? `${parent}.${error.property}` : error.property;
    const own = Object.values(error.constraints ?? {}).map((message) => ({ field, message }));
    return [...own, ...flatten(error.children ?? [], field)];
  });
}

/** A money amount in dollars: non-negative, at most two decimals. */
export function IsMoney(options?: ValidationOptions & { description?: string }): PropertyDecorator {
  return applyDecorators(
    ApiProperty({ type: Number, example: 40000000000, description: options?.description ?? 'USD, at most 2 decimals' }),
    ValidateBy(
      {
        name: 'isMoney',
        validator: {
          validate: (value) => typeof value === 'number' && isMoney(value),
          defaultMessage: buildMessage((each) => `${each}$property must be a non-negative amount with at most 2 decimals`),
        },
      },
      options,
    ),
  );
}

function isMoney(value: number): boolean {
  try {
    parseMoneyNumber(value);
    return true;
  } catch {
    return false;
  }
}

export function IsIsoDate(options?: ValidationOptions & { required?: boolean }): PropertyDecorator {
  return applyDecorators(
    ApiProperty({ type: String, format: 'date', example: '2026-11-30', required: options?.required !== false }),
    ValidateBy(
      {
        name: 'isIsoDate',
        validator: {
          validate: (value) => typeof value === 'string' && isIsoDate(value),
          defaultMessage: buildMessage((each) => `${each}$property must be a real date YYYY-MM-DD`),
        },
      },
      options,
    ),
  );
}

export function IsPortfolioCode(): PropertyDecorator {
  return applyDecorators(
    ApiProperty({ example: 'LIFE-GA', description: '1-40 characters: letters, digits, "-" and "_"' }),
    Matches(/^[A-Za-z0-9][A-Za-z0-9_-]{0,39}$/, { message: 'code must be 1-40 letters, digits, "-" or "_"' }),
  );
}

/** `@Param('id', IdPipe)`: an id that is not a whole number is a 400 naming `id`, like any other field. */
export const IdPipe = new ParseIntPipe({
  exceptionFactory: () => new InvalidFields([{ field: 'id', message: 'id must be a whole number' }]),
});

import { ValidationPipe, applyDecorators, type ArgumentMetadata, type PipeTransform, type ValidationError } from '@nestjs/common';
import { ApiProperty } from '@nestjs/swagger';
import { Matches, ValidateBy, buildMessage, type ValidationOptions } from 'class-validator';
import { ISO_4217_RULE, isIso4217 } from './currencies.js';
import { dateProblem } from './dates.js';
import { InvalidFields, type FieldProblem } from './errors.js';
import { moneyProblem } from './money.js';

/**
 * Leaves path parameters as they came: converting them here (`Number('0x10')` is 16) would hand the
 * route's own pipe (IdPipe) a number it can no longer refuse.
 */
class BodyAndQueryValidationPipe extends ValidationPipe {
  override transform(value: unknown, metadata: ArgumentMetadata): Promise<unknown> {
    return metadata.type === 'param' ? Promise.resolve(value) : super.transform(value, metadata);
  }
}

/** The global pipe: unknown fields refused, and every offending field named. */
export function validationPipe(): ValidationPipe {
  return new BodyAndQueryValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    transform: true,
    exceptionFactory: (errors) => new InvalidFields(flatten(errors)),
  });
}

export function flatten(errors: ValidationError[], parent = ''): FieldProblem[] {
  return errors.flatMap((error) => {
    const field = parent ? `${parent}.${error.property}` : error.property;
    const own = Object.values(error.constraints ?? {}).map((message) => ({ field: memberNamed(field, error.property, message), message }));
    return [...own, ...flatten(error.children ?? [], field)];
  });
}

/**
 * The field a message is about: a validator of a map (fxShocks) names the member it refuses
 * (`fxShocks.EUR must be...`), which is then the field.
 */
function memberNamed(field: string, property: string, message: string): string {
  if (!message.startsWith(`${property}.`)) return field;
  const member = message.slice(property.length + 1, message.indexOf(' '));
  return member ? `${field}.${member}` : field;
}

/** What an amount of a portfolio's figures is in, as the OpenAPI descriptions say it. */
export const IN_BASE_CURRENCY = "in the portfolio's base currency";

/** A money amount in a currency's units: non-negative, at most two decimals. */
export function IsMoney(options?: ValidationOptions & { description?: string }): PropertyDecorator {
  return applyDecorators(
    ApiProperty({
      type: Number,
      example: 40000000000,
      description: options?.description ?? `An amount ${IN_BASE_CURRENCY}, at most 2 decimals, at most 10,000,000,000,000`,
      maximum: 1e13,
    }),
    ValidateBy(
      {
        name: 'isMoney',
        validator: {
          validate: (value) => moneyProblem(value) === null,
          defaultMessage: buildMessage((each, args) => `${each}$property ${moneyProblem(args?.value)}`),
        },
      },
      options,
    ),
  );
}

export function IsIsoDate(options?: ValidationOptions & { required?: boolean }): PropertyDecorator {
  return applyDecorators(
    ApiProperty({ type: String, format: 'date', example: '2026-11-30', required: options?.required !== false }),
    ValidateBy(
      {
        name: 'isIsoDate',
        validator: {
          validate: (value) => typeof value === 'string' && dateProblem(value) === null,
          defaultMessage: buildMessage(
            (each, args) =>
              `${each}$property ${typeof args?.value === 'string' ? dateProblem(args.value) : 'must be a real date YYYY-MM-DD'}`,
          ),
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

/** The largest id a database integer column holds: beyond it no row can have that id. */
const LARGEST_ID = 2_147_483_647;

/**
 * `@Param('id', IdPipe)`: an id of decimal digits only (no sign, space, exponent or hex); anything
 * else is a 400 naming the parameter, like any other field.
 */
export const IdPipe: PipeTransform<string, number> = {
  transform(value: string, metadata: ArgumentMetadata): number {
    const id = /^\d{1,10}$/.test(value) ? Number(value) : NaN;
    const field = metadata.data ?? 'id';
    if (!(id <= LARGEST_ID)) throw new InvalidFields([{ field, message: `${field} must be a whole number of decimal digits` }]);
    return id;
  },
};

/** Why a value is not a currency code the service takes (ISO 4217, as ISO writes it: in capitals), or null. */
export function currencyProblem(value: unknown): string | null {
  if (typeof value === 'string' && isIso4217(value)) return null;
  if (typeof value === 'string' && isIso4217(value.toUpperCase()))
    return `must be written in capitals: ${value.toUpperCase()}, not ${value}`;
  return `${ISO_4217_RULE}${typeof value === 'string' ? ` (${JSON.stringify(value)} is not one)` : ''}`;
}

/** An ISO 4217 currency code, such as EUR: anything else is a 400 naming the field. */
export function IsCurrencyCode(options?: ValidationOptions): PropertyDecorator {
  return ValidateBy(
    {
      name: 'isCurrencyCode',
      validator: {
        validate: (value) => currencyProblem(value) === null,
        defaultMessage: buildMessage((each, args) => `${each}$property ${currencyProblem(args?.value)}`),
      },
    },
    options,
  );
}

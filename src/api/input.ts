import { plainToInstance } from 'class-transformer';
import { validate } from 'class-validator';
import { Params } from './hash';
import { MorError } from './mor-error';

/**
 * Validates a method's params against its DTO. Constraint messages are MOR's error texts;
 * the first failing property (in declaration order) is the answer. Unknown params are ignored.
 */
export async function validateInput<T extends object>(dto: (new () => T) | undefined, params: Params): Promise<T | Params> {
  if (!dto) return params;
  const input = plainToInstance(dto, params, { exposeDefaultValues: true });
  const failures = await validate(input, { stopAtFirstError: true, forbidUnknownValues: false, validationError: { target: false } });
  if (failures.length > 0) {
    const first = failures[0];
    throw new MorError(Object.values(first.constraints ?? {})[0] ?? 'Invalid parameters');
  }
  return input;
}

/** A row id param (digits, fits a signed INT), or null for anything else: absent, empty, signed, too long. */
export function parseId(raw: string | undefined): number | null {
  return raw !== undefined && /^\d{1,10}$/.test(raw) && Number(raw) <= 2147483647 ? Number(raw) : null;
}

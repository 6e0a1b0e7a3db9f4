import { validateSync } from 'class-validator';
import { Params } from './hash';
import { MorError } from './mor-error';

/**
 * Validates a method's params against its DTO. Constraint messages are MOR's error texts;
 * the first failing property (in declaration order) is the answer. Unknown params are ignored.
 */
export function validateInput<T extends object>(dto: (new () => T) | undefined, params: Params): T | Params {
  if (!dto) return params;
  const input = toInstance(dto, params);
  // Every rule (src/api/dto.ts) is synchronous: validateSync runs the same checks without a promise per rule.
  const failures = validateSync(input, { stopAtFirstError: true, forbidUnknownValues: false, validationError: { target: false } });
  if (failures.length > 0) {
    const first = failures[0];
    throw new MorError(Object.values(first.constraints ?? {})[0] ?? 'Invalid parameters');
  }
  return input;
}

/**
 * What class-transformer's `plainToInstance(dto, params, { exposeDefaultValues: true })` gives for
 * flat string params and a DTO with no class-transformer decorators (ours have none): a new DTO
 * with each param copied, except `__proto__`, `constructor`, methods and getter-only properties.
 * Without the library's per-key metadata lookups, which cost more than the rest of validation.
 */
export function toInstance<T extends object>(dto: new () => T, params: Params): T {
  const instance = new dto() as Record<string, unknown>;
  for (const key of Object.keys(params)) {
    if (key === '__proto__' || key === 'constructor') continue;
    const descriptor = Object.getOwnPropertyDescriptor(dto.prototype, key);
    if ((descriptor && !descriptor.set) || instance[key] instanceof Function) continue;
    instance[key] = params[key];
  }
  return instance as T;
}

/** A row id param (digits, fits a signed INT), or null for anything else: absent, empty, signed, too long. */
export function parseId(raw: string | undefined): number | null {
  return raw !== undefined && /^\d{1,10}$/.test(raw) && Number(raw) <= 2147483647 ? Number(raw) : null;
}

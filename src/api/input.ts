import { getMetadataStorage, validateSync, ValidationTypes } from 'class-validator';
import { Params } from './hash';
import { MorError } from './mor-error';

/**
 * Validates a method's params against its DTO. Constraint messages are MOR's error texts;
 * the first failing property (in declaration order) is the answer. Unknown params are ignored.
 */
export function validateInput<T extends object>(dto: (new () => T) | undefined, params: Params): T | Params {
  if (!dto) return params;
  const input = toInstance(dto, params);
  const rules = compiledRules(dto);
  const failure = rules ? firstFailure(rules, input as Record<string, unknown>) : viaClassValidator(input);
  if (failure !== null) throw new MorError(failure);
  return input;
}

/** One property's checks, in the order class-validator runs them. */
interface PropertyRules {
  property: string;
  checks: { test: (value: unknown) => boolean; message: string }[];
}

const compiled = new WeakMap<object, PropertyRules[] | null>();

/**
 * A DTO's rules, worked out once per class from class-validator's metadata: the same properties in
 * the same order, each property's constraints in the same order, as validateSync with
 * stopAtFirstError runs them. Null (use class-validator itself) for anything beyond the plain
 * synchronous custom rules of src/api/dto.ts: groups, `each`, conditions, nested DTOs, message tokens.
 */
export function compiledRules(dto: new () => object): PropertyRules[] | null {
  if (compiled.has(dto)) return compiled.get(dto)!;
  const storage = getMetadataStorage();
  const byProperty = new Map<string, PropertyRules>();
  let plain = true;
  for (const metadata of storage.getTargetValidationMetadatas(dto, '', false, false)) {
    const message = metadata.message;
    const simple = metadata.type === ValidationTypes.CUSTOM_VALIDATION && typeof message === 'string' && !message.includes('$') && !metadata.each && !metadata.validateIf;
    if (!simple) {
      plain = false;
      break;
    }
    const rules = byProperty.get(metadata.propertyName) ?? { property: metadata.propertyName, checks: [] };
    byProperty.set(metadata.propertyName, rules);
    for (const constraint of storage.getTargetValidatorConstraints(metadata.constraintCls)) {
      if (constraint.async) plain = false;
      // Our rules read only the value; the arguments are built once, not per request.
      const args = { targetName: dto.name, property: metadata.propertyName, constraints: metadata.constraints, value: undefined, object: {} };
      rules.checks.push({ test: (value) => constraint.instance.validate(value, args) as boolean, message: message as string });
    }
  }
  const rules = plain ? [...byProperty.values()] : null;
  compiled.set(dto, rules);
  return rules;
}

function firstFailure(rules: PropertyRules[], input: Record<string, unknown>): string | null {
  for (const { property, checks } of rules) {
    const value = input[property];
    for (const check of checks) if (!check.test(value)) return check.message;
  }
  return null;
}

function viaClassValidator(input: object): string | null {
  const failures = validateSync(input, { stopAtFirstError: true, forbidUnknownValues: false, validationError: { target: false } });
  if (failures.length === 0) return null;
  return Object.values(failures[0].constraints ?? {})[0] ?? 'Invalid parameters';
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

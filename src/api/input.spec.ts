import { plainToInstance } from 'class-transformer';
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { getMetadataStorage, validateSync } from 'class-validator';
import { compiledRules, toInstance, validateInput } from './input';
import { MorError } from './mor-error';

class Probe {
  user_id?: string;
  kind = 'default';
  get computed(): string {
    return 'x';
  }
  describe(): string {
    return 'probe';
  }
}

/** Every DTO class under src/families (their files are dto/*.dto.ts). */
function familyDtos(): (new () => object)[] {
  const out: (new () => object)[] = [];
  const walk = (dir: string) => {
    for (const name of readdirSync(dir)) {
      const path = join(dir, name);
      if (statSync(path).isDirectory()) walk(path);
      else if (name.endsWith('.dto.ts')) {
        for (const value of Object.values(require(path) as Record<string, unknown>)) if (typeof value === 'function') out.push(value as new () => object);
      }
    }
  };
  walk(join(__dirname, '../families'));
  return out;
}

describe('toInstance', () => {
  const params: Record<string, string>[] = [
    {},
    { user_id: '5', kind: '' },
    { user_id: '7', computed: 'y', describe: 'z', constructor: 'c', toString: 't', hasOwnProperty: 'h', extra: 'e', valueOf: 'v' },
  ];

  it.each(params.map((p) => [p]))('matches plainToInstance for %p', (p) => {
    const ours = toInstance(Probe, p);
    const theirs = plainToInstance(Probe, p, { exposeDefaultValues: true });
    expect(Object.getPrototypeOf(ours)).toBe(Probe.prototype);
    expect({ ...ours }).toStrictEqual({ ...theirs });
  });

  it('matches plainToInstance for every family DTO', () => {
    const dtos = familyDtos();
    expect(dtos.length).toBeGreaterThan(10);
    for (const dto of dtos) {
      for (const p of params) {
        const ours = toInstance(dto, p);
        expect(Object.getPrototypeOf(ours)).toBe(dto.prototype);
        expect({ ...ours }).toStrictEqual({ ...plainToInstance(dto, p, { exposeDefaultValues: true }) });
      }
    }
  });
});

describe('validateInput: DTO rules compiled once per class', () => {
  const kinds = ['', ' ', '0', '1', '-1', '07', '1.5', '-0.25', 'abc', 'ąž', '99999999999', '2147483648', ' 12 ', 'x'.repeat(300), 'yes', 'no'];

  /** What class-validator's validateSync (stopAtFirstError) answers first, as the pipeline used it. */
  const classValidator = (dto: new () => object, params: Record<string, string>) => {
    const failures = validateSync(toInstance(dto, params), { stopAtFirstError: true, forbidUnknownValues: false, validationError: { target: false } });
    return failures.length === 0 ? null : Object.values(failures[0].constraints ?? {})[0];
  };
  const ours = (dto: new () => object, params: Record<string, string>) => {
    try {
      validateInput(dto, params);
      return null;
    } catch (e) {
      return (e as MorError).text;
    }
  };

  it('every family DTO is compiled and answers as class-validator does, value kind by value kind', () => {
    for (const dto of familyDtos()) {
      expect(compiledRules(dto)).not.toBeNull();
      const properties = getMetadataStorage().getTargetValidationMetadatas(dto, '', false, false).map((m) => m.propertyName);
      for (const value of kinds) {
        const cases = [Object.fromEntries(properties.map((p) => [p, value])), ...properties.map((p) => ({ [p]: value })), {}];
        for (const params of cases) expect([dto.name, params, ours(dto, params)]).toEqual([dto.name, params, classValidator(dto, params)]);
      }
    }
  });
});

describe('jsonTooDeep', () => {
  const { jsonTooDeep } = jest.requireActual('./http') as typeof import('./http');
  it.each([
    ['{"a":"1"}', false],
    ['[[[[1]]]]', false],
    [`${'['.repeat(33)}${']'.repeat(33)}`, true],
    [`${'['.repeat(32)}${']'.repeat(32)}`, false],
    [`{"a":"${'['.repeat(100)}"}`, false],
    [`{"a":"\\"${'{'.repeat(100)}"}`, false],
    ['['.repeat(1_000_000), true],
  ])('%#: %p', (text, deep) => {
    expect(jsonTooDeep(text)).toBe(deep);
  });
});

import { validateSync } from 'class-validator';
import { IntParam, isStorableDecimal } from './dto';

class Probe {
  @IntParam('bad') n?: string;
}
const errors = (n: string) => validateSync(Object.assign(new Probe(), { n })).map((e) => Object.values(e.constraints ?? {})[0]);

describe('IntParam', () => {
  it.each([['0'], ['-1'], ['2147483647'], ['-2147483647'], ['']])('accepts %j', (v) => expect(errors(v)).toEqual([]));
  it.each([['2147483648'], ['9999999999'], ['-2147483648'], ['1.5'], ['abc'], ['9'.repeat(10240)]])('refuses %j (no INT overflow reaches the database)', (v) =>
    expect(errors(v)).toEqual(['bad']));
});

describe('isStorableDecimal', () => {
  it.each([['0'], ['100.5'], ['-3'], ['.5'], ['99999999999999.999999']])('accepts %j', (v) => expect(isStorableDecimal(v)).toBe(true));
  it.each([['999999999999999'], ['9'.repeat(10240)], ['1e5'], ['abc'], ['']])('refuses %j (DECIMAL(20,6) would overflow)', (v) => expect(isStorableDecimal(v)).toBe(false));
});

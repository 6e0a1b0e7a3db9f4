import fc from 'fast-check';
import { numberListError, parseIdList, parseNumberList, toStoredNumber } from './number-list';

describe('parseNumberList', () => {
  test.each<[string, string, string[], string[], string[]]>([
    ['reference example', '370,44%,#14,13', ['370', '44%', '_14', '13'], [], []],
    ['single number', '37060000001', ['37060000001'], [], []],
    ['letters allowed', 'abc,XyZ9', ['abc', 'XyZ9'], [], []],
    ['leading plus', '+37060000001', ['+37060000001'], [], []],
    ['plus not leading', '370+1', [], ['370+1'], []],
    ['double plus', '++370', [], ['++370'], []],
    ['lone plus', '+', [], ['+'], []],
    ['hash inside', '3#7#', ['3_7_'], [], []],
    ['percent only', '%', ['%'], [], []],
    ['spaces around entries', ' 370 , 371 ,372', ['370', '371', '372'], [], []],
    ['space inside entry', '370 1', [], ['370 1'], []],
    ['newlines and CRLF', '370\n371\r\n372\r373', ['370', '371', '372', '373'], [], []],
    ['empty entries skipped', ',370,,371,', ['370', '371'], [], []],
    ['forbidden characters', '37-0,(371),37.2,_14,a;b', [], ['37-0', '(371)', '37.2', '_14', 'a;b'], []],
    ['unicode digits', '٣٧٠', [], ['٣٧٠'], []],
    ['mixed valid and invalid', '370,x-1,371', ['370', '371'], ['x-1'], []],
    ['duplicates', '370,371,370,370,371', ['370', '371'], [], ['370', '371']],
    ['duplicate after # mapping', '#14,#14x,#14', ['_14', '_14x'], [], ['_14']],
    ['duplicates ignore case', 'abc,ABC', ['abc'], [], ['ABC']],
    ['empty input', '', [], [], []],
    ['only separators', ' , ,\n', [], [], []],
    ['longest stored entry', '1'.repeat(100), ['1'.repeat(100)], [], []],
    ['entry longer than the column', `370,${'1'.repeat(101)}`, ['370'], ['1'.repeat(101)], []],
  ])('%s', (_label, input, numbers, invalid, duplicates) => {
    expect(parseNumberList(input)).toEqual({ numbers, invalid, duplicates });
  });

  test('handles 50 000 numbers quickly', () => {
    const list = Array.from({ length: 50_000 }, (_, i) => String(37060000000 + i));
    const input = [...list, list[0], 'bad-1'].join(',');
    const started = Date.now();
    const result = parseNumberList(input);
    expect(Date.now() - started).toBeLessThan(1_000);
    expect(result.numbers).toHaveLength(50_000);
    expect(result.duplicates).toEqual([list[0]]);
    expect(result.invalid).toEqual(['bad-1']);
  });

  test('property: valid numbers are unique, stored form, and round-trip', () => {
    const entry = fc.stringMatching(/^\+?[0-9A-Za-z#%]{1,12}$/);
    fc.assert(
      fc.property(fc.array(entry, { maxLength: 60 }), (entries) => {
        const result = parseNumberList(entries.join(','));
        const keys = result.numbers.map((n) => n.toLowerCase());
        expect(new Set(keys).size).toBe(keys.length);
        expect(result.invalid).toEqual([]);
        for (const n of result.numbers) expect(n).not.toContain('#');
        expect(parseNumberList(result.numbers.join(',').replace(/_/g, '#')).numbers).toEqual(result.numbers);
        expect(result.numbers.length + countRepeats(entries)).toBe(entries.length);
      }),
    );
  });
});

/** How many entries repeat an earlier one (case-insensitive, after # mapping). */
function countRepeats(entries: string[]): number {
  const seen = new Set<string>();
  let repeats = 0;
  for (const e of entries) {
    const key = toStoredNumber(e).toLowerCase();
    if (seen.has(key)) repeats++;
    seen.add(key);
  }
  return repeats;
}

describe('numberListError', () => {
  test.each<[string, string | null]>([
    ['370,371', null],
    ['370,370', null],
    ['', 'Numbers cannot be empty'],
    [' , ', 'Numbers cannot be empty'],
    ['370,3-1', 'Invalid numbers format'],
    ['3-1', 'Invalid numbers format'],
  ])('%p → %p', (input, error) => {
    expect(numberListError(parseNumberList(input))).toBe(error);
  });
});

describe('parseIdList', () => {
  test.each<[string, number[] | null]>([
    ['1,3,4', [1, 3, 4]],
    ['7', [7]],
    [' 1 , 2 ', [1, 2]],
    ['1,1,2', [1, 2]],
    ['', null],
    ['1,,2', null],
    ['1,a', null],
    ['0', null],
    ['-1', null],
    ['1.5', null],
    ['all', null],
    ['1234567890123456', null],
  ])('%p', (input, ids) => {
    expect(parseIdList(input)).toEqual(ids === null ? { ok: false } : { ok: true, ids });
  });
});

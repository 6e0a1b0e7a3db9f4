import { parseQuery } from './http';

/** The params of a query string as plain entries (the parsers answer prototype-less objects). */
const entries = (text: string): Record<string, unknown> => ({ ...parseQuery(text) });

describe('parseQuery: a short and a long query string give the same params', () => {
  const padding = `pad=${'x'.repeat(5000)}`;
  it.each([
    ['plain pairs', 'u=admin&user_id=2&hash=abc', { u: 'admin', user_id: '2', hash: 'abc' }],
    ['a repeated name is an array', 'a=1&b=2&a=3', { a: ['1', '3'], b: '2' }],
    ['plus is a space, in names too', 'a+b=c+d', { 'a b': 'c d' }],
    ['an empty name, a name without value', '=x&y&z=', { '': 'x', y: '', z: '' }],
    ['an = inside a value stays', 'x=1=2', { x: '1=2' }],
    ['UTF-8 escapes decode', 'c=%C3%A9%E2%82%AC', { c: 'é€' }],
    ['an undecodable value stays as sent', 'a=%E9&b=%zz&c=%', { a: '%E9', b: '%zz', c: '%' }],
    ['a lone surrogate escape stays as sent', 'a=%ED%A0%80', { a: '%ED%A0%80' }],
  ])('%s', (_name, text, params) => {
    expect(entries(text)).toEqual(params);
    expect(entries(`${text}&${padding}`)).toEqual({ ...params, pad: 'x'.repeat(5000) });
  });

  it('decodes a long escaped value', () => {
    const value = 'é'.repeat(40000);
    expect(entries(`name=${encodeURIComponent(value)}`)).toEqual({ name: value });
  });

  it('keeps every pair of a long query (no key limit)', () => {
    const text = Array.from({ length: 3000 }, (_, i) => `k${i}=${i}`).join('&');
    expect(Object.keys(entries(text))).toHaveLength(3000);
  });
});

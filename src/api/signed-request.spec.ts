import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { runInNewContext } from 'node:vm';
import { canonicalRequest, percentEncode, signRequest } from './signed-request';

const DOC = readFileSync(join(__dirname, '../../docs/signed-requests.md'), 'utf8');
const EXAMPLE = { u: 'admin', name: 'Pool A&B', comment: 'ü 100%', ts: '1700000000' };
const EXPECTED = '3e67f9e1c98aed68d6477d8c9df4d3500b778f3c2d6f6d00fc1b979f6d2da7e1';

function snippet(kind: string): string {
  const match = new RegExp(`<!-- snippet:${kind} -->\\n\`\`\`\\w+\\n([\\s\\S]*?)\`\`\``).exec(DOC);
  if (!match) throw new Error(`no ${kind} snippet in docs/signed-requests.md`);
  return match[1];
}

function hasOpenssl(): boolean {
  try {
    execFileSync('openssl', ['version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

describe('signed requests: canonical form and signature', () => {
  it('the worked example of docs/signed-requests.md: string to sign and signature', () => {
    const text = canonicalRequest('number_pool_create', { ...EXAMPLE, signature: 'ignored' });
    expect(text).toBe('MOR-HMAC-SHA256\nnumber_pool_create\n1700000000\ncomment=%C3%BC%20100%25&name=Pool%20A%26B&ts=1700000000&u=admin');
    expect(DOC).toContain(`\`\`\`\n${text}\n\`\`\``);
    expect(signRequest('number_pool_create', EXAMPLE, 'secret')).toBe(EXPECTED);
    expect(DOC).toContain(`Signature: \`${EXPECTED}\``);
  });

  it("the doc's Node snippet prints the same signature", () => {
    const printed: string[] = [];
    runInNewContext(snippet('node'), { require, console: { log: (v: string) => printed.push(v) } });
    expect(printed).toEqual([EXPECTED]);
  });

  (hasOpenssl() ? it : it.skip)("the doc's shell snippet prints the same signature", () => {
    expect(execFileSync('sh', ['-c', snippet('shell')], { encoding: 'utf8' }).trim()).toBe(EXPECTED);
  });

  it('percent-encodes UTF-8 bytes RFC 3986 style (space %20, !\'()* encoded, -._~ kept)', () => {
    expect(percentEncode("a b+c!'()*-._~/é")).toBe('a%20b%2Bc%21%27%28%29%2A-._~%2F%C3%A9');
  });

  it('sorts by encoded name, then value; names that prefix others sort first', () => {
    const text = canonicalRequest('m', { ab: '1', a: '2', 'a.b': '3', 'a-b': '4', B: '5', ts: '9' });
    expect(text.split('\n')[3]).toBe('B=5&a=2&a-b=4&a.b=3&ab=1&ts=9');
  });

  it('a file part is signed by the SHA-256 of its bytes', () => {
    const text = canonicalRequest('m', { ts: '1' }, { xml: Buffer.from('abc') });
    expect(text.split('\n')[3]).toBe('ts=1&xml=ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
  });

  it('binds the method, every param and the key', () => {
    const base = signRequest('m', { ts: '1', a: 'x' }, 'k');
    expect(signRequest('n', { ts: '1', a: 'x' }, 'k')).not.toBe(base);
    expect(signRequest('m', { ts: '1', a: 'y' }, 'k')).not.toBe(base);
    expect(signRequest('m', { ts: '1', a: 'x', b: '' }, 'k')).not.toBe(base);
    expect(signRequest('m', { ts: '2', a: 'x' }, 'k')).not.toBe(base);
    expect(signRequest('m', { ts: '1', a: 'x' }, 'K')).not.toBe(base);
  });
});

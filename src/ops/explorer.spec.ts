import { createHash } from 'node:crypto';
import { morHash } from '../api/hash';
import { UserIdDto } from '../families/users/dto/user-id.dto';
import { describeMethod } from './explorer';

// The page's own hashing code, as the browser runs it.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const page = require('../../public/explorer/sha1.js') as { sha1(text: string): string; morHash(params: Record<string, string>, order: string[], key: string): string };

describe('explorer page hashing (public/explorer/sha1.js)', () => {
  const texts = ['', 'a', 'abc', 'x'.repeat(55), 'x'.repeat(56), 'x'.repeat(63), 'x'.repeat(64), 'y'.repeat(1000), 'päßwörd €', '日本語テキスト', '😀 emoji'];
  it.each(texts.map((t) => [t.length, t]))('SHA1 of a %i-character string equals node:crypto', (_n, text) => {
    expect(page.sha1(text)).toBe(createHash('sha1').update(text, 'utf8').digest('hex'));
  });

  it("signs as the server checks: the hash params' values in order, absent ones skipped, then the key", () => {
    const params = { u: 'admin', user_id: '7', from: '2025-01-01', note: 'ignored' };
    const order = ['user_id', 'missing', 'from'];
    expect(page.morHash(params, order, 'k3y-ü')).toBe(morHash(params, order, 'k3y-ü'));
  });
});

describe('describeMethod', () => {
  it('lists the caller, the hash params with their positions and the input rules with their MOR texts', () => {
    const doc = describeMethod({ name: 'user_delete', aliases: ['user_del'], family: 'User', summary: 'Delete', hash: ['user_id'], access: 'write', roles: ['admin'], input: UserIdDto, errorEnvelope: 'status' });
    expect(doc).toMatchObject({ name: 'user_delete', aliases: ['user_del'], hash: ['user_id'], hashAlso: [], access: 'write', errorEnvelope: 'status', postOnly: false });
    expect(doc.params).toEqual([
      { name: 'u', required: true, errors: [] },
      { name: 'user_id', hashPosition: 1, required: true, errors: expect.arrayContaining(['User id must be present', 'User id must be non negative integer']) },
    ]);
    expect(doc.errors).toContain('Incorrect hash');
  });

  it('a login method takes u and p, a registration the owner hash id and no u', () => {
    const base = { family: 'x', summary: '', access: 'read' as const, roles: [] };
    expect(describeMethod({ ...base, name: 'user_login', hash: ['u', 'p'], identify: 'login' }).params.map((p) => [p.name, p.required])).toEqual([['u', false], ['p', false]]);
    expect(describeMethod({ ...base, name: 'user_register', hash: ['id', 'username'], identify: 'owner-uniquehash' }).params.map((p) => p.name)).toEqual(['id', 'username']);
  });
});

import { Params } from '../../src/api/hash';
import { SIGNED_TEXTS, signRequest } from '../../src/api/signed-request';
import { signUrl } from '../../src/cli/generate-hash';
import { Operator } from '../../src/cli/operator';
import { ADMIN_KEY, CallOptions, TestApp, errorOf } from '../support/test-app';

/** Signed-request mode (docs/signed-requests.md): opt-in per signer, HMAC over method, params and ts, used once. */
describe('Signed requests (HMAC-SHA256, opt-in per API key)', () => {
  let t: TestApp;
  let o: Operator;
  let resellerId: number;
  const R = { u: 'signres', key: 'sign-res-key' };
  const now = () => String(Math.floor(Date.now() / 1000));

  beforeAll(async () => {
    t = await TestApp.start();
    o = new Operator(t.app);
    resellerId = (await t.createReseller(R.u, R.key)).id;
    // Where an operator switches it on: `npm run cli -- settings set api_signed_requests 1 --reseller signres`.
    await o.setSetting('api_signed_requests', '1', await o.ownerOf(R.u));
  });
  afterAll(async () => t.close());

  /** The params of a signed request: u, the given ones, ts, and the signature over all of them for `signedAs`. */
  function signed(method: string, params: Params, options: { key?: string; ts?: string; signedAs?: string; u?: string } = {}): Params {
    const all: Params = { u: options.u ?? R.u, ...params, ts: options.ts ?? now() };
    return { ...all, signature: signRequest(options.signedAs ?? method, all, options.key ?? R.key) };
  }
  const send = (method: string, params: Params, options: CallOptions = {}) => t.send(method, params, options);
  const err = (r: { xml: any }) => errorOf(r.xml);

  it('accepts a signed read and a signed write (query, form and JSON bodies); expired replay-cache rows are purged', async () => {
    await t.db.query('INSERT INTO api_signed_requests (signature, expires_at) VALUES (?, 1)', ['e'.repeat(64)]);
    const read = await send('user_details_get', signed('user_details_get', { user_id: String(resellerId) }));
    expect(read.xml.page.userid).toBe(String(resellerId));
    for (const via of ['form', 'json'] as const) {
      const name = `signed-${via}`;
      const r = await send('number_pool_create', signed('number_pool_create', { name, comment: 'with spaces & symbols: ü+%' }), { via });
      expect(r.xml.page.status.success).toBe('Number Pool created');
      const rows = await t.db.query('SELECT comment FROM number_pools WHERE name = ?', [name]);
      expect(rows[0].comment).toBe('with spaces & symbols: ü+%');
    }
    expect(await t.db.query('SELECT signature FROM api_signed_requests WHERE expires_at = 1')).toEqual([]);
    expect(Number((await t.db.query('SELECT COUNT(*) AS n FROM api_signed_requests'))[0].n)).toBe(3);
  });

  it('refuses a tampered param, an added param and a removed one', async () => {
    const params = signed('number_pool_create', { name: 'orig', comment: 'c' });
    expect(err(await send('number_pool_create', { ...params, name: 'changed' }))).toBe(SIGNED_TEXTS.incorrect);
    expect(err(await send('number_pool_create', { ...params, extra: '1' }))).toBe(SIGNED_TEXTS.incorrect);
    const { comment: _dropped, ...without } = params;
    expect(err(await send('number_pool_create', without))).toBe(SIGNED_TEXTS.incorrect);
    expect(await t.db.query("SELECT id FROM number_pools WHERE name IN ('orig', 'changed')")).toEqual([]);
  });

  it('refuses a signature made for another method, or with another key', async () => {
    expect(err(await send('number_pools_get', signed('number_pools_get', {}, { signedAs: 'number_pool_create' })))).toBe(SIGNED_TEXTS.incorrect);
    expect(err(await send('number_pools_get', signed('number_pools_get', {}, { key: ADMIN_KEY })))).toBe(SIGNED_TEXTS.incorrect);
  });

  it(`refuses a timestamp more than 300 s off either way, or not a number; accepts one inside`, async () => {
    const at = (offset: number) => String(Math.floor(Date.now() / 1000) + offset);
    expect(err(await send('number_pools_get', signed('number_pools_get', {}, { ts: at(-301) })))).toBe(SIGNED_TEXTS.badTimestamp);
    expect(err(await send('number_pools_get', signed('number_pools_get', {}, { ts: at(301) })))).toBe(SIGNED_TEXTS.badTimestamp);
    expect(err(await send('number_pools_get', signed('number_pools_get', {}, { ts: '1e9' })))).toBe(SIGNED_TEXTS.badTimestamp);
    const { ts: _ts, ...noTs } = signed('number_pools_get', {});
    expect(err(await send('number_pools_get', noTs))).toBe(SIGNED_TEXTS.badTimestamp);
    expect((await send('number_pools_get', signed('number_pools_get', {}, { ts: at(-290) }))).xml.page.status.number_pools).toBeDefined();
  });

  it('refuses a replay of an accepted request, in this process and in another one on the same database', async () => {
    const params = signed('number_pool_create', { name: 'once' });
    expect((await send('number_pool_create', params)).xml.page.status.success).toBe('Number Pool created');
    expect(err(await send('number_pool_create', params))).toBe(SIGNED_TEXTS.replayed);
    const other = await TestApp.startOn(t.databaseUrl);
    try {
      expect(err(await other.send('number_pool_create', params))).toBe(SIGNED_TEXTS.replayed);
      const fresh = signed('number_pool_create', { name: 'once', nonce: 'a' });
      expect((await other.send('number_pool_create', fresh)).xml.page.status.success).toBe('Number Pool created');
      expect(err(await send('number_pool_create', fresh))).toBe(SIGNED_TEXTS.replayed);
    } finally {
      await other.app.close();
    }
    expect(Number((await t.db.query("SELECT COUNT(*) AS n FROM number_pools WHERE name = 'once'"))[0].n)).toBe(2);
  });

  it('of 10 parallel copies of one signed request exactly one is accepted', async () => {
    const params = signed('number_pool_create', { name: 'parallel' });
    const replies = await Promise.all(Array.from({ length: 10 }, () => send('number_pool_create', params)));
    expect(replies.filter((r) => r.xml.page.status?.success === 'Number Pool created')).toHaveLength(1);
    expect(replies.filter((r) => err(r) === SIGNED_TEXTS.replayed)).toHaveLength(9);
    expect(Number((await t.db.query("SELECT COUNT(*) AS n FROM number_pools WHERE name = 'parallel'"))[0].n)).toBe(1);
  });

  it("refuses MOR's hash from a signer in signed mode, even with Disable hash checking on", async () => {
    expect(err(await t.call('number_pools_get', {}, R))).toBe(SIGNED_TEXTS.required);
    expect(err(await t.call('number_pools_get', { signature: 'zz' }, R))).toBe(SIGNED_TEXTS.required);
    await t.settings.set('disable_hash_checking', '1', resellerId);
    try {
      expect(err(await t.call('number_pools_get', {}, { ...R, noHash: true }))).toBe(SIGNED_TEXTS.required);
    } finally {
      await t.settings.set('disable_hash_checking', '0', resellerId);
    }
  });

  it('the CLI\'s `sign <url>` makes a URL the server accepts once; the doc\'s worked example', async () => {
    // A timestamp of its own: the same request signed by an earlier test in the same second would be a replay.
    const { url } = signUrl(`http://host/billing/api/user_details_get?u=${R.u}&user_id=${resellerId}&signature=old`, R.key, String(Math.floor(Date.now() / 1000) - 7));
    const path = new URL(url);
    const once = () => t.send(`user_details_get${path.search}`, {}, { via: 'query' });
    expect((await once()).xml.page.userid).toBe(String(resellerId));
    expect(err(await once())).toBe(SIGNED_TEXTS.replayed);
    const example = signUrl('/billing/api/number_pool_create?u=admin&name=Pool%20A%26B&comment=%C3%BC%20100%25', 'secret', '1700000000');
    expect(new URL(example.url).searchParams.get('signature')).toBe('3e67f9e1c98aed68d6477d8c9df4d3500b778f3c2d6f6d00fc1b979f6d2da7e1');
  });

  it("MOR's hash still works for signers with the mode off (the admin here), and again for the reseller once switched off", async () => {
    expect((await t.call('user_details_get', { user_id: '0' })).xml.page.userid).toBe('0');
    expect(err(await t.call('user_details_get', { user_id: '0' }, { key: 'wrong' }))).toBe('Incorrect hash');
    await o.setSetting('api_signed_requests', '0', resellerId);
    try {
      expect((await t.call('number_pools_get', {}, R)).xml.page.status.number_pools).toBeDefined();
    } finally {
      await o.setSetting('api_signed_requests', '1', resellerId);
    }
  });
});

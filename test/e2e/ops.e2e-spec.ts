import { Metrics } from '../../src/ops/metrics';
import { ADMIN_KEY, ADMIN_PASSWORD, ON_MYSQL, TestApp } from '../support/test-app';

/** The value of one sample line of a Prometheus text exposition. */
function sample(text: string, series: string): number | undefined {
  const line = text.split('\n').find((l) => l.startsWith(`${series} `));
  return line === undefined ? undefined : Number(line.slice(series.length + 1));
}

describe('health and metrics', () => {
  let t: TestApp;
  const get = (url: string, remoteAddress = '127.0.0.1') => t.app.inject({ method: 'GET', url, remoteAddress });

  beforeAll(async () => {
    t = await TestApp.start();
  });
  afterAll(() => t.close());

  it('GET /health/live answers while the process runs', async () => {
    const r = await get('/health/live');
    expect([r.statusCode, r.json()]).toEqual([200, { status: 'ok' }]);
  });

  it('GET /health/ready: the database answers and every migration has run; JSON without secrets', async () => {
    const r = await get('/health/ready');
    expect(r.statusCode).toBe(200);
    expect(r.headers['content-type']).toMatch(/^application\/json/);
    expect(r.json()).toEqual({ status: 'ready', database: 'ok', migrations: 'done' });
    for (const secret of [ADMIN_KEY, ADMIN_PASSWORD, 'root@', 'sqlite:']) expect(r.body).not.toContain(secret);
  });

  it('GET /health/ready is 503 while a migration is pending', async () => {
    const [last] = await t.db.query('SELECT id, timestamp, name FROM schema_migrations ORDER BY timestamp DESC LIMIT 1');
    await t.db.query('DELETE FROM schema_migrations WHERE id = ?', [last.id]);
    try {
      const r = await get('/health/ready');
      expect([r.statusCode, r.json()]).toEqual([503, { status: 'not ready', database: 'ok', migrations: 'pending' }]);
    } finally {
      await t.db.query('INSERT INTO schema_migrations (id, timestamp, name) VALUES (?, ?, ?)', [last.id, last.timestamp, last.name]);
    }
    expect((await get('/health/ready')).statusCode).toBe(200);
  });

  it('GET /metrics counts MOR requests by canonical method and outcome, with latency histograms', async () => {
    const before = await get('/metrics');
    const ok = 'mor_api_requests_total{method="user_details_get",outcome="ok"}';
    const okBefore = sample(before.body, ok) ?? 0;
    await t.call('user_details_get', { user_id: '0' });
    await t.call('user_details', { user_id: '0' });
    await t.call('user_details_get', { user_id: '0' }, { key: 'wrong-key' });
    await t.call('no_such_method');
    const r = await get('/metrics');
    expect(r.statusCode).toBe(200);
    expect(r.headers['content-type']).toMatch(/^text\/plain; version=0\.0\.4/);
    expect(sample(r.body, ok)).toBe(okBefore + 2);
    expect(sample(r.body, 'mor_api_requests_total{method="user_details_get",outcome="incorrect_hash"}')).toBe(1);
    expect(sample(r.body, 'mor_api_requests_total{method="(unknown)",outcome="unknown_method"}')).toBe(1);
    expect(sample(r.body, 'mor_api_request_duration_seconds_count{method="user_details_get",outcome="ok"}')).toBe(okBefore + 2);
    expect(sample(r.body, 'mor_api_request_duration_seconds_bucket{le="+Inf",method="user_details_get",outcome="ok"}')).toBe(okBefore + 2);
    // Health and metrics requests are not MOR requests.
    expect(r.body).not.toMatch(/method="\/?(health|metrics)/);
    expect(r.body).toContain('process_cpu_user_seconds_total');
  });

  it('reports database pool use', async () => {
    const r = await get('/metrics');
    expect(sample(r.body, 'mor_db_pool_max')).toBe(ON_MYSQL ? 10 : 1);
    expect(sample(r.body, 'mor_db_pool_connections_open')).toBeGreaterThanOrEqual(1);
    expect(sample(r.body, 'mor_db_pool_connections_in_use')).toBe(0);
    expect(sample(r.body, 'mor_db_pool_waiting')).toBe(0);
  });

  it('exposes the calls and money counters the families record through Metrics', async () => {
    const metrics = t.app.get(Metrics);
    metrics.callStarted();
    metrics.callStarted();
    metrics.callEnded();
    metrics.callRated('answered');
    metrics.moneyMoved('payment', '12.345678', 'EUR');
    metrics.moneyMoved('payment', '-0.654322', 'EUR');
    const r = await get('/metrics');
    expect(sample(r.body, 'mor_active_calls')).toBe(1);
    expect(sample(r.body, 'mor_rated_calls_total{kind="answered"}')).toBe(1);
    expect(sample(r.body, 'mor_money_moved_total{kind="payment",currency="EUR"}')).toBeCloseTo(13, 9);
  });

  it('the operations routes do not go through the MOR pipeline (API off does not matter)', async () => {
    await t.settings.set('allow_api', '0');
    try {
      expect((await get('/health/ready')).statusCode).toBe(200);
      expect((await get('/metrics')).statusCode).toBe(200);
    } finally {
      await t.settings.set('allow_api', '1');
    }
  });
});

describe('OPS_ALLOWED_IPS', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await TestApp.start({ OPS_ALLOWED_IPS: '10.1.0.0/16, 2001:db8::/32' });
  });
  afterAll(() => t.close());

  it.each([
    ['10.1.2.3', 200],
    ['::ffff:10.1.200.4', 200],
    ['2001:db8::5', 200],
    ['127.0.0.1', 200],
    ['::1', 200],
    ['10.2.0.1', 403],
    ['192.168.5.5', 403],
    ['2001:db9::1', 403],
  ])('from %s: %i', async (remoteAddress, status) => {
    for (const url of ['/health/live', '/health/ready', '/metrics']) {
      const r = await t.app.inject({ method: 'GET', url, remoteAddress });
      expect([url, r.statusCode]).toEqual([url, status]);
    }
  });

  it('does not restrict the MOR API itself', async () => {
    const r = await t.call('user_details_get', { user_id: '0' }, { ip: '192.168.5.5' });
    expect(r.xml.page.details).toBeDefined();
  });
});

describe('GET /health/ready when the database is gone', () => {
  it('answers 503 without the error text', async () => {
    const t = await TestApp.start();
    try {
      await t.db.destroy();
      const r = await t.app.inject({ method: 'GET', url: '/health/ready' });
      expect([r.statusCode, r.json()]).toEqual([503, { status: 'not ready', database: 'unreachable', migrations: 'unknown' }]);
      expect((await t.app.inject({ method: 'GET', url: '/health/live' })).statusCode).toBe(200);
    } finally {
      await t.close();
    }
  });
});

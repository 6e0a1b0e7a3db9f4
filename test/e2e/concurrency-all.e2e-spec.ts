import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Params } from '../../src/api/hash';
import { MorRegistry } from '../../src/api/registry.service';
import { Decimal, money, toStorage } from '../../src/billing/money';
import { IvrService } from '../../src/families/telephony/ivr.service';
import { ServersService } from '../../src/families/telephony/servers.service';
import { insertReturningId } from '../../src/database/insert';
import { LedgerAccountType, auditBalances, openingBalance } from '../../src/ledger/ledger';
import { AmiPeer } from '../support/ami-peer';
import { BurstResult, burst } from '../support/burst';
import { CallWorld, createCallWorld } from '../support/call-fixtures';
import { createDevice, createProvider } from '../support/device-fixtures';
import { SmsGatewayPeer } from '../support/sms-gateway-peer';
import { SmtpPeer } from '../support/smtp-peer';
import { CallOptions, ON_MYSQL, Reply, TestApp, errorOf } from '../support/test-app';

/**
 * Every writing method, 50 requests at once with identical params and 50 with distinct ones, on a
 * MariaDB pool of 4 connections: each is answered (no pool deadlock), none is a 500, the database
 * holds exactly what the successes say (no lost update, no duplicate), and a probe is answered
 * right after. A new writing method fails the completeness test until it has a scenario here.
 */

const N = 50;
const POOL_SIZE = '4';
/**
 * Long scenarios (SMTP, many fixtures) start first so that the lanes end together. Not user_register:
 * its 100 bcrypt hashes fill the thread pool that other scenarios' fixture accounts hash on.
 */
const SLOW_FIRST = ['email_send', 'did_device_assign', 'did_trunk_device_assign', 'cli_delete', 'card_by_cli_update'];
/** How many scenarios run at once. */
const SIDE_BY_SIDE = Number(process.env.CONCURRENCY_SIDE_BY_SIDE ?? 4);

type Kind = 'same' | 'distinct';
interface Plan {
  params: (i: number) => Params;
  /** Who signs (the admin by default), or per request. */
  options?: CallOptions | ((i: number) => CallOptions);
  /** What is wrong with the database after the burst, given how many requests succeeded (and the replies). */
  verify?: (successes: number, result: BurstResult) => Promise<string | null>;
}
type Scenario = (t: TestApp, kind: Kind, tag: string) => Promise<Plan>;

const count = async (t: TestApp, sql: string, args: unknown[] = []) => Number((await t.db.query(sql, args))[0].n);
// Scenarios run side by side: a fixture finds its own rows by the id the insert returned or by their unique key, never by MAX(id).
const insertId = async (t: TestApp, table: string, row: Record<string, string | number>) => {
  const cols = Object.keys(row);
  return String(await insertReturningId(t.db.manager, `INSERT INTO ${table} (${cols.join(', ')}) VALUES (${cols.map(() => '?').join(', ')})`, Object.values(row)));
};
/** Rows in one statement; their ids in the rows' order (found by the first of these columns the rows have, unique to them). */
const KEYS = ['username', 'uniqueid', 'number', 'name'];
const insertMany = async (t: TestApp, table: string, rows: Record<string, string | number>[]) => {
  const cols = Object.keys(rows[0]);
  const key = KEYS.find((k) => cols.includes(k))!;
  const tuple = `(${cols.map(() => '?').join(', ')})`;
  await t.db.query(`INSERT INTO ${table} (${cols.join(', ')}) VALUES ${rows.map(() => tuple).join(', ')}`, rows.flatMap((r) => Object.values(r)));
  const found: { id: number; k: string }[] = await t.db.query(`SELECT id, ${key} AS k FROM ${table} WHERE ${key} IN (${rows.map(() => '?').join(', ')})`, rows.map((r) => r[key]));
  const byKey = new Map(found.map((r) => [String(r.k), String(r.id)]));
  return rows.map((r) => byKey.get(String(r[key]))!);
};
const providersNamed = (t: TestApp, prefix: string) => insertMany(t, 'providers', Array.from({ length: N }, (_, i) => ({ name: `${prefix}x${i}`, user_id: 0 })));
const pick = (kind: Kind, i: number, distinct: (i: number) => string, same: string) => (kind === 'same' ? same : distinct(i));
/** `expected` rows for the successes: creations must leave one row per success. */
const rowsPerSuccess = (t: TestApp, sql: string, args: unknown[] = [], atMostOne = false) => async (successes: number) => {
  const n = await count(t, sql, args);
  if (n !== successes) return `${n} rows for ${successes} successes`;
  if (atMostOne && n > 1) return `${n} rows for one identical request`;
  return null;
};
/** For methods that refuse inside a success envelope: one row for identical requests, one per request otherwise. */
const oneRowPerName = (t: TestApp, kind: Kind, sql: string, args: unknown[]) => async () => {
  const n = await count(t, sql, args);
  const expected = kind === 'same' ? 1 : N;
  return n === expected ? null : `${n} rows, expected ${expected}`;
};

const lcr = (t: TestApp, tag: string) => insertId(t, 'lcrs', { name: `L${tag}`, owner_id: 0 });
/** A user row (no password hashing: bursts need many of them). */
const user = async (t: TestApp, tag: string, owner = 0, extra: Record<string, string | number> = {}) =>
  Number(await insertId(t, 'users', { username: `u${tag}`, usertype: 'user', owner_id: owner, password: 'x', uniquehash: `uh${tag}`, ...extra }));
const device = async (t: TestApp, tag: string) => (await createDevice(t, await user(t, tag))).id;
const location = (t: TestApp, tag: string) => insertId(t, 'locations', { name: `Loc${tag}`, owner_id: 0 });
const pool = (t: TestApp, tag: string) => insertId(t, 'number_pools', { name: `NP${tag}`, owner_id: 0 });
const did = async (t: TestApp, tag: string, number: string) => {
  await t.call('did_create', { provider_id: await createProvider(t, `P${tag}`), did: number });
  return number;
};
/** `n` Free DIDs of one provider, created through the API in parallel. */
const freeDids = async (t: TestApp, tag: string, n: number) => {
  const provider = await createProvider(t, `DP${tag}`);
  const numbers = Array.from({ length: n }, (_, i) => num(tag, i));
  await Promise.all(numbers.map((did) => t.call('did_create', { provider_id: provider, did })));
  const rows: { id: number; did: string }[] = await t.db.query('SELECT id, did FROM dids WHERE provider_id = ? ORDER BY id', [provider]);
  if (rows.length !== n) throw new Error(`fixture: ${rows.length} of ${n} DIDs created`);
  return { ids: rows.map((r) => String(r.id)), numbers: rows.map((r) => r.did) };
};
/** A scenario acting on one of `n` DIDs per request (distinct) or on the first one (same). */
const onDids = (paramsOf: (d: { id: string; number: string; device: string }) => Params, prepare?: (t: TestApp, ids: string[]) => Promise<void>): Scenario =>
  async (t, kind, tag) => {
    const { ids, numbers } = await freeDids(t, tag, kind === 'same' ? 1 : N);
    await prepare?.(t, ids);
    const dev = String(await device(t, tag));
    return { params: (i) => paramsOf({ id: ids[kind === 'same' ? 0 : i], number: numbers[kind === 'same' ? 0 : i], device: dev }) };
  };
const setStatus = (status: string) => async (t: TestApp, ids: string[]) => {
  await t.db.query(`UPDATE dids SET status = ? WHERE id IN (${ids.map(() => '?').join(', ')})`, [status, ...ids]);
};
/** A number unique to the scenario, its kind and `i` (the kind is part of it: the identical and distinct bursts must not collide). */
const num = (tag: string, i: number) => `3706${digits(tag)}${String(i).padStart(4, '0')}`;
/** A scenario tag as digits only, the kind included ('14s3' and '14d3' must not share numbers). */
const digits = (tag: string) => tag.replace('s', '1').replace('d', '2').replace(/\D/g, '');

const SCENARIOS: Record<string, Scenario> = {
  cli_add: async (t, kind, tag) => {
    const d = String(await device(t, tag));
    const cli = (i: number) => pick(kind, i, (j) => num(tag, j), num(tag, 9999));
    return { params: (i) => ({ device_id: d, cli_number: cli(i) }), verify: rowsPerSuccess(t, 'SELECT COUNT(*) AS n FROM device_clis WHERE device_id = ?', [d], kind === 'same') };
  },
  cli_delete: async (t, kind, tag) => {
    const d = await device(t, tag);
    await Promise.all(Array.from({ length: N }, (_, i) => t.call('cli_add', { device_id: String(d), cli_number: num(tag, i) })));
    return { params: (i) => ({ cli_number: pick(kind, i, (j) => num(tag, j), num(tag, 0)) }) };
  },
  conflines_update: async (_t, kind) => ({ params: (i) => ({ default_user_call_limit: pick(kind, i, String, '3') }) }),
  device_callflow_update: async (t, kind, tag) => {
    const d = String(await device(t, tag));
    return { params: (i) => ({ device_id: d, state: 'busy', callflow_action: 'forward', external_number: pick(kind, i, (j) => num(tag, j), '37060000001') }) };
  },
  device_create: async (t, kind, tag) => {
    const u = String(await user(t, tag));
    return { params: (i) => ({ user_id: u, description: pick(kind, i, (j) => `d${j}`, 'desk'), type: 'SIP' }), verify: rowsPerSuccess(t, 'SELECT COUNT(*) AS n FROM devices WHERE user_id = ?', [u]) };
  },
  device_delete: async (t, kind, tag) => {
    const u = await user(t, tag);
    const ids = await insertMany(t, 'devices', Array.from({ length: N }, (_, i) => ({ user_id: u, device_type: 'SIP', name: `dd${tag}x${i}`, secret: 'fixture-secret-1', extension: `7${digits(tag)}${i}`, pin: '' })));
    return { params: (i) => ({ device: pick(kind, i, (j) => ids[j], ids[0]) }) };
  },
  device_rule_create: async (t, kind, tag) => {
    const d = String(await device(t, tag));
    return { params: (i) => ({ device_id: d, name: pick(kind, i, (j) => `r${j}`, 'r'), cut: pick(kind, i, String, '00'), add: '370' }) };
  },
  device_rule_delete: async (t, kind, tag) => {
    const d = String(await device(t, tag));
    await Promise.all(Array.from({ length: N }, (_, i) => t.call('device_rule_create', { device_id: d, name: `r${i}`, cut: String(i), add: '370' })));
    const ids: string[] = (await t.db.query('SELECT id FROM device_rules WHERE device_id = ? ORDER BY id', [d])).map((r: { id: number }) => String(r.id));
    return { params: (i) => ({ device_rule_id: pick(kind, i, (j) => ids[j], ids[0]) }) };
  },
  device_update: async (t, kind, tag) => {
    const d = String(await device(t, tag));
    const mail = (i: number) => pick(kind, i, (j) => `f${j}@example.com`, 'fax@example.com');
    return {
      params: (i) => ({ device: d, fax_email_add: mail(i) }),
      verify: async (successes) => {
        const [row] = await t.db.query('SELECT fax_emails FROM devices WHERE id = ?', [d]);
        const stored = String(row.fax_emails ?? '').split(/[;,\s]+/).filter(Boolean);
        const expected = kind === 'same' ? Math.min(1, successes) : successes;
        return stored.length === expected ? null : `${stored.length} fax e-mails stored for ${successes} successes`;
      },
    };
  },
  exchange_rate_update: async (_t, kind) => ({ params: (i) => ({ currency: 'EUR', rate: pick(kind, i, (j) => `1.${j + 1}`, '1.5') }) }),
  lcr_add_provider: async (t, kind, tag) => {
    const l = await lcr(t, tag);
    const providers = await providersNamed(t, `P${tag}`);
    return {
      params: (i) => ({ lcr_id: l, provider_id: pick(kind, i, (j) => providers[j], providers[0]) }),
      verify: async (successes) => {
        const links = await count(t, 'SELECT COUNT(*) AS n FROM lcr_providers WHERE lcr_id = ?', [l]);
        const priorities = await count(t, 'SELECT COUNT(DISTINCT priority) AS n FROM lcr_providers WHERE lcr_id = ?', [l]);
        if (links !== successes) return `${links} links for ${successes} successes`;
        return priorities === links ? null : `${links} links share ${priorities} priorities`;
      },
    };
  },
  lcr_create: async (t, kind, tag) => ({
    params: (i) => ({ name: pick(kind, i, (j) => `C${tag}x${j}`, `C${tag}`), order: 'price' }),
    verify: rowsPerSuccess(t, 'SELECT COUNT(*) AS n FROM lcrs WHERE name LIKE ?', [`C${tag}%`]),
  }),
  lcr_delete: async (t, kind, tag) => {
    const ids = await insertMany(t, 'lcrs', Array.from({ length: N }, (_, i) => ({ name: `L${tag}x${i}`, owner_id: 0 })));
    return { params: (i) => ({ lcr_id: pick(kind, i, (j) => ids[j], ids[0]) }) };
  },
  lcr_delete_provider: async (t, kind, tag) => {
    const l = await lcr(t, tag);
    const providers = await providersNamed(t, `P${tag}`);
    await Promise.all(providers.map((p) => t.call('lcr_add_provider', { lcr_id: l, provider_id: p })));
    return { params: (i) => ({ lcr_id: l, provider_id: pick(kind, i, (j) => providers[j], providers[0]) }) };
  },
  lcr_update: async (t, kind, tag) => {
    const l = await lcr(t, tag);
    return { params: (i) => ({ lcr_id: l, name: pick(kind, i, (j) => `U${tag}x${j}`, `U${tag}`) }) };
  },
  location_rule_copy: async (t, kind, tag) => {
    const from = await location(t, tag);
    const to = await location(t, `${tag}to`);
    const rule = (await t.call('location_rule_create', { location_id: from, name: `R${tag}`, cut: '8', add: '370', minlen: '1', maxlen: '20' })).xml.page.status.rule_id;
    const targets: string[] = [];
    for (let i = 0; i < (kind === 'same' ? 1 : N); i++) targets.push(i === 0 ? to : await location(t, `${tag}to${i}`));
    return { params: (i) => ({ location_rule_id: rule, location_id: pick(kind, i, (j) => targets[j], to) }) };
  },
  location_rule_create: async (t, kind, tag) => {
    const loc = await location(t, tag);
    return {
      params: (i) => ({ location_id: loc, name: `R${i}`, cut: pick(kind, i, (j) => `9${j}`, '8'), add: '370', minlen: '1', maxlen: '20' }),
      verify: rowsPerSuccess(t, 'SELECT COUNT(*) AS n FROM location_rules WHERE location_id = ?', [loc], kind === 'same'),
    };
  },
  location_rule_delete: async (t, kind, tag) => {
    const loc = await location(t, tag);
    const ids: string[] = [];
    ids.push(...(await Promise.all(Array.from({ length: N }, async (_, i) => (await t.call('location_rule_create', { location_id: loc, name: `R${i}`, cut: `9${i}`, add: '', minlen: '1', maxlen: '20' })).xml.page.status.rule_id))));
    return { params: (i) => ({ location_rule_id: pick(kind, i, (j) => ids[j], ids[0]) }) };
  },
  location_rule_update: async (t, kind, tag) => {
    const loc = await location(t, tag);
    const rule = (await t.call('location_rule_create', { location_id: loc, name: 'R', cut: '8', add: '', minlen: '1', maxlen: '20' })).xml.page.status.rule_id;
    return { params: (i) => ({ location_rule_id: rule, name: pick(kind, i, (j) => `R${j}`, 'same') }) };
  },
  number_pool_create: async (t, kind, tag) => ({
    params: (i) => ({ name: pick(kind, i, (j) => `NP${tag}x${j}`, `NP${tag}`) }),
    // Pool names need not be unique (MOR): every request creates one.
    verify: rowsPerSuccess(t, 'SELECT COUNT(*) AS n FROM number_pools WHERE name LIKE ?', [`NP${tag}%`]),
  }),
  number_pool_delete: async (t, kind, tag) => {
    const ids = await insertMany(t, 'number_pools', Array.from({ length: N }, (_, i) => ({ name: `NP${tag}x${i}`, owner_id: 0 })));
    return { params: (i) => ({ number_pool_id: pick(kind, i, (j) => ids[j], ids[0]) }) };
  },
  number_pool_numbers_create: async (t, kind, tag) => {
    const p = await pool(t, tag);
    return {
      params: (i) => ({ number_pool_id: p, numbers: pick(kind, i, (j) => num(tag, j), num(tag, 0)) }),
      verify: async () => {
        const n = await count(t, 'SELECT COUNT(*) AS n FROM number_pool_numbers WHERE number_pool_id = ?', [p]);
        const expected = kind === 'same' ? 1 : N;
        return n === expected ? null : `${n} numbers stored, expected ${expected}`;
      },
    };
  },
  number_pool_numbers_delete: async (t, kind, tag) => {
    const p = await pool(t, tag);
    await t.call('number_pool_numbers_create', { number_pool_id: p, numbers: Array.from({ length: N }, (_, i) => num(tag, i)).join(',') });
    return { params: (i) => ({ number_pool_id: p, numbers: pick(kind, i, (j) => num(tag, j), num(tag, 0)) }) };
  },
  number_pool_update: async (t, kind, tag) => {
    const p = await pool(t, tag);
    return { params: (i) => ({ number_pool_id: p, name: pick(kind, i, (j) => `NU${tag}x${j}`, `NU${tag}`) }) };
  },
  pbx_pool_create: async (t, kind, tag) => ({
    params: (i) => ({ name: pick(kind, i, (j) => `PP${tag}x${j}`, `PP${tag}`) }),
    verify: rowsPerSuccess(t, 'SELECT COUNT(*) AS n FROM pbx_pools WHERE name LIKE ?', [`PP${tag}%`], kind === 'same'),
  }),
  phonebook_edit: async (t, kind, tag) => {
    const u = String(await user(t, tag));
    await t.call('phonebook_record_create', { user_id: u, number: '1', name: 'n', speeddial: '11' });
    const id = String((await t.db.query('SELECT id FROM phonebooks WHERE user_id = ?', [u]))[0].id);
    return { params: (i) => ({ phonebook_id: id, speeddial: pick(kind, i, (j) => String(20 + j), '12') }) };
  },
  phonebook_record_create: async (t, kind, tag) => {
    const u = String(await user(t, tag));
    return {
      params: (i) => ({ user_id: u, number: `5${i}`, name: `n${i}`, speeddial: pick(kind, i, (j) => String(20 + j), '11') }),
      verify: rowsPerSuccess(t, 'SELECT COUNT(*) AS n FROM phonebooks WHERE user_id = ?', [u], kind === 'same'),
    };
  },
  provider_create: async (t, kind, tag) => {
    const tariff = await insertId(t, 'tariffs', { name: `T${tag}`, purpose: 'provider', owner_id: 0 });
    return {
      params: (i) => ({ name: pick(kind, i, (j) => `PC${tag}x${j}`, `PC${tag}`), tech: 'SIP', tariff_id: tariff }),
      verify: rowsPerSuccess(t, 'SELECT COUNT(*) AS n FROM providers WHERE name LIKE ?', [`PC${tag}%`], kind === 'same'),
    };
  },
  provider_delete: async (t, kind, tag) => {
    const ids = await providersNamed(t, `PD${tag}`);
    return { params: (i) => ({ provider_id: pick(kind, i, (j) => ids[j], ids[0]) }) };
  },
  provider_rule_create: async (t, kind, tag) => {
    const p = await createProvider(t, `PR${tag}`);
    return { params: (i) => ({ provider_id: p, name: `r${i}`, cut: pick(kind, i, (j) => `9${j}`, '8'), add: '1' }) };
  },
  provider_rule_delete: async (t, kind, tag) => {
    const p = await createProvider(t, `PR${tag}`);
    await Promise.all(Array.from({ length: N }, (_, i) => t.call('provider_rule_create', { provider_id: p, name: `r${i}`, cut: `9${i}`, add: '1' })));
    const ids: string[] = (await t.db.query('SELECT id FROM provider_rules WHERE provider_id = ? ORDER BY id', [p])).map((r: { id: number }) => String(r.id));
    return { params: (i) => ({ provider_rule_id: pick(kind, i, (j) => ids[j], ids[0]) }) };
  },
  provider_update: async (t, kind, tag) => {
    const p = await createProvider(t, `PU${tag}`);
    return { params: (i) => ({ provider_id: p, name: pick(kind, i, (j) => `PU${tag}x${j}`, `PU${tag}y`) }) };
  },
  quickforwards_did_update: async (t, kind, tag) => {
    const number = await did(t, tag, num(tag, 0));
    return { params: (i) => ({ did: number, forward_to: pick(kind, i, (j) => num(tag, j + 1), '37066603777') }) };
  },
  reseller_group_create: async (t, kind, tag) => ({
    params: (i) => ({ name: pick(kind, i, (j) => `G${tag}x${j}`, `G${tag}`) }),
    verify: rowsPerSuccess(t, 'SELECT COUNT(*) AS n FROM reseller_groups WHERE name LIKE ?', [`G${tag}%`], kind === 'same'),
  }),
  tariff_retail_import: async (t, kind, tag) => {
    const rate = '<rates><rate_price>0.1</rate_price><rate_round_by>1</rate_round_by><rate_type>minute</rate_type><rate_start_time>00:00:00</rate_start_time><rate_end_time>23:59:59</rate_end_time><rate_duration>-1</rate_duration><day_type>WD</day_type></rates>';
    const xml = (name: string) => `<tariff><name>${name}</name><id></id><destinations><destination><direction/><destination_group_name>Afghanistan</destination_group_name><destination_group_type>FIX</destination_group_type>${rate}</destination></destinations></tariff>`;
    return {
      params: (i) => ({ xml: xml(pick(kind, i, (j) => `RI${tag}x${j}`, `RI${tag}`)) }),
      verify: oneRowPerName(t, kind, 'SELECT COUNT(*) AS n FROM tariffs WHERE name LIKE ?', [`RI${tag}%`]),
    };
  },
  tariff_wholesale_update: async (t, kind, tag) => ({
    params: (i) => ({ name: pick(kind, i, (j) => `W${tag}x${j}`, `W${tag}`), currency: 'USD' }),
    verify: oneRowPerName(t, kind, 'SELECT COUNT(*) AS n FROM tariffs WHERE name LIKE ?', [`W${tag}%`]),
  }),
  user_delete: async (t, kind, tag) => {
    const ids = await insertMany(t, 'users', Array.from({ length: N }, (_, i) => ({ username: `u${tag}x${i}`, usertype: 'user', owner_id: 0, password: 'x', uniquehash: `uh${tag}x${i}` })));
    return { params: (i) => ({ user_id: pick(kind, i, (j) => ids[j], ids[0]) }) };
  },
  user_details_update: async (t, kind, tag) => {
    // A reseller assigning the admin's tariff (it reads a setting inside the transaction).
    const key = `rk${tag}`;
    const reseller = await t.createReseller(`r${tag}`, key);
    await t.settings.set('allow_resellers_to_use_admin_tariffs' as never, '1');
    const tariff = await insertId(t, 'tariffs', { name: `AT${tag}`, purpose: 'user', owner_id: 0 });
    const target = String((await t.createUser({ username: `c${tag}`, owner_id: reseller.id })).id);
    return { params: (i) => ({ user_id: target, u5: tariff, u23: pick(kind, i, (j) => `F${j}`, 'Same') }), options: { u: `r${tag}`, key } };
  },
  user_register: async (t, kind, tag) => {
    await t.settings.set('api_allow_registration' as never, '1');
    const name = (i: number) => pick(kind, i, (j) => `reg${tag}x${j}`, `reg${tag}`);
    return {
      params: (i) => ({ id: 'none', username: name(i), first_name: 'R', last_name: 'A', email: `${name(i)}@example.com`, device_type: 'SIP', country_id: '1', password: 'racer-pass-1', password2: 'racer-pass-1' }),
      verify: rowsPerSuccess(t, 'SELECT COUNT(*) AS n FROM users WHERE username LIKE ?', [`reg${tag}%`], kind === 'same'),
      options: { u: '' },
    };
  },
  did_create: async (t, kind, tag) => {
    const p = await createProvider(t, `DC${tag}`);
    return {
      params: (i) => ({ provider_id: p, did: pick(kind, i, (j) => num(tag, j), num(tag, 0)) }),
      verify: rowsPerSuccess(t, 'SELECT COUNT(*) AS n FROM dids WHERE provider_id = ?', [p], kind === 'same'),
    };
  },
  did_device_assign: onDids((d) => ({ device_id: d.device, did: d.number })),
  did_trunk_device_assign: onDids((d) => ({ device_id: d.device, did: d.number })),
  did_device_unassign: onDids((d) => ({ did: d.number })),
  did_details_update: onDids((d) => ({ did_id: d.id, did_user_id: '-1' })),
  did_subscription_stop: onDids((d) => ({ did_id: d.id }), setStatus('active')),
  did_close: onDids((d) => ({ dids_id: d.id }), setStatus('active')),
  did_terminate: onDids((d) => ({ dids_id: d.id })),
  did_make_free: onDids((d) => ({ dids_id: d.id }), setStatus('terminated')),
  did_delete: onDids((d) => ({ dids_id: d.id }), setStatus('terminated')),
  did_rates_details_update: onDids((d) => ({ did_id: d.id, provider_tariff_id: '0', allow_call_reject_provider: '0', owner_tariff_id: '0', allow_call_reject: '0' })),
  did_rates_update: async (t, kind, tag) => {
    const number = await did(t, tag, num(tag, 0));
    return { params: (i) => ({ did: number, s_rate_type: 'owner', rate: pick(kind, i, (j) => `0.${j + 1}`, '0.5') }) };
  },
};

/* ---------- the families added later: money, cards, services, messages, telephony, calls ---------- */

/** Peers and switches the families' scenarios talk to; started once for the file. */
interface Peers {
  ami: AmiPeer;
  smtp: SmtpPeer;
  sms: SmsGatewayPeer;
  recordings: string;
}
let peers: Peers;
/** The manager-interface server row (active calls name it), and the SMS tariff and LCR users subscribe to. */
let amiServerId = 0;
const smsWorld = { tariff: '', lcr: '' };

/** Peers, switches and shared rows for the families' scenarios: settings are global, so they are set once here. */
async function startWorld(t: TestApp, recordingsDir: string): Promise<void> {
  peers = { ami: await AmiPeer.start(), smtp: await SmtpPeer.start(), sms: await SmsGatewayPeer.start(), recordings: recordingsDir };
  amiServerId = (await t.app.get(ServersService).create({ hostname: 'ast-concurrency', server_ip: '127.0.0.1', ami_port: peers.ami.port, ami_username: peers.ami.username, ami_secret: peers.ami.secret })).id;
  const settings: [string, string][] = [
    ['api_allow_payments', '1'], ['email_sending_enabled', '1'], ['email_smtp_server', '127.0.0.1'], ['email_port', String(peers.smtp.port)], ['email_from', 'billing@example.test'],
    ['chanspy_enabled', '1'], ['monitorings_addon_active', '1'], ['autodialer_addon_active', '1'], ['vouchers_enabled', '1'],
  ];
  for (const [name, value] of settings) await t.settings.set(name as never, value);
  const spy = await createDevice(t, 0, { name: 'concurrency-spy', extension: '909' });
  await t.db.query('UPDATE users SET spy_device_id = ? WHERE id = 0', [spy.id]);
  smsWorld.tariff = await insertId(t, 'sms_tariffs', { name: 'concurrency', owner_id: 0, currency: 'USD' });
  await t.db.query("INSERT INTO sms_rates (sms_tariff_id, prefix, price) VALUES (?, '370', '0.04')", [smsWorld.tariff]);
  const provider = await insertId(t, 'sms_providers', { name: 'gw', provider_type: 'api', api_url: peers.sms.url(), good_keywords: 'OK', sms_tariff_id: smsWorld.tariff, owner_id: 0, timeout: 30 });
  smsWorld.lcr = await insertId(t, 'sms_lcrs', { name: 'concurrency', owner_id: 0 });
  await t.db.query('INSERT INTO sms_lcr_providers (sms_lcr_id, sms_provider_id, priority) VALUES (?, ?, 1)', [smsWorld.lcr, provider]);
}

async function stopWorld(): Promise<void> {
  await peers.ami.stop();
  await peers.smtp.close();
  await peers.sms.close();
}

const replyText = (r: Reply) => r.body;
const bal = async (t: TestApp, table: 'users' | 'cards' | 'providers', id: number | string) => money(String((await t.db.query(`SELECT balance FROM ${table} WHERE id = ?`, [id]))[0].balance));
/** What is wrong with the scenario's own accounts in the ledger (balance = sum of its rows), or null. */
const ledgerProblem = async (t: TestApp, account: LedgerAccountType, accountIds: (number | string)[]) => {
  const findings = [];
  for (const id of accountIds) findings.push(...(await t.db.transaction((m) => auditBalances(m, { account, accountId: Number(id) }))).findings);
  return findings.length ? `ledger audit: ${JSON.stringify(findings.slice(0, 3))}` : null;
};
/** The first problem of a list of checks (null when all pass). */
const firstProblem = async (...checks: (() => Promise<string | null> | string | null)[]) => {
  for (const check of checks) {
    const problem = await check();
    if (problem) return problem;
  }
  return null;
};
const expectBalance = async (t: TestApp, table: 'users' | 'cards' | 'providers', id: number | string, expected: Decimal) => {
  const actual = await bal(t, table, id);
  return actual.equals(expected) ? null : `balance of ${table} ${id} is ${actual.toFixed(6)}, expected ${expected.toFixed(6)}`;
};
const successesAre = (successes: number, expected: number, what = 'successes') => (successes === expected ? null : `${successes} ${what}, expected ${expected}`);
/** A user with an opening balance in the ledger (no password hashing). */
const payer = async (t: TestApp, tag: string, balance = '0', extra: Record<string, string | number> = {}) => {
  const id = await user(t, tag, 0, extra);
  if (balance !== '0') await t.db.transaction((m) => m.query('UPDATE users SET balance = ? WHERE id = ?', [toStorage(money(balance)), id]).then(() => openingBalance(m, 'user', id, balance)));
  return id;
};
/** Delete methods: identical requests delete once (the others answer not found), distinct ones delete each row. */
const deletesOnce = (t: TestApp, kind: Kind, remainingSql: string, args: unknown[]) => async (successes: number) =>
  firstProblem(() => successesAre(successes, kind === 'same' ? 1 : N), async () => {
    const left = await count(t, remainingSql, args);
    return left === 0 ? null : `${left} rows left`;
  });
/** Updates of one row: every request succeeds and the row holds one of the values sent. */
const lastWriteWins = (t: TestApp, sql: string, args: unknown[], sent: (i: number) => string) => async (successes: number) =>
  firstProblem(() => successesAre(successes, N), async () => {
    const value = String(Object.values((await t.db.query(sql, args))[0])[0]);
    return Array.from({ length: N }, (_, i) => sent(i)).includes(value) ? null : `stored ${value}, not one of the values sent`;
  });
const ids = (rows: { id: number }[]) => rows.map((r) => String(r.id));
const now = () => String(Math.floor(Date.now() / 1000));

/** A card group of the admin (price 12.1 with 21 % VAT: each card starts at 10) with `n` cards numbered from `from`. */
const cardGroup = async (t: TestApp, tag: string, n: number, from: number) => {
  await t.call('cc_group_create', { name: `CG${tag}`, number_length: '8', pin_length: '8', price_with_vat: '12.1', tax1_value: '21' });
  const group = String((await t.db.query('SELECT id FROM cardgroups WHERE name = ?', [`CG${tag}`]))[0].id);
  await t.call('calling_cards_create', { card_group_id: group, cards_from: String(from), cards_till: String(from + n - 1) });
  const cards: { id: number; number: string; pin: string }[] = await t.db.query('SELECT id, number, pin FROM cards WHERE cardgroup_id = ? ORDER BY id', [group]);
  return { group, cards };
};
let cardSeries = 50_000_000;
const cardsOf = async (t: TestApp, tag: string, n: number) => {
  cardSeries += 1000;
  return cardGroup(t, tag, n, cardSeries);
};
const sellAll = (t: TestApp, cards: { id: number }[]) => t.db.query(`UPDATE cards SET sold = 1 WHERE id IN (${cards.map(() => '?').join(', ')})`, cards.map((c) => c.id));

const service = async (t: TestApp, tag: string, price = '1', type = 'one_time_fee') =>
  String((await t.call('service_create', { new_service_name: `S${tag}`, new_service_type: type, service_sell_price: price, ...(type === 'periodic_fee' ? { service_period: 'month' } : {}) })).xml.page.status.service.id);
const services = (t: TestApp, tag: string, n: number, price = '1') => Promise.all(Array.from({ length: n }, (_, i) => service(t, `${tag}x${i}`, price)));

const creditNote = async (t: TestApp, userId: number, number: string, price: string) => {
  await t.call('credit_note_create', { user_id: String(userId), number, price, issue_date: now() });
  return String((await t.db.query('SELECT id FROM credit_notes WHERE number = ?', [number]))[0].id);
};

/** An unpaid invoice of `userId` for `price` (net and gross). */
const invoice = (t: TestApp, userId: number, number: string, price: string, day: number) => {
  const period = `${new Date(Date.UTC(2020, 0, 1 + day)).toISOString().slice(0, 10)} 00:00:00`;
  return insertId(t, 'invoices', {
    user_id: userId, owner_id: 0, number, period_start: period, period_end: period,
    issue_date: '2020-12-31 00:00:00', price, tax: '0', price_with_tax: price, currency: 'USD', exchange_rate: '1', created_at: '2020-12-31 00:00:00', updated_at: '2020-12-31 00:00:00',
  });
};

/** A simple user of the admin who signs with the admin's key. */
const signedAs = (username: string): CallOptions => ({ u: username });
const userName = async (t: TestApp, id: number) => String((await t.db.query('SELECT username FROM users WHERE id = ?', [id]))[0].username);

const csvUpload = (content: string): CallOptions => {
  const boundary = '----concurrencyBoundary';
  return {
    rawBody: `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="n.csv"\r\nContent-Type: text/csv\r\n\r\n${content}\r\n--${boundary}--\r\n`,
    headers: { 'content-type': `multipart/form-data; boundary=${boundary}` },
  };
};
const campaign = async (t: TestApp, tag: string, userId: number, deviceId: number) => {
  const id = await insertId(t, 'campaigns', { name: `C${tag}`, user_id: userId, device_id: deviceId, start_time: '00:00:00', stop_time: '23:59:59', max_retries: 0, retry_time: 120, wait_time: 10, callerid: '370500' });
  await t.db.query("INSERT INTO adactions (campaign_id, priority, action, data) VALUES (?, 1, 'PLAY', 'welcome')", [id]);
  return id;
};
/** `n` campaigns of one new user (who signs with the admin's key). */
const campaigns = async (t: TestApp, tag: string, n: number) => {
  const owner = await user(t, tag);
  const dev = (await createDevice(t, owner)).id;
  const list: string[] = [];
  for (let i = 0; i < n; i++) list.push(await campaign(t, `${tag}x${i}`, owner, dev));
  return { list, options: signedAs(await userName(t, owner)) };
};
/** Originate actions whose `field` is one of `values` (the scenario's own: scenarios run side by side). */
const originates = (field: string, values: string[]) => peers.ami.sent('Originate').filter((a) => values.includes(a.get(field) ?? '')).length;
/** Actions sent to the switch: one Originate per successful request, none for a refused one. */
const oneOriginateEach = (field: string, values: string[]) => async (successes: number) =>
  firstProblem(() => successesAre(successes, N), () => {
    const sent = originates(field, values);
    return sent === successes ? null : `${sent} Originate actions for ${successes} successes`;
  });
/** Replies in the `<Status>` envelope (callback methods): 'Ok' is the only success. */
const statusOk = (verify: (successes: number) => Promise<string | null>) => async (_s: number, r: BurstResult) => verify(r.replies.filter((x) => x.xml?.Status === 'Ok').length);

let recordingSeq = 0;
const recordings = async (t: TestApp, tag: string, n: number) => {
  const owner = await user(t, tag);
  const rows = Array.from({ length: n }, () => {
    const file = `c${++recordingSeq}.mp3`;
    writeFileSync(join(peers.recordings, file), 'mp3');
    return { user_id: owner, src_device_id: 0, datetime: '2026-03-10 10:00:00', source: '3701', destination: '3702', duration: 10, size: 3, uniqueid: `rec-${file}`, file };
  });
  return { owner, ids: await insertMany(t, 'recordings', rows), files: rows.map((r) => r.file) };
};

/** A call world per scenario (its own reseller, user, device, provider, tariffs), and a unique call id. */
let callSeq = 0;
const callId = (tag: string) => `cc-${tag}-${++callSeq}`;
const authorized = async (t: TestApp, w: CallWorld, tag: string, n: number) => {
  const list = Array.from({ length: n }, () => callId(tag));
  await Promise.all(list.map((u) => t.call('call_authorize', { uniqueid: u, device_id: String(w.deviceId), dst: '37069912345' })));
  return list;
};

const FAMILY_SCENARIOS: Record<string, Scenario> = {
  // Payments: a transaction id is the payment's idempotency key (MOR: a repeated transaction is the same payment).
  payment_create: async (t, kind, tag) => {
    const u = await payer(t, `pay${tag}`);
    return {
      params: (i) => ({ user_id: String(u), p_currency: 'USD', amount: '1.25', transaction: pick(kind, i, (j) => `tx${tag}x${j}`, `tx${tag}`) }),
      verify: async (successes) => firstProblem(() => successesAre(successes, N), async () => {
        const payments = await count(t, 'SELECT COUNT(*) AS n FROM payments WHERE user_id = ?', [u]);
        const expected = kind === 'same' ? 1 : N;
        return payments === expected ? null : `${payments} payments, expected ${expected}`;
      }, () => expectBalance(t, 'users', u, money('1.25').times(kind === 'same' ? 1 : N)), () => ledgerProblem(t, 'user', [u])),
    };
  },
  // A manual balance change has no key in MOR: each request is one change, identical or not.
  user_balance_update: async (t, kind, tag) => {
    const u = await payer(t, `bal${tag}`);
    const delta = (i: number) => pick(kind, i, (j) => `0.${String(j + 1).padStart(2, '0')}`, '0.5');
    const total = Array.from({ length: N }, (_, i) => money(delta(i))).reduce((a, b) => a.plus(b), money('0'));
    return { params: (i) => ({ user_id: String(u), balance: delta(i) }), verify: async (successes) => firstProblem(() => successesAre(successes, N), () => expectBalance(t, 'users', u, total), () => ledgerProblem(t, 'user', [u])) };
  },
  // Credit notes: each request creates one note (MOR does not key them by number); no balance moves until paid.
  credit_note_create: async (t, kind, tag) => {
    const u = await payer(t, `cn${tag}`, '5');
    return {
      params: (i) => ({ user_id: String(u), number: pick(kind, i, (j) => `CN${tag}x${j}`, `CN${tag}`), price: '2', issue_date: now() }),
      verify: async (successes) => firstProblem(() => successesAre(successes, N), rowsPerSuccess(t, 'SELECT COUNT(*) AS n FROM credit_notes WHERE user_id = ?', [u]).bind(null, successes), () => expectBalance(t, 'users', u, money('5'))),
    };
  },
  // Paying a note is a state change: paid twice is paid once (one payment, one balance change).
  credit_note_update: async (t, kind, tag) => {
    const u = await payer(t, `cnu${tag}`);
    const notes = await Promise.all(Array.from({ length: kind === 'same' ? 1 : N }, (_, i) => creditNote(t, u, `CNU${tag}x${i}`, '2')));
    return {
      params: (i) => ({ credit_note_id: notes[kind === 'same' ? 0 : i], status: 'paid' }),
      verify: async (successes) => firstProblem(() => successesAre(successes, N), async () => {
        const payments = await count(t, 'SELECT COUNT(*) AS n FROM payments WHERE user_id = ?', [u]);
        return payments === notes.length ? null : `${payments} payments for ${notes.length} paid notes`;
      }, () => expectBalance(t, 'users', u, money('2').times(notes.length)), () => ledgerProblem(t, 'user', [u])),
    };
  },
  credit_note_delete: async (t, kind, tag) => {
    const u = await payer(t, `cnd${tag}`);
    const notes = await Promise.all(Array.from({ length: kind === 'same' ? 1 : N }, (_, i) => creditNote(t, u, `CND${tag}x${i}`, '2')));
    return { params: (i) => ({ credit_note_id: notes[kind === 'same' ? 0 : i] }), verify: deletesOnce(t, kind, 'SELECT COUNT(*) AS n FROM credit_notes WHERE user_id = ?', [u]) };
  },
  // pay=1 toggles (the newest wiki): 50 toggles of one invoice leave it as it was, with the balance and ledger matching;
  // distinct invoices are each paid once.
  invoice_update: async (t, kind, tag) => {
    const u = await payer(t, `inv${tag}`);
    const list: string[] = [];
    for (let i = 0; i < (kind === 'same' ? 1 : N); i++) list.push(await invoice(t, u, `I${tag}x${i}`, '3.5', i));
    return {
      params: (i) => ({ id: list[kind === 'same' ? 0 : i], pay: '1', create_payment: '1' }),
      verify: async (successes) => firstProblem(() => successesAre(successes, N), async () => {
        const paid = await count(t, 'SELECT COUNT(*) AS n FROM invoices WHERE user_id = ? AND paid = 1', [u]);
        const expectedPaid = kind === 'same' ? N % 2 : N;
        const payments = await count(t, 'SELECT COUNT(*) AS n FROM payments WHERE user_id = ?', [u]);
        if (paid !== expectedPaid || payments !== paid) return `${paid} invoices paid and ${payments} payments, expected ${expectedPaid}`;
        return expectBalance(t, 'users', u, money('3.5').times(paid));
      }, () => ledgerProblem(t, 'user', [u])),
    };
  },
  // Services: names need not be unique, each request creates one.
  service_create: async (t, kind, tag) => ({
    params: (i) => ({ new_service_name: pick(kind, i, (j) => `SC${tag}x${j}`, `SC${tag}`), new_service_type: 'periodic_fee', service_sell_price: '2', service_period: 'month' }),
    verify: async (successes) => firstProblem(() => successesAre(successes, N), () => rowsPerSuccess(t, 'SELECT COUNT(*) AS n FROM services WHERE name LIKE ?', [`SC${tag}%`])(successes)),
  }),
  service_update: async (t, kind, tag) => {
    const id = await service(t, `SU${tag}`);
    const name = (i: number) => pick(kind, i, (j) => `SU${tag}x${j}`, `SU${tag}y`);
    return { params: (i) => ({ service_id: id, service_name: name(i) }), verify: lastWriteWins(t, 'SELECT name FROM services WHERE id = ?', [id], name) };
  },
  service_delete: async (t, kind, tag) => {
    const list = await services(t, `SD${tag}`, kind === 'same' ? 1 : N);
    return { params: (i) => ({ service_id: list[kind === 'same' ? 0 : i] }), verify: deletesOnce(t, kind, 'SELECT COUNT(*) AS n FROM services WHERE name LIKE ?', [`SSD${tag}x%`]) };
  },
  // Subscriptions are legit repeats (a user may hold one service twice), each charged at once when prepaid.
  // Identical requests on a balance that pays 10 of them: exactly 10 are created, the balance ends at 0, never below.
  subscription_create: async (t, kind, tag) => {
    const u = await payer(t, `sub${tag}`, kind === 'same' ? '10' : '100');
    const list = kind === 'same' ? [await service(t, `SB${tag}`)] : await services(t, `SB${tag}`, N);
    const expected = kind === 'same' ? 10 : N;
    return {
      params: (i) => ({ user_id: String(u), service_id: list[kind === 'same' ? 0 : i] }),
      verify: async (successes) => firstProblem(() => successesAre(successes, expected), rowsPerSuccess(t, 'SELECT COUNT(*) AS n FROM subscriptions WHERE user_id = ?', [u]).bind(null, successes),
        () => expectBalance(t, 'users', u, money(kind === 'same' ? '0' : '50')), () => ledgerProblem(t, 'user', [u])),
    };
  },
  subscription_create_bulk: async (t, kind, tag) => {
    const u = await payer(t, `subb${tag}`, '1000');
    const [a, b] = await services(t, `SBB${tag}`, 2);
    return {
      params: (i) => ({ user_id: String(u), service_id: pick(kind, i, (j) => (j % 2 ? `${a},${b}` : `${b},${a}`), `${a},${b}`) }),
      verify: async (successes) => firstProblem(() => successesAre(successes, N), async () => {
        const subs = await count(t, 'SELECT COUNT(*) AS n FROM subscriptions WHERE user_id = ?', [u]);
        return subs === 2 * N ? null : `${subs} subscriptions, expected ${2 * N}`;
      }, () => expectBalance(t, 'users', u, money(1000 - 2 * N)), () => ledgerProblem(t, 'user', [u])),
    };
  },
  subscription_update: async (t, kind, tag) => {
    const u = await payer(t, `subu${tag}`, '10');
    const sub = String((await t.call('subscription_create', { user_id: String(u), service_id: await service(t, `SUU${tag}`) })).xml.page.status.id);
    const memo = (i: number) => pick(kind, i, (j) => `m${j}`, 'memo');
    return { params: (i) => ({ subscription_id: sub, subscription_memo: memo(i) }), verify: lastWriteWins(t, 'SELECT memo FROM subscriptions WHERE id = ?', [sub], memo) };
  },
  // Deleting with action 3 returns what the current period cost: once per subscription.
  subscription_delete: async (t, kind, tag) => {
    const u = await payer(t, `subd${tag}`, '1000');
    const fee = await service(t, `SDD${tag}`, '2', 'periodic_fee');
    const month = new Date();
    const start = String(Math.floor(Date.UTC(month.getUTCFullYear(), month.getUTCMonth(), 1) / 1000));
    const subs = await Promise.all(Array.from({ length: kind === 'same' ? 1 : N }, async () =>
      String((await t.call('subscription_create', { user_id: String(u), service_id: fee, subscription_activation_start: start, subscription_charge_for_past: '1' })).xml.page.status.id)));
    const charged = money('1000').minus(await bal(t, 'users', u));
    return {
      params: (i) => ({ subscription_id: subs[kind === 'same' ? 0 : i], subscription_delete_action: '3' }),
      verify: async (successes) => firstProblem(() => deletesOnce(t, kind, 'SELECT COUNT(*) AS n FROM subscriptions WHERE user_id = ?', [u])(successes),
        () => (charged.isZero() ? 'the subscriptions were not charged' : null), () => expectBalance(t, 'users', u, money('1000')), () => ledgerProblem(t, 'user', [u])),
    };
  },

  // Calling cards.
  cc_group_create: async (t, kind, tag) => ({
    params: (i) => ({ name: pick(kind, i, (j) => `GC${tag}x${j}`, `GC${tag}`), number_length: '8', pin_length: '6' }),
    verify: rowsPerSuccess(t, 'SELECT COUNT(*) AS n FROM cardgroups WHERE name LIKE ?', [`GC${tag}%`]),
  }),
  cc_group_update: async (t, kind, tag) => {
    const { group } = await cardsOf(t, `GU${tag}`, 1);
    const name = (i: number) => pick(kind, i, (j) => `GU${tag}x${j}`, `GU${tag}y`);
    return { params: (i) => ({ cc_group_id: group, name: name(i) }), verify: lastWriteWins(t, 'SELECT name FROM cardgroups WHERE id = ?', [group], name) };
  },
  // Identical ranges: one request creates the cards, the others answer that they exist.
  calling_cards_create: async (t, kind, tag) => {
    const { group } = await cardsOf(t, `CC${tag}`, 1);
    cardSeries += 1000;
    const base = cardSeries;
    return {
      params: (i) => ({ card_group_id: group, cards_from: String(pick(kind, i, (j) => String(base + j * 4), String(base))), cards_till: String(pick(kind, i, (j) => String(base + j * 4 + 3), String(base + 3))) }),
      verify: async () => {
        const cards = await count(t, 'SELECT COUNT(*) AS n FROM cards WHERE cardgroup_id = ?', [group]);
        const expected = 1 + (kind === 'same' ? 4 : 4 * N);
        return cards === expected ? null : `${cards} cards, expected ${expected}`;
      },
    };
  },
  calling_card_update: async (t, kind, tag) => {
    const { cards } = await cardsOf(t, `CU${tag}`, kind === 'same' ? 1 : N);
    const name = (i: number) => pick(kind, i, (j) => `card${j}`, 'gift');
    return {
      params: (i) => ({ card_id: String(cards[kind === 'same' ? 0 : i].id), name: name(i) }),
      verify: async (successes) => firstProblem(() => successesAre(successes, N), async () => {
        const named: { name: string }[] = await t.db.query(`SELECT name FROM cards WHERE id IN (${cards.map((c) => c.id).join(', ')}) ORDER BY id`);
        return named.every((r, i) => r.name === name(i)) ? null : 'a card does not hold the name sent for it';
      }),
    };
  },
  // Each top-up by caller id is a payment: identical ones bind one card and add up; distinct caller ids bind one card each.
  card_by_cli_update: async (t, kind, tag) => {
    const { group, cards } = await cardsOf(t, `CB${tag}`, N + 5);
    const cli = (i: number) => pick(kind, i, (j) => `3706${digits(tag)}${String(j).padStart(3, '0')}`, `3706${digits(tag)}999`);
    return {
      params: (i) => ({ callerid: cli(i), amount: '1', cardgroup_id: group }),
      verify: async (successes) => firstProblem(() => successesAre(successes, N), async () => {
        const bound: { callerid: string; balance: string }[] = await t.db.query(`SELECT callerid, balance FROM cards WHERE id IN (${cards.map((c) => c.id).join(', ')}) AND callerid IS NOT NULL`);
        // One card holding all identical top-ups (10 + 50), or 50 cards with one top-up each (10 + 1).
        const [cardsBound, each] = kind === 'same' ? [1, money(10 + N)] : [N, money(11)];
        const right = bound.length === cardsBound && bound.every((b) => money(b.balance).equals(each));
        return right ? null : `${bound.length} cards bound: ${JSON.stringify(bound.slice(0, 4))}`;
      }, () => ledgerProblem(t, 'card', cards.map((c) => c.id))),
    };
  },
  // PIN cards moved onto one caller id's card: each PIN card once; the target gains exactly their balances.
  cc_by_cli_old: async (t, kind, tag) => {
    const { cards } = await cardsOf(t, `CO${tag}`, N + 1);
    const cli = `3707${digits(tag)}1`;
    await t.db.query('UPDATE cards SET callerid = ?, sold = 1 WHERE id = ?', [cli, cards[0].id]);
    const pins = cards.slice(1).map((c) => c.pin);
    return {
      params: (i) => ({ callerid: cli, pin: pick(kind, i, (j) => pins[j], pins[0]) }),
      verify: async (successes) => firstProblem(() => successesAre(successes, kind === 'same' ? 1 : N),
        () => expectBalance(t, 'cards', cards[0].id, money(10).times(1 + successes)), () => ledgerProblem(t, 'card', cards.map((c) => c.id))),
    };
  },
  // Identical sales each sell the next free card: 50 distinct cards; a named card is sold once.
  card_from_group_sell: async (t, kind, tag) => {
    const { group, cards } = await cardsOf(t, `CS${tag}`, N);
    return {
      params: (i) => ({ id: group, ...(kind === 'distinct' ? { number: cards[i].number } : {}) }),
      verify: async (successes, r) => firstProblem(() => successesAre(successes, N), async () => {
        const sold = new Set(r.replies.map((x) => x.xml?.page?.cards?.card?.number));
        const rows = await count(t, 'SELECT COUNT(*) AS n FROM cards WHERE cardgroup_id = ? AND sold = 1', [group]);
        return sold.size === N && rows === N ? null : `${sold.size} distinct cards answered, ${rows} sold`;
      }),
    };
  },
  card_payment_add: async (t, kind, tag) => {
    const { cards } = await cardsOf(t, `CP${tag}`, kind === 'same' ? 1 : N);
    await sellAll(t, cards);
    return {
      params: (i) => ({ number: cards[kind === 'same' ? 0 : i].number, amount: '1.21', description: `p${i}` }),
      verify: async (successes) => firstProblem(() => successesAre(successes, N), async () => {
        const total = (await t.db.query(`SELECT balance FROM cards WHERE id IN (${cards.map((c) => c.id).join(', ')})`)).reduce((s: Decimal, r: { balance: string }) => s.plus(money(r.balance)), money(0));
        const expected = money(10).times(cards.length).plus(N);
        return total.equals(expected) ? null : `cards hold ${total.toFixed(6)}, expected ${expected.toFixed(6)}`;
      }, () => ledgerProblem(t, 'card', cards.map((c) => c.id))),
    };
  },
  // A voucher is used once; distinct vouchers each credit the user.
  voucher_use: async (t, kind, tag) => {
    const u = await payer(t, `v${tag}`);
    const numbers = Array.from({ length: kind === 'same' ? 1 : N }, (_, i) => `9${digits(tag)}${String(i).padStart(4, '0')}`);
    await insertMany(t, 'vouchers', numbers.map((number) => ({ number, credit_with_tax: '1.21', tax_percent: '21', currency: 'USD' })));
    return {
      params: (i) => ({ voucher_number: numbers[kind === 'same' ? 0 : i], user_id: String(u) }),
      verify: async (successes) => firstProblem(() => successesAre(successes, numbers.length), () => expectBalance(t, 'users', u, money(numbers.length)), () => ledgerProblem(t, 'user', [u])),
    };
  },

  // Messages: each request is one message (no key), delivered to the real peer and charged once.
  email_send: async (t, kind, tag) => {
    const to = await user(t, `em${tag}`, 0, { email: `em${tag}@example.test` });
    const before = peers.smtp.received.length;
    const login = (i: number) => pick(kind, i, (j) => `login${tag}x${j}`, `login${tag}`);
    return {
      params: (i) => ({ email_name: 'registration_confirmation_for_user', email_to_user_id: String(to), login_username: login(i) }),
      verify: async (_s, r) => {
        const sent = r.replies.filter((x) => x.xml?.page?.email_sending_status === 'Email sent').length;
        const mails = peers.smtp.received.slice(before).filter((m) => m.to && 'text' in m.to && m.to.text === `em${tag}@example.test`);
        const logins = new Set(mails.map((m) => /Username: (\S+)/.exec(m.text ?? '')?.[1]));
        return firstProblem(() => successesAre(sent, N, 'sent'), () => (mails.length === N && logins.size === (kind === 'same' ? 1 : N) ? null : `${mails.length} mails received with ${logins.size} logins`));
      },
    };
  },
  // A balance that pays 25 messages: exactly 25 are sent and charged, the rest refused, never below zero.
  sms_send: async (t, kind, tag) => {
    const u = await payer(t, `sms${tag}`, '1');
    const r = await t.call('user_sms_service_subscribe', { user_id: String(u), sms_tariff_id: smsWorld.tariff, sms_lcr_id: smsWorld.lcr });
    if (errorOf(r.xml)) throw new Error(r.body);
    const dst = (i: number) => num(tag, kind === 'same' ? 9999 : i);
    const dsts = Array.from({ length: N }, (_, i) => dst(i));
    const atGateway = () => peers.sms.requests.filter((q) => dsts.includes(q.get('to') ?? '')).length;
    return {
      params: (i) => ({ lcr_id: smsWorld.lcr, dst: dst(i), src: '37060000000', message: `m${i}` }),
      options: signedAs(await userName(t, u)),
      verify: async (_s, result) => firstProblem(() => {
        const sent = result.replies.filter((x) => x.xml?.page?.response?.status === 'ok').length;
        const tips = [...new Set(result.replies.map((x) => x.xml?.page?.response?.message?.sms_status_code_tip).filter(Boolean))];
        return sent === 25 ? null : `${sent} sent, expected 25 (${tips.join(' | ')})`;
      }, () => (atGateway() === 25 ? null : `${atGateway()} messages reached the gateway`),
        () => expectBalance(t, 'users', u, money(0)), () => ledgerProblem(t, 'user', [u])),
    };
  },
  user_sms_service_subscribe: async (t, kind, tag) => {
    const users = await insertMany(t, 'users', Array.from({ length: kind === 'same' ? 1 : N }, (_, i) => ({ username: `ss${tag}x${i}`, usertype: 'user', owner_id: 0, password: 'x', uniquehash: `uhss${tag}x${i}` })));
    return {
      params: (i) => ({ user_id: users[kind === 'same' ? 0 : i], sms_tariff_id: smsWorld.tariff, sms_lcr_id: smsWorld.lcr }),
      verify: async (successes) => firstProblem(() => successesAre(successes, users.length), async () => {
        const subscribed = await count(t, `SELECT COUNT(*) AS n FROM sms_subscriptions WHERE user_id IN (${users.join(', ')}) AND sms_tariff_id = ?`, [smsWorld.tariff]);
        return subscribed === users.length ? null : `${subscribed} users subscribed`;
      }),
    };
  },
  monitoring_addon_activate: async (t, kind, tag) => {
    const users = await insertMany(t, 'users', Array.from({ length: kind === 'same' ? 1 : N }, (_, i) => ({ username: `ma${tag}x${i}`, usertype: 'user', owner_id: 0, password: 'x', uniquehash: `uhma${tag}x${i}` })));
    const monitoring = await insertId(t, 'monitorings', { amount: '5', period_in_past: 60, mtype: 1, block: 1, email: 0, user_type: 'all', user_id: 0, owner_id: 0, active: 1, created_at: '2026-01-01 00:00:00' });
    return {
      params: (i) => ({ monitoring_id: monitoring, users: users[kind === 'same' ? 0 : i], block: 'true', email: 'false', mtype: '1' }),
      verify: async (successes) => firstProblem(() => successesAre(successes, N), async () => {
        const blocked = await count(t, `SELECT COUNT(*) AS n FROM users WHERE id IN (${users.join(', ')}) AND blocked = 1`);
        return blocked === users.length ? null : `${blocked} of ${users.length} users blocked`;
      }),
    };
  },
  phonebook_record_delete: async (t, kind, tag) => {
    const u = String(await user(t, `pb${tag}`));
    await Promise.all(Array.from({ length: kind === 'same' ? 1 : N }, (_, i) => t.call('phonebook_record_create', { user_id: u, number: `5${i}`, name: `n${i}`, speeddial: String(10 + i) })));
    const list = ids(await t.db.query('SELECT id FROM phonebooks WHERE user_id = ? ORDER BY id', [u]));
    return { params: (i) => ({ id: list[kind === 'same' ? 0 : i] }), verify: deletesOnce(t, kind, 'SELECT COUNT(*) AS n FROM phonebooks WHERE user_id = ?', [u]) };
  },
  quickforwards_did_delete: async (t, kind, tag) => {
    const { numbers } = await freeDids(t, tag, kind === 'same' ? 1 : N);
    const owner = await user(t, `qf${tag}`);
    const dev = String((await createDevice(t, owner)).id);
    const as = signedAs(await userName(t, owner));
    await Promise.all(numbers.map((did) => t.call('did_device_assign', { device_id: dev, did })));
    await Promise.all(numbers.map((did) => t.call('quickforwards_did_update', { did, forward_to: '37066603777' }, as)));
    const forwards = await count(t, `SELECT COUNT(*) AS n FROM quickforwards_dids WHERE did_id IN (SELECT id FROM dids WHERE did IN (${numbers.map(() => '?').join(', ')}))`, numbers);
    if (forwards !== numbers.length) throw new Error(`fixture: ${forwards} quick forwards`);
    return {
      params: (i) => ({ did: numbers[kind === 'same' ? 0 : i] }),
      options: as,
      verify: deletesOnce(t, kind, `SELECT COUNT(*) AS n FROM quickforwards_dids WHERE did_id IN (SELECT id FROM dids WHERE did IN (${numbers.map(() => '?').join(', ')}))`, numbers),
    };
  },

  // Autodialer: numbers are stored once per campaign (no duplicates allowed by default).
  autodialer_upload_numbers: async (t, kind, tag) => {
    const { list, options } = await campaigns(t, `au${tag}`, 1);
    const csv = (i: number) => pick(kind, i, (j) => `3706${String(j).padStart(5, '0')}1\n3706${String(j).padStart(5, '0')}2`, '37060000001\n37060000002');
    return {
      params: () => ({ id: list[0] }),
      options: (i) => ({ ...options, ...csvUpload(csv(i)) }),
      verify: async (successes) => firstProblem(() => successesAre(successes, N), async () => {
        const rows = await count(t, 'SELECT COUNT(*) AS n FROM adnumbers WHERE campaign_id = ?', [list[0]]);
        const distinct = await count(t, 'SELECT COUNT(DISTINCT number) AS n FROM adnumbers WHERE campaign_id = ?', [list[0]]);
        const expected = kind === 'same' ? 2 : 2 * N;
        return rows === expected && distinct === expected ? null : `${rows} numbers (${distinct} distinct), expected ${expected}`;
      }),
    };
  },
  // A toggle: identical requests alternate start and stop, so the campaign's state is the last answer's.
  autodialer_change_campaign_status: async (t, kind, tag) => {
    const { list, options } = await campaigns(t, `ac${tag}`, kind === 'same' ? 1 : N);
    await t.db.query(`INSERT INTO adnumbers (campaign_id, number) VALUES ${list.map(() => "(?, '37060000001')").join(', ')}`, list);
    return {
      params: (i) => ({ id: list[kind === 'same' ? 0 : i] }),
      options,
      verify: async (successes, r) => firstProblem(() => successesAre(successes, N), async () => {
        const started = r.replies.filter((x) => x.xml?.page?.status?.success === 'Campaign started').length;
        const stopped = r.replies.filter((x) => x.xml?.page?.status?.success === 'Campaign stopped').length;
        const enabled = await count(t, `SELECT COUNT(*) AS n FROM campaigns WHERE id IN (${list.join(', ')}) AND status = 'enabled'`);
        const expected = kind === 'same' ? [N / 2, N / 2, 0] : [N, 0, N];
        return [started, stopped, enabled].join() === expected.join() ? null : `${started} started, ${stopped} stopped, ${enabled} enabled; expected ${expected.join(', ')}`;
      }),
    };
  },
  // Every failed number is put back once: the amounts answered add up to the failed numbers.
  autodialer_redial_all_failed_calls: async (t, kind, tag) => {
    const { list, options } = await campaigns(t, `ar${tag}`, kind === 'same' ? 1 : N);
    await t.db.query(`INSERT INTO adnumbers (campaign_id, number, status, attempts) VALUES ${list.map(() => "(?, '1', 'failed', 1), (?, '2', 'failed', 1)").join(', ')}`, list.flatMap((c) => [c, c]));
    return {
      params: (i) => ({ id: list[kind === 'same' ? 0 : i] }),
      options,
      verify: async (successes, r) => firstProblem(() => successesAre(successes, N), async () => {
        const amounts = r.replies.reduce((s, x) => s + Number(x.xml?.page?.status?.amount ?? 0), 0);
        const failed = await count(t, `SELECT COUNT(*) AS n FROM adnumbers WHERE campaign_id IN (${list.join(', ')}) AND status = 'failed'`);
        return amounts === 2 * list.length && failed === 0 ? null : `${amounts} numbers redialed for ${2 * list.length} failed, ${failed} still failed`;
      }),
    };
  },

  // Switch actions against the real manager-interface peer: each accepted request is one Originate.
  callback_init: async (t, kind, tag) => {
    const dev = String((await createDevice(t, await user(t, `cb${tag}`))).id);
    const src = (i: number) => num(tag, kind === 'same' ? 9999 : i);
    const channels = Array.from({ length: N }, (_, i) => `Local/${src(i)}@mor_cb_src/n`);
    return { params: (i) => ({ device: dev, src: src(i), dst: '37060000002' }), verify: statusOk(oneOriginateEach('Channel', channels)) };
  },
  c2c_callback: async (t, kind, tag) => {
    const { list, options } = await campaigns(t, `c2${tag}`, 1);
    const client = (i: number) => num(tag, kind === 'same' ? 9999 : i);
    const channels = Array.from({ length: N }, (_, i) => `Local/${client(i)}@mor_cb_src/n`);
    return { params: (i) => ({ campaign_id: list[0], client: client(i) }), options, verify: statusOk(oneOriginateEach('Channel', channels)) };
  },
  spy_call: async (t, kind, tag) => {
    const spied = await user(t, `sp${tag}`);
    const spiedDevice = (await createDevice(t, spied)).id;
    const calls = await insertMany(t, 'activecalls', Array.from({ length: kind === 'same' ? 1 : N }, (_, i) => ({
      uniqueid: `spy-${tag}-${i}`, channel: `SIP/spied-${tag}-${i}`, user_id: spied, src_device_id: spiedDevice, src: '1', dst: '2', server_id: amiServerId, start_time: '2026-01-01 00:00:00',
    })));
    const channels = Array.from({ length: N }, (_, i) => `SIP/spied-${tag}-${kind === 'same' ? 0 : i},qb`);
    return { params: (i) => ({ active_call_id: calls[kind === 'same' ? 0 : i] }), verify: oneOriginateEach('Data', channels) };
  },
  ivr_dial_plan_update: async (t, kind, tag) => {
    const ivr = t.app.get(IvrService);
    const plan = String((await ivr.createDialPlan(0, `P${tag}`)).id);
    const periods = await Promise.all(Array.from({ length: kind === 'same' ? 1 : N }, async (_, i) => String((await ivr.createTimePeriod(0, `TP${tag}x${i}`)).id)));
    const period = (i: number) => periods[kind === 'same' ? 0 : i];
    return { params: (i) => ({ ivr_dial_plan_id: plan, time_period1: period(i) }), verify: lastWriteWins(t, 'SELECT time_period1_id FROM ivr_dial_plans WHERE id = ?', [plan], period) };
  },
  ivr_time_period_update: async (t, kind, tag) => {
    const period = String((await t.app.get(IvrService).createTimePeriod(0, `TU${tag}`)).id);
    const name = (i: number) => pick(kind, i, (j) => `TU${tag}x${j}`, `TU${tag}y`);
    return { params: (i) => ({ ivr_time_period_id: period, name: name(i), start_hour: '8', end_hour: '17' }), verify: lastWriteWins(t, 'SELECT name FROM ivr_time_periods WHERE id = ?', [period], name) };
  },
  recording_update: async (t, kind, tag) => {
    const { ids: list } = await recordings(t, `ru${tag}`, 1);
    const comment = (i: number) => pick(kind, i, (j) => `c${j}`, 'checked');
    return { params: (i) => ({ recording_id: list[0], comment: comment(i) }), verify: lastWriteWins(t, 'SELECT comment FROM recordings WHERE id = ?', [list[0]], comment) };
  },
  // Rows and files go together, each once.
  recordings_delete: async (t, kind, tag) => {
    const { owner, ids: list, files } = await recordings(t, `rd${tag}`, kind === 'same' ? 1 : N);
    return {
      params: (i) => ({ recording_id: list[kind === 'same' ? 0 : i] }),
      verify: async (successes) => firstProblem(() => deletesOnce(t, kind, 'SELECT COUNT(*) AS n FROM recordings WHERE user_id = ?', [owner])(successes), () => {
        const left = files.filter((f) => existsSync(join(peers.recordings, f)));
        return left.length === 0 ? null : `${left.length} files left`;
      }),
    };
  },

  // Calls (the switch API): a call id is the key; identical requests are one call (the others answer that it exists), charged once.
  call_authorize: async (t, kind, tag) => {
    const w = await createCallWorld(t, `ca${tag}`);
    const ids = Array.from({ length: N }, () => callId(tag));
    return {
      params: (i) => ({ uniqueid: pick(kind, i, (j) => ids[j], ids[0]), device_id: String(w.deviceId), dst: '37069912345' }),
      verify: async (_s, r) => firstProblem(() => successesAre(r.replies.filter((x) => x.xml?.page?.call?.status === 'allowed').length, kind === 'same' ? 1 : N, 'allowed'), async () => {
        const held = await count(t, `SELECT COUNT(*) AS n FROM activecalls WHERE uniqueid IN (${ids.map(() => '?').join(', ')})`, ids);
        const expected = kind === 'same' ? 1 : N;
        return held === expected ? null : `${held} active calls, expected ${expected}`;
      }),
    };
  },
  call_start: async (t, kind, tag) => {
    const w = await createCallWorld(t, `cs${tag}`);
    const list = await authorized(t, w, tag, kind === 'same' ? 1 : N);
    return {
      params: (i) => ({ uniqueid: list[kind === 'same' ? 0 : i] }),
      verify: async (successes) => firstProblem(() => successesAre(successes, N), async () => {
        const answered = await count(t, `SELECT COUNT(*) AS n FROM activecalls WHERE uniqueid IN (${list.map(() => '?').join(', ')}) AND status = 'answered'`, list);
        return answered === list.length ? null : `${answered} of ${list.length} calls answered`;
      }),
    };
  },
  call_end: async (t, kind, tag) => {
    const w = await createCallWorld(t, `ce${tag}`);
    const list = await authorized(t, w, tag, kind === 'same' ? 1 : N);
    const before = await bal(t, 'users', w.userId);
    return {
      params: (i) => ({ uniqueid: list[kind === 'same' ? 0 : i], billsec: '60', duration: '61', disposition: 'ANSWERED', hangupcause: '16' }),
      verify: async (successes) => firstProblem(() => successesAre(successes, N), async () => {
        const cdrs = await count(t, `SELECT COUNT(*) AS n FROM calls WHERE uniqueid IN (${list.map(() => '?').join(', ')})`, list);
        return cdrs === list.length ? null : `${cdrs} CDRs for ${list.length} calls`;
      }, () => expectBalance(t, 'users', w.userId, before.minus(money('0.08').times(list.length))), () => ledgerProblem(t, 'user', [w.userId, w.resellerId])),
    };
  },
};

Object.assign(SCENARIOS, FAMILY_SCENARIOS);

/** Methods that write without being classed 'write' for permission groups. */
const ALSO_WRITING = ['user_register'];

describe(`Concurrency: ${N} identical and ${N} distinct requests per writing method (MariaDB pool ${POOL_SIZE})`, () => {
  let t: TestApp;
  let writers: string[];
  const totals = { requests: 0, hangs: 0, http500: 0, lostOrDuplicate: 0, slowestProbeMs: 0, startupMs: 0, scenariosMs: 0 };

  const recordingsDir = mkdtempSync(join(tmpdir(), 'mor-concurrency-recordings-'));

  beforeAll(async () => {
    const started = Date.now();
    // The manager-interface peer answers on this process's event loop, busy with four bursts at once:
    // a short AMI timeout would measure the test machine's load, not the server.
    t = await TestApp.start({ DB_POOL_SIZE: POOL_SIZE, MOR_RECORDINGS_DIR: recordingsDir, MOR_AMI_TIMEOUT_MS: '20000' });
    await startWorld(t, recordingsDir);
    writers = t.app.get(MorRegistry).methods().filter((m) => m.access === 'write' || ALSO_WRITING.includes(m.name)).map((m) => m.name);
    totals.startupMs = Date.now() - started;
    await runScenarios();
  }, 900_000);
  afterAll(async () => {
    console.log(`concurrency (${ON_MYSQL ? 'MariaDB' : 'SQLite'}): ${totals.requests} requests, ${totals.hangs} hangs, ${totals.http500} not MOR-style (500), ${totals.lostOrDuplicate} lost updates / duplicates, slowest probe ${totals.slowestProbeMs} ms; server and peers up in ${totals.startupMs} ms, scenarios ${totals.scenariosMs} ms (longest: ${[...durations].sort((a, b) => b[1] - a[1]).slice(0, 8).map(([m, ms]) => `${m} ${ms}`).join(', ')})`);
    await t.close();
    await stopWorld();
    rmSync(recordingsDir, { recursive: true, force: true });
  });

  /** Writing methods whose burst would prove nothing, each with its reason. None today: every writer has a scenario. */
  const COVERED_ELSEWHERE = new Set<string>([]);

  it('every writing method has a scenario', () => {
    expect(writers.filter((m) => !SCENARIOS[m] && !COVERED_ELSEWHERE.has(m))).toEqual([]);
  });

  /** One scenario: its identical burst, then its distinct one, each followed by a probe; what went wrong. */
  const durations = new Map<string, number>();
  async function run(method: string): Promise<string[]> {
    const problems: string[] = [];
    const began = Date.now();
    for (const kind of ['same', 'distinct'] as const) {
      const plan = await SCENARIOS[method](t, kind, `${method.length}${kind[0]}${Object.keys(SCENARIOS).indexOf(method)}`);
      const result = await burst(t, method, plan.params, N, plan.options);
      totals.requests += result.requests;
      totals.hangs += result.hangs;
      totals.http500 += result.failures.length;
      if (result.hangs) problems.push(`${kind}: ${result.hangs} requests never answered`);
      problems.push(...[...new Set(result.failures)].map((f) => `${kind}: ${f}`));
      const wrong = result.hangs ? null : await plan.verify?.(result.successes, result);
      if (wrong) {
        totals.lostOrDuplicate += 1;
        problems.push(`${kind}: ${wrong} (errors: ${[...new Set(result.errors)].join(' | ')})`);
      }
      // The server still answers at once.
      const started = Date.now();
      const probe = await burst(t, 'user_details_get', () => ({ user_id: '0' }), 1);
      totals.slowestProbeMs = Math.max(totals.slowestProbeMs, Date.now() - started);
      if (probe.hangs || probe.successes !== 1) problems.push(`${kind}: the probe after the burst was not answered`);
    }
    durations.set(method, Date.now() - began);
    return problems;
  }

  /**
   * The scenarios run SIDE_BY_SIDE at a time (each on its own rows), all inside beforeAll: work left
   * running between Jest's tests may not load modules (Jest 30 refuses), and the server loads some
   * on first use. Each method's test then reads its outcome. Besides speed, this puts bursts of
   * different methods on the small pool at once.
   */
  const outcomes = new Map<string, string[]>();
  async function runScenarios(): Promise<void> {
    // CONCURRENCY_ONLY=<regex> runs only the matching scenarios (with -t for the same ones: the others' tests fail as not run).
    const only = process.env.CONCURRENCY_ONLY ? new RegExp(process.env.CONCURRENCY_ONLY) : null;
    const methods = [...new Set([...SLOW_FIRST, ...Object.keys(SCENARIOS)])].filter((m) => !only || only.test(m));
    let next = 0;
    const worker = async () => {
      while (next < methods.length) {
        const method = methods[next++];
        outcomes.set(method, await run(method).catch((e: Error) => [`fixture or check failed: ${e.stack ?? e}`]));
      }
    };
    const started = Date.now();
    await Promise.all(Array.from({ length: SIDE_BY_SIDE }, worker));
    totals.scenariosMs = Date.now() - started;
  }

  it.each(Object.keys(SCENARIOS))('%s', (method) => {
    expect(outcomes.get(method) ?? ['not run (CONCURRENCY_ONLY)']).toEqual([]);
  });
});

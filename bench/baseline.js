'use strict';
/**
 * The benchmark's baseline: a plain Fastify server doing the same work as our benchmarked
 * methods with no Nest, TypeORM or xml2js, straight on better-sqlite3 / mysql2:
 *   user_details_get: caller by username, SHA1(user_id + key) check, target user by id (the columns
 *                     it prints, as ours reads them), XML.
 *   users_get:        caller by username, SHA1(u + p + key) check, bcrypt password check
 *                     (remembered after the first success, as ours does), every user, XML.
 *   rate_get:         (by_full_dst=1, wholesale tariffs only) caller by username, SHA1(username + key)
 *                     check, target user by username, its tariff, the number's destination (longest
 *                     prefix) and, when it has a group, the user's custom rate for it; every rate row
 *                     of a prefix of the number (one query on the (tariff_id, prefix) index), the
 *                     longest in force by effective date, its rate details, the destination name, XML.
 *   ceiling:          a constant reply (bare Fastify and body parsing, no lookup).
 * Run by bench/run.js as a child process: node bench/baseline.js <DATABASE_URL> <port>.
 * Only the happy path and "Access Denied"/"Incorrect hash" are answered; it is not an API.
 */
const { createHash, timingSafeEqual } = require('node:crypto');
const path = require('node:path');
const { compare } = require('bcryptjs');

// fastify comes with @nestjs/platform-fastify; resolve it from there.
const fastify = require(require.resolve('fastify', { paths: [path.dirname(require.resolve('@nestjs/platform-fastify'))] }));
const formBody = require('@fastify/formbody');

const [url, port] = process.argv.slice(2);

function openDatabase(databaseUrl) {
  if (databaseUrl.startsWith('sqlite:')) {
    const Database = require('better-sqlite3');
    const db = new Database(databaseUrl.slice('sqlite:'.length));
    db.pragma('journal_mode = WAL');
    db.pragma('busy_timeout = 5000');
    const cache = new Map();
    const prepared = (sql) => cache.get(sql) ?? cache.set(sql, db.prepare(sql)).get(sql);
    return { one: async (sql, args) => prepared(sql).get(...args) ?? null, all: async (sql, args) => prepared(sql).all(...args) };
  }
  const mysql = require('mysql2/promise');
  const u = new URL(databaseUrl);
  const pool = mysql.createPool({
    host: u.hostname, port: Number(u.port || 3306), user: decodeURIComponent(u.username), password: decodeURIComponent(u.password),
    database: u.pathname.slice(1), charset: 'utf8mb4', supportBigNumbers: true, bigNumberStrings: true, connectionLimit: 10,
  });
  return {
    one: async (sql, args) => (await pool.execute(sql, args))[0][0] ?? null,
    all: async (sql, args) => (await pool.execute(sql, args))[0],
  };
}

const sha1 = (text) => createHash('sha1').update(text, 'utf8').digest('hex');
const hashOk = (given, expected) => typeof given === 'string' && given.length === 40 && timingSafeEqual(Buffer.from(given.toLowerCase()), Buffer.from(expected));
const esc = (v) => String(v ?? '').replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
const XML_HEAD = '<?xml version="1.0" encoding="UTF-8"?>\n';
const error = (text) => `${XML_HEAD}<page>\n  <error>${esc(text)}</error>\n</page>`;
const amount = (v) => Number(v).toFixed(4); // display only; the baseline does no money arithmetic

const CALLER = 'SELECT id, username, usertype, owner_id, uniquehash, blocked FROM users WHERE username = ?';
// The columns it prints (and id, owner_id, currency_id), as ours reads them.
const DETAILS = `SELECT id, owner_id, language, postpaid, balance, credit, username, first_name, last_name, clientid, agreement_number, agreement_date,
  taxation_country, vat_number, vat_percent, address, postcode, city, country_id, state, county, phone, mob_phone, fax, email, currency_id FROM users WHERE id = ? LIMIT 1`;
const verified = new Set();

async function main() {
  const db = openDatabase(url);
  const keyRow = await db.one("SELECT value FROM conflines WHERE name = 'api_secret_key' AND owner_id = 0", []);
  const key = keyRow ? keyRow.value : '';
  const checkRate = await db.one("SELECT value FROM conflines WHERE name = 'allow_devices_check_rate' AND owner_id = 0", []);
  const rateAllowed = checkRate?.value === '1';
  const app = fastify({ logger: false });
  await app.register(formBody);

  // The ceiling: bare Fastify (same body parsing) answering a constant reply, no lookup at all.
  const constant = error('Access Denied');
  app.post('/billing/api/ceiling', async (_req, reply) => {
    reply.type('text/xml; charset=utf-8');
    return constant;
  });

  app.post('/billing/api/:method', async (req, reply) => {
    reply.type('text/xml; charset=utf-8');
    const p = { ...(req.query || {}), ...(req.body || {}) };
    const caller = p.u ? await db.one(CALLER, [p.u]) : null;
    if (!caller) return error('Access Denied');
    if (req.params.method === 'user_details_get') {
      if (!hashOk(p.hash, sha1(`${p.user_id ?? ''}${key}`))) return error('Incorrect hash');
      const user = await db.one(DETAILS, [Number(p.user_id)]);
      if (!user || (caller.usertype === 'reseller' && user.owner_id !== caller.id)) return error('User was not found');
      return detailsXml(user);
    }
    if (req.params.method === 'users_get') {
      if (!hashOk(p.hash, sha1(`${p.u}${p.p ?? ''}${key}`))) return error('Incorrect hash');
      const { password } = await db.one('SELECT password FROM users WHERE id = ?', [caller.id]);
      const seen = `${password}\0${p.p}`;
      if (!verified.has(seen)) {
        if (!(await compare(String(p.p ?? ''), password))) return error('Access Denied');
        verified.add(seen);
      }
      const rows = caller.usertype === 'reseller'
        ? await db.all('SELECT * FROM users WHERE owner_id = ? ORDER BY id', [caller.id])
        : await db.all('SELECT * FROM users ORDER BY id', []);
      return listXml(rows);
    }
    if (req.params.method === 'rate_get') {
      if (!hashOk(p.hash, sha1(`${p.username ?? ''}${key}`))) return error('Incorrect hash');
      if (!rateAllowed) return error('Feature disabled');
      if (caller.usertype !== 'admin' || p.by_full_dst !== '1') return error('Not supported by the baseline');
      const user = await db.one('SELECT id, tariff_id FROM users WHERE username = ? LIMIT 1', [String(p.username ?? '')]);
      if (!user) return error('User was not found');
      const tariff = user.tariff_id === null ? null : await db.one('SELECT id, purpose FROM tariffs WHERE id = ?', [user.tariff_id]);
      if (!tariff || tariff.purpose === 'user') return error('Rate was not found');
      const digits = String(p.prefix ?? '').replace(/\D+/g, '').slice(0, 50);
      const candidates = Array.from({ length: digits.length }, (_, i) => digits.slice(0, digits.length - i));
      if (candidates.length === 0) return error('Rate was not found');
      const marks = candidates.map(() => '?').join(', ');
      // The destination (its group decides a custom rate), as ours looks it up.
      const destination = await db.one(`SELECT prefix, name, destinationgroup_id FROM destinations WHERE prefix IN (${marks}) ORDER BY LENGTH(prefix) DESC LIMIT 1`, candidates);
      if (destination?.destinationgroup_id != null) {
        const custom = await db.one('SELECT id FROM customrates WHERE user_id = ? AND destinationgroup_id = ?', [user.id, destination.destinationgroup_id]);
        if (custom) return error('Not supported by the baseline');
      }
      // Every candidate row; the longest prefix in force now (effective_from empty or past), latest first.
      const now = Date.now();
      const rates = (await db.all(`SELECT id, prefix, effective_from FROM rates WHERE tariff_id = ? AND prefix IN (${marks})`, [tariff.id, ...candidates]))
        .filter((r) => r.effective_from === null || new Date(r.effective_from).getTime() <= now)
        .sort((a, b) => b.prefix.length - a.prefix.length || (b.effective_from ? new Date(b.effective_from).getTime() : 0) - (a.effective_from ? new Date(a.effective_from).getTime() : 0) || a.id - b.id);
      const rate = rates[0];
      const details = rate ? await db.all('SELECT rate, start_time, end_time, daytype FROM ratedetails WHERE rate_id = ? ORDER BY id', [rate.id]) : [];
      if (details.length === 0) return error('Rate was not found');
      const named = destination?.prefix === rate.prefix ? destination : await db.one('SELECT name FROM destinations WHERE prefix = ?', [rate.prefix]);
      return `${XML_HEAD}<page>\n  <rate>${esc(`${Number(details[0].rate)}#${named?.name ?? ''}#${rate.prefix}`)}</rate>\n</page>`;
    }
    return error('Unknown method');
  });

  await app.listen({ port: Number(port), host: '127.0.0.1' });
  process.send?.('ready');
}

function detailsXml(u) {
  const bal = amount(u.balance);
  return `${XML_HEAD}<page>
  <pagename>Personal_details</pagename>
  <language>${esc(u.language || 'en')}</language>
  <userid>${u.id}</userid>
  <details>
    <main_detail>
      <account>${u.postpaid ? 'Postpaid' : 'Prepaid'}</account>
      <balance>${bal} USD</balance>
      <balance_number>${bal}</balance_number>
      <balance_currency>USD</balance_currency>
      <credit>${Number(u.credit) < 0 ? 'Unlimited' : amount(u.credit)}</credit>
    </main_detail>
    <other_details>
      <username>${esc(u.username)}</username>
      <first_name>${esc(u.first_name)}</first_name>
      <surname>${esc(u.last_name)}</surname>
      <personalid>${esc(u.clientid)}</personalid>
      <agreement_number>${esc(u.agreement_number)}</agreement_number>
      <agreement_date>${esc(u.agreement_date)}</agreement_date>
      <taxation_country>${esc(u.taxation_country)}</taxation_country>
      <vat_reg_number>${esc(u.vat_number)}</vat_reg_number>
      <vat_percent>${Number(u.vat_percent)}</vat_percent>
    </other_details>
    <registration>
      <reg_address>${esc(u.address)}</reg_address>
      <reg_postcode>${esc(u.postcode)}</reg_postcode>
      <reg_city>${esc(u.city)}</reg_city>
      <reg_country>${esc(u.country_id)}</reg_country>
      <reg_state>${esc(u.state)}</reg_state>
      <reg_direction>${esc(u.county)}</reg_direction>
      <reg_phone>${esc(u.phone)}</reg_phone>
      <reg_mobile>${esc(u.mob_phone)}</reg_mobile>
      <reg_fax>${esc(u.fax)}</reg_fax>
      <reg_email>${esc(u.email)}</reg_email>
    </registration>
  </details>
</page>`;
}

function listXml(rows) {
  const users = rows.map((u) => `      <user>
        <id>${u.id}</id>
        <username>${esc(u.username)}</username>
        <first_name>${esc(u.first_name)}</first_name>
        <last_name>${esc(u.last_name)}</last_name>
        <balance>${amount(u.balance)}</balance>
        <blocked>${u.blocked}</blocked>
        <lcr_id>${esc(u.lcr_id)}</lcr_id>
        <tariff_id>${esc(u.tariff_id)}</tariff_id>
        <owner_id>${u.owner_id}</owner_id>
        <usertype>${esc(u.usertype)}</usertype>
        <hidden>${u.hidden}</hidden>
      </user>`);
  return `${XML_HEAD}<page>\n  <status>\n    <users>\n${users.join('\n')}\n    </users>\n  </status>\n</page>`;
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});

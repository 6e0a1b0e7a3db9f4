import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { readRows } from '../../database/raw';
import { clearOnWrite } from '../../database/table-writes';
import { TtlCache } from '../../database/ttl-cache';
import { User } from '../../families/users/user.entity';
import { Setting } from '../../settings/setting-names';
import { SettingsService } from '../../settings/settings.service';
import { Caller } from '../caller';
import { PermissionLevel } from './api-permission-group.entity';
import { ipMatches } from './ip-match';
import { LoginThrottle } from './login-throttle';
import { verifyAccountPassword } from './passwords';
import { WhitelistedIp } from './whitelisted-ip.entity';

/** The fields the pipeline needs of an account; the password hash only where asked for. */
const CALLER_FIELDS = ['id', 'username', 'usertype', 'owner_id', 'api_restricted', 'api_permission_group_id', 'uniquehash', 'blocked'] as const;
export type CallerRow = Pick<User, (typeof CALLER_FIELDS)[number]>;
const ACCOUNT_KEYS = { id: 'id', username: 'username', email: 'email', uniquehash: 'uniquehash' } as const;
type AccountKey = keyof typeof ACCOUNT_KEYS;
/** findAccount's statement per key, written once (it runs on every request). */
const ACCOUNT_SQL = Object.fromEntries(
  Object.entries(ACCOUNT_KEYS).map(([key, column]) => [key, `SELECT ${CALLER_FIELDS.join(', ')}${key === 'email' ? ', email' : ''} FROM users WHERE ${column} = ? LIMIT 2`]),
) as Record<AccountKey, string>;

const WHITELIST_CACHE_MS = 2000;

/** What signs an account's requests (AccessService.signingKey). */
export interface SigningKey {
  key: string;
  hashOff: boolean;
  signed: boolean;
}

/** signingKey's answer from its four settings: Allow API of the key's owner, the key, Disable hash checking, signed mode. */
function signingKeyOf([apiAllowed, key, hashOff, signed]: (string | null)[]): SigningKey | null {
  if (apiAllowed !== '1') return null;
  return { key: key ?? '', hashOff: hashOff === '1', signed: signed === '1' };
}

/** Lookups behind the pipeline's guards: accounts, signing keys, whitelisted IPs, permission groups. */
@Injectable()
export class AccessService {
  private whitelist: { entries: string[]; at: number } | null = null;
  private readonly throttle = new LoginThrottle();
  /**
   * Accounts by key and value, under the settings' cross-process rule (src/database/ttl-cache.ts):
   * another process's change (a block, a new permission group) is seen within 2 s, this process's
   * at once. Balances are not among the fields, and a balance update does not clear it.
   */
  private readonly accounts: TtlCache<string, CallerRow | null>;

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly settings: SettingsService,
  ) {
    this.accounts = clearOnWrite(db, ['users'], new TtlCache<string, CallerRow | null>(null));
  }

  /** The account with this id, username, e-mail or uniquehash (one key; it runs on every request). */
  async findAccount(where: Partial<Record<AccountKey, string | number>>): Promise<CallerRow | null> {
    const [key, value] = Object.entries(where)[0] as [AccountKey, string | number];
    const account = await this.accounts.get(`${key}\0${value}`, () => this.readAccount(key, value));
    return account && { ...account };
  }

  private async readAccount(key: AccountKey, value: string | number): Promise<CallerRow | null> {
    const rows = await readRows<CallerRow & { email?: string }>(this.db.manager, ACCOUNT_SQL[key], [value]);
    // One rule on both databases (decisions: Hardening): names, e-mails and hashes match exactly.
    // MariaDB's collation would also match 'ADMIN' and 'admin ' to 'admin'.
    const row = key === 'id' ? rows[0] : rows.find((r) => String(r[key]) === String(value));
    if (!row) return null;
    const { email: _email, ...account } = row;
    return { ...account, id: Number(account.id) };
  }

  /** MOR's `users.logged` flag, set by user_login and by every page-style action. */
  async markLoggedIn(userId: number): Promise<void> {
    await this.db.query('UPDATE users SET logged = 1 WHERE id = ? AND logged <> 1', [userId]);
  }

  async passwordHash(userId: number): Promise<string> {
    const rows = await readRows<{ password: string }>(this.db.manager, 'SELECT password FROM users WHERE id = ?', [userId]);
    return rows[0]?.password ?? '';
  }

  /**
   * A password check (user_login, users_get with `p`): 'wait' while the client's address is
   * throttled (no check is made); an unknown account (null) costs what a known one costs.
   */
  async passwordCheck(ip: string, accountId: number | null, password: string): Promise<'ok' | 'failed' | 'wait'> {
    if (this.throttle.waiting(ip)) return 'wait';
    const ok = await verifyAccountPassword(password, accountId === null ? null : await this.passwordHash(accountId));
    if (ok) this.throttle.succeeded(ip);
    else this.throttle.failed(ip);
    return ok ? 'ok' : 'failed';
  }

  /**
   * The key that signs an account's requests and whether its hash checking is off. The admin,
   * accountants and the admin's users use the admin's; a reseller and its users the reseller's,
   * which needs the reseller's own Allow API on. Null: the API is off for this account.
   * Synchronous while the settings are cached (HashGuard then answers without a promise).
   */
  signingKey(account: { usertype: string; id: number; owner_id: number }): SigningKey | null | Promise<SigningKey | null> {
    const ownerId = this.keyOwner(account);
    const { settings } = this;
    // Signed requests (src/api/signed-request.ts): a cached settings read like the others.
    const values = [
      ownerId === 0 ? '1' : settings.read(Setting.allowApi, ownerId),
      settings.read(Setting.apiSecretKey, ownerId),
      settings.read(Setting.disableHashChecking, ownerId),
      settings.read(Setting.signedRequests, ownerId),
    ];
    return values.some((v) => v instanceof Promise) ? Promise.all(values).then(signingKeyOf) : signingKeyOf(values as (string | null)[]);
  }

  private keyOwner(account: { usertype: string; id: number; owner_id: number }): number {
    if (account.usertype === 'reseller') return account.id;
    if (account.usertype === 'user') return account.owner_id;
    return 0;
  }

  async ipAllowed(ip: string): Promise<boolean> {
    if (!this.whitelist || Date.now() - this.whitelist.at > WHITELIST_CACHE_MS) {
      const rows = await this.db.getRepository(WhitelistedIp).find({ select: { ip: true }, where: { api_access: 1 } });
      this.whitelist = { entries: rows.map((r) => r.ip), at: Date.now() };
    }
    return this.whitelist.entries.some((entry) => ipMatches(ip, entry));
  }

  /** Called by whoever changes the whitelist in this process. */
  whitelistChanged(): void {
    this.whitelist = null;
  }

  async permissionLevel(caller: Caller, method: string): Promise<PermissionLevel> {
    if (caller.apiPermissionGroupId === null) return PermissionLevel.Disabled;
    const rows = await readRows<{ level: number }>(this.db.manager, 'SELECT level FROM api_permission_group_methods WHERE group_id = ? AND method = ?', [caller.apiPermissionGroupId, method]);
    return rows[0] ? Number(rows[0].level) : PermissionLevel.Disabled;
  }
}

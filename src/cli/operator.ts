import { INestApplicationContext } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { AccessService } from '../api/access/access.service';
import { ApiPermissionGroup, ApiPermissionGroupMethod, PermissionLevel } from '../api/access/api-permission-group.entity';
import { expandWhitelistEntry } from '../api/access/ip-match';
import { hashPassword, randomSecret } from '../api/access/passwords';
import { MorRegistry } from '../api/registry.service';
import { User, UserType } from '../families/users/user.entity';
import { WhitelistedIp } from '../api/access/whitelisted-ip.entity';
import { isKnownSetting } from '../settings/setting-names';
import { SettingsService } from '../settings/settings.service';
import { settingValueError } from '../families/conflines/confline-rules';

/** What MOR's GUI does for the operator and the API cannot: settings, access control, accounts. */
export class Operator {
  constructor(private readonly app: INestApplicationContext) {}

  private get db(): DataSource {
    return this.app.get(DataSource);
  }

  private get settings(): SettingsService {
    return this.app.get(SettingsService);
  }

  /** The owner id of a settings scope: the admin (0) or a reseller by username. */
  async ownerOf(reseller?: string): Promise<number> {
    if (!reseller) return 0;
    const user = await this.db.getRepository(User).findOneBy({ username: reseller, usertype: 'reseller' });
    if (!user) throw new Error(`No reseller named ${reseller}`);
    return user.id;
  }

  /** Sets any setting a method reads, checked as conflines_update checks it. */
  async setSetting(name: string, value: string, ownerId: number): Promise<void> {
    if (!isKnownSetting(name)) throw new Error(`Unknown setting ${name}`);
    const error = await settingValueError(name, value, this.db);
    if (error) throw new Error(error);
    await this.settings.set(name as never, value, ownerId);
  }

  async settingsOf(ownerId: number): Promise<{ name: string; value: string }[]> {
    const rows: { name: string; value: string | null }[] = await this.db.query('SELECT name, value FROM conflines WHERE owner_id = ? ORDER BY name', [ownerId]);
    return rows.map((r) => ({ name: r.name, value: r.name === 'api_secret_key' && r.value ? '(set, hidden)' : (r.value ?? '') }));
  }

  async addWhitelist(entry: string, apiAccess: boolean, reason: string): Promise<string[]> {
    const ips = expandWhitelistEntry(entry);
    await this.db.transaction(async (m) => {
      const repo = m.getRepository(WhitelistedIp);
      for (const ip of ips) {
        const existing = await repo.findOneBy({ ip });
        if (existing) await repo.update(existing.id, { api_access: apiAccess ? 1 : 0, reason });
        else await repo.insert({ ip, api_access: apiAccess ? 1 : 0, reason, created_at: new Date() });
      }
    });
    this.app.get(AccessService).whitelistChanged();
    return ips;
  }

  listWhitelist(): Promise<WhitelistedIp[]> {
    return this.db.getRepository(WhitelistedIp).find({ order: { id: 'ASC' } });
  }

  async removeWhitelist(ip: string): Promise<number> {
    const result = await this.db.getRepository(WhitelistedIp).delete({ ip: expandWhitelistEntry(ip)[0] });
    this.app.get(AccessService).whitelistChanged();
    return result.affected ?? 0;
  }

  async createGroup(name: string, description: string): Promise<void> {
    await this.db.getRepository(ApiPermissionGroup).insert({ name, description });
  }

  async setGroupMethod(groupName: string, method: string, level: string): Promise<void> {
    const group = await this.group(groupName);
    const found = this.app.get(MorRegistry).find(method);
    if (!found) throw new Error(`Unknown MOR method ${method}`);
    const value = { disabled: PermissionLevel.Disabled, read: PermissionLevel.Read, write: PermissionLevel.Write }[level];
    if (value === undefined) throw new Error('Level must be disabled, read or write');
    if (value === PermissionLevel.Write && found.options.access === 'read') throw new Error(`${found.options.name} is a read method: use read`);
    const repo = this.db.getRepository(ApiPermissionGroupMethod);
    const existing = await repo.findOneBy({ group_id: group.id, method: found.options.name });
    if (existing) await repo.update(existing.id, { level: value });
    else await repo.insert({ group_id: group.id, method: found.options.name, level: value });
  }

  async groups(): Promise<{ name: string; methods: { method: string; level: number }[] }[]> {
    const groups = await this.db.getRepository(ApiPermissionGroup).find({ order: { name: 'ASC' } });
    const methods = await this.db.getRepository(ApiPermissionGroupMethod).find({ order: { method: 'ASC' } });
    return groups.map((g) => ({ name: g.name, methods: methods.filter((m) => m.group_id === g.id).map((m) => ({ method: m.method, level: m.level })) }));
  }

  /** Puts an API-restricted user or accountant in a group; `none` lifts the restriction. */
  async assignGroup(username: string, groupName: string): Promise<void> {
    const user = await this.db.getRepository(User).findOneBy({ username });
    if (!user) throw new Error(`No user named ${username}`);
    if (user.usertype !== 'user' && user.usertype !== 'accountant') throw new Error('Only users and accountants can be API restricted');
    if (groupName === 'none') {
      await this.db.getRepository(User).update(user.id, { api_restricted: 0, api_permission_group_id: null });
      return;
    }
    const group = await this.group(groupName);
    await this.db.getRepository(User).update(user.id, { api_restricted: 1, api_permission_group_id: group.id });
  }

  private async group(name: string): Promise<ApiPermissionGroup> {
    const group = await this.db.getRepository(ApiPermissionGroup).findOneBy({ name });
    if (!group) throw new Error(`No permission group named ${name}`);
    return group;
  }

  /** Creates an account; returns the password when it was generated. */
  async createAccount(spec: { username: string; type: UserType; password?: string; owner?: string; email?: string }): Promise<{ id: number; generated?: string }> {
    if (spec.type === 'admin') throw new Error('There is one admin');
    const ownerId = await this.ownerOf(spec.owner);
    if (ownerId !== 0 && spec.type !== 'user') throw new Error('A reseller owns only simple users');
    const repo = this.db.getRepository(User);
    if (await repo.existsBy({ username: spec.username })) throw new Error(`Username ${spec.username} is taken`);
    const password = spec.password ?? randomSecret(16);
    const user = repo.create({
      username: spec.username, usertype: spec.type, owner_id: ownerId, email: spec.email ?? '',
      password: await hashPassword(password), uniquehash: randomSecret(10).toLowerCase(), created_at: new Date(),
    });
    await repo.insert(user);
    return { id: user.id, generated: spec.password ? undefined : password };
  }
}

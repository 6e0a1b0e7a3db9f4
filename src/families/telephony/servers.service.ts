import { Inject, Injectable, Logger, OnModuleDestroy } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { AmiClient, AmiError, AmiTarget } from '../../ami/ami-client';
import { AmiFields, AmiMessage } from '../../ami/ami-protocol';
import { MorError } from '../../api/mor-error';
import { AppConfig } from '../../config/config';
import { CONFIG } from '../../config/config.token';
import { Server } from './telephony.entity';

export const CANNOT_CONNECT = 'Cannot connect to Asterisk Server';

export interface ServerSpec {
  hostname?: string;
  server_ip?: string;
  port?: number;
  ami_port?: number;
  ami_username?: string;
  ami_secret?: string;
  active?: number;
  comment?: string;
}

/**
 * MOR's servers and the one manager-interface client of the process: every action a family
 * sends to Asterisk goes through here, and any failure to reach it (down, login refused, no
 * answer in time, action refused) is MOR's `Cannot connect to Asterisk Server`.
 */
@Injectable()
export class ServersService implements OnModuleDestroy {
  readonly ami: AmiClient;
  private readonly logger = new Logger('Asterisk');

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    @Inject(CONFIG) config: AppConfig,
  ) {
    this.ami = new AmiClient({ timeoutMs: config.amiTimeoutMs });
  }

  async onModuleDestroy(): Promise<void> {
    await this.ami.closeAll();
  }

  /** An active server by id, or the first active one when no id is given; null when there is none. */
  async find(id: number | null, m: EntityManager = this.db.manager): Promise<Server | null> {
    const qb = m.getRepository(Server).createQueryBuilder('s').addSelect('s.ami_secret').where('s.active = 1');
    if (id !== null) qb.andWhere('s.id = :id', { id });
    return qb.orderBy('s.id', 'ASC').getOne();
  }

  target(server: Server): AmiTarget {
    return { host: server.server_ip || server.hostname, port: server.ami_port, username: server.ami_username, secret: server.ami_secret };
  }

  /** Sends one action; any failure answers MOR's text. */
  async send(server: Server, fields: AmiFields): Promise<AmiMessage> {
    try {
      return await this.ami.action(this.target(server), fields);
    } catch (error) {
      if (!(error instanceof AmiError)) throw error;
      // The kind and our own message only: neither carries the manager secret.
      this.logger.warn(`server ${server.id}: ${fields[0]?.[1] ?? 'action'} failed (${error.kind}: ${error.message})`);
      throw new MorError(CANNOT_CONNECT);
    }
  }

  // Operator commands (CLI)

  async list(): Promise<Server[]> {
    return this.db.getRepository(Server).find({ order: { id: 'ASC' } });
  }

  async create(spec: ServerSpec): Promise<Server> {
    const repo = this.db.getRepository(Server);
    const saved = await repo.save(repo.create(checked(spec, true)));
    return repo.findOneByOrFail({ id: saved.id });
  }

  async update(id: number, spec: ServerSpec): Promise<Server> {
    const repo = this.db.getRepository(Server);
    if (!(await repo.existsBy({ id }))) throw new Error(`Server ${id} was not found`);
    const changes = checked(spec, false);
    if (Object.keys(changes).length > 0) await repo.update(id, changes);
    return repo.findOneByOrFail({ id });
  }

  async remove(id: number): Promise<void> {
    const result = await this.db.getRepository(Server).delete(id);
    if (!result.affected) throw new Error(`Server ${id} was not found`);
  }

  /** Logs in to the server's manager interface and pings it; the failure's kind when it cannot. */
  async check(id: number): Promise<string> {
    const server = await this.find(id);
    if (!server) throw new Error(`Server ${id} was not found or is not active`);
    try {
      await this.ami.action(this.target(server), [['Action', 'Ping']]);
      return 'ok';
    } catch (error) {
      if (error instanceof AmiError) return `${error.kind}: ${error.message}`;
      throw error;
    }
  }
}

function checked(spec: ServerSpec, creating: boolean): Partial<Server> {
  const out: Partial<Server> = {};
  for (const [key, value] of Object.entries(spec) as [keyof ServerSpec, string | number | undefined][]) {
    if (value === undefined) continue;
    if (key === 'port' || key === 'ami_port') {
      if (!Number.isInteger(value) || Number(value) < 1 || Number(value) > 65535) throw new Error(`${key} must be 1-65535`);
    } else if (key === 'active') {
      if (value !== 0 && value !== 1) throw new Error('active must be 0 or 1');
    } else if (typeof value !== 'string' || value.length > 255 || /[\r\n]/.test(value)) {
      throw new Error(`${key} must be text of at most 255 characters on one line`);
    }
    (out as Record<string, unknown>)[key] = value;
  }
  if (creating && !out.server_ip && !out.hostname) throw new Error('a server needs --ip or --hostname');
  return out;
}

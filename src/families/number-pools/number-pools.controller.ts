import { Controller } from '@nestjs/common';
import { MorContext } from '../../api/context';
import { Params } from '../../api/hash';
import { Errors } from '../../api/mor-error';
import { MorMethod, Role } from '../../api/mor-method.decorator';
import { successDoc as S2 } from '../../api/xml';
import { NumberPoolsService, PoolView } from './number-pools.service';

const OWNERS: Role[] = ['admin', 'reseller', 'accountant'];
const base = { family: 'Number Pools', roles: OWNERS, roleError: Errors.accessDenied } as const;
/** D-13: `number_pool_id` (Dec 2024 text) or the secret alone (its examples). */
const POOL_HASH = { hash: ['number_pool_id'], hashAlso: [[]] };

@Controller()
export class NumberPoolsController {
  constructor(private readonly pools: NumberPoolsService) {}

  @MorMethod({ ...base, name: 'number_pools_get', summary: "The caller's number pools, optionally with numbers and users", hash: [], access: 'read' })
  async list(_input: Params, ctx: MorContext) {
    const pools = await this.pools.list(ctx.caller!, ctx.params);
    return { page: { status: { number_pools: { number_pool: pools.map(poolXml) } } } };
  }

  @MorMethod({ ...base, name: 'number_pool_create', summary: 'Create a number pool', hash: [], access: 'write' })
  async create(_input: Params, ctx: MorContext) {
    const id = await this.pools.create(ctx.caller!, ctx.params);
    return S2('Number Pool created', { number_pool_id: String(id) });
  }

  @MorMethod({ ...base, ...POOL_HASH, name: 'number_pool_update', summary: "Rename a pool or change its comment", access: 'write' })
  async update(_input: Params, ctx: MorContext) {
    await this.pools.update(ctx.caller!, ctx.params);
    return S2('Number Pool updated');
  }

  @MorMethod({ ...base, ...POOL_HASH, name: 'number_pool_delete', summary: 'Delete a number pool', access: 'write' })
  async delete(_input: Params, ctx: MorContext) {
    await this.pools.delete(ctx.caller!, ctx.params.number_pool_id);
    return S2('Number Pool deleted');
  }

  @MorMethod({ ...base, ...POOL_HASH, name: 'number_pool_numbers_create', summary: 'Add numbers (thousands at once) to a pool', access: 'write' })
  async numbersCreate(_input: Params, ctx: MorContext) {
    const result = await this.pools.addNumbers(ctx.caller!, ctx.params);
    return S2("Number Pool's Numbers created", { numbers_created: String(result.created), numbers_duplicate: String(result.duplicates) });
  }

  @MorMethod({ ...base, ...POOL_HASH, name: 'number_pool_numbers_delete', summary: 'Delete numbers of a pool by id, by value, or all', access: 'write' })
  async numbersDelete(_input: Params, ctx: MorContext) {
    await this.pools.deleteNumbers(ctx.caller!, ctx.params);
    return S2("Number Pool's selected Numbers deleted");
  }
}

function poolXml(v: PoolView) {
  const head = { id: String(v.pool.id), name: v.pool.name, comment: v.pool.comment ?? '', owner_id: String(v.pool.owner_id) };
  if (!v.numbers) return head;
  return {
    ...head,
    numbers: v.numbers.length === 0 ? '' : {
      number: v.numbers.map((n) => ({
        id: String(n.row.id), number: n.row.number, comment: n.row.comment,
        users: n.users.length === 0 ? '' : { user: n.users.map((u) => ({ id: String(u.user.id), username: u.user.username, list_type: u.listType })) },
      })),
    },
  };
}

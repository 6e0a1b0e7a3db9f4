import { Controller } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { MorContext } from '../../api/context';
import { Params } from '../../api/hash';
import { MorError } from '../../api/mor-error';
import { uniqueOr } from '../../database/unique';
import { successDoc } from '../../api/xml';
import { MorMethod } from '../../api/mor-method.decorator';
import { PbxPool } from './pbx-pool.entity';

@Controller()
export class PbxPoolsController {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  @MorMethod({
    name: 'pbx_pool_create', family: 'PBX Pool', summary: 'Create a PBX pool (extension namespace)',
    hash: ['name'], access: 'write', roles: ['admin', 'accountant'], roleError: 'You are not authorised to use this functionality',
  })
  async create(_input: Params, ctx: MorContext) {
    const name = (ctx.params.name ?? '').trim();
    if (name === '') throw new MorError('PbxPool must have name');
    if (name.length > 255) throw new MorError('PbxPool must have name');
    const unique = 'PbxPool name must be unique';
    await uniqueOr(() => this.db.transaction(async (m) => {
      const repo = m.getRepository(PbxPool);
      if (await repo.exists({ where: { name } })) throw new MorError(unique);
      await repo.insert({ owner_id: 0, name, comment: ctx.params.comment ?? null });
    }), [[{ table: 'pbx_pools', column: 'name', name: 'ux_pbx_pools_name' }, unique]]);
    return successDoc('PbxPool was succesfully created');
  }
}

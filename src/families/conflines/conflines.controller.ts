import { Controller } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { MorContext } from '../../api/context';
import { MorError } from '../../api/mor-error';
import { MorMethod } from '../../api/mor-method.decorator';
import { SettingsService } from '../../settings/settings.service';
import { successDoc } from '../../api/xml';
import { CONFLINE_RULES } from './confline-rules';

const RULE_PARAMS: ReadonlySet<string> = new Set(CONFLINE_RULES.map((rule) => rule.param));
/** Params of the request itself (identity, hash, inline reply, the action of a POST to /billing/api/). */
const REQUEST_PARAMS: ReadonlySet<string> = new Set(['u', 'p', 'hash', 'test', 'action']);

@Controller()
export class ConflinesController {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly settings: SettingsService,
  ) {}

  @MorMethod({
    name: 'conflines_update', family: 'Conflines', summary: 'Change API settings and the Default User / Default Device templates',
    hash: [], access: 'write', roles: ['admin'], adminKey: true, errorEnvelope: 'status', roleError: 'Access Denied',
  })
  async update(_input: unknown, ctx: MorContext) {
    const unknown = Object.keys(ctx.params).find((name) => !REQUEST_PARAMS.has(name) && !RULE_PARAMS.has(name));
    if (unknown !== undefined) throw new MorError(`${unknown} cannot be updated over API`);
    if (!Object.keys(ctx.params).some((name) => RULE_PARAMS.has(name))) throw new MorError('No conflines to update');
    const changes: [string, string][] = [];
    for (const rule of CONFLINE_RULES) {
      const value = ctx.params[rule.param];
      if (value === undefined) continue;
      const error = await rule.check(value, this.db);
      if (error) throw new MorError(error);
      // The API can be switched on only by the operator (GUI/CLI), never over the API itself.
      if (rule.param === 'allow_api' && value === '1') continue;
      changes.push([rule.setting, rule.param.endsWith('_codecs') ? value.split(',').map((c) => c.trim()).filter(Boolean).join(',') : value]);
    }
    try {
      await this.db.transaction(async (m) => {
        for (const [name, value] of changes) await this.settings.set(name as never, value, 0, m);
      });
    } finally {
      this.settings.invalidate();
    }
    return successDoc('Conflines successfully updated');
  }
}

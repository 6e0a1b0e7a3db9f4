import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { Caller } from '../../api/caller';
import { MorError } from '../../api/mor-error';
import { managedOwnerId } from '../../api/ownership';
import { PROVIDER_RULE_DEFAULT_MAXLEN, PROVIDER_RULE_DEFAULT_MINLEN } from '../../billing/provider-rules';
import { Tariff } from '../tariffs/tariff.entity';
import { ownedProvider } from '../providers/provider-scope';
import { Provider } from '../providers/provider.entity';
import { ProviderRuleCreateDto } from './dto/provider-rule.dto';
import { ProviderRuleTexts } from './provider-rule-texts';
import { ProviderRuleRow } from './provider-rule.entity';

@Injectable()
export class ProviderRulesService {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  async list(caller: Caller, providerId: string): Promise<ProviderRuleRow[]> {
    const provider = await ownedProvider(this.db.manager, caller, providerId);
    const rules = await this.db.getRepository(ProviderRuleRow).find({ where: { provider_id: provider.id }, order: { id: 'ASC' } });
    if (rules.length === 0) throw new MorError(ProviderRuleTexts.noRules);
    return rules;
  }

  async create(caller: Caller, input: ProviderRuleCreateDto): Promise<void> {
    await this.db.transaction(async (m) => {
      const provider = await ownedProvider(m, caller, input.provider_id);
      if (!input.cut && !input.add) throw new MorError(ProviderRuleTexts.cutAddBlank);
      const minlen = Number(input.minlen || PROVIDER_RULE_DEFAULT_MINLEN);
      const maxlen = Number(input.maxlen || PROVIDER_RULE_DEFAULT_MAXLEN);
      if (minlen < 0 || maxlen < minlen) throw new MorError(ProviderRuleTexts.addFailed);
      const prType = input.pr_type || 'dst';
      if (input.tariff_id && !(await m.getRepository(Tariff).exists({ where: { id: Number(input.tariff_id), purpose: 'provider', owner_id: provider.user_id } }))) {
        throw new MorError(ProviderRuleTexts.addFailed);
      }
      await m.getRepository(ProviderRuleRow).insert({
        provider_id: provider.id, name: input.name, enabled: 1, cut: input.cut ?? '', add: input.add ?? '', minlen, maxlen,
        pr_type: prType, change_callerid_name: Number(input.change_callerid_name || 0), set_pai: Number(input.set_pai || 0),
        tariff_id: input.tariff_id ? Number(input.tariff_id) : null, suffix: prType === 'dst' ? (input.suffix ?? '') : '',
      });
    });
  }

  /** A rule of a provider the caller manages; anything else is "Provider rule was not found". */
  async delete(caller: Caller, ruleId: string): Promise<void> {
    await this.db.transaction(async (m) => {
      const rule = await m.getRepository(ProviderRuleRow).findOneBy({ id: Number(ruleId) });
      const provider = rule && (await m.getRepository(Provider).findOneBy({ id: rule.provider_id, user_id: managedOwnerId(caller) }));
      if (!rule || !provider) throw new MorError(ProviderRuleTexts.ruleNotFound);
      await m.getRepository(ProviderRuleRow).delete(rule.id);
    });
  }
}

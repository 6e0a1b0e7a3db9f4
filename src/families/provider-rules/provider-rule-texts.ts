/** MOR's texts for provider rules (wiki + client, 02 "Provider Rules"). */
export const ProviderRuleTexts = {
  added: 'Rule added',
  deleted: 'Provider rule was successfully deleted',
  providerNotFound: 'Provider was not found',
  noRules: 'Provider has no rules',
  ruleNotFound: 'Provider rule was not found',
  nameBlank: 'name cannot be blank',
  cutAddBlank: 'both add and cut cannot be blank',
  addFailed: 'Add failed',
} as const;

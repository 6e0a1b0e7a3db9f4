/** MOR's texts for the LCR family (02-tariffs-lcr-providers.md "LCR"); invented ones are in docs/decisions.md. */
export const LcrTexts = {
  created: 'LCR successfully created',
  updated: 'LCR successfully updated',
  deleted: 'LCR successfully deleted',
  providerAdded: ' Provider successfully added ',
  providerDeleted: ' Provider successfully deleted ',
  noneFound: 'No LCRs found',
  notFound: 'LCR was not found',
  providerNotFound: 'Provider was not found',
  providerNotInLcr: 'Provider not found in LCR',
  // Not in the reference (docs/decisions.md, "LCR and localization").
  nameBlank: 'LCR name cannot be blank',
  badOrder: 'LCR order is not valid',
  badValue: 'LCR parameters are not valid',
  inUse: 'LCR is in use and cannot be deleted',
  alreadyInLcr: 'Provider already exists in LCR',
} as const;

export const LCR_ORDERS = ['price', 'priority', 'percent', 'quality'] as const;

/** Texts of the Providers family; "Invalid <param>" ones extend MOR's "Invalid tariff" (docs/decisions.md). */
export const ProviderTexts = {
  created: 'Provider successfully created',
  updated: 'Provider updated',
  deleted: 'Provider deleted',
  notFound: 'Provider was not found',
  nameEmpty: 'Provider name cannot be empty',
  nameUnique: 'Provider name must be unique',
  invalidTariff: 'Invalid tariff',
  cannotDelete: 'Cannot delete provider',
  invalid: (param: string) => `Invalid ${param}`,
} as const;

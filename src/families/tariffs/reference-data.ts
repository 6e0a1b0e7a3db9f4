import metadata from 'libphonenumber-js/metadata.min.json';

export interface CountrySeed {
  /** ISO 3166-1 alpha-2. */
  code: string;
  name: string;
  /** E.164 country calling code, the destination prefix. */
  callingCode: string;
}

/**
 * One country per calling code: the code's main country in libphonenumber's metadata (1 → US,
 * 7 → RU). Countries sharing a code are told apart by area codes, which a plain prefix seed
 * cannot express; they get a direction but no destination (see docs/decisions.md, Tariffs).
 */
export function countrySeed(): CountrySeed[] {
  const names = new Intl.DisplayNames(['en'], { type: 'region' });
  const codes: Record<string, string[]> = metadata.country_calling_codes;
  const main = new Map<string, string>();
  for (const [callingCode, countries] of Object.entries(codes)) {
    const first = countries[0];
    if (first && first !== '001') main.set(first, callingCode);
  }
  const all = new Set(Object.values(codes).flat().filter((c) => c !== '001'));
  return [...all].sort().map((code) => ({ code, name: names.of(code) ?? code, callingCode: main.get(code) ?? '' }));
}

/** ISO 4217 currencies known to the runtime's ICU; only USD (the default, rate 1) starts active. */
export function currencySeed(): { name: string; full_name: string; exchange_rate: string; active: number; curr_update: number }[] {
  const names = new Intl.DisplayNames(['en'], { type: 'currency' });
  return Intl.supportedValuesOf('currency').map((name) => ({
    name, full_name: names.of(name) ?? name, exchange_rate: '1.000000', active: name === 'USD' ? 1 : 0, curr_update: 0,
  }));
}

import type { XmlDoc } from './xml';

/**
 * Shared parts of MOR's legacy "XML API by pages" replies (06 §1-C). The methods declare
 * `identify: 'page'` or `'page-anyone'` (see Identify); the pipeline then authenticates by `u`
 * alone, skips the hash and the permission groups, and marks the account logged in.
 */

/** MOR renders these pages in the GUI's locale; this server has only English. */
export const PAGE_LANGUAGE = 'en';

/** `<page><pagename>NAME</pagename><language>en</language>…rest</page>`. */
export const pageDoc = (pagename: string, rest: Record<string, unknown> = {}): XmlDoc => ({ page: { pagename, language: PAGE_LANGUAGE, ...rest } });

/** What a page-style action without a (known) user answers where MOR does not say `Bad login`. */
export const noUserPage = (pagename: string): XmlDoc => pageDoc(pagename, { error_msg: '', aval_languages: '' });

/** MOR's date-time text (`nice_date_time`): `YYYY-MM-DD HH:MM:SS`, here in UTC. */
export function niceDateTime(date: Date): string {
  return date.toISOString().slice(0, 19).replace('T', ' ');
}

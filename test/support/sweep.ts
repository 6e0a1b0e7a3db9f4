import { Params } from '../../src/api/hash';
import { CallOptions, Reply, TestApp, errorOf } from './test-app';

/** 10 kB values: longer than any column, so MariaDB's strict mode refuses them if nothing else does. */
export const HUGE_TEXT = 'x'.repeat(10240);
export const HUGE_DIGITS = '9'.repeat(10240);

/** The kinds of bad value a param is swept with, by name. */
export const BAD_VALUES = {
  empty: '',
  letters: 'abc',
  '10kB letters': HUGE_TEXT,
  '10kB digits': HUGE_DIGITS,
  negative: '-5',
  '20 digits': '99999999999999999999',
  'control characters': 'a\u0000b\u0001c\u000bd\u001fe\ufffe',
  'leading space': ' 5',
  'trailing space': '5 ',
  'sign and exponent': '+1e3',
  'unicode digits': '\u0663\uff15',
  'past DECIMAL(20,6)': '99999999999999.9999999',
  '70k characters': '7'.repeat(70000),
  'TEXT bytes': '\u00e9'.repeat(40000),
  // Issue 18's extension: more ways a number can be padded, signed or spelled.
  'zero padded': '0005',
  'tab and newline padded': '\t5\n',
  'plus sign': '+5',
  'double sign': '--5',
  'exponent overflow': '1e400',
  'negative exponent': '5e-7',
  hex: '0x1f',
  'NaN and Infinity': 'NaN',
  'unicode decimal': '\u0661.\u0665',
  'fullwidth minus': '\uff0d5',
} as const;

export type BadValueKind = keyof typeof BAD_VALUES;

export interface AnswerRules {
  /** The root element every answer must have (`page` for most families). */
  root?: string;
  /** The method answers bare text (`reply: 'text'`): HTTP 200 and not the generic error is all that is asked. */
  text?: boolean;
}

/**
 * What is wrong with a reply, or null for a MOR-style answer: HTTP 200, an XML document
 * (declaration first) that parses, with the expected root, and not our generic 'Internal error'.
 */
export function answerProblem(r: Reply, rules: AnswerRules = {}): string | null {
  if (r.status !== 200) return `HTTP ${r.status} ${errorOf(r.xml) ?? r.body.slice(0, 120)}`;
  if (rules.text) return r.body === 'Internal error' ? 'Internal error' : null;
  if (!r.body.startsWith('<?xml')) return `no XML declaration: ${r.body.slice(0, 120)}`;
  if (r.xml === null || typeof r.xml !== 'object') return `unparsable XML: ${r.body.slice(0, 120)}`;
  if (rules.root && r.xml[rules.root] === undefined) return `root is not <${rules.root}>: ${r.body.slice(0, 120)}`;
  if (errorOf(r.xml) === 'Internal error') return 'Internal error';
  return null;
}

export interface SweepOptions extends AnswerRules {
  /** Value kinds to send (all of BAD_VALUES by default). */
  kinds?: readonly BadValueKind[];
  /** Baseline params to start from (each call overrides one of them); fresh per call. */
  base?: () => Params;
  call?: CallOptions;
}

/**
 * Sends `method` once per param and bad value kind (the other params at their baseline) and
 * lists every reply that is not a MOR-style answer as `method param (kind): problem`.
 */
export async function sweepMethod(t: TestApp, method: string, names: readonly string[], options: SweepOptions = {}): Promise<string[]> {
  const failures: string[] = [];
  const kinds = options.kinds ?? (Object.keys(BAD_VALUES) as BadValueKind[]);
  for (const name of names) {
    for (const kind of kinds) {
      const params = { ...(options.base?.() ?? {}), [name]: BAD_VALUES[kind] };
      const problem = answerProblem(await t.call(method, params, options.call), options);
      if (problem) failures.push(`${method} ${name} (${kind}): ${problem}`);
    }
  }
  return failures;
}

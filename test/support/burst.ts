import { Params } from '../../src/api/hash';
import { answerProblem } from './sweep';
import { CallOptions, Reply, TestApp, errorOf } from './test-app';

/** Long enough for 50 queued requests on a loaded CI machine; only a request that never ends hits it. */
export const HANG_AFTER_MS = 45_000;

export interface BurstResult {
  requests: number;
  hangs: number;
  /** Replies that are not MOR-style answers (HTTP 500, 'Internal error', broken XML). */
  failures: string[];
  /** Replies without an error. */
  successes: number;
  errors: string[];
  /** The answered replies, in request order (unanswered ones left out). */
  replies: Reply[];
}

const HANG = Symbol('hang');

/**
 * Sends `count` requests at once; each must be answered (a reply within HANG_AFTER_MS) the MOR way.
 * `options` may differ per request (e.g. a multipart body per upload).
 */
export async function burst(t: TestApp, method: string, params: (i: number) => Params, count: number, options: CallOptions | ((i: number) => CallOptions) = {}): Promise<BurstResult> {
  const timers: NodeJS.Timeout[] = [];
  const hang = new Promise<typeof HANG>((resolve) => timers.push(setTimeout(() => resolve(HANG), HANG_AFTER_MS)));
  const replies = await Promise.all(Array.from({ length: count }, (_, i) => Promise.race([t.call(method, params(i), typeof options === 'function' ? options(i) : options), hang])));
  timers.forEach(clearTimeout);
  const answered = replies.filter((r): r is Reply => r !== HANG);
  const failures = answered.map((r) => answerProblem(r)).filter((p): p is string => p !== null).map((p) => `${method}: ${p}`);
  const errors = answered.map((r) => errorOf(r.xml)).filter((e): e is string => e !== undefined);
  return { requests: count, hangs: count - answered.length, failures, successes: answered.length - errors.length, errors, replies: answered };
}

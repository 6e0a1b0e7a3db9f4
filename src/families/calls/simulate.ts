import { createHash, randomUUID } from 'node:crypto';

export interface SimulateOptions {
  url: string;
  key: string;
  device: string;
  dst: string;
  calls: number;
  concurrency: number;
  /** Seconds each call lasts (billsec). */
  billsec?: number;
}

export interface SimulateResult {
  lifecycles: number;
  failures: number;
  seconds: number;
  perSecond: number;
  /** The answer of the first failed lifecycle, for diagnosis. */
  firstFailure?: string;
}

const sha1 = (text: string) => createHash('sha1').update(text, 'utf8').digest('hex');

/** One signed switch-API request as the switch sends it (form body, admin's key). */
async function send(base: string, key: string, method: string, params: [string, string][]): Promise<string> {
  const hash = sha1(params.map(([, v]) => v).join('') + key);
  const body = new URLSearchParams([['u', 'admin'], ...params, ['hash', hash]]).toString();
  const res = await fetch(`${base}/billing/api/${method}`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body });
  return res.text();
}

/**
 * `calls simulate`: call lifecycles (call_authorize, call_start, call_end) over HTTP, `concurrency`
 * at a time, against a running server; each lifecycle has a fresh uniqueid. Params are sent in the
 * switch API's hash order so the hash is their values concatenated.
 */
export async function simulateCalls(o: SimulateOptions): Promise<SimulateResult> {
  let started = 0;
  let failures = 0;
  let firstFailure: string | undefined;
  const fail = (text: string) => {
    firstFailure ??= text;
    return false;
  };
  const one = async () => {
    const uniqueid = randomUUID();
    const a = await send(o.url, o.key, 'call_authorize', [['uniqueid', uniqueid], ['device_id', o.device], ['dst', o.dst]]);
    if (!a.includes('<status>allowed</status>')) return fail(a);
    const s = await send(o.url, o.key, 'call_start', [['uniqueid', uniqueid]]);
    if (!s.includes('<status>answered</status>')) return fail(s);
    const e = await send(o.url, o.key, 'call_end', [['uniqueid', uniqueid], ['billsec', String(o.billsec ?? 30)]]);
    return e.includes('<status>ok</status>') || fail(e);
  };
  const worker = async () => {
    while (started < o.calls) {
      started++;
      if (!(await one().catch((e: unknown) => fail(String(e))))) failures++;
    }
  };
  const t0 = process.hrtime.bigint();
  await Promise.all(Array.from({ length: Math.max(1, o.concurrency) }, worker));
  const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
  return { lifecycles: o.calls, failures, seconds, perSecond: o.calls / seconds, ...(firstFailure === undefined ? {} : { firstFailure }) };
}

import { createHash, randomUUID } from 'node:crypto';
import { Agent, request } from 'node:http';

export interface SimulateOptions {
  url: string;
  key: string;
  /** The calling device id, or several comma-separated: lifecycles take them in turn. */
  device: string;
  dst: string;
  calls: number;
  concurrency: number;
  /** Seconds each call lasts (billsec). */
  billsec?: number;
}

export interface LoadResult {
  /** Units of work run (lifecycles, requests). */
  done: number;
  failures: number;
  seconds: number;
  perSecond: number;
  /** The answer of the first failed unit, for diagnosis. */
  firstFailure?: string;
}

export interface SimulateResult extends LoadResult {
  lifecycles: number;
}

const sha1 = (text: string) => createHash('sha1').update(text, 'utf8').digest('hex');

/**
 * A client of the signed API as a switch (or a load tool) uses it: form-encoded POSTs signed with
 * the admin's key, over kept-alive connections (node:http: a load tool must cost the machine
 * less than the server it measures, and fetch costs several times more per request).
 */
export class ApiClient {
  private readonly agent = new Agent({ keepAlive: true, maxSockets: 256 });
  private readonly base: URL;

  constructor(url: string, private readonly key: string) {
    this.base = new URL(url);
  }

  /** `params` in the method's hash order: the hash is their values concatenated, then the key. */
  send(method: string, params: [string, string][]): Promise<string> {
    const hash = sha1(params.map(([, v]) => v).join('') + this.key);
    const body = new URLSearchParams([['u', 'admin'], ...params, ['hash', hash]]).toString();
    return new Promise((resolve, reject) => {
      const req = request({
        agent: this.agent, host: this.base.hostname, port: this.base.port, method: 'POST', path: `/billing/api/${method}`,
        headers: { 'content-type': 'application/x-www-form-urlencoded', 'content-length': Buffer.byteLength(body) },
      }, (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => (text += chunk));
        res.on('end', () => resolve(text));
        res.on('error', reject);
      });
      req.on('error', reject);
      req.end(body);
    });
  }

  close(): void {
    this.agent.destroy();
  }
}

/** Runs `units` of `one` (true = succeeded, else the failure's text), `concurrency` at a time. */
export async function runLoad(units: number, concurrency: number, one: () => Promise<true | string>): Promise<LoadResult> {
  let started = 0;
  let failures = 0;
  let firstFailure: string | undefined;
  const worker = async () => {
    while (started < units) {
      started++;
      const outcome = await one().catch((e: unknown) => String(e));
      if (outcome === true) continue;
      failures++;
      firstFailure ??= outcome;
    }
  };
  const t0 = process.hrtime.bigint();
  await Promise.all(Array.from({ length: Math.max(1, concurrency) }, worker));
  const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
  return { done: units, failures, seconds, perSecond: units / seconds, ...(firstFailure === undefined ? {} : { firstFailure }) };
}

/**
 * `calls simulate`: call lifecycles (call_authorize, call_start, call_end) over HTTP, `concurrency`
 * at a time, against a running server; each lifecycle has a fresh uniqueid. Params are sent in the
 * switch API's hash order so the hash is their values concatenated.
 */
export async function simulateCalls(o: SimulateOptions, shared?: ApiClient): Promise<SimulateResult> {
  const client = shared ?? new ApiClient(o.url, o.key);
  const devices = o.device.split(',');
  let turn = 0;
  const one = async (): Promise<true | string> => {
    const uniqueid = randomUUID();
    const device = devices[turn++ % devices.length];
    const a = await client.send('call_authorize', [['uniqueid', uniqueid], ['device_id', device], ['dst', o.dst]]);
    if (!a.includes('<status>allowed</status>')) return a;
    const s = await client.send('call_start', [['uniqueid', uniqueid]]);
    if (!s.includes('<status>answered</status>')) return s;
    const e = await client.send('call_end', [['uniqueid', uniqueid], ['billsec', String(o.billsec ?? 30)]]);
    return e.includes('<status>ok</status>') || e;
  };
  try {
    const r = await runLoad(o.calls, o.concurrency, one);
    return { ...r, lifecycles: r.done };
  } finally {
    if (!shared) client.close();
  }
}

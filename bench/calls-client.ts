/**
 * The load client of calls-bench, run in a worker thread so the server's event loop is not
 * shared with the client's: call lifecycles over HTTP (`calls simulate`), then user_details_get
 * at the same concurrency for comparison. Posts { lifecycles, detailsPerSecond } back.
 */
import { createHash } from 'node:crypto';
import { parentPort, workerData } from 'node:worker_threads';
import { simulateCalls } from '../src/families/calls/simulate';

interface Job {
  url: string;
  key: string;
  device: string;
  dst: string;
  calls: number;
  concurrency: number;
}

async function detailsPerSecond(job: Job): Promise<number> {
  const hash = createHash('sha1').update(`0${job.key}`).digest('hex');
  const body = new URLSearchParams({ u: 'admin', user_id: '0', hash }).toString();
  let done = 0;
  const worker = async () => {
    while (done < job.calls) {
      done++;
      await (await fetch(`${job.url}/billing/api/user_details_get`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body })).text();
    }
  };
  const t0 = process.hrtime.bigint();
  await Promise.all(Array.from({ length: job.concurrency }, worker));
  return job.calls / (Number(process.hrtime.bigint() - t0) / 1e9);
}

async function main(): Promise<void> {
  const job = workerData as Job;
  await simulateCalls({ ...job, calls: Math.min(200, job.calls) }); // warm-up
  const lifecycles = await simulateCalls(job);
  parentPort!.postMessage({ lifecycles, detailsPerSecond: await detailsPerSecond(job) });
}

void main();

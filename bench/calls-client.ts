/**
 * The load client of calls-bench, forked as its own process so that the server's process runs
 * nothing but the server (its CPU time per lifecycle is then the server's alone): call lifecycles
 * over HTTP (`calls simulate`), then user_details_get at the same concurrency for comparison.
 * Tells the parent 'measuring' before each measured part and sends the results at the end.
 */
import { ApiClient, runLoad, simulateCalls } from '../src/families/calls/simulate';

interface Job {
  url: string;
  key: string;
  device: string;
  dst: string;
  calls: number;
  concurrency: number;
}

async function main(job: Job): Promise<void> {
  const client = new ApiClient(job.url, job.key);
  const ask = (message: unknown) => new Promise<void>((resolve) => process.send!(message, () => resolve()));
  await simulateCalls({ ...job, calls: Math.min(200, job.calls) }, client); // warm-up
  await ask({ phase: 'lifecycles' });
  const lifecycles = await simulateCalls(job, client);
  await ask({ phase: 'details' });
  const details = await runLoad(job.calls, job.concurrency, async () => {
    const reply = await client.send('user_details_get', [['user_id', '0']]);
    return reply.includes('<error>') ? reply : true;
  });
  await ask({ phase: 'done', lifecycles, details });
  client.close();
  process.disconnect();
}

process.once('message', (job: Job) => void main(job));

import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';

/**
 * bcrypt (bcryptjs, pure JavaScript) costs ~70 ms of CPU per check: on the event loop, 100 wrong
 * passwords at once would hold every other request for seconds. Checks and hashes run here in a
 * few worker threads instead; the event loop only waits for their answers.
 */
const WORKER_CODE = `
const { parentPort, workerData } = require('node:worker_threads');
const bcrypt = require(workerData.bcryptjs);
parentPort.on('message', ({ id, op, a, b }) => {
  const work = op === 'compare' ? bcrypt.compare(a, b) : bcrypt.hash(a, b);
  work.then((result) => parentPort.postMessage({ id, result }), (error) => parentPort.postMessage({ id, error: String(error) }));
});`;

type Job = { resolve: (value: unknown) => void; reject: (error: Error) => void };

class BcryptPool {
  private workers: Worker[] = [];
  private readonly jobs = new Map<number, Job>();
  private nextId = 0;
  private turn = 0;

  private worker(): Worker {
    const size = Math.max(1, Math.min(4, availableParallelism() - 1));
    if (this.workers.length < size) {
      const worker = new Worker(WORKER_CODE, { eval: true, workerData: { bcryptjs: require.resolve('bcryptjs') } });
      worker.unref(); // an idle pool never keeps the process alive
      worker.on('message', ({ id, result, error }: { id: number; result?: unknown; error?: string }) => {
        const job = this.jobs.get(id);
        this.jobs.delete(id);
        if (error === undefined) job?.resolve(result);
        else job?.reject(new Error(error));
      });
      worker.on('error', () => {
        this.workers = this.workers.filter((w) => w !== worker);
      });
      this.workers.push(worker);
      return worker;
    }
    return this.workers[this.turn++ % this.workers.length];
  }

  run<T>(op: 'compare' | 'hash', a: string, b: string | number): Promise<T> {
    const id = this.nextId++;
    return new Promise<T>((resolve, reject) => {
      this.jobs.set(id, { resolve: resolve as (value: unknown) => void, reject });
      this.worker().postMessage({ id, op, a, b });
    });
  }
}

const pool = new BcryptPool();

export const bcryptCompare = (password: string, hash: string) => pool.run<boolean>('compare', password, hash);
export const bcryptHash = (password: string, cost: number) => pool.run<string>('hash', password, cost);

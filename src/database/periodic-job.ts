import { Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { JobLease } from './job-lease';

/**
 * A job the server runs every `seconds` (0: never) under a lease, so that of several processes
 * one runs it at a time; a run still in progress is not started again. The job itself must be
 * safe to rerun (its effects keyed), since a crashed holder's run is redone by the next one.
 */
export class PeriodicJob {
  private readonly logger: Logger;
  private readonly lease: JobLease;
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<void> | null = null;

  constructor(
    db: DataSource,
    name: string,
    private readonly seconds: number,
    private readonly work: (now: Date) => Promise<string | null>,
  ) {
    this.logger = new Logger(name);
    this.lease = new JobLease(db, name, `${process.pid}-${randomUUID()}`);
  }

  start(): void {
    if (this.seconds > 0) this.timer = setInterval(() => void this.tick(), this.seconds * 1000).unref();
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    await this.running;
  }

  /** One scheduled run, if this process gets the lease. */
  async tick(now = new Date()): Promise<void> {
    if (this.running) return;
    this.running = (async () => {
      if (!(await this.lease.claim(Date.now(), Math.max(60, this.seconds * 2) * 1000))) return;
      try {
        const summary = await this.work(now);
        if (summary) this.logger.log(summary);
      } finally {
        await this.lease.release();
      }
    })()
      .catch((error: unknown) => this.logger.error(`run failed: ${error instanceof Error ? error.message : error}`))
      .finally(() => (this.running = null));
    await this.running;
  }
}

/** A Nest provider whose `job` runs from application start until shutdown (a finishing run is awaited). */
export abstract class RunsPeriodically implements OnApplicationBootstrap, OnApplicationShutdown {
  protected abstract readonly job: PeriodicJob;

  onApplicationBootstrap(): void {
    this.job.start();
  }

  onApplicationShutdown(): Promise<void> {
    return this.job.stop();
  }
}

import { Inject, Injectable, Logger, OnModuleDestroy } from '@nestjs/common';
import { AppConfig } from '../../config/config';
import { CONFIG } from '../../config/config.token';
import { AutodialerEngine } from './autodialer-engine';

/** Runs the autodialer every MOR_AUTODIALER_POLL_SECONDS inside the server (main.ts starts it); a run never overlaps the previous one. */
@Injectable()
export class AutodialerScheduler implements OnModuleDestroy {
  private readonly logger = new Logger('Autodialer');
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<unknown> | null = null;

  constructor(
    private readonly engine: AutodialerEngine,
    @Inject(CONFIG) private readonly config: AppConfig,
  ) {}

  start(): void {
    if (this.timer || this.config.autodialerPollSeconds === 0) return;
    this.timer = setInterval(() => this.tick(), this.config.autodialerPollSeconds * 1000);
    this.timer.unref();
  }

  async onModuleDestroy(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await this.running;
  }

  private tick(): void {
    if (this.running) return;
    this.running = this.engine.runOnce()
      .then((r) => r.dialed > 0 && this.logger.log(`dialed ${r.dialed} numbers in ${r.campaigns} campaigns`))
      .catch((error: Error) => this.logger.error(`run failed: ${error.message}`))
      .finally(() => {
        this.running = null;
      });
  }
}

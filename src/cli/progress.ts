/** What a streamed import reports as it goes. */
export interface StreamProgress {
  bytes: number;
  rows: number;
}

const bar = (pct: number) => `[${'#'.repeat(Math.round(pct / 5)).padEnd(20, '.')}] ${pct.toFixed(1)}%`;
const perSecond = (done: number, started: number) => Math.round(done / Math.max((Date.now() - started) / 1000, 0.001)).toLocaleString('en');

/** One progress line on stderr, rewritten in place: percent of the file, rows, rows/s. */
export function progressPrinter(totalBytes: number, extra: () => string = () => ''): (p: StreamProgress) => void {
  const started = Date.now();
  return (p) => {
    const pct = totalBytes > 0 ? Math.min(100, (p.bytes / totalBytes) * 100) : 100;
    process.stderr.write(`\r${bar(pct)}  ${p.rows.toLocaleString('en')} rows  ${perSecond(p.rows, started)} rows/s${extra()}`);
  };
}

/** A progress bar on stderr, rewritten in place: `[#####.....] 50.0%  500/1,000 users  120 users/s`. */
export function progressBar(unit: string, out: NodeJS.WritableStream = process.stderr): { update(done: number, total: number): void; end(): void } {
  const started = Date.now();
  return {
    update(done, total) {
      const pct = total > 0 ? Math.min(100, (done / total) * 100) : 100;
      out.write(`\r${bar(pct)}  ${done.toLocaleString('en')}/${total.toLocaleString('en')} ${unit}  ${perSecond(done, started)} ${unit}/s`);
    },
    end() {
      out.write('\n');
    },
  };
}

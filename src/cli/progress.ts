/** A progress bar on stderr, rewritten in place: `[#####.....] 50.0%  500/1,000 users  120 users/s`. */
export function progressBar(unit: string, out: NodeJS.WritableStream = process.stderr): { update(done: number, total: number): void; end(): void } {
  const started = Date.now();
  return {
    update(done, total) {
      const pct = total > 0 ? Math.min(100, (done / total) * 100) : 100;
      const rate = Math.round(done / Math.max((Date.now() - started) / 1000, 0.001));
      out.write(`\r[${'#'.repeat(Math.round(pct / 5)).padEnd(20, '.')}] ${pct.toFixed(1)}%  ${done.toLocaleString('en')}/${total.toLocaleString('en')} ${unit}  ${rate.toLocaleString('en')} ${unit}/s`);
    },
    end() {
      out.write('\n');
    },
  };
}

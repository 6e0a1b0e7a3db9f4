/** What a streamed import reports as it goes. */
export interface StreamProgress {
  bytes: number;
  rows: number;
}

/** One progress line on stderr, rewritten in place: percent of the file, rows, rows/s. */
export function progressPrinter(totalBytes: number, extra: () => string = () => ''): (p: StreamProgress) => void {
  const started = Date.now();
  return (p) => {
    const secs = Math.max((Date.now() - started) / 1000, 0.001);
    const pct = totalBytes > 0 ? Math.min(100, (p.bytes / totalBytes) * 100) : 100;
    const bar = '#'.repeat(Math.round(pct / 5)).padEnd(20, '.');
    process.stderr.write(`\r[${bar}] ${pct.toFixed(1)}%  ${p.rows.toLocaleString('en')} rows  ${Math.round(p.rows / secs).toLocaleString('en')} rows/s${extra()}`);
  };
}

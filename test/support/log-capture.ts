import { Writable } from 'node:stream';

/** A pino destination that keeps every line in memory. */
export class LogCapture extends Writable {
  readonly lines: string[] = [];

  override _write(chunk: Buffer, _encoding: string, done: () => void): void {
    this.lines.push(...chunk.toString().split('\n').filter((l) => l !== ''));
    done();
  }

  get text(): string {
    return this.lines.join('\n');
  }

  records(): Record<string, any>[] {
    return this.lines.map((l) => JSON.parse(l));
  }

  /** The request line of a request id. */
  request(reqId: string): Record<string, any> | undefined {
    return this.records().find((r) => r.msg === 'request' && r.reqId === reqId);
  }
}

/** Where a secret would show in a log line: as is, JSON-escaped or URL-encoded. */
export function secretForms(secret: string): string[] {
  return [...new Set([secret, JSON.stringify(secret).slice(1, -1), encodeURIComponent(secret)])];
}

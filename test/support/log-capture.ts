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

const isDigit = (char: string | undefined): boolean => char !== undefined && char >= '0' && char <= '9';

/**
 * Where a secret shows in a text: the index of its first appearance in any form, or -1. A secret of
 * digits only (a PIN) counts as a whole number only: inside a longer run of digits (a timestamp, a
 * response time's decimals) it is chance, not a leak.
 */
export function findSecret(text: string, secret: string): number {
  const digitsOnly = /^[0-9]+$/.test(secret);
  for (const form of secretForms(secret)) {
    for (let at = text.indexOf(form); at >= 0; at = text.indexOf(form, at + 1)) {
      if (!digitsOnly || (!isDigit(text[at - 1]) && !isDigit(text[at + form.length]))) return at;
    }
  }
  return -1;
}

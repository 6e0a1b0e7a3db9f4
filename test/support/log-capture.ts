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

const HEX = /^[0-9a-fA-F]+$/;
const isHex = (char: string | undefined): boolean => char !== undefined && HEX.test(char);

/**
 * Where a secret shows in a text: the index of its first appearance in any form, or -1. A secret of
 * hex digits only (a PIN, a hex token) counts as a whole run only: inside a longer run of hex
 * digits (a timestamp, a response time's decimals, a request id's UUID) it is chance, not a leak.
 */
export function findSecret(text: string, secret: string): number {
  const hexOnly = HEX.test(secret);
  for (const form of secretForms(secret)) {
    for (let at = text.indexOf(form); at >= 0; at = text.indexOf(form, at + 1)) {
      if (!hexOnly || (!isHex(text[at - 1]) && !isHex(text[at + form.length]))) return at;
    }
  }
  return -1;
}

/**
 * The Asterisk Manager Interface wire format: after a one-line banner
 * (`Asterisk Call Manager/x.y`), messages are `Key: Value` lines ended by an empty line, CRLF.
 * A key may repeat (Originate's `Variable`), so a message keeps its fields in order.
 */
export type AmiFields = [string, string][];

export class AmiMessage {
  constructor(readonly fields: AmiFields) {}

  /** The first value of a key (case-insensitive, as Asterisk's own parser). */
  get(key: string): string | undefined {
    const wanted = key.toLowerCase();
    return this.fields.find(([k]) => k.toLowerCase() === wanted)?.[1];
  }

  all(key: string): string[] {
    const wanted = key.toLowerCase();
    return this.fields.filter(([k]) => k.toLowerCase() === wanted).map(([, v]) => v);
  }
}

/** One message on the wire; control characters become spaces (a CR/LF would end the field and inject another). */
export function encodeMessage(fields: AmiFields): string {
  return fields.map(([k, v]) => `${k}: ${v.replace(/[\x00-\x1f\x7f]/g, ' ')}\r\n`).join('') + '\r\n';
}

/** Splits a byte stream into the banner and messages; feed() returns the complete ones. */
export class AmiParser {
  private buffer = '';
  private bannerSeen = false;
  banner: string | null = null;

  feed(chunk: string): AmiMessage[] {
    this.buffer += chunk;
    const out: AmiMessage[] = [];
    if (!this.bannerSeen) {
      const end = this.buffer.indexOf('\n');
      if (end < 0) return out;
      this.banner = this.buffer.slice(0, end).replace(/\r$/, '');
      this.buffer = this.buffer.slice(end + 1);
      this.bannerSeen = true;
    }
    for (;;) {
      const match = /\r?\n\r?\n/.exec(this.buffer);
      if (!match) break;
      const block = this.buffer.slice(0, match.index);
      this.buffer = this.buffer.slice(match.index + match[0].length);
      const fields: AmiFields = [];
      for (const line of block.split(/\r?\n/)) {
        const colon = line.indexOf(':');
        if (colon > 0) fields.push([line.slice(0, colon).trim(), line.slice(colon + 1).trim()]);
      }
      if (fields.length > 0) out.push(new AmiMessage(fields));
    }
    return out;
  }
}

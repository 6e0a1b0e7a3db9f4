import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { renderXml, XmlDoc } from '../../src/api/xml';

/**
 * Every distinct reply the whole e2e suite produced (all methods, success and error), recorded
 * with the xml2js renderer (test/support/record-replies.ts): the document a handler or the
 * exception filter returned and the exact bytes sent. The renderer must reproduce each byte.
 */
interface Recorded {
  method: string;
  declaration: 'standalone' | null;
  doc: XmlDoc;
  xml: string;
}

const recorded: Recorded[] = JSON.parse(readFileSync(join(__dirname, '../fixtures/replies.json'), 'utf8'));

describe('recorded replies render byte-identical', () => {
  it('covers many methods', () => {
    expect(new Set(recorded.map((r) => r.method)).size).toBeGreaterThanOrEqual(78);
  });

  it.each(recorded.map((r, i) => [`${r.method} #${i}`, r] as const))('%s', (_name, r) => {
    expect(renderXml(r.doc, r.declaration ?? undefined)).toBe(r.xml);
  });
});

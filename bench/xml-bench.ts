/**
 * Renderer comparison on every recorded reply (test/fixtures/replies.json): xml2js's Builder (what
 * we used), fast-xml-parser's XMLBuilder (configured as close to our bytes as it goes) and our
 * writer (src/api/xml.ts). Prints µs per reply and how many replies each renders byte-identical.
 * Run: npx tsc -p tsconfig.bench.json && node .bench-build/bench/xml-bench.js
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { XMLBuilder } from 'fast-xml-parser';
import { Builder } from 'xml2js';
import { renderXml, XmlDoc } from '../src/api/xml';

interface Recorded { method: string; declaration: 'standalone' | null; doc: XmlDoc; xml: string }
const replies: Recorded[] = JSON.parse(readFileSync(join(__dirname, '../../test/fixtures/replies.json'), 'utf8'));

const renderOpts = { pretty: true, indent: '  ', newline: '\n' };
const xml2js = { plain: new Builder({ xmldec: { version: '1.0', encoding: 'UTF-8' }, renderOpts }), standalone: new Builder({ xmldec: { version: '1.0', encoding: 'utf-8', standalone: true }, renderOpts }) };
const fxp = new XMLBuilder({ format: true, indentBy: '  ', suppressEmptyNode: true, attributeNamePrefix: '', attributesGroupName: '$', textNodeName: '_', ignoreAttributes: false });
const declarations = { plain: '<?xml version="1.0" encoding="UTF-8"?>\n', standalone: '<?xml version="1.0" encoding="utf-8" standalone="yes"?>\n' };

/** What the old renderer did first: characters XML cannot carry become `*` (xmlbuilder throws on them). */
const NOT_XML_CHAR = /[^\t\n\r\x20-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu;
const xmlSafe = (v: unknown): unknown =>
  typeof v === 'string' ? v.replace(NOT_XML_CHAR, '*')
    : Array.isArray(v) ? v.map(xmlSafe)
      : v !== null && typeof v === 'object' ? Object.fromEntries(Object.entries(v).map(([k, x]) => [k, xmlSafe(x)])) : v;

const candidates: [string, (r: Recorded) => string][] = [
  ['xml2js Builder', (r) => xml2js[r.declaration ?? 'plain'].buildObject(xmlSafe(r.doc))],
  ['fast-xml-parser XMLBuilder', (r) => declarations[r.declaration ?? 'plain'] + String(fxp.build(xmlSafe(r.doc))).trimEnd()],
  ['ours (src/api/xml.ts)', (r) => renderXml(r.doc, r.declaration ?? undefined)],
];

for (const [name, render] of candidates) {
  let same = 0;
  for (const r of replies) {
    try {
      if (render(r) === r.xml) same++;
    } catch {
      // counted as different
    }
  }
  const time = (set: Recorded[], rounds: number) => {
    const start = process.hrtime.bigint();
    for (let i = 0; i < rounds; i++) for (const r of set) render(r);
    return Number(process.hrtime.bigint() - start) / 1000 / (rounds * set.length);
  };
  const details = replies.filter((r) => r.method === 'user_details_get' && r.xml.includes('<userid>'));
  time(replies, 5); // warm-up
  const all = time(replies, 20);
  const one = time(details, 2000);
  console.log(`${name.padEnd(28)} ${all.toFixed(1).padStart(7)} µs/reply (all)  ${one.toFixed(1).padStart(6)} µs (user_details_get)  byte-identical ${same}/${replies.length}`);
}

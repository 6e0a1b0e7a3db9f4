'use strict';
/**
 * `node test/support/replies-fixture.js <recorded.jsonl>`: turns what record-replies.ts recorded
 * into test/fixtures/replies.json: each distinct reply once, sorted by method then bytes.
 */
const fs = require('node:fs');
const path = require('node:path');

const seen = new Map();
for (const line of fs.readFileSync(process.argv[2], 'utf8').split('\n')) {
  if (!line) continue;
  const r = JSON.parse(line);
  const key = `${r.declaration}\u0000${r.xml}`;
  if (!seen.has(key)) seen.set(key, r);
}
const replies = [...seen.values()].sort((a, b) => (a.method < b.method ? -1 : a.method > b.method ? 1 : a.xml < b.xml ? -1 : a.xml > b.xml ? 1 : 0));
fs.writeFileSync(path.join(__dirname, '../fixtures/replies.json'), `[\n${replies.map((r) => JSON.stringify(r)).join(',\n')}\n]\n`);
console.log(`${replies.length} distinct replies`);

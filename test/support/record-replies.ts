/**
 * Jest setup that records every reply the renderer produces (the document and its bytes) to
 * $RECORD_REPLIES (JSON lines), labelled with the method last resolved. Used once to build
 * test/fixtures/replies.json from the whole e2e suite: `RECORD_REPLIES=/tmp/r.jsonl npx jest -c
 * test/support/record.jest.config.js --runInBand`, then `node test/support/replies-fixture.js /tmp/r.jsonl`.
 */
import { appendFileSync } from 'node:fs';
import * as xml from '../../src/api/xml';
import { MorRegistry } from '../../src/api/registry.service';

const out = process.env.RECORD_REPLIES;
if (out) {
  let method = '';
  const find = MorRegistry.prototype.find;
  jest.spyOn(MorRegistry.prototype, 'find').mockImplementation(function (this: MorRegistry, name: string) {
    method = name;
    return find.call(this, name);
  });
  const render = xml.renderXml;
  jest.spyOn(xml, 'renderXml').mockImplementation((doc, declaration) => {
    const bytes = render(doc, declaration);
    appendFileSync(out, `${JSON.stringify({ method, declaration: declaration ?? null, doc, xml: bytes })}\n`);
    return bytes;
  });
}

import { findSecret } from '../support/log-capture';

describe('findSecret (the e2e log check)', () => {
  it.each([
    ['a word secret anywhere', '{"msg":"x","p":"s3cret-pw"}', 's3cret-pw', true],
    ['a JSON-escaped secret', '{"p":"a\\"quoted\\"pw"}', 'a"quoted"pw', true],
    ['a URL-encoded secret', 'GET /api?p=pa%20ss%2Fword', 'pa ss/word', true],
    ['a PIN as its own value', '{"pin":"208451"}', '208451', true],
    ['a PIN in a query string', 'url=/api/card?pin=185209&x=1', '185209', true],
    ['a PIN inside a timestamp', '{"time":1796020845162}', '208451', false],
    ['a PIN inside a response time', '{"responseTime":3.1852097311}', '185209', false],
    ['a hex secret inside a request id', '{"reqId":"9f703931-283c-452f-9ad7-1a370d1ebbff"}', '370d1e', false],
    ['a hex secret as its own value', '{"token":"370d1e"}', '370d1e', true],
    ['a PIN absent', '{"msg":"request"}', '208451', false],
  ])('%s', (_name, text, secret, found) => {
    expect(findSecret(text, secret) >= 0).toBe(found);
  });
});

import { PassThrough } from 'node:stream';
import { progressBar } from './progress';

describe('progressBar', () => {
  it.each([
    [0, 1000, /^\r\[\.{20}\] 0\.0%  0\/1,000 users  /],
    [500, 1000, /^\r\[#{10}\.{10}\] 50\.0%  500\/1,000 users  /],
    [1000, 1000, /^\r\[#{20}\] 100\.0%  1,000\/1,000 users  /],
    [0, 0, /^\r\[#{20}\] 100\.0%  0\/0 users  /],
  ])('%p of %p', (done, total, expected) => {
    const out = new PassThrough();
    progressBar('users', out).update(done, total);
    expect(String(out.read())).toMatch(expected);
  });
});

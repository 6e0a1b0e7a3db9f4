import { LoginThrottle, MAX_FAILURES, WAIT_MS } from './login-throttle';

describe('LoginThrottle', () => {
  let clock = 0;
  const throttle = () => new LoginThrottle(() => clock);
  beforeEach(() => {
    clock = 1_000_000;
  });

  it('lets an address fail MAX_FAILURES - 1 times, then makes it wait WAIT_MS', () => {
    const t = throttle();
    for (let i = 1; i < MAX_FAILURES; i++) {
      t.failed('1.2.3.4');
      expect(t.waiting('1.2.3.4')).toBe(false);
    }
    t.failed('1.2.3.4');
    expect(t.waiting('1.2.3.4')).toBe(true);
    expect(t.waiting('5.6.7.8')).toBe(false);
    clock += WAIT_MS - 1;
    expect(t.waiting('1.2.3.4')).toBe(true);
    clock += 1;
    expect(t.waiting('1.2.3.4')).toBe(false);
  });

  it('a success clears the count', () => {
    const t = throttle();
    for (let i = 1; i < MAX_FAILURES; i++) t.failed('a');
    t.succeeded('a');
    t.failed('a');
    expect(t.waiting('a')).toBe(false);
  });
});

import { hashPassword, verifyAccountPassword, verifyPassword } from './passwords';

describe('passwords (bcrypt in worker threads)', () => {
  it('hashes and verifies; a wrong password and an unknown account fail', async () => {
    const hash = await hashPassword('right-pass-1');
    expect(hash).toMatch(/^\$2[aby]\$10\$/);
    expect(await verifyPassword('right-pass-1', hash)).toBe(true);
    expect(await verifyPassword('wrong-pass-1', hash)).toBe(false);
    expect(await verifyAccountPassword('right-pass-1', null)).toBe(false);
  });

  it('the event loop keeps turning while checks run (they run off it)', async () => {
    const hash = await hashPassword('right-pass-1');
    let turns = 0;
    let checking = true;
    const spin = () => {
      turns++;
      if (checking) setImmediate(spin);
    };
    setImmediate(spin);
    const before = turns;
    await Promise.all(Array.from({ length: 4 }, () => verifyPassword('wrong-pass-1', hash)));
    checking = false;
    // bcryptjs on the main thread runs each check in long synchronous slices; in workers the loop turns freely.
    expect(turns - before).toBeGreaterThan(100);
  });
});

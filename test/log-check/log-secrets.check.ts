import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { findSecret } from '../support/log-capture';

/**
 * The whole e2e suite's logs (E2E_LOG_DIR, written by TestApp) hold none of the secrets its
 * requests carried (listed by TestApp in <pid>.secrets): passwords, keys, hashes, device secrets, PINs.
 */
const dir = process.env.E2E_LOG_DIR;

/** The log text around a hit, the secret itself masked, so a failure shows where it leaked. */
function maskedContext(text: string, at: number, length: number): string {
  return JSON.stringify(`${text.slice(Math.max(0, at - 80), at)}<secret>${text.slice(at + length, at + length + 40)}`);
}

describe('secrets in the e2e suite logs', () => {
  if (!dir) throw new Error('set E2E_LOG_DIR to the directory the e2e run logged to');
  const files = readdirSync(dir);
  const logs = files.filter((f) => f.endsWith('.log')).map((f) => ({ file: f, text: readFileSync(join(dir, f), 'utf8') }));
  const secrets = [...new Set(files.filter((f) => f.endsWith('.secrets')).flatMap((f) => readFileSync(join(dir, f), 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l) as string)))];

  it('has logs with request lines, and secrets to look for', () => {
    expect(logs.length).toBeGreaterThan(0);
    expect(logs.some((l) => l.text.includes('"msg":"request"'))).toBe(true);
    expect(secrets.length).toBeGreaterThan(0);
  });

  it('finds none of the secrets in any log', () => {
    const found: string[] = [];
    for (const secret of secrets) {
      for (const { file, text } of logs) {
        const at = findSecret(text, secret);
        if (at >= 0) found.push(`${file}: a secret of ${secret.length} characters beginning "${secret.slice(0, 3)}", in ${maskedContext(text, at, secret.length)}`);
      }
    }
    expect(found).toEqual([]);
  });
});

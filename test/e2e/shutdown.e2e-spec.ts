import { ChildProcess, spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { request } from 'node:http';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { ADMIN_KEY, ADMIN_PASSWORD, freshDatabase } from '../support/test-app';

/**
 * SIGTERM under load: the server stops accepting, finishes what it accepted, then closes the
 * database. Every request gets its full reply or a refused connection; none an error.
 */
const ROOT = join(__dirname, '../..');
const CONNECTIONS = 200;
const sha1 = (text: string) => createHash('sha1').update(text).digest('hex');

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

type Outcome = { kind: 'reply'; status: number; body: string } | { kind: 'refused'; code: string } | { kind: 'broken'; code: string; bytes: number };

/** One request on its own connection (no keep-alive), classified. */
function call(port: number, body: string): Promise<Outcome> {
  return new Promise((resolve) => {
    let bytes = 0;
    const req = request({ host: '127.0.0.1', port, method: 'POST', path: '/billing/api/user_details_get', agent: false, headers: { 'content-type': 'application/x-www-form-urlencoded', connection: 'close' } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => {
        bytes += c.length;
        chunks.push(c);
      });
      res.on('end', () => resolve({ kind: 'reply', status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString() }));
      res.on('error', (e: NodeJS.ErrnoException) => resolve({ kind: 'broken', code: e.code ?? e.message, bytes }));
    });
    req.on('error', (e: NodeJS.ErrnoException) => {
      // Refused: nothing listens any more, or the kernel reset a connection the server never accepted (no byte of reply).
      const refused = e.code === 'ECONNREFUSED' || (e.code === 'ECONNRESET' && bytes === 0);
      resolve(refused ? { kind: 'refused', code: e.code! } : { kind: 'broken', code: e.code ?? e.message, bytes });
    });
    req.end(body);
  });
}

async function waitUntilUp(port: number, child: ChildProcess, log: () => string): Promise<void> {
  for (let i = 0; i < 1200; i++) {
    if (child.exitCode !== null) throw new Error(`server exited: ${log()}`);
    const r = await call(port, '');
    if (r.kind === 'reply') return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`server did not start: ${log()}`);
}

describe('graceful shutdown', () => {
  it(`a SIGTERM during a ${CONNECTIONS}-connection load loses no request`, async () => {
    const { url, drop } = await freshDatabase();
    const port = await freePort();
    const env = { ...process.env, PORT: String(port), HOST: '127.0.0.1', DATABASE_URL: url, MOR_API_SECRET_KEY: ADMIN_KEY, MOR_ADMIN_PASSWORD: ADMIN_PASSWORD, LOG_LEVEL: 'error' };
    const child = spawn(process.execPath, ['-r', './test/support/ts-register.js', 'src/main.ts'], { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout!.on('data', (d) => (output += d));
    child.stderr!.on('data', (d) => (output += d));
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    try {
      await waitUntilUp(port, child, () => output);
      const body = `u=admin&user_id=0&hash=${sha1(`0${ADMIN_KEY}`)}`;
      let signalled = false;
      let inFlightAtSignal = 0;
      let inFlight = 0;
      const outcomes: Outcome[] = [];
      // Each connection slot sends one request after another until the server refuses it.
      const worker = async () => {
        for (;;) {
          inFlight++;
          const outcome = await call(port, body);
          inFlight--;
          outcomes.push(outcome);
          if (outcome.kind !== 'reply') return;
        }
      };
      const workers = Array.from({ length: CONNECTIONS }, worker);
      while (outcomes.length < 2 * CONNECTIONS) await new Promise((resolve) => setTimeout(resolve, 20));
      inFlightAtSignal = inFlight;
      child.kill('SIGTERM');
      signalled = true;
      await Promise.all(workers);
      const code = await exited;

      const bad = outcomes.filter((o) => o.kind === 'broken' || (o.kind === 'reply' && (o.status !== 200 || !/<userid>0<\/userid>/.test(o.body))));
      expect({ signalled, bad: bad.slice(0, 5), badCount: bad.length, log: output.includes('Pool is closed') ? output : '' }).toEqual({ signalled: true, bad: [], badCount: 0, log: '' });
      expect(inFlightAtSignal).toBeGreaterThan(0);
      expect(outcomes.filter((o) => o.kind === 'refused').length).toBeGreaterThan(0);
      expect(code).toBe(0);
    } finally {
      if (child.exitCode === null) child.kill('SIGKILL');
      await drop();
    }
  }, 180_000);
});

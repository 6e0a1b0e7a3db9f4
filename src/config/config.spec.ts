import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadConfig, VARIABLES, variablesHelp } from './config';

describe('loadConfig', () => {
  it('defaults every variable', () => {
    expect(loadConfig({})).toEqual({
      port: 3000, host: '0.0.0.0', databaseUrl: 'sqlite:./data/mor.sqlite', trustProxy: false, adminPassword: undefined, apiSecretKey: undefined,
      logLevel: 'log', logFormat: 'auto', opsAllowedIps: [], apiExplorer: false, jobsIntervalSeconds: 300, recordingsDir: './data/recordings',
      recordingsUrl: '/billing/recordings/', amiTimeoutMs: 5000, autodialerPollSeconds: 60, invoiceFilesDir: './data/invoices', dbPoolSize: 10,
    });
  });

  it('reads good values', () => {
    const config = loadConfig({
      PORT: '8080', HOST: '127.0.0.1', DATABASE_URL: 'mysql://u:p%40ss@db:3306/mor', TRUST_PROXY: '10.0.0.0/8, 192.168.1.10', LOG_LEVEL: 'debug',
      LOG_FORMAT: 'json', OPS_ALLOWED_IPS: '10.0.0.0/8,::1', API_EXPLORER: 'yes', MOR_API_SECRET_KEY: 'k3y-k3y', MOR_ADMIN_PASSWORD: 'pw',
    });
    expect(config).toMatchObject({ port: 8080, host: '127.0.0.1', trustProxy: '10.0.0.0/8, 192.168.1.10', logLevel: 'debug', logFormat: 'json', opsAllowedIps: ['10.0.0.0/8', '::1'], apiExplorer: true });
    expect(loadConfig({ TRUST_PROXY: '2' }).trustProxy).toBe(2);
    expect(loadConfig({ TRUST_PROXY: 'true' }).trustProxy).toBe(true);
    expect(loadConfig({ PORT: '' }).port).toBe(3000);
  });

  it.each([
    ['PORT', '70000', 'PORT="70000": must be a whole number 0-65535'],
    ['PORT', '80a', 'PORT="80a": must be a whole number 0-65535'],
    ['HOST', 'a b', 'HOST="a b": must be an IP address or host name'],
    ['DATABASE_URL', 'postgres://u:secret@h/db', 'DATABASE_URL="postgres://***@h/db": must be sqlite:<file> or mysql://user:pass@host:port/db'],
    ['DATABASE_URL', 'mysql://u:secret@h', 'DATABASE_URL="mysql://***@h": must name a host and a database'],
    ['TRUST_PROXY', '10.0.0.0/33', 'TRUST_PROXY="10.0.0.0/33": "10.0.0.0/33" is not an IP address or CIDR'],
    ['LOG_LEVEL', 'verbose', 'LOG_LEVEL="verbose": must be one of silent, error, warn, log, debug'],
    ['LOG_FORMAT', 'xml', 'LOG_FORMAT="xml": must be one of auto, json, pretty'],
    ['OPS_ALLOWED_IPS', '10.0.0.1,nope', 'OPS_ALLOWED_IPS="10.0.0.1,nope": "nope" is not an IP address or CIDR'],
    ['API_EXPLORER', 'maybe', 'API_EXPLORER="maybe": must be on or off'],
    ['MOR_API_SECRET_KEY', ' padded-secret ', 'MOR_API_SECRET_KEY="(hidden)": must not begin or end with white space'],
  ])('%s=%s stops the start with a clear message', (name, value, message) => {
    expect(() => loadConfig({ [name]: value })).toThrow(message);
  });

  it('reports every bad variable at once and never echoes a secret', () => {
    let message = '';
    try {
      loadConfig({ PORT: 'x', LOG_LEVEL: 'loud', MOR_ADMIN_PASSWORD: ' secret-pw ' });
    } catch (error) {
      message = (error as Error).message;
    }
    expect(message.split('\n')).toEqual(['Invalid configuration:', expect.stringMatching(/^ {2}PORT=/), expect.stringMatching(/^ {2}MOR_ADMIN_PASSWORD=/), expect.stringMatching(/^ {2}LOG_LEVEL=/)]);
    expect(message).not.toContain('secret-pw');
  });

  it('README lists every variable with its default, as --help does', () => {
    const readme = readFileSync(join(__dirname, '..', '..', 'README.md'), 'utf8');
    for (const v of VARIABLES) {
      expect(readme).toContain(`| \`${v.name}\` | ${v.default.startsWith('(') ? v.default.slice(1, -1) : `\`${v.default}\``} |`);
      expect(variablesHelp()).toContain(v.name);
    }
  });
});

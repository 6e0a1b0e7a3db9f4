import { LoggerService } from '@nestjs/common';
import pino, { DestinationStream, Logger } from 'pino';
import pinoPretty from 'pino-pretty';
import type { AppConfig, LogLevel } from '../config/config';

const PINO_LEVEL: Record<LogLevel, pino.LevelWithSilent> = { silent: 'silent', error: 'error', warn: 'warn', log: 'info', debug: 'debug' };

/**
 * Request lines carry no params, headers or query strings. Should a secret still be handed to the
 * logger under one of its usual names, pino blanks it.
 */
const SECRET_KEYS = ['p', 'password', 'hash', 'api_secret_key', 'secret', 'pin', 'key', 'authorization', 'cookie'];
const REDACT = [...SECRET_KEYS, ...SECRET_KEYS.map((k) => `*.${k}`)];

/** Only the path: a query string holds hashes and passwords. */
const pathOf = (url: string | undefined) => (url ?? '').split('?')[0];

/**
 * The process' logger: JSON lines (pino), or pino-pretty when a person watches a terminal.
 * `destination` (tests) receives JSON lines whatever the format.
 */
export function createLogger(config: Pick<AppConfig, 'logLevel' | 'logFormat'>, destination?: DestinationStream): Logger {
  const options: pino.LoggerOptions = {
    level: PINO_LEVEL[config.logLevel],
    redact: { paths: REDACT, censor: '[redacted]' },
    timestamp: pino.stdTimeFunctions.isoTime,
    formatters: { level: (label) => ({ level: label }) },
    serializers: {
      req: (req: { method?: string; url?: string; id?: string }) => ({ id: req.id, verb: req.method, path: pathOf(req.url) }),
      res: (res: { statusCode?: number }) => ({ status: res.statusCode }),
      err: pino.stdSerializers.err,
    },
  };
  if (destination) return pino(options, destination);
  const pretty = config.logFormat === 'pretty' || (config.logFormat === 'auto' && process.stdout.isTTY === true);
  return pino(options, pretty ? pinoPretty({ colorize: process.stdout.isTTY === true, translateTime: 'SYS:HH:MM:ss.l', ignore: 'pid,hostname', singleLine: true }) : pino.destination(1));
}

/** Nest's start-up chatter (modules loaded, routes mapped) is debug, not a line per module at every start. */
const NEST_BOOT = new Set(['InstanceLoader', 'RoutesResolver', 'RouterExplorer', 'NestFactory', 'NestApplication']);

/** Nest's Logger (and every `new Logger(context)`) written through pino. */
export class PinoNestLogger implements LoggerService {
  constructor(private readonly logger: Logger) {}

  log(message: unknown, ...rest: unknown[]): void {
    this.write(NEST_BOOT.has(contextOf(rest) ?? '') ? 'debug' : 'info', message, rest);
  }
  error(message: unknown, ...rest: unknown[]): void {
    // (message, stack, context): keep the stack beside the message.
    const stack = rest.length >= 2 && typeof rest[0] === 'string' ? rest[0] : undefined;
    this.write('error', stack ? `${String(message)}\n${stack}` : message, rest);
  }
  warn(message: unknown, ...rest: unknown[]): void {
    this.write('warn', message, rest);
  }
  debug(message: unknown, ...rest: unknown[]): void {
    this.write('debug', message, rest);
  }
  verbose(message: unknown, ...rest: unknown[]): void {
    this.write('trace', message, rest);
  }
  fatal(message: unknown, ...rest: unknown[]): void {
    this.write('fatal', message, rest);
  }

  private write(level: pino.Level, message: unknown, rest: unknown[]): void {
    const context = contextOf(rest);
    if (message instanceof Error) this.logger[level]({ context, err: message }, message.message);
    else this.logger[level]({ context }, typeof message === 'string' ? message : JSON.stringify(message));
  }
}

/** Nest passes the context last: (message, context) or (message, stack, context). */
function contextOf(rest: unknown[]): string | undefined {
  const last = rest[rest.length - 1];
  return typeof last === 'string' ? last : undefined;
}

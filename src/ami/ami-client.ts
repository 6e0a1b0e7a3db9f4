import { EventEmitter } from 'node:events';
import { Socket, createConnection } from 'node:net';
import { AmiFields, AmiMessage, AmiParser, encodeMessage } from './ami-protocol';

/** Where a manager interface listens and how to log in; the secret is never put in a message or log. */
export interface AmiTarget {
  host: string;
  port: number;
  username: string;
  secret: string;
}

/**
 * Why an exchange with Asterisk failed: `connect` (no TCP connection, no banner, or the
 * connection dropped), `auth` (Login refused), `timeout` (no answer in time), `refused` (the
 * action was answered `Response: Error`).
 */
export type AmiFailure = 'connect' | 'auth' | 'timeout' | 'refused';

export class AmiError extends Error {
  constructor(
    readonly kind: AmiFailure,
    message: string,
  ) {
    super(message);
  }
}

export interface AmiOptions {
  /** Connecting, the banner, the login and each action's response must come within this. */
  timeoutMs: number;
}

let actionSeq = 0;
const nextActionId = (): string => `mor-${process.pid}-${++actionSeq}`;

/**
 * One logged-in manager session. action() sends with a fresh ActionID and resolves on the
 * Response carrying it; events are emitted as 'event'; 'close' once the socket is gone (every
 * pending action then fails with `connect`).
 */
export class AmiConnection extends EventEmitter {
  private readonly pending = new Map<string, { resolve: (m: AmiMessage) => void; reject: (e: AmiError) => void; timer: NodeJS.Timeout }>();
  private closed = false;

  private constructor(
    private readonly socket: Socket,
    private readonly options: AmiOptions,
  ) {
    super();
    this.setMaxListeners(0); // one waiter per call in flight
  }

  get isOpen(): boolean {
    return !this.closed;
  }

  static connect(target: AmiTarget, options: AmiOptions): Promise<AmiConnection> {
    return new Promise((resolve, reject) => {
      const socket = createConnection({ host: target.host, port: target.port });
      socket.setEncoding('utf8');
      socket.setNoDelay(true);
      const conn = new AmiConnection(socket, options);
      const parser = new AmiParser();
      let ready = false;
      const fail = (error: AmiError) => {
        clearTimeout(timer);
        if (!ready) {
          ready = true;
          socket.destroy();
          reject(error);
        }
      };
      const timer = setTimeout(() => fail(new AmiError('timeout', `No answer from ${target.host}:${target.port}`)), options.timeoutMs);
      socket.on('data', (chunk: string) => {
        const messages = parser.feed(chunk);
        if (!ready && parser.banner !== null && !parser.banner.startsWith('Asterisk Call Manager')) {
          fail(new AmiError('connect', `${target.host}:${target.port} is not an Asterisk manager interface`));
          return;
        }
        for (const message of messages) conn.dispatch(message);
      });
      socket.on('error', (error) => fail(new AmiError('connect', `${target.host}:${target.port}: ${error.message}`)));
      socket.on('close', () => {
        fail(new AmiError('connect', `${target.host}:${target.port} closed the connection`));
        conn.shutdown();
      });
      socket.once('connect', () => {
        conn.action([['Action', 'Login'], ['Username', target.username], ['Secret', target.secret], ['Events', 'call,user']])
          .then(() => {
            clearTimeout(timer);
            ready = true;
            resolve(conn);
          })
          .catch((error: AmiError) => fail(error.kind === 'refused' ? new AmiError('auth', `Login to ${target.host}:${target.port} refused`) : error));
      });
    });
  }

  /** Sends an action (its ActionID is added) and waits for its Response; `Response: Error` rejects as `refused`. */
  action(fields: AmiFields, timeoutMs = this.options.timeoutMs, actionId = nextActionId()): Promise<AmiMessage> {
    if (this.closed) return Promise.reject(new AmiError('connect', 'The manager connection is closed'));
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.pending.delete(actionId);
        reject(new AmiError('timeout', `No response to ${fields[0]?.[1] ?? 'action'} in ${timeoutMs} ms`));
      }, timeoutMs);
      this.pending.set(actionId, {
        resolve: (m) => (m.get('Response') === 'Error' ? reject(new AmiError('refused', m.get('Message') ?? 'Refused')) : resolve(m)),
        reject,
        timer,
      });
      this.socket.write(encodeMessage([...fields, ['ActionID', actionId]]));
    });
  }

  /**
   * An action whose outcome comes later as an event carrying its ActionID (Originate with
   * Async: OriginateResponse). The listener is in place before the action leaves. The response
   * may come as late as the event (a busy Asterisk queues it): only the one deadline applies, so
   * a call that was placed is never reported failed (and dialed again) for a slow response.
   */
  async actionWithEvent(fields: AmiFields, event: string, eventTimeoutMs: number): Promise<AmiMessage> {
    const actionId = nextActionId();
    const outcome = this.eventWaiter((e) => e.get('Event') === event && e.get('ActionID') === actionId, eventTimeoutMs);
    try {
      await this.action(fields, eventTimeoutMs, actionId);
    } catch (error) {
      outcome.cancel();
      throw error;
    }
    return outcome.promise;
  }

  /** The event a filter picks, within the time given; the connection closing rejects as `connect`. */
  waitForEvent(match: (event: AmiMessage) => boolean, timeoutMs: number): Promise<AmiMessage> {
    return this.eventWaiter(match, timeoutMs).promise;
  }

  private eventWaiter(match: (event: AmiMessage) => boolean, timeoutMs: number): { promise: Promise<AmiMessage>; cancel: () => void } {
    let cancel = () => undefined as void;
    const promise = new Promise<AmiMessage>((resolve, reject) => {
      const done = () => {
        clearTimeout(timer);
        this.off('event', onEvent);
        this.off('close', onClose);
      };
      const onEvent = (event: AmiMessage) => {
        if (match(event)) {
          done();
          resolve(event);
        }
      };
      const onClose = () => {
        done();
        reject(new AmiError('connect', 'The manager connection closed'));
      };
      const timer = setTimeout(() => {
        done();
        reject(new AmiError('timeout', `No event in ${timeoutMs} ms`));
      }, timeoutMs);
      cancel = done;
      if (this.closed) onClose();
      else {
        this.on('event', onEvent);
        this.on('close', onClose);
      }
    });
    return { promise, cancel };
  }

  close(): void {
    if (this.closed) return;
    this.socket.end(encodeMessage([['Action', 'Logoff'], ['ActionID', nextActionId()]]));
    this.socket.destroy();
    this.shutdown();
  }

  private dispatch(message: AmiMessage): void {
    const id = message.get('ActionID');
    const waiter = message.get('Response') !== undefined && id ? this.pending.get(id) : undefined;
    if (waiter) {
      this.pending.delete(id!);
      clearTimeout(waiter.timer);
      waiter.resolve(message);
    } else if (message.get('Event') !== undefined) {
      this.emit('event', message);
    }
  }

  private shutdown(): void {
    if (this.closed) return;
    this.closed = true;
    for (const [, waiter] of this.pending) {
      clearTimeout(waiter.timer);
      waiter.reject(new AmiError('connect', 'The manager connection closed'));
    }
    this.pending.clear();
    this.emit('close');
  }
}

/**
 * Manager sessions reused per target (host, port, user): the first action logs in, later ones
 * share the session; a closed or failed session is dropped, so the next action reconnects.
 * Concurrent first actions share one login.
 */
export class AmiClient {
  private readonly sessions = new Map<string, Promise<AmiConnection>>();

  constructor(private readonly options: AmiOptions) {}

  async session(target: AmiTarget): Promise<AmiConnection> {
    const key = `${target.username}@${target.host}:${target.port}`;
    const existing = this.sessions.get(key);
    if (existing) {
      const conn = await existing; // a failed login is this caller's failure too, not a second attempt
      if (conn.isOpen) return conn;
      if (this.sessions.get(key) === existing) this.sessions.delete(key);
    }
    const opening = AmiConnection.connect(target, this.options);
    this.sessions.set(key, opening);
    opening.then(
      (conn) => conn.once('close', () => this.sessions.get(key) === opening && this.sessions.delete(key)),
      () => this.sessions.get(key) === opening && this.sessions.delete(key),
    );
    return opening;
  }

  async action(target: AmiTarget, fields: AmiFields, timeoutMs?: number): Promise<AmiMessage> {
    return (await this.session(target)).action(fields, timeoutMs);
  }

  async closeAll(): Promise<void> {
    const all = [...this.sessions.values()];
    this.sessions.clear();
    for (const opening of all) (await opening.catch(() => null))?.close();
  }
}

import { AddressInfo, Server, Socket, createServer } from 'node:net';
import { AmiFields, AmiMessage, AmiParser, encodeMessage } from '../../src/ami/ami-protocol';

/** What the peer does with an action: answer it (fields without ActionID), stay silent, or close. */
export type PeerReply = { response: AmiFields; events?: AmiFields[]; delayMs?: number } | 'silent' | 'hangup';

/** Asterisk's OriginateResponse reasons: 4 answered, 5 busy, 3 no answer (ring timeout), 8 congestion, 0 failure. */
export const Reason = { answered: '4', busy: '5', noAnswer: '3', congestion: '8', failed: '0' } as const;

/**
 * A manager-interface peer speaking the real protocol over TCP: banner, Login (checked against
 * its own user and secret), actions answered by `handler`, events, Logoff. It records every
 * action it received (without ActionID) so tests assert on exactly what was sent.
 */
export class AmiPeer {
  readonly actions: AmiMessage[] = [];
  logins = 0;
  /** How Originate is answered: the reason code for a call, by its fields (default: answered). */
  originateReason: (action: AmiMessage) => string = () => Reason.answered;
  /** Overrides the answer of any action (after login). */
  handler: ((action: AmiMessage) => PeerReply | undefined) | null = null;
  refuseLogin = false;
  private readonly sockets = new Set<Socket>();

  private constructor(
    private readonly server: Server,
    readonly username: string,
    readonly secret: string,
  ) {}

  static async start(username = 'mor', secret = 'ami-test-secret'): Promise<AmiPeer> {
    let peer: AmiPeer | null = null;
    const server = createServer((socket) => peer!.serve(socket));
    peer = new AmiPeer(server, username, secret);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return peer;
  }

  get port(): number {
    return (this.server.address() as AddressInfo).port;
  }

  /** Actions of one kind, e.g. 'Originate'. */
  sent(action: string): AmiMessage[] {
    return this.actions.filter((a) => a.get('Action') === action);
  }

  /** Sends an event to every connected session. */
  emit(fields: AmiFields): void {
    for (const socket of this.sockets) socket.write(encodeMessage(fields));
  }

  /** Drops every connection (the server keeps listening). */
  dropConnections(): void {
    for (const socket of this.sockets) socket.destroy();
    this.sockets.clear();
  }

  async stop(): Promise<void> {
    this.dropConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private serve(socket: Socket): void {
    this.sockets.add(socket);
    socket.on('close', () => this.sockets.delete(socket));
    socket.on('error', () => undefined);
    socket.setEncoding('utf8');
    socket.write('Asterisk Call Manager/5.0.1\r\n');
    const parser = new AmiParser();
    parser.feed('banner\r\n'); // the peer reads actions only
    let loggedIn = false;
    socket.on('data', (chunk: string) => {
      for (const message of parser.feed(chunk)) {
        const actionId = message.get('ActionID') ?? '';
        const withId = (fields: AmiFields): AmiFields => [...fields, ['ActionID', actionId]];
        const action = message.get('Action') ?? '';
        if (action === 'Login') {
          this.logins += 1;
          const ok = !this.refuseLogin && message.get('Username') === this.username && message.get('Secret') === this.secret;
          socket.write(encodeMessage(withId(ok ? [['Response', 'Success'], ['Message', 'Authentication accepted']] : [['Response', 'Error'], ['Message', 'Authentication failed']])));
          loggedIn = ok;
          continue;
        }
        if (!loggedIn) {
          socket.write(encodeMessage(withId([['Response', 'Error'], ['Message', 'Permission denied']])));
          continue;
        }
        this.actions.push(new AmiMessage(message.fields.filter(([k]) => k !== 'ActionID')));
        if (action === 'Logoff') {
          socket.end(encodeMessage(withId([['Response', 'Goodbye'], ['Message', 'Thanks for all the fish.']])));
          continue;
        }
        const reply = this.handler?.(message) ?? this.defaultReply(message);
        if (reply === 'silent') continue;
        if (reply === 'hangup') {
          socket.destroy();
          continue;
        }
        const send = () => {
          socket.write(encodeMessage(withId(reply.response)));
          for (const event of reply.events ?? []) socket.write(encodeMessage(event.some(([k]) => k === 'ActionID') ? event : withId(event)));
        };
        if (reply.delayMs) setTimeout(send, reply.delayMs);
        else send();
      }
    });
  }

  private defaultReply(message: AmiMessage): PeerReply {
    if (message.get('Action') !== 'Originate') return { response: [['Response', 'Success']] };
    const reason = this.originateReason(message);
    const async = message.get('Async') === 'true';
    const answered = reason === Reason.answered;
    const channel = message.get('Channel') ?? '';
    const result: AmiFields = [['Event', 'OriginateResponse'], ['Response', answered ? 'Success' : 'Failure'], ['Channel', channel], ['Reason', reason], ['Uniqueid', answered ? `${Date.now()}.${this.actions.length}` : '<null>']];
    if (!async) return { response: answered ? [['Response', 'Success'], ['Message', 'Originate successfully queued']] : [['Response', 'Error'], ['Message', 'Originate failed']] };
    return { response: [['Response', 'Success'], ['Message', 'Originate successfully queued']], events: [result] };
  }
}

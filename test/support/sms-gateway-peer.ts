import { createServer, IncomingMessage, Server } from 'node:http';
import { AddressInfo } from 'node:net';

/** A stand-in SMS gateway over real HTTP: records each request's query and answers what the test sets. */
export class SmsGatewayPeer {
  readonly requests: URLSearchParams[] = [];
  reply: { status: number; body: string } = { status: 200, body: 'OK id:msg-1' };
  private constructor(private readonly server: Server, readonly port: number) {}

  static async start(): Promise<SmsGatewayPeer> {
    let peer: SmsGatewayPeer | null = null;
    const server = createServer((req: IncomingMessage, res) => {
      peer!.requests.push(new URL(req.url ?? '/', 'http://localhost').searchParams);
      res.writeHead(peer!.reply.status, { 'content-type': 'text/plain' });
      res.end(peer!.reply.body);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    peer = new SmsGatewayPeer(server, (server.address() as AddressInfo).port);
    return peer;
  }

  url(): string {
    return `http://127.0.0.1:${this.port}/send?to=<%= dst %>&from=<%= src %>&text=<%= message %>`;
  }

  close(): Promise<void> {
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}

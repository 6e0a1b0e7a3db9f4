import { AddressInfo } from 'node:net';
import { simpleParser, ParsedMail } from 'mailparser';
import { SMTPServer } from 'smtp-server';

/** A real SMTP server on a loopback port that keeps what it receives (or refuses every recipient). */
export class SmtpPeer {
  readonly received: ParsedMail[] = [];
  refuse: string | null = null;
  private constructor(private readonly server: SMTPServer, readonly port: number) {}

  static async start(): Promise<SmtpPeer> {
    let peer: SmtpPeer | null = null;
    const server = new SMTPServer({
      authOptional: true,
      disabledCommands: ['STARTTLS'],
      onRcptTo(_address, _session, callback) {
        if (peer?.refuse) {
          const error = Object.assign(new Error(peer.refuse), { responseCode: 554 });
          return callback(error);
        }
        callback();
      },
      onData(stream, _session, callback) {
        simpleParser(stream).then((mail) => {
          peer?.received.push(mail);
          callback();
        }, callback);
      },
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    peer = new SmtpPeer(server, ((server as unknown as { server: { address(): AddressInfo } }).server.address()).port);
    return peer;
  }

  close(): Promise<void> {
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}

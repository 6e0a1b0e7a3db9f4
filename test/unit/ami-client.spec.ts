import { AmiPeer } from '../support/ami-peer';
import { AmiClient, AmiError, AmiTarget } from '../../src/ami/ami-client';
import { AmiParser, encodeMessage } from '../../src/ami/ami-protocol';

describe('AMI wire format', () => {
  it('parses the banner and messages split anywhere, keeps repeated keys', () => {
    const parser = new AmiParser();
    const wire = 'Asterisk Call Manager/5.0.1\r\nResponse: Success\r\nVariable: a=1\r\nVariable: b=2\r\n\r\nEvent: Hangup\r\nCause: 16\r\n\r\n';
    const got = [...wire].flatMap((ch) => parser.feed(ch));
    expect(parser.banner).toBe('Asterisk Call Manager/5.0.1');
    expect(got.map((m) => m.fields)).toEqual([[['Response', 'Success'], ['Variable', 'a=1'], ['Variable', 'b=2']], [['Event', 'Hangup'], ['Cause', '16']]]);
    expect(got[0].all('variable')).toEqual(['a=1', 'b=2']);
  });

  it('a value cannot inject a field or end the message', () => {
    expect(encodeMessage([['Exten', '123\r\nAction: Command\r\n\r\n']])).toBe('Exten: 123  Action: Command    \r\n\r\n');
    expect(encodeMessage([['CallerID', 'a\u0000b\u001fc\u007f']])).toBe('CallerID: a b c \r\n\r\n');
  });
});

describe('AmiClient against a real TCP peer', () => {
  let peer: AmiPeer;
  let client: AmiClient;
  let target: AmiTarget;
  beforeEach(async () => {
    peer = await AmiPeer.start();
    client = new AmiClient({ timeoutMs: 400 });
    target = { host: '127.0.0.1', port: peer.port, username: peer.username, secret: peer.secret };
  });
  afterEach(async () => {
    await client.closeAll();
    await peer.stop();
  });

  const failure = (p: Promise<unknown>) => p.then(() => null, (e: AmiError) => ({ kind: e.kind, message: e.message }));

  it('logs in once and reuses the session for later and concurrent actions', async () => {
    await Promise.all([client.action(target, [['Action', 'Ping']]), client.action(target, [['Action', 'Ping']])]);
    await client.action(target, [['Action', 'CoreStatus']]);
    expect(peer.logins).toBe(1);
    expect(peer.actions.map((a) => a.get('Action'))).toEqual(['Ping', 'Ping', 'CoreStatus']);
  });

  it('reconnects after the peer dropped the session', async () => {
    const first = await client.session(target);
    const closed = new Promise((r) => first.once('close', r));
    peer.dropConnections();
    await closed;
    await client.action(target, [['Action', 'Ping']]);
    expect(peer.logins).toBe(2);
  });

  it('a refused login is `auth`, and the secret is in no error text', async () => {
    const got = await failure(client.action({ ...target, secret: 'wrong-secret-xyz' }, [['Action', 'Ping']]));
    expect(got?.kind).toBe('auth');
    expect(got?.message).not.toContain('wrong-secret-xyz');
    expect(peer.actions).toEqual([]);
  });

  it('an action answered Error is `refused`; an unanswered one `timeout`; a dropped one `connect`', async () => {
    peer.handler = (a) => (a.get('Action') === 'Bad' ? { response: [['Response', 'Error'], ['Message', 'Invalid']] } : a.get('Action') === 'Slow' ? 'silent' : 'hangup');
    expect((await failure(client.action(target, [['Action', 'Bad']])))?.kind).toBe('refused');
    expect((await failure(client.action(target, [['Action', 'Slow']])))?.kind).toBe('timeout');
    expect((await failure(client.action(target, [['Action', 'Drop']])))?.kind).toBe('connect');
  });

  it('a peer that is down is `connect`; one that never sends a banner is `timeout`', async () => {
    await peer.stop();
    expect((await failure(client.action(target, [['Action', 'Ping']])))?.kind).toBe('connect');
    const { createServer } = await import('node:net');
    const mute = createServer(() => undefined);
    await new Promise<void>((r) => mute.listen(0, '127.0.0.1', r));
    const port = (mute.address() as { port: number }).port;
    expect((await failure(client.action({ ...target, port }, [['Action', 'Ping']])))?.kind).toBe('timeout');
    mute.close();
    peer = await AmiPeer.start(); // for afterEach
  });

  it('an Originate whose response is later than the action timeout still gets its outcome event', async () => {
    peer.handler = (a) => (a.get('Action') === 'Originate'
      ? { response: [['Response', 'Success']], events: [[['Event', 'OriginateResponse'], ['Reason', '5']]], delayMs: 600 } : undefined);
    const session = await client.session(target);
    expect((await failure(session.action([['Action', 'Originate']])))?.kind).toBe('timeout');
    const outcome = await session.actionWithEvent([['Action', 'Originate'], ['Async', 'true']], 'OriginateResponse', 2000);
    expect(outcome.get('Reason')).toBe('5');
    peer.handler = (a) => (a.get('Action') === 'Originate' ? { response: [['Response', 'Error'], ['Message', 'Extension does not exist.']] } : undefined);
    expect((await failure(session.actionWithEvent([['Action', 'Originate']], 'OriginateResponse', 2000)))?.kind).toBe('refused');
    expect(session.listenerCount('event')).toBe(0);
  });

  it('events reach waitForEvent with their ActionID', async () => {
    const session = await client.session(target);
    const waiting = session.waitForEvent((e) => e.get('Event') === 'OriginateResponse', 400);
    await session.action([['Action', 'Originate'], ['Channel', 'Local/1@x'], ['Async', 'true']]);
    expect((await waiting).get('Reason')).toBe('4');
  });
});

/**
 * A small NTP server on loopback for tests (issue 20 §5): answers SNTP client requests with a clock
 * `offsetMs` ahead of the given clock (the test's FakeClock), or misbehaves on purpose — a malformed
 * length, the wrong mode, a kiss-o'-death, a reply from another port or address, an absurd year, a zero
 * transmit timestamp, a wrong originate, or silence. `spoof-then-real` first answers from another port,
 * then properly: the client must ignore the first and believe the second.
 */
import dgram from 'node:dgram';
import { msToNtpTimestamp } from '@ebid/domain';

export type NtpResponderMode =
  | 'normal'
  | 'short'
  | 'wrong-mode'
  | 'kiss-of-death'
  | 'other-port'
  | 'other-address'
  | 'absurd-year'
  | 'zero-transmit'
  | 'wrong-originate'
  | 'silent'
  | 'spoof-then-real';

export interface NtpResponderBehaviour {
  /** Server time minus the reference clock, ms. */
  offsetMs: number;
  mode: NtpResponderMode;
}

export interface NtpResponder {
  address: string;
  port: number;
  /** `address:port` for NTP_SERVERS. */
  server: string;
  /** Requests received so far. */
  readonly requests: number;
  set(b: Partial<NtpResponderBehaviour>): void;
  close(): Promise<void>;
}

function bind(socket: dgram.Socket, address: string): Promise<number> {
  return new Promise((resolve, reject) => {
    socket.once('error', reject);
    socket.bind(0, address, () => {
      socket.off('error', reject);
      resolve(socket.address().port);
    });
  });
}

/** Start a responder on 127.0.0.1 whose correct answers follow `now()` + offsetMs. */
export async function startNtpResponder(opts: { now: () => Date; offsetMs?: number; mode?: NtpResponderMode }): Promise<NtpResponder> {
  const behaviour: NtpResponderBehaviour = { offsetMs: opts.offsetMs ?? 0, mode: opts.mode ?? 'normal' };
  const main = dgram.createSocket('udp4');
  const port = await bind(main, '127.0.0.1');
  const otherPort = dgram.createSocket('udp4');
  await bind(otherPort, '127.0.0.1');
  // Linux answers the whole of 127/8 on loopback: a second address for "a reply from another address".
  const otherAddress = dgram.createSocket('udp4');
  await bind(otherAddress, '127.0.0.2');
  let requests = 0;

  const answer = (req: Buffer, serverMs: number, patch: (b: Buffer) => void = () => {}): Buffer => {
    const b = Buffer.alloc(48);
    b[0] = (0 << 6) | (4 << 3) | 4;
    b[1] = 1;
    b[2] = 6;
    b[3] = 0xec; // precision 2^-20
    b.writeUInt32BE(Math.round(0.001 * 65536), 4);
    b.writeUInt32BE(Math.round(0.001 * 65536), 8);
    b.write('NTSC', 12, 'ascii');
    Buffer.from(msToNtpTimestamp(serverMs - 1000)).copy(b, 16); // reference timestamp
    req.copy(b, 24, 40, 48); // originate = the client's transmit timestamp
    Buffer.from(msToNtpTimestamp(serverMs)).copy(b, 32);
    Buffer.from(msToNtpTimestamp(serverMs + 0.05)).copy(b, 40);
    patch(b);
    return b;
  };

  main.on('message', (req, rinfo) => {
    requests++;
    if (req.length < 48 || (req[0]! & 0x07) !== 3) return;
    const serverMs = opts.now().getTime() + behaviour.offsetMs;
    const send = (s: dgram.Socket, b: Buffer) => s.send(b, rinfo.port, rinfo.address);
    switch (behaviour.mode) {
      case 'normal':
        return send(main, answer(req, serverMs));
      case 'short':
        return send(main, answer(req, serverMs).subarray(0, 47));
      case 'wrong-mode':
        return send(main, answer(req, serverMs, (b) => (b[0] = (0 << 6) | (4 << 3) | 3)));
      case 'kiss-of-death':
        return send(
          main,
          answer(req, serverMs, (b) => {
            b[1] = 0;
            b.write('RATE', 12, 'ascii');
          }),
        );
      case 'other-port':
        return send(otherPort, answer(req, serverMs));
      case 'other-address':
        return send(otherAddress, answer(req, serverMs));
      case 'absurd-year':
        // A server that believes it is 1999.
        return send(main, answer(req, Date.parse('1999-12-31T23:59:59Z')));
      case 'zero-transmit':
        return send(main, answer(req, serverMs, (b) => b.fill(0, 40, 48)));
      case 'wrong-originate':
        return send(main, answer(req, serverMs, (b) => b.fill(0xab, 24, 32)));
      case 'silent':
        return;
      case 'spoof-then-real':
        send(otherPort, answer(req, serverMs + 3_600_000));
        setTimeout(() => send(main, answer(req, opts.now().getTime() + behaviour.offsetMs)), 20);
        return;
    }
  });

  const close = (s: dgram.Socket) => new Promise<void>((r) => s.close(() => r()));
  return {
    address: '127.0.0.1',
    port,
    server: `127.0.0.1:${port}`,
    get requests() {
      return requests;
    },
    set(b) {
      Object.assign(behaviour, b);
    },
    async close() {
      await Promise.all([close(main), close(otherPort), close(otherAddress)]);
    },
  };
}

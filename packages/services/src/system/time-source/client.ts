/**
 * A strict SNTP client (RFC 4330 / RFC 5905 client mode) on node:dgram (issue 20 §5, T3). It measures; it
 * never sets any clock. Every check is in the pure judgeNtpReply (@ebid/domain system/ntp.ts).
 *
 * Why not an npm library: `sntp` (3.0.2, hapi) is unmaintained since 2018 and pulls boom/hoek/teamwork;
 * `ntp-client` (0.5.3) and `ntp-time` (2.1.1) check neither the originate timestamp nor the source address,
 * kiss-o'-death, leap alarm or root distance — the checks T3 needs so that a spoofed, malformed or absurd
 * answer is refused. One request, one judged reply is about a hundred lines here.
 *
 * The socket is not `connect()`ed: a datagram from another address or port, or one not echoing our nonce,
 * is noted and ignored (a spoofer must not be able to make us give up on the real server), while a reply
 * from the server asked that echoes our nonce is final, believed or rejected.
 */
import crypto from 'node:crypto';
import dgram from 'node:dgram';
import dns from 'node:dns/promises';
import { isIP } from 'node:net';
import type { NtpServer } from '@ebid/config';
import { judgeNtpReply, ntpClientRequest, type NtpRejection, type NtpSample } from '@ebid/domain';
import type { Clock } from '../../clock.ts';

export type NtpQueryResult =
  | { server: string; address: string; ok: true; sample: NtpSample; ignored: { reason: NtpRejection; detail?: string }[] }
  | { server: string; address: string | null; ok: false; reason: NtpRejection; detail?: string; ignored: { reason: NtpRejection; detail?: string }[] };

/** `host:port` (IPv6 in brackets), as shown to staff. */
export function ntpServerLabel(s: NtpServer): string {
  return `${isIP(s.host) === 6 ? `[${s.host}]` : s.host}:${s.port}`;
}

/** One request to one server; resolves (never rejects) with the judged answer or why there is none. */
export async function queryNtpServer(server: NtpServer, opts: { clock: Pick<Clock, 'now'>; timeoutMs: number }): Promise<NtpQueryResult> {
  const label = ntpServerLabel(server);
  let address: string;
  let family: 4 | 6;
  try {
    const fam = isIP(server.host);
    if (fam) {
      address = server.host;
      family = fam as 4 | 6;
    } else {
      const r = await dns.lookup(server.host);
      address = r.address;
      family = r.family === 6 ? 6 : 4;
    }
  } catch (e) {
    return { server: label, address: null, ok: false, reason: 'NETWORK', detail: `DNS: ${(e as NodeJS.ErrnoException).code ?? 'lookup failed'}`, ignored: [] };
  }
  const asked = { address, port: server.port };
  const nonce = new Uint8Array(crypto.randomBytes(8));
  const socket = dgram.createSocket(family === 6 ? 'udp6' : 'udp4');
  const ignored: { reason: NtpRejection; detail?: string }[] = [];
  return new Promise<NtpQueryResult>((resolve) => {
    let t1 = 0;
    let done = false;
    const finish = (r: NtpQueryResult) => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      socket.close();
      resolve(r);
    };
    const timer = setTimeout(() => {
      // With only ignored datagrams, the last one's reason says more than "timeout".
      const last = ignored.at(-1);
      finish(last ? { server: label, address, ok: false, reason: last.reason, ...(last.detail ? { detail: last.detail } : {}), ignored } : { server: label, address, ok: false, reason: 'TIMEOUT', detail: `${opts.timeoutMs} ms`, ignored });
    }, opts.timeoutMs);
    socket.on('error', (e: NodeJS.ErrnoException) => finish({ server: label, address, ok: false, reason: 'NETWORK', detail: e.code ?? e.name, ignored }));
    socket.on('message', (msg, rinfo) => {
      const t4 = opts.clock.now().getTime();
      const j = judgeNtpReply({ reply: new Uint8Array(msg), from: { address: rinfo.address, port: rinfo.port }, asked, nonce, t1Ms: t1, t4Ms: t4 });
      if (j.ok) return finish({ server: label, address, ok: true, sample: j.sample, ignored });
      if (j.reason === 'WRONG_SOURCE' || j.reason === 'ORIGINATE_MISMATCH') {
        if (ignored.length < 16) ignored.push(j.detail ? { reason: j.reason, detail: j.detail } : { reason: j.reason });
        return;
      }
      finish({ server: label, address, ok: false, reason: j.reason, ...(j.detail ? { detail: j.detail } : {}), ignored });
    });
    t1 = opts.clock.now().getTime();
    socket.send(ntpClientRequest(nonce), server.port, address, (e) => {
      if (e) finish({ server: label, address, ok: false, reason: 'NETWORK', detail: (e as NodeJS.ErrnoException).code ?? e.name, ignored });
    });
  });
}

/**
 * `ebid decrypt --server <url> --user <username> --project <id> --sign <sign.p12> --key <enc.p12>`:
 * the bidder's decryption at the bid opening (不见面开标, issue 7). Certificate login with the signing
 * .p12 (the opening needs a certificate session), `opening.signIn` when not signed in yet,
 * `opening.myKeys`, then every part's content key is unwrapped HERE with the encryption .p12
 * (unwrapContentKey): only the 32-byte content keys go to the server (`opening.decrypt`), the private key
 * never leaves this machine. The .p12 passphrase (both files) comes from EBID_P12_PASSPHRASE.
 */
import type { DecryptResult, MyOpeningKeys, OpeningView } from '@ebid/contracts';
import { BID_PARTS, type BidPart, bytesToBase64, unwrapContentKey } from '@ebid/pki';
import { EXIT, type Out, parse, required } from './args.ts';
import { envelopeGuard, loadP12, positiveInt } from './envelope-common.ts';
import { ServerApi, certificateLogin, serverGuard } from './server-api.ts';

export const DECRYPT_USAGE = `Usage: ebid decrypt --server <url> --user <username> --project <id> --sign <sign.p12> --key <enc.p12> [--json]
  Bid opening: signs in with the signing certificate, unwraps the content key of every part of your
  company's bid locally with the encryption key, and sends only the content keys to the server.
  .p12 passphrase from $EBID_P12_PASSPHRASE.
`;

export interface DecryptArgs {
  server: string;
  user: string;
  projectId: number;
  sign: string;
  key: string;
  json: boolean;
}

export function parseDecryptArgs(argv: string[]): DecryptArgs {
  const v = parse(argv, {
    server: { type: 'string' },
    user: { type: 'string' },
    project: { type: 'string' },
    sign: { type: 'string' },
    key: { type: 'string' },
    json: { type: 'boolean' },
  });
  return {
    server: required(v, 'server'),
    user: required(v, 'user'),
    projectId: positiveInt(required(v, 'project'), 'project'),
    sign: required(v, 'sign'),
    key: required(v, 'key'),
    json: v.json === true,
  };
}

const ZH_STATUS: Record<string, string> = { pending: '待解密', decrypted: '已解密', revoked: '视为撤回', withdrawn_external: '非投标人原因解密失败' };

export async function decrypt(argv: string[], out: Out): Promise<number> {
  return envelopeGuard(out, DECRYPT_USAGE, async () => {
    const a = parseDecryptArgs(argv);
    const signer = await loadP12(a.sign);
    const enc = await loadP12(a.key);
    const api = new ServerApi(a.server);
    return serverGuard(out, a.server, async () => {
      const actor = await certificateLogin(api, signer, a.user);
      out(`已使用证书登录 / signed in with the certificate: ${actor.displayName} (${actor.orgName})\n`);
      let view = await api.query<OpeningView>('opening.get', { projectId: a.projectId });
      if (!view.me.signedInAt) {
        view = await api.mutation<OpeningView>('opening.signIn', { projectId: a.projectId });
        out('已签到 / signed in to the opening\n');
      }
      // One bid per section the company bids in; with none pending, the server says why (e.g. NOT_PENDING).
      const pending = view.bids.filter((b) => b.mine && b.decryptStatus === 'pending' && b.bidId !== null).map((b) => b.bidId!);
      let code: number = EXIT.OK;
      for (const bidId of pending.length ? pending : [undefined]) {
        const mine = await api.query<MyOpeningKeys>('opening.myKeys', bidId === undefined ? { projectId: a.projectId } : { projectId: a.projectId, bidId });
        const keys: { part: BidPart; contentKey: string }[] = [];
        const raw: Uint8Array[] = [];
        try {
          for (const p of mine.parts) {
            // The private key is used here only; unwrapContentKey throws ENVELOPE_NOT_RECIPIENT for another key.
            const k = unwrapContentKey({ header: { recipients: p.recipients }, decryptionKeyPem: enc.privateKeyPem, recipientCertPem: enc.certPem });
            raw.push(k);
            keys.push({ part: p.part, contentKey: bytesToBase64(k) });
          }
          const result = await api.mutation<DecryptResult>('opening.decrypt', { projectId: a.projectId, bidId: mine.bidId, keys });
          const rc = report(view, result, a, out);
          if (rc !== EXIT.OK) code = rc;
        } finally {
          for (const k of raw) k.fill(0);
        }
      }
      return code;
    });
  });
}

function report(view: OpeningView, result: DecryptResult, a: DecryptArgs, out: Out): number {
  const bid = view.bids.find((b) => b.mine && b.bidId === result.bidId);
  const order = (p: BidPart) => BID_PARTS.indexOf(p);
  const parts = [...result.parts].sort((x, y) => order(x.part) - order(y.part));
  if (a.json) {
    out(
      JSON.stringify(
        { projectId: view.projectId, bidId: result.bidId, label: bid?.label ?? null, decryptStatus: result.decryptStatus, decryptedAt: result.decryptedAt, parts },
        null,
        2,
      ) + '\n',
    );
  } else {
    out(`项目 / project: ${view.projectName} (#${view.projectId})\n`);
    if (bid) out(`投标 / bid: ${bid.label}, 标段 / section ${bid.sectionCode}\n`);
    for (const p of parts) out(`  ${p.part}: ${p.plaintextSha256}  ${p.plaintextSize} bytes\n`);
  }
  if (result.decryptStatus !== 'decrypted') {
    const s: string = result.decryptStatus;
    out(`error: 解密状态为 ${ZH_STATUS[s] ?? s} / decryption status is ${s}\n`);
    return EXIT.FAIL;
  }
  out(`解密成功 / decrypted (${result.decryptedAt})\n`);
  return EXIT.OK;
}

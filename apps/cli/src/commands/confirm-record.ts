/**
 * `ebid confirm-record --server <url> --user <username> --project <id> --sign <sign.p12> [--out-dir <dir>]`:
 * the bidder confirms the opening record (开标记录, issue 7). Certificate login with the signing .p12,
 * downloads `GET /openings/:projectId/record.pdf` into the directory, signs a detached CMS (SHA-256) over
 * exactly those bytes with the signing key, writes record.p7s next to it, and sends
 * `opening.confirm({ projectId, recordSha256, signatureBase64 })`. Prints the openssl command that
 * verifies the confirmation offline.
 *
 * With `--object "<text>"` it raises an objection to the opening / record instead (`opening.object`);
 * nothing is signed then.
 */
import { writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { sha256Hex } from '@ebid/pki';
import { EXIT, type Out, UsageError, parse, required } from './args.ts';
import { envelopeGuard, loadP12, positiveInt } from './envelope-common.ts';
import { ServerApi, ServerError, certificateLogin, serverGuard, signAs } from './server-api.ts';

export const CONFIRM_RECORD_USAGE = `Usage: ebid confirm-record --server <url> --user <username> --project <id> --sign <sign.p12>
                           [--out-dir <dir>] [--object "<objection text>"]
  Downloads the opening record (record.pdf), signs it with the signing certificate (record.p7s) and
  confirms it; with --object raises an objection instead. .p12 passphrase from $EBID_P12_PASSPHRASE.
`;

export interface ConfirmRecordArgs {
  server: string;
  user: string;
  projectId: number;
  sign: string;
  outDir: string;
  object?: string;
}

export function parseConfirmRecordArgs(argv: string[]): ConfirmRecordArgs {
  const v = parse(argv, {
    server: { type: 'string' },
    user: { type: 'string' },
    project: { type: 'string' },
    sign: { type: 'string' },
    'out-dir': { type: 'string' },
    object: { type: 'string' },
  });
  const a: ConfirmRecordArgs = {
    server: required(v, 'server'),
    user: required(v, 'user'),
    projectId: positiveInt(required(v, 'project'), 'project'),
    sign: required(v, 'sign'),
    outDir: v['out-dir'] ?? '.',
  };
  if (v.object !== undefined) {
    const text = v.object.trim();
    if (!text) throw new UsageError('--object needs the text of the objection');
    a.object = text;
  }
  return a;
}

interface RecordViewLite {
  projectName: string;
  record: null | { version: number; sha256: string; size: number; generatedAt: string; url: string };
  bids: { mine: boolean; label: string; confirmStatus: string; confirmedAt: string | null; confirmCertSerial: string | null }[];
  objections: { id: number; mine: boolean; text: string; raisedAt: string }[];
}

/** The shell command that checks the confirmation offline (the platform root from /pki/root.pem, or a trusted copy). */
export function opensslVerifyCommand(p7s: string, pdf: string, rootPem = 'root.pem'): string {
  const q = (s: string) => (/^[\w./:@%+=,-]+$/.test(s) ? s : `'${s.replace(/'/g, `'\\''`)}'`);
  return `openssl cms -verify -binary -inform DER -in ${q(p7s)} -content ${q(pdf)} -CAfile ${q(rootPem)} -out /dev/null`;
}

export async function confirmRecord(argv: string[], out: Out): Promise<number> {
  return envelopeGuard(out, CONFIRM_RECORD_USAGE, async () => {
    const a = parseConfirmRecordArgs(argv);
    const signer = await loadP12(a.sign);
    const api = new ServerApi(a.server);
    return serverGuard(out, a.server, async () => {
      const actor = await certificateLogin(api, signer, a.user);
      out(`已使用证书登录 / signed in with the certificate: ${actor.displayName} (${actor.orgName})\n`);

      if (a.object !== undefined) {
        await api.mutation('opening.object', { projectId: a.projectId, text: a.object });
        out('异议已提交 / objection raised\n');
        return EXIT.OK;
      }

      const { bytes } = await api.download(`/openings/${a.projectId}/record.pdf`);
      const recordSha256 = sha256Hex(bytes);
      const view = await api.query<RecordViewLite>('opening.get', { projectId: a.projectId });
      if (view.record && view.record.sha256 !== recordSha256) {
        throw new ServerError(
          'RECORD_CHANGED',
          '下载的开标记录与当前版本不一致，请重新运行',
          'The downloaded record differs from the current version; run the command again',
          0,
        );
      }
      const pdf = resolve(a.outDir, 'record.pdf');
      const p7s = resolve(a.outDir, 'record.p7s');
      await writeFile(pdf, bytes);
      const cms = signAs('opening-record', bytes, signer);
      await writeFile(p7s, cms);
      const after = await api.mutation<RecordViewLite>('opening.confirm', { projectId: a.projectId, recordSha256, signatureBase64: cms.toString('base64') });
      const mine = after.bids.find((b) => b.mine);
      out(
        JSON.stringify(
          {
            record: pdf,
            signature: p7s,
            recordSha256,
            version: after.record?.version ?? view.record?.version ?? null,
            confirmStatus: mine?.confirmStatus ?? null,
            confirmedAt: mine?.confirmedAt ?? null,
          },
          null,
          2,
        ) + '\n',
      );
      out('开标记录已签名确认 / opening record confirmed\n');
      out(`验证 / verify offline (root CA: ${new URL('/pki/root.pem', a.server).href}):\n`);
      out(`  ${opensslVerifyCommand(join(a.outDir, 'record.p7s'), join(a.outDir, 'record.pdf'))}\n`);
      return EXIT.OK;
    });
  });
}

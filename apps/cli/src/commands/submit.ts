/**
 * `ebid submit --server <url> --user <username> --section <id> --sign <sign.p12> --part <part>=<file.ebid> …`:
 * uploads sealed parts and finalizes the bid (issue 6 §3). The password comes from EBID_PASSWORD, the
 * .p12 passphrase from EBID_P12_PASSPHRASE. For each part: `bid.startUpload`, then the 4 MiB pieces on
 * `PUT /bids/uploads/:id/pieces/:i`, skipping the pieces the server already has (resume after an
 * interruption: run the same command again). Then the outer signatures and `bid.finalize`, with the
 * machine data node:os can read, marked self-reported. The outer signatures name the company and the
 * version this bid becomes (the company's highest version in the section + 1, read from `bid.mine`;
 * issue 14 §8): if another submission of the company finalizes first, the server refuses this one
 * (CONFLICT BID_VERSION_MISMATCH) — run the command again to sign for the new version. receipt.json + receipt.p7s are written next to
 * the first sealed file.
 */
import { open, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type { BidUploadStart, BidView, FinalizedBid } from '@ebid/contracts';
import { BID_PARTS, type BidPart, isBidPart, outerManifestBytes, partHashOfFile, readEnvelopeHeader } from '@ebid/pki';
import { EXIT, type Out, UsageError, parse, required } from './args.ts';
import { envelopeGuard, loadP12, positiveInt } from './envelope-common.ts';
import { selfReported } from './machine.ts';
import { ServerApi, ServerError, envPassword, passwordLogin, serverGuard, signAs } from './server-api.ts';
import { digestsOfFile } from './digests.ts';

export const SUBMIT_USAGE = `Usage: ebid submit --server <url> --user <username> --section <id> --sign <sign.p12>
                   --part <part>=<file.ebid> [--part <part>=<file.ebid> …] [--out-dir <dir>]
  Uploads the sealed parts (resumable: re-run after an interruption) and finalizes the bid.
  Password from $EBID_PASSWORD, .p12 passphrase from $EBID_P12_PASSPHRASE.
  Writes receipt.json and receipt.p7s next to the first file (or into --out-dir).
`;

export { selfReported } from './machine.ts';

interface PartFile {
  part: BidPart;
  file: string;
  projectId: number;
  headerSha256: string;
  partHash: string;
  size: number;
  /** SHA-256 and SM3 of the whole sealed file: the bid's record shows the same once the server digested it (X3). */
  sha256: string;
  sm3: string;
}

async function inspect(part: BidPart, file: string, sectionId: number): Promise<PartFile> {
  const fh = await open(file, 'r');
  let first: Buffer;
  try {
    const buf = Buffer.alloc(12 + 65536);
    const { bytesRead } = await fh.read(buf, 0, buf.length, 0);
    first = buf.subarray(0, bytesRead);
  } finally {
    await fh.close();
  }
  const { header, headerSha256 } = readEnvelopeHeader(first);
  if (header.part !== part) throw new UsageError(`${file} is sealed as part "${header.part}", not "${part}"`);
  if (header.sectionId !== sectionId) throw new UsageError(`${file} is sealed for section ${header.sectionId}, not ${sectionId}`);
  const { partHash, size } = await partHashOfFile(file);
  const { sha256, sm3 } = await digestsOfFile(file);
  return { part, file, projectId: header.projectId, headerSha256, partHash, size, sha256, sm3 };
}

async function upload(api: ServerApi, sectionId: number, p: PartFile, out: Out): Promise<number> {
  const started = await api.mutation<BidUploadStart>('bid.startUpload', {
    sectionId,
    part: p.part,
    size: p.size,
    partHash: p.partHash,
  });
  const have = new Set(started.received);
  const todo = [...Array(started.pieceCount).keys()].filter((i) => !have.has(i));
  out(`${p.part}: upload ${started.uploadId}, ${started.pieceCount} piece(s), ${have.size} already on the server\n`);
  const fh = await open(p.file, 'r');
  try {
    const buf = Buffer.allocUnsafe(started.pieceSize);
    for (const i of todo) {
      const { bytesRead } = await fh.read(buf, 0, started.pieceSize, i * started.pieceSize);
      const body = buf.subarray(0, bytesRead);
      for (let attempt = 1; ; attempt++) {
        try {
          await api.put(`/bids/uploads/${started.uploadId}/pieces/${i}`, body);
          break;
        } catch (e) {
          // Retry network failures and 5xx; an AppError answer (4xx) is final.
          if ((e instanceof ServerError && e.status < 500) || attempt >= 3) throw e;
          await new Promise((r) => setTimeout(r, 500 * attempt));
        }
      }
      out(`  piece ${i + 1}/${started.pieceCount}\n`);
    }
  } finally {
    await fh.close();
  }
  return started.uploadId;
}

export async function submit(argv: string[], out: Out): Promise<number> {
  return envelopeGuard(out, SUBMIT_USAGE, async () => {
    const v = parse(argv, {
      server: { type: 'string' },
      user: { type: 'string' },
      section: { type: 'string' },
      sign: { type: 'string' },
      part: { type: 'string', multiple: true },
      'out-dir': { type: 'string' },
    });
    const server = required(v, 'server');
    const username = required(v, 'user');
    const sectionId = positiveInt(required(v, 'section'), 'section');
    const password = envPassword();
    const specs = v.part ?? [];
    if (specs.length === 0) throw new UsageError('at least one --part <part>=<file.ebid> is required');
    const parts: { part: BidPart; file: string }[] = [];
    for (const s of specs) {
      const i = s.indexOf('=');
      const part = s.slice(0, i);
      if (i <= 0 || !isBidPart(part)) throw new UsageError(`--part must be <${BID_PARTS.join('|')}>=<file.ebid>: ${s}`);
      if (parts.some((p) => p.part === part)) throw new UsageError(`part ${part} given twice`);
      parts.push({ part, file: s.slice(i + 1) });
    }
    const signer = await loadP12(required(v, 'sign'));
    const files = await Promise.all(parts.map((p) => inspect(p.part, p.file, sectionId)));
    if (new Set(files.map((f) => f.projectId)).size > 1) throw new UsageError('the parts are sealed for different projects');

    const api = new ServerApi(server);
    return serverGuard(
      out,
      server,
      async () => {
        const actor = await passwordLogin(api, username, password);
        const mine = await api.query<BidView[]>('bid.mine', { sectionId });
        const bidderOrgId = actor.orgId;
        const version = mine.reduce((m, b) => Math.max(m, b.version), 0) + 1;
        const finalParts: { uploadId: number; outerSignature: string }[] = [];
        for (const f of files) {
          const uploadId = await upload(api, sectionId, f, out);
          const outer = signAs(
            'bid',
            outerManifestBytes({ projectId: f.projectId, sectionId, bidderOrgId, version, part: f.part, headerSha256: f.headerSha256, partHash: f.partHash, size: f.size }),
            signer,
          );
          finalParts.push({ uploadId, outerSignature: outer.toString('base64') });
        }
        const r = await api.mutation<FinalizedBid>(
          'bid.finalize',
          { sectionId, version, parts: finalParts, clientInfo: { tool: 'ebid', selfReported: selfReported() } },
        );
        const dir = v['out-dir'] ?? dirname(files[0]!.file);
        await writeFile(join(dir, 'receipt.json'), r.receipt.json);
        await writeFile(join(dir, 'receipt.p7s'), Buffer.from(r.receipt.cmsBase64, 'base64'));
        out(
          JSON.stringify(
            {
              bidId: r.bid.id,
              version: r.bid.version,
              receivedAt: r.bid.receivedAt,
              parts: files.map((f) => ({ part: f.part, size: f.size, partHash: f.partHash, headerSha256: f.headerSha256, sha256: f.sha256, sm3: f.sm3 })),
              receipt: join(dir, 'receipt.json'),
              receiptCms: join(dir, 'receipt.p7s'),
            },
            null,
            2,
          ) + '\n',
        );
        out('投标文件已提交 / bid submitted\n');
        return EXIT.OK;
      },
      { reason: false }, // submit prints `error: CODE: zh / en`
    );
  });
}

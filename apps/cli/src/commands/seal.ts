/**
 * `ebid seal --part <part> --project <id> --section <id> --sign <sign.p12> --recipient <enc.pem|enc.p12>
 *  --in <file> --out <file.ebid>`: seals one bid part (ENVELOPE.md, format v2) with node:crypto,
 * streaming, and prints headerSha256, partHash and size as JSON. The .p12 passphrase comes from
 * EBID_P12_PASSPHRASE.
 *
 * The 开标一览表 (`--part summary`) is not sealed as typed: the input JSON ({"priceFen","durationDays",
 * "quality"}, or a summary this tool or the web wrote) is checked and written in the one sealed summary
 * format (packages/domain bid-summary.ts, issue 14 §1): a fixed 4096 bytes with a random salt, so the
 * sealed size does not tell the price's digit count and no hash of it can be guessed offline.
 */
import { createReadStream, createWriteStream } from 'node:fs';
import { access, readFile, stat } from 'node:fs/promises';
import { basename } from 'node:path';
import { Readable } from 'node:stream';
import { BID_SUMMARY_SIZE, encodeBidSummary, isAppError, parseBidSummary } from '@ebid/domain';
import { BID_PARTS, type BidPart, sealPart } from '@ebid/pki';
import { EXIT, type Out, UsageError, parse, required } from './args.ts';
import { certFromFile, envelopeGuard, loadP12, positiveInt, writeAtomically } from './envelope-common.ts';

export const SEAL_USAGE = `Usage: ebid seal --part summary|commercial|technical|qualification --project <id> --section <id>
                 --sign <sign.p12> --recipient <encryption cert .pem or the enc .p12>
                 --in <file> --out <file.ebid> [--name <file name in the manifest>] [--chunk-size <bytes>] [--force]
  Seals locally (nothing is sent). Prints {headerSha256, partHash, size, …} as JSON.
  --part summary: the input is the 开标一览表 JSON {"priceFen": <fen>, "durationDays": <days>, "quality": "…"};
  it is sealed in the fixed-size, salted summary format (${BID_SUMMARY_SIZE} bytes).
  The .p12 passphrase is read from $EBID_P12_PASSPHRASE.
`;

/** The input summary JSON → the sealed summary bytes (format 2); a usage error explains what is wrong. */
async function summaryBytes(file: string, ids: { projectId: number; sectionId: number }): Promise<Uint8Array> {
  if ((await stat(file)).size > 64 * 1024) throw new UsageError(`${file}: a 开标一览表 JSON is small (at most 64 KiB)`);
  try {
    const s = parseBidSummary(new Uint8Array(await readFile(file)), { expect: ids, allowLegacy: true });
    return encodeBidSummary({ ...ids, priceFen: s.priceFen, durationDays: s.durationDays, quality: s.quality });
  } catch (e) {
    if (isAppError(e)) throw new UsageError(`${file}: ${e.messageZh} / ${e.messageEn}`);
    throw e;
  }
}

export async function seal(argv: string[], out: Out): Promise<number> {
  return envelopeGuard(out, SEAL_USAGE, async () => {
    const v = parse(argv, {
      part: { type: 'string' },
      project: { type: 'string' },
      section: { type: 'string' },
      sign: { type: 'string' },
      recipient: { type: 'string', multiple: true },
      in: { type: 'string' },
      out: { type: 'string' },
      name: { type: 'string' },
      'chunk-size': { type: 'string' },
      force: { type: 'boolean' },
    });
    const part = required(v, 'part');
    if (!(BID_PARTS as readonly string[]).includes(part)) throw new UsageError(`--part must be one of ${BID_PARTS.join(', ')}`);
    const projectId = positiveInt(required(v, 'project'), 'project');
    const sectionId = positiveInt(required(v, 'section'), 'section');
    const inFile = required(v, 'in');
    const outFile = required(v, 'out');
    const recipients = v.recipient ?? [];
    if (recipients.length === 0) throw new UsageError('--recipient is required');
    if (!v.force) {
      const exists = await access(outFile).then(
        () => true,
        () => false,
      );
      if (exists) throw new UsageError(`refusing to overwrite ${outFile} (use --force)`);
    }
    await access(inFile);
    const signer = await loadP12(required(v, 'sign'));
    const recipientCertPems = await Promise.all(recipients.map(certFromFile));
    const chunkSize = v['chunk-size'] !== undefined ? positiveInt(v['chunk-size'], 'chunk-size') : undefined;
    const summary = part === 'summary' ? await summaryBytes(inFile, { projectId, sectionId }) : null;
    const r = await writeAtomically(outFile, (tmp) =>
      sealPart({
        input: summary ? Readable.from([summary]) : createReadStream(inFile, { highWaterMark: 1048576 }),
        output: createWriteStream(tmp, { mode: 0o644 }),
        part: part as BidPart,
        projectId,
        sectionId,
        name: v.name ?? basename(inFile),
        ...(chunkSize !== undefined ? { chunkSize } : {}),
        recipientCertPems,
        signerKeyPem: signer.privateKeyPem,
        signerCertPem: signer.certPem,
        chainPems: signer.chainPem,
      }),
    );
    out(
      JSON.stringify(
        {
          out: outFile,
          part,
          projectId,
          sectionId,
          headerSha256: r.headerSha256,
          partHash: r.partHash,
          size: r.size,
          plaintextSha256: r.plaintextSha256,
          plaintextSize: r.plaintextSize,
        },
        null,
        2,
      ) + '\n',
    );
    return EXIT.OK;
  });
}

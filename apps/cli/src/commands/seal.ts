/**
 * `ebid seal --part <part> --project <id> --section <id> --sign <sign.p12> --recipient <enc.pem|enc.p12>
 *  --in <file> --out <file.ebid>`: seals one bid part (ENVELOPE.md v1) with node:crypto, streaming, and
 * prints headerSha256, partHash and size as JSON. The .p12 passphrase comes from EBID_P12_PASSPHRASE.
 */
import { createReadStream, createWriteStream } from 'node:fs';
import { access } from 'node:fs/promises';
import { basename } from 'node:path';
import { BID_PARTS, type BidPart, sealPart } from '@ebid/pki';
import { EXIT, type Out, UsageError, parse, required } from './args.ts';
import { certFromFile, envelopeGuard, loadP12, positiveInt, writeAtomically } from './envelope-common.ts';

export const SEAL_USAGE = `Usage: ebid seal --part summary|commercial|technical|qualification --project <id> --section <id>
                 --sign <sign.p12> --recipient <encryption cert .pem or the enc .p12>
                 --in <file> --out <file.ebid> [--name <file name in the manifest>] [--chunk-size <bytes>] [--force]
  Seals locally (nothing is sent). Prints {headerSha256, partHash, size, …} as JSON.
  The .p12 passphrase is read from $EBID_P12_PASSPHRASE.
`;

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
    const r = await writeAtomically(outFile, (tmp) =>
      sealPart({
        input: createReadStream(inFile, { highWaterMark: 1048576 }),
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

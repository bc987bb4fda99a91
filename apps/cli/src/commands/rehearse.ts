/**
 * `ebid rehearse --in <file.ebid> --key <enc.p12> [--out <plaintext>] [--signer <sign.pem>] [--root <root.pem>]`:
 * decryption rehearsal (issue 6 §6). Opens the sealed part locally with the bidder's encryption key and
 * verifies everything (framing, order, tags, plaintext hash and size, inner signature). Nothing is sent
 * anywhere. Exit 0 and "解密演练成功", or the error code and exit 1.
 */
import { createReadStream, createWriteStream } from 'node:fs';
import { Writable } from 'node:stream';
import { openPart } from '@ebid/pki';
import { EXIT, type Out, parse, required } from './args.ts';
import { certFromFile, envelopeGuard, loadP12, writeAtomically } from './envelope-common.ts';
import { readFile } from 'node:fs/promises';

export const REHEARSE_USAGE = `Usage: ebid rehearse --in <file.ebid> --key <enc.p12> [--out <plaintext file>]
                     [--signer <expected signing cert .pem or sign.p12>] [--root <trusted root .pem>]
  Decrypts locally and verifies the sealed part; nothing is sent anywhere.
  Without --root the inner signature is checked against the certificate it carries.
  The .p12 passphrase is read from $EBID_P12_PASSPHRASE.
`;

const discard = () => new Writable({ write: (_c, _e, cb) => cb() });

export async function rehearse(argv: string[], out: Out): Promise<number> {
  return envelopeGuard(out, REHEARSE_USAGE, async () => {
    const v = parse(argv, {
      in: { type: 'string' },
      key: { type: 'string' },
      out: { type: 'string' },
      signer: { type: 'string' },
      root: { type: 'string', multiple: true },
    });
    const inFile = required(v, 'in');
    const enc = await loadP12(required(v, 'key'));
    const expectedSignerCertPem = v.signer !== undefined ? await certFromFile(v.signer) : undefined;
    const roots = v.root ? await Promise.all(v.root.map((f) => readFile(f, 'utf8'))) : undefined;
    const open = (output: Writable) =>
      openPart({
        input: createReadStream(inFile, { highWaterMark: 1048576 }),
        output,
        decryptionKeyPem: enc.privateKeyPem,
        recipientCertPem: enc.certPem,
        ...(expectedSignerCertPem ? { expectedSignerCertPem } : {}),
        ...(roots ? { trustedRootsPem: roots } : {}),
      });
    const r = v.out !== undefined ? await writeAtomically(v.out, (tmp) => open(createWriteStream(tmp, { mode: 0o600 }))) : await open(discard());
    const signer = r.innerSignature.ok ? r.innerSignature.signer : undefined;
    out(
      JSON.stringify(
        {
          manifest: r.manifest,
          headerSha256: r.headerSha256,
          innerSignature: signer ? { signer: signer.subjectDn, serial: signer.serialHex, trusted: roots !== undefined } : null,
          ...(v.out !== undefined ? { out: v.out } : {}),
        },
        null,
        2,
      ) + '\n',
    );
    out('解密演练成功 / decryption rehearsal succeeded\n');
    return EXIT.OK;
  });
}

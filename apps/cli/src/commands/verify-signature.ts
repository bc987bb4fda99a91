/**
 * `ebid verify-signature --cms x.p7s --content file --ca root.pem [--ca other.pem] [--at <ISO time>]`:
 * verifies a detached CMS signature (DER or PEM) against the content and the trusted CA(s).
 * Exit 0 and the signer when valid; exit 1 and the reason (SIGNATURE_INVALID, CERT_EXPIRED, …) otherwise.
 */
import { readFile } from 'node:fs/promises';
import { PKI_REASON_MESSAGES, verifyCmsDetached } from '@ebid/pki';
import { EXIT, type Out, UsageError, guard, parse, required } from './args.ts';

export const VERIFY_USAGE = `Usage: ebid verify-signature --cms <sig.p7s> --content <file> --ca <root.pem> [--ca <other.pem>]
                             [--at <ISO 8601 time, default now>]
  Exit 0 if the signature is valid, 1 with the reason if not.
`;

function cmsBytes(raw: Buffer): Buffer {
  const text = raw.subarray(0, 64).toString('latin1');
  if (!text.startsWith('-----BEGIN')) return raw;
  const m = /-----BEGIN (?:CMS|PKCS7)-----([\s\S]*?)-----END (?:CMS|PKCS7)-----/.exec(raw.toString('latin1'));
  if (!m) throw new UsageError('the --cms file is PEM but has no CMS/PKCS7 block');
  return Buffer.from(m[1]!.replace(/\s+/g, ''), 'base64');
}

export async function verifySignature(argv: string[], out: Out): Promise<number> {
  return guard(out, VERIFY_USAGE, async () => {
    const v = parse(argv, {
      cms: { type: 'string' },
      content: { type: 'string' },
      ca: { type: 'string', multiple: true },
      at: { type: 'string' },
    });
    const cas = v.ca ?? [];
    if (cas.length === 0) throw new UsageError('--ca is required');
    const at = v.at === undefined ? new Date() : new Date(v.at);
    if (Number.isNaN(at.getTime())) throw new UsageError(`--at: not a date: ${v.at}`);
    const [cms, content, ...roots] = await Promise.all([
      readFile(required(v, 'cms')),
      readFile(required(v, 'content')),
      ...cas.map((f) => readFile(f, 'utf8')),
    ]);
    const r = verifyCmsDetached(cmsBytes(cms as Buffer), content as Buffer, { trustedRootsPem: roots as string[], at });
    if (r.ok) {
      out(`OK: signed by ${r.signer.subjectDn}\n`);
      out(`  issuer: ${r.signer.issuerDn}\n  serial: ${r.signer.serialHex}\n`);
      if (r.signingTime) out(`  signing time: ${r.signingTime.toISOString()}\n`);
      return EXIT.OK;
    }
    const m = PKI_REASON_MESSAGES[r.reason];
    out(`INVALID: ${r.reason} — ${m.zh} / ${m.en}\n`);
    return EXIT.FAIL;
  });
}

/**
 * `ebid verify-receipt --receipt <receipt.json> --cms <receipt.p7s> --root <root.pem> [--file <part>=<file.ebid>]`:
 * verifies the platform's CMS signature over the exact bytes of a bid receipt (offline), prints its
 * summary, and optionally checks local sealed files against the receipt's part hashes. Exit 1 on failure.
 * The same check: openssl cms -verify -binary -inform DER -in receipt.p7s -content receipt.json -CAfile root.pem
 */
import { readFile } from 'node:fs/promises';
import { PKI_REASON_MESSAGES, parseCertificate, partHashOfFile, verifyCmsDetached } from '@ebid/pki';
import { EXIT, type Out, UsageError, guard, parse, required } from './args.ts';

export const VERIFY_RECEIPT_USAGE = `Usage: ebid verify-receipt --receipt <receipt.json> --cms <receipt.p7s> --root <root.pem>
                           [--platform <platform signing cert .pem>] [--file <part>=<file.ebid> …]
  Exit 0 if the platform signature over the receipt is valid (and every --file matches), 1 if not.
`;

interface Receipt {
  type: string;
  v: number;
  bidId: number;
  version: number;
  projectId: number;
  unifiedDealCode?: string;
  sectionId: number;
  sectionCode?: string;
  bidderOrgId: number;
  bidderName?: string;
  signerCertSerial: string;
  receivedAt: string;
  parts: { part: string; size: number; partHash: string; headerSha256: string }[];
}

/** DER, PEM (CMS/PKCS7) or base64 text. */
function cmsBytes(raw: Buffer): Buffer {
  const head = raw.subarray(0, 64).toString('latin1');
  if (head.startsWith('-----BEGIN')) {
    const m = /-----BEGIN (?:CMS|PKCS7)-----([\s\S]*?)-----END (?:CMS|PKCS7)-----/.exec(raw.toString('latin1'));
    if (!m) throw new UsageError('the --cms file is PEM but has no CMS/PKCS7 block');
    return Buffer.from(m[1]!.replace(/\s+/g, ''), 'base64');
  }
  if (raw[0] === 0x30) return raw;
  const text = raw.toString('latin1').trim();
  if (/^[A-Za-z0-9+/=\s]+$/.test(text)) return Buffer.from(text.replace(/\s+/g, ''), 'base64');
  return raw;
}

export async function verifyReceipt(argv: string[], out: Out): Promise<number> {
  return guard(out, VERIFY_RECEIPT_USAGE, async () => {
    const v = parse(argv, {
      receipt: { type: 'string' },
      cms: { type: 'string' },
      root: { type: 'string', multiple: true },
      file: { type: 'string', multiple: true },
      platform: { type: 'string' },
    });
    const roots = v.root ?? [];
    if (roots.length === 0) throw new UsageError('--root is required');
    const [json, cms, ...rootPems] = await Promise.all([
      readFile(required(v, 'receipt')),
      readFile(required(v, 'cms')),
      ...roots.map((f) => readFile(f, 'utf8')),
    ]);
    let receipt: Receipt;
    try {
      receipt = JSON.parse((json as Buffer).toString('utf8')) as Receipt;
    } catch {
      out('INVALID: the receipt is not JSON\n');
      return EXIT.FAIL;
    }
    if (receipt?.type !== 'ebid-bid-receipt' || !Array.isArray(receipt.parts)) {
      out('INVALID: not an ebid bid receipt\n');
      return EXIT.FAIL;
    }
    // Certificates are judged at the receipt time (a receipt stays verifiable after the platform
    // certificate's renewal); a receipt time outside the signer certificate's validity fails.
    const at = new Date(receipt.receivedAt);
    const r = verifyCmsDetached(cmsBytes(cms as Buffer), json as Buffer, {
      trustedRootsPem: rootPems as string[],
      at: Number.isNaN(at.getTime()) ? new Date() : at,
    });
    if (!r.ok) {
      const m = PKI_REASON_MESSAGES[r.reason];
      out(`INVALID: ${r.reason} — ${m.zh} / ${m.en}\n`);
      return EXIT.FAIL;
    }
    // Users' certificates chain to the same root: only a certificate of the platform itself (the CA
    // operator's organization, or the certificate pinned with --platform) may sign a receipt.
    const pinned = v.platform !== undefined ? parseCertificate(await readFile(v.platform, 'utf8')).fingerprintSha256 : undefined;
    const platformOrgs = new Set((rootPems as string[]).map((pem) => parseCertificate(pem).subject.O).filter(Boolean));
    const isPlatform = pinned ? r.signer.fingerprintSha256 === pinned : platformOrgs.has(r.signer.subject.O ?? '');
    if (!isPlatform) {
      out(`INVALID: NOT_PLATFORM — 回执不是由平台签发 / the receipt is not signed by the platform (signer: ${r.signer.subjectDn})\n`);
      return EXIT.FAIL;
    }
    out(`OK: receipt signed by ${r.signer.subjectDn}\n`);
    out(`  bid ${receipt.bidId} version ${receipt.version}, project ${receipt.projectId}${receipt.unifiedDealCode ? ` (${receipt.unifiedDealCode})` : ''}, section ${receipt.sectionId}${receipt.sectionCode ? ` (${receipt.sectionCode})` : ''}\n`);
    out(`  bidder ${receipt.bidderName ?? receipt.bidderOrgId}, signer certificate ${receipt.signerCertSerial}\n`);
    out(`  received at ${receipt.receivedAt} (server time)\n`);
    for (const p of receipt.parts) out(`  ${p.part}: ${p.size} bytes, partHash ${p.partHash}, headerSha256 ${p.headerSha256}\n`);
    let ok = true;
    for (const spec of v.file ?? []) {
      const i = spec.indexOf('=');
      if (i <= 0) throw new UsageError(`--file must be <part>=<file.ebid>: ${spec}`);
      const part = spec.slice(0, i);
      const local = await partHashOfFile(spec.slice(i + 1));
      const inReceipt = receipt.parts.find((p) => p.part === part);
      const match = !!inReceipt && inReceipt.partHash === local.partHash && inReceipt.size === local.size;
      out(`  ${part}: local file ${match ? 'matches' : 'DOES NOT match'} the receipt\n`);
      ok &&= match;
    }
    return ok ? EXIT.OK : EXIT.FAIL;
  });
}

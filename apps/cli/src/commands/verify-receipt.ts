/**
 * `ebid verify-receipt --receipt <receipt.json> --cms <receipt.p7s> --root <root.pem> [--file <part>=<file.ebid>]
 * [--audit-root <published-root.json>]`: verifies the platform's CMS signature over the exact bytes of a
 * bid receipt (offline), prints its summary, and optionally checks local sealed files against the
 * receipt's part hashes. A version-2 receipt (issue 13 §6) carries the latest published audit root and
 * the inclusion proof of the project's chain head in it: the proof is checked against that root, and with
 * --audit-root (the root as published on the portal, /portal/audit/roots/<id>) the root's own platform
 * signature too, and that it is the same root. Exit 1 on any failure.
 * The same check: openssl cms -verify -binary -inform DER -in receipt.p7s -content receipt.json -CAfile root.pem
 */
import { readFile } from 'node:fs/promises';
import { asAuditRootDocument, auditRootDocumentBytes, checkAuditRootWitness, parsePublishedRoot, type AuditRootWitness } from '@ebid/audit/root';
import { isAppError, parseBidReceipt, type BidReceipt } from '@ebid/domain';
import { PKI_REASON_MESSAGES, PLATFORM_SEAL_POLICY_OID, parseCertificate, partHashOfFile, verifyPlatformSeal } from '@ebid/pki';
import { EXIT, type Out, UsageError, guard, parse, required } from './args.ts';

/** A parsed receipt; its audit-root block is the audit package's witness, checked by checkAuditRootWitness below. */
type Receipt = Omit<BidReceipt, 'auditRoot'> & { auditRoot?: AuditRootWitness | null };

export const VERIFY_RECEIPT_USAGE = `Usage: ebid verify-receipt --receipt <receipt.json> --cms <receipt.p7s> --root <root.pem>
                           [--platform <platform signing cert .pem>] [--file <part>=<file.ebid> …]
                           [--audit-root <published audit root .json>]
  Exit 0 if the platform signature over the receipt is valid (and every --file matches, and the audit
  root's inclusion proof — and with --audit-root that root's signature — is valid), 1 if not.
`;

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
      'audit-root': { type: 'string' },
    });
    const roots = v.root ?? [];
    if (roots.length === 0) throw new UsageError('--root is required');
    const [json, cms, ...rootPems] = await Promise.all([
      readFile(required(v, 'receipt')),
      readFile(required(v, 'cms')),
      ...roots.map((f) => readFile(f, 'utf8')),
    ]);
    // The one strict parser of the receipt layout (@ebid/domain bid-receipt.ts).
    let receipt: Receipt;
    try {
      receipt = parseBidReceipt(json) as Receipt;
    } catch (e) {
      if (!isAppError(e)) throw e;
      out(e.details?.cause === 'NOT_JSON' ? 'INVALID: the receipt is not JSON\n' : 'INVALID: not an ebid bid receipt\n');
      return EXIT.FAIL;
    }
    // Users' certificates chain to the same root: only the platform seal may sign a receipt or a root —
    // a certificate with the platform seal policy (issue 14 §3; never a name, which anyone may register),
    // or exactly the certificate pinned with --platform (e.g. a seal certificate from before that policy).
    const pinned = v.platform !== undefined ? parseCertificate(await readFile(v.platform, 'utf8')).fingerprintSha256 : undefined;
    // Certificates are judged at the signed object's time (a receipt stays verifiable after the seal
    // certificate expired or was renewed); a time outside the signer certificate's validity fails.
    const platformSigned = (sig: Buffer, content: Buffer, when: string, what: { zh: string; en: string }): string => {
      const at = new Date(when);
      const r = verifyPlatformSeal(sig, content, {
        trustedRootsPem: rootPems as string[],
        ...(pinned ? { legacySealFingerprints: [pinned] } : {}),
        ...(Number.isNaN(at.getTime()) ? {} : { at }),
      });
      if (!r.ok) {
        const m = PKI_REASON_MESSAGES[r.reason];
        const why = r.reason === 'NOT_PLATFORM_SEAL' ? ` (the ${what.en}'s signer lacks the seal policy ${PLATFORM_SEAL_POLICY_OID}${pinned ? ' and is not the --platform certificate' : ''})` : '';
        return `INVALID: ${r.reason} — ${what.zh}：${m.zh} / ${what.en}: ${m.en}${why}`;
      }
      if (pinned && r.signer.fingerprintSha256 !== pinned) {
        return `INVALID: NOT_PLATFORM_SEAL — ${what.zh}不是由 --platform 指定的证书签发 / the ${what.en} is not signed by the --platform certificate (signer: ${r.signer.subjectDn})`;
      }
      return `OK: ${what.en} signed by the platform seal ${r.signer.subjectDn}`;
    };
    const receiptCheck = platformSigned(cmsBytes(cms as Buffer), json as Buffer, receipt.receivedAt, { zh: '回执', en: 'receipt' });
    out(receiptCheck + '\n');
    if (receiptCheck.startsWith('INVALID')) {
      // Still say what the receipt's audit root proof is worth (a tampered proof is named as such).
      if (receipt.auditRoot) checkAuditRoot(receipt, out);
      return EXIT.FAIL;
    }
    out(`  bid ${receipt.bidId} version ${receipt.version}, project ${receipt.projectId}${receipt.unifiedDealCode ? ` (${receipt.unifiedDealCode})` : ''}, section ${receipt.sectionId}${receipt.sectionCode ? ` (${receipt.sectionCode})` : ''}\n`);
    out(`  bidder ${receipt.bidderName ?? receipt.bidderOrgId}, signer certificate ${receipt.signerCertSerial}\n`);
    out(`  received at ${receipt.receivedAt} (server time)\n`);
    for (const p of receipt.parts) out(`  ${p.part}: ${p.size} bytes, partHash ${p.partHash}, headerSha256 ${p.headerSha256}\n`);
    let ok = true;
    if (receipt.v >= 2 || receipt.auditRoot !== undefined) {
      ok &&= checkAuditRoot(receipt, out);
      const rootFile = v['audit-root'];
      if (rootFile !== undefined) {
        let published: ReturnType<typeof parsePublishedRoot> = null;
        try {
          published = parsePublishedRoot(JSON.parse(await readFile(rootFile, 'utf8')) as unknown);
        } catch {
          published = null;
        }
        if (!published) {
          out('INVALID: ROOT_MALFORMED — 审计根文件格式错误 / the --audit-root file is not a published audit root ({ document, signature })\n');
          ok = false;
        } else {
          const sig = platformSigned(published.signature, published.bytes, published.document.at, { zh: '审计根', en: 'audit root' });
          out(`  ${sig}\n`);
          ok &&= sig.startsWith('OK');
          const carried = receipt.auditRoot ? asAuditRootDocument(receipt.auditRoot.document) : null;
          const same = !!carried && auditRootDocumentBytes(carried).equals(published.bytes) && (published.id === null || published.id === receipt.auditRoot?.id);
          out(same ? `  the published audit root #${published.id ?? '?'} is the receipt's root\n` : `INVALID: ROOT_MISMATCH — 回执中的审计根与公布的审计根不同 / the receipt's audit root is not the published root given\n`);
          ok &&= same;
        }
      }
    } else {
      out('  (a version-1 receipt: it carries no audit root)\n');
    }
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

/** Print and check a receipt's audit root block; true when it is null (said so) or its proof is valid. */
function checkAuditRoot(receipt: Receipt, out: Out): boolean {
  const w = receipt.auditRoot;
  if (w === null || w === undefined) {
    out('  audit root: none — no published audit root covered this project before the bid (auditRoot: null)\n');
    return true;
  }
  const chain = `project:${receipt.projectId}`;
  const c = checkAuditRootWitness(w, chain);
  if (!c.ok) {
    out(`INVALID: ${c.reason} — 审计根包含证明无效 / ${c.detail}\n`);
    return false;
  }
  out(`  audit root #${w.id} published ${w.document.at}: root ${w.document.root} over ${w.document.treeSize} chain(s)\n`);
  out(`  inclusion proof VALID: ${chain} head ${w.inclusion.headHash} is leaf ${w.inclusion.leafIndex} of that root\n`);
  return true;
}

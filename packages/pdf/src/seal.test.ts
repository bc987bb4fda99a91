import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type PlatformPki, createCsrPem, ensureDevPki, generateKeyPairPem, signCmsDetached } from '@ebid/pki';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PdfSealError, SUBFILTER_CADES, renderDocument, sealPdf, verifySealedPdf } from './index.ts';
import { sampleSpec, threePageSpec } from './test-fixtures.ts';
import { nssDb, pdfsig, pdftotext, run } from './test-helpers.ts';

let dir: string;
let pki: PlatformPki;
let otherPki: PlatformPki;
let unsigned: Uint8Array;
let sealed: Uint8Array;
let sealedFile: string;
let emptyNss: string;
let trustNss: string;
const signingTime = new Date('2025-06-01T10:00:00+08:00');
const now = () => new Date();

function write(name: string, bytes: Uint8Array): string {
  const f = join(dir, name);
  writeFileSync(f, bytes);
  return f;
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'ebid-pdf-seal-'));
  [pki, otherPki] = await Promise.all([ensureDevPki(join(dir, 'pki')), ensureDevPki(join(dir, 'other-pki'))]);
  unsigned = await renderDocument(threePageSpec());
  const t = performance.now();
  sealed = await sealPdf(unsigned, pki, { reason: '开标记录 平台签章', location: '示范市公共资源交易中心', signingTime });
  console.log(`[pdf] seal of a 3-page document: ${(performance.now() - t).toFixed(0)} ms (${unsigned.length} → ${sealed.length} bytes)`);
  sealedFile = write('sealed.pdf', sealed);
  emptyNss = nssDb(join(dir, 'nss-empty'));
  trustNss = nssDb(join(dir, 'nss-trust'), pki.rootCertPem);
}, 120_000);

afterAll(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('sealPdf', () => {
  it('the dev root CA has a Chinese DN (the non-ASCII issuer case of gotcha 8/14)', () => {
    expect(pki.platformInfo.issuerDn).toMatch(/示范市/);
  });

  it('pdfsig: one signature, valid, covering the whole document', () => {
    const r = pdfsig(sealedFile, emptyNss);
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('Signature is Valid');
    expect(r.stdout).toContain('Total document signed');
    expect(r.stdout).toContain('adbe.pkcs7.detached');
    expect(r.stdout).toContain('Signer Certificate Common Name: 示范市公共资源交易平台 平台签章');
    expect(r.stdout).not.toContain('Signature #2');
    expect(r.stdout).toContain("Certificate issuer isn't Trusted");
  });

  it('pdfsig with the platform root in an NSS db: Certificate is Trusted', () => {
    const r = pdfsig(sealedFile, trustNss);
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('Signature is Valid');
    expect(r.stdout).toContain('Certificate is Trusted');
  });

  it('verifySealedPdf: ok, signed by the platform certificate, over the whole file', async () => {
    const t = performance.now();
    const v = await verifySealedPdf(sealed, { trustedRootsPem: [pki.rootCertPem], at: now(), expectedSignerPem: pki.platformCertPem });
    console.log(`[pdf] verifySealedPdf: ${(performance.now() - t).toFixed(0)} ms`);
    expect(v.ok).toBe(true);
    if (!v.ok) return;
    expect(v.coversWholeFile).toBe(true);
    expect(v.signer.fingerprintSha256).toBe(pki.platformInfo.fingerprintSha256);
    expect(v.signer.subjectDn).toBe(pki.platformInfo.subjectDn);
    expect(v.subFilter).toBe('adbe.pkcs7.detached');
    expect(v.sealReason).toBe('开标记录 平台签章');
    expect(v.location).toBe('示范市公共资源交易中心');
    expect(v.declaredSigningTime?.toISOString()).toBe(signingTime.toISOString());
    // the CMS signingTime attribute comes from @ebid/pki's clock at signing
    expect(v.signingTime).toBeInstanceOf(Date);
    expect(Math.abs(v.signingTime!.getTime() - Date.now())).toBeLessThan(10 * 60_000);
  });

  it('one flipped byte inside the signed range: pdfsig and verifySealedPdf both reject it', async () => {
    for (const at of [0.4, 0.995]) {
      const t = new Uint8Array(sealed);
      const pos = Math.floor(t.length * at);
      // stay out of the /Contents hex string (the unsigned gap)
      const gapStart = Buffer.from(t).indexOf('/Contents <') + 10;
      expect(pos < gapStart || pos > gapStart + 16386).toBe(true);
      t[pos] = t[pos]! ^ 0x01;
      const r = pdfsig(write(`tampered-${at}.pdf`, t), trustNss);
      expect(r.stdout).not.toContain('Signature is Valid');
      expect(r.stdout).toMatch(/Digest Mismatch|Signature is Invalid/);
      const v = await verifySealedPdf(t, { trustedRootsPem: [pki.rootCertPem], at: now() });
      expect(v.ok).toBe(false);
      if (!v.ok) expect(['SIGNATURE_INVALID', 'PDF_MALFORMED', 'BYTE_RANGE_INVALID']).toContain(v.reason);
    }
  });

  it('bytes appended after the seal: NOT_WHOLE_FILE', async () => {
    const t = Buffer.concat([Buffer.from(sealed), Buffer.from('\n% appended\n')]);
    const v = await verifySealedPdf(t, { trustedRootsPem: [pki.rootCertPem], at: now() });
    expect(v).toMatchObject({ ok: false, reason: 'NOT_WHOLE_FILE', coversWholeFile: false });
  });

  it('a root that is not trusted, or another signer than expected, is refused', async () => {
    expect(await verifySealedPdf(sealed, { trustedRootsPem: [otherPki.rootCertPem], at: now() })).toMatchObject({
      ok: false,
      reason: 'CERT_UNTRUSTED',
    });
    expect(
      await verifySealedPdf(sealed, { trustedRootsPem: [pki.rootCertPem], at: now(), expectedSignerPem: otherPki.platformCertPem }),
    ).toMatchObject({ ok: false, reason: 'UNEXPECTED_SIGNER' });
    const expired = new Date(pki.platformInfo.notAfter.getTime() + 86_400_000);
    expect(await verifySealedPdf(sealed, { trustedRootsPem: [pki.rootCertPem], at: expired })).toMatchObject({
      ok: false,
      reason: 'CERT_EXPIRED',
    });
  });

  it('a "seal" made with a user certificate of an organization named like the platform: NOT_PLATFORM_SEAL (issue 14 §3)', async () => {
    const like = { commonName: '示范市公共资源交易平台 平台签章', organizationName: '示范市公共资源交易平台', countryName: 'CN' };
    const keys = generateKeyPairPem();
    const { pem, info } = pki.issueUserCertificate({ csrPem: createCsrPem(keys, like), usage: 'signing', expectedSubject: like, notBefore: new Date(Date.now() - 86_400_000), notAfter: new Date(Date.now() + 86_400_000) });
    const impostor = { platformInfo: info, signDetached: (c: Uint8Array) => signCmsDetached(c, { keyPem: keys.privateKeyPem, certPem: pem, chainPem: [pki.rootCertPem] }) };
    const fake = await sealPdf(unsigned, impostor, { reason: '开标记录 平台签章', signingTime });
    expect(await verifySealedPdf(fake, { trustedRootsPem: [pki.rootCertPem], at: now() })).toMatchObject({ ok: false, reason: 'NOT_PLATFORM_SEAL', signer: { subject: { O: '示范市公共资源交易平台' } } });
    expect(await verifySealedPdf(sealed, { trustedRootsPem: [pki.rootCertPem], at: now() })).toMatchObject({ ok: true });
  });

  it('an unsealed PDF is NOT_SEALED; a sealed PDF cannot be sealed again (ONE seal)', async () => {
    expect(await verifySealedPdf(unsigned, { trustedRootsPem: [pki.rootCertPem], at: now() })).toMatchObject({
      ok: false,
      reason: 'NOT_SEALED',
    });
    await expect(sealPdf(sealed, pki, { reason: 'again', signingTime })).rejects.toBeInstanceOf(PdfSealError);
    await expect(sealPdf(new TextEncoder().encode('not a pdf'), pki, { reason: 'x', signingTime })).rejects.toBeInstanceOf(PdfSealError);
  });

  it('ETSI.CAdES.detached also passes pdfsig', async () => {
    const cades = await sealPdf(await renderDocument(sampleSpec(3)), pki, {
      reason: '中标通知书 平台签章',
      signingTime,
      subFilter: SUBFILTER_CADES,
    });
    const r = pdfsig(write('cades.pdf', cades), trustNss);
    expect(r.stdout).toContain('ETSI.CAdES.detached');
    expect(r.stdout).toContain('Signature is Valid');
    expect(r.stdout).toContain('Certificate is Trusted');
    expect((await verifySealedPdf(cades, { trustedRootsPem: [pki.rootCertPem], at: now() })).ok).toBe(true);
  });

  it('sealing keeps the page content: same page count and text', () => {
    const before = write('unsigned.pdf', unsigned);
    expect(run('pdfinfo', [sealedFile]).stdout).toMatch(/Pages:\s+3\n/);
    expect(pdftotext(sealedFile)).toBe(pdftotext(before));
  });
});

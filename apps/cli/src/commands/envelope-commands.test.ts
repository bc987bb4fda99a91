/** ebid seal → rehearse round trip, rehearsal failures with their codes, and verify-receipt (issue 6 §4, §6). */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseBidSummary } from '@ebid/domain';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { type PlatformPki, createCsrPem, ensureDevPki, fromP12, generateKeyPairPem, partHashOfFile, sha256Hex, signCmsDetached, toP12 } from '@ebid/pki';
import { run } from '../main.ts';
import { selfReported } from './submit.ts';

let dir: string;
let pki: PlatformPki;
const p = (...names: string[]) => join(dir, ...names);
const PASS = 'Demo#2026';
const SUBJECT = { commonName: '赵六', organizationName: '示范水利工程有限公司', countryName: 'CN' };

async function cli(args: string[]): Promise<{ code: number; out: string }> {
  let out = '';
  const code = await run(args, (s) => (out += s));
  return { code, out };
}

function issueP12(usage: 'signing' | 'encryption', name: string): { certPem: string } {
  const keys = generateKeyPairPem();
  const now = Date.now();
  const { pem } = pki.issueUserCertificate({
    csrPem: createCsrPem(keys, SUBJECT),
    usage,
    expectedSubject: SUBJECT,
    notBefore: new Date(now - 60_000),
    notAfter: new Date(now + 86_400_000),
  });
  writeFileSync(p(`${name}.p12`), toP12({ privateKeyPem: keys.privateKeyPem, certPem: pem, chainPem: [pki.rootCertPem], passphrase: PASS }));
  writeFileSync(p(`${name}.pem`), pem);
  return { certPem: pem };
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'ebid-cli-envelope-'));
  pki = await ensureDevPki(p('dev'));
  writeFileSync(p('root.pem'), pki.rootCertPem);
  issueP12('signing', 'sign');
  issueP12('encryption', 'enc');
  issueP12('encryption', 'other-enc');
  issueP12('signing', 'other-sign');
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));
afterEach(() => {
  delete process.env.EBID_P12_PASSPHRASE;
});

describe('ebid seal → ebid rehearse', () => {
  const plain = Buffer.from(JSON.stringify({ priceFen: 123456789, durationDays: 180, quality: '合格' }).repeat(400));

  it('seals, prints the hashes, and the rehearsal opens it to the same bytes (解密演练成功)', async () => {
    writeFileSync(p('summary.json'), plain);
    process.env.EBID_P12_PASSPHRASE = PASS;
    const sealed = await cli(['seal', '--part', 'commercial', '--project', '5', '--section', '6', '--sign', p('sign.p12'), '--recipient', p('enc.pem'), '--in', p('summary.json'), '--out', p('summary.ebid'), '--chunk-size', '8192']);
    expect(sealed.code).toBe(0);
    const r = JSON.parse(sealed.out);
    expect(r).toMatchObject({ part: 'commercial', projectId: 5, sectionId: 6, plaintextSha256: sha256Hex(plain), plaintextSize: plain.length });
    expect(await partHashOfFile(p('summary.ebid'))).toEqual({ partHash: r.partHash, size: r.size });
    expect(readFileSync(p('summary.ebid')).subarray(0, 8).toString()).toBe('EBIDENV1');
    expect(existsSync(p('summary.ebid.partial'))).toBe(false);

    const again = await cli(['seal', '--part', 'commercial', '--project', '5', '--section', '6', '--sign', p('sign.p12'), '--recipient', p('enc.p12'), '--in', p('summary.json'), '--out', p('summary.ebid')]);
    expect(again.code).toBe(64);
    expect(again.out).toContain('refusing to overwrite');

    const ok = await cli(['rehearse', '--in', p('summary.ebid'), '--key', p('enc.p12'), '--out', p('summary.out.json'), '--signer', p('sign.pem'), '--root', p('root.pem')]);
    expect(ok.code).toBe(0);
    expect(ok.out).toContain('解密演练成功');
    expect(ok.out).toContain('"sha256": "' + sha256Hex(plain) + '"');
    expect(readFileSync(p('summary.out.json')).equals(plain)).toBe(true);

    const noOut = await cli(['rehearse', '--in', p('summary.ebid'), '--key', p('enc.p12')]);
    expect(noOut.code).toBe(0);
  });

  it('--part summary: the 开标一览表 is sealed in the fixed-size, salted format; 99,999,999 and 100,000,000 fen seal to the same size (issue 14 §1)', async () => {
    process.env.EBID_P12_PASSPHRASE = PASS;
    const sealOne = async (name: string, price: number) => {
      writeFileSync(p(`${name}.json`), JSON.stringify({ priceFen: price, durationDays: 180, quality: '合格' }));
      const r = await cli(['seal', '--part', 'summary', '--project', '5', '--section', '6', '--sign', p('sign.p12'), '--recipient', p('enc.pem'), '--in', p(`${name}.json`), '--out', p(`${name}.ebid`)]);
      expect(r.code, r.out).toBe(0);
      return JSON.parse(r.out) as { size: number; plaintextSize: number };
    };
    const a = await sealOne('s-small', 99_999_999);
    const b = await sealOne('s-large', 100_000_000);
    expect(a.plaintextSize).toBe(4096);
    expect(a.size).toBe(b.size);
    const ok = await cli(['rehearse', '--in', p('s-large.ebid'), '--key', p('enc.p12'), '--out', p('s-large.out.json')]);
    expect(ok.code, ok.out).toBe(0);
    expect(parseBidSummary(readFileSync(p('s-large.out.json')), { expect: { projectId: 5, sectionId: 6 }, allowLegacy: false })).toMatchObject({ format: 2, priceFen: 100_000_000 });
    // Not a summary, or a key given twice: refused before sealing.
    writeFileSync(p('bad.json'), '{"priceFen":1,"priceFen":2}');
    const bad = await cli(['seal', '--part', 'summary', '--project', '5', '--section', '6', '--sign', p('sign.p12'), '--recipient', p('enc.pem'), '--in', p('bad.json'), '--out', p('bad.ebid')]);
    expect(bad.code).toBe(64);
    expect(bad.out).toContain('开标一览表格式错误');
  });

  it.each<[string, number, string[], number, string | null]>([
    ['ceiling − 1 fen: sealed, no warning', 49_999_999, ['--ceiling-fen', '50000000'], 0, null],
    ['at the ceiling: sealed, no warning', 50_000_000, ['--ceiling-fen', '50000000'], 0, null],
    ['ceiling + 1 fen: refused, nothing sealed', 50_000_001, ['--ceiling-fen', '50000000'], 1, 'ABOVE_CEILING: 报价 500,000.01 元高于最高投标限价 500,000.00 元'],
    ['ceiling + 1 fen with --above-ceiling: sealed with the warning', 50_000_001, ['--ceiling-fen', '50000000', '--above-ceiling'], 0, '评标委员会可依法否决'],
    ['no ceiling known: sealed', 90_000_000, [], 0, null],
  ])('the price ceiling before sealing (issue 16 §2): %s', async (name, priceFen, extra, code, text) => {
    process.env.EBID_P12_PASSPHRASE = PASS;
    const file = `ceil-${priceFen}-${extra.length}`;
    writeFileSync(p(`${file}.json`), JSON.stringify({ priceFen, durationDays: 180, quality: '合格' }));
    const r = await cli(['seal', '--part', 'summary', '--project', '5', '--section', '6', '--sign', p('sign.p12'), '--recipient', p('enc.pem'), '--in', p(`${file}.json`), '--out', p(`${file}.ebid`), ...extra]);
    expect(r.code, r.out).toBe(code);
    expect(existsSync(p(`${file}.ebid`))).toBe(code === 0);
    if (code === 1) {
      expect(r.out).toContain(text!);
      expect(r.out).toContain('--above-ceiling');
      expect(r.out).toContain('the price 500,000.01 yuan is above the price ceiling 500,000.00 yuan');
    } else {
      const o = JSON.parse(r.out) as { aboveCeiling?: boolean; warning?: string };
      if (text) {
        expect(o.aboveCeiling).toBe(true);
        expect(o.warning).toContain(text);
        expect(o.warning).toContain('the committee may reject it');
      } else expect(o.aboveCeiling).toBeUndefined();
    }
  });

  it('--ceiling-fen must be fen, and not together with --server', async () => {
    process.env.EBID_P12_PASSPHRASE = PASS;
    writeFileSync(p('c.json'), JSON.stringify({ priceFen: 1, durationDays: 1, quality: '合格' }));
    const base = ['seal', '--part', 'summary', '--project', '5', '--section', '6', '--sign', p('sign.p12'), '--recipient', p('enc.pem'), '--in', p('c.json'), '--out', p('c.ebid')];
    expect((await cli([...base, '--ceiling-fen', '12.5'])).code).toBe(64);
    expect((await cli([...base, '--ceiling-fen', '1', '--server', 'http://127.0.0.1:1', '--user', 'x'])).code).toBe(64);
  });

  it('the recipient may be given as the enc .p12', async () => {
    writeFileSync(p('tech.bin'), Buffer.alloc(3 * 1048576 + 5, 7));
    process.env.EBID_P12_PASSPHRASE = PASS;
    const s = await cli(['seal', '--part', 'technical', '--project', '5', '--section', '6', '--sign', p('sign.p12'), '--recipient', p('enc.p12'), '--in', p('tech.bin'), '--out', p('tech.ebid')]);
    expect(s.code).toBe(0);
    expect((await cli(['rehearse', '--in', p('tech.ebid'), '--key', p('enc.p12')])).code).toBe(0);
  });

  it.each([
    ['an unsealed file', () => p('summary.json'), 'enc', 'ENVELOPE_NOT_SEALED', '文件未加密，请先使用投标文件加密工具加密'],
    ['another encryption key', () => p('summary.ebid'), 'other-enc', 'ENVELOPE_NOT_RECIPIENT', ''],
  ])('rehearsal of %s fails with its code and exit 1', async (_n, file, key, code, zh) => {
    process.env.EBID_P12_PASSPHRASE = PASS;
    const r = await cli(['rehearse', '--in', file(), '--key', p(`${key}.p12`), '--out', p('x.out')]);
    expect(r.code).toBe(1);
    expect(r.out).toContain(`error: ${code}`);
    expect(r.out).toContain(zh);
    expect(r.out).not.toContain('解密演练成功');
    expect(existsSync(p('x.out'))).toBe(false);
    expect(existsSync(p('x.out.partial'))).toBe(false);
  });

  it('rehearsal of a truncated or bit-flipped file, or with another expected signer, fails', async () => {
    process.env.EBID_P12_PASSPHRASE = PASS;
    const sealed = readFileSync(p('summary.ebid'));
    writeFileSync(p('cut.ebid'), sealed.subarray(0, sealed.length - 40));
    expect((await cli(['rehearse', '--in', p('cut.ebid'), '--key', p('enc.p12')])).out).toContain('ENVELOPE_TRUNCATED');
    const flipped = Buffer.from(sealed);
    flipped[flipped.length - 500]! ^= 1;
    writeFileSync(p('flip.ebid'), flipped);
    expect((await cli(['rehearse', '--in', p('flip.ebid'), '--key', p('enc.p12')])).out).toContain('ENVELOPE_TAMPERED');
    const signer = await cli(['rehearse', '--in', p('summary.ebid'), '--key', p('enc.p12'), '--signer', p('other-sign.pem')]);
    expect(signer).toMatchObject({ code: 1 });
    expect(signer.out).toContain('ENVELOPE_SIGNER_MISMATCH');
  });

  it('usage errors: a bad part, no passphrase', async () => {
    expect((await cli(['seal', '--part', 'price', '--project', '1', '--section', '1', '--sign', 'x', '--recipient', 'y', '--in', 'a', '--out', 'b'])).code).toBe(64);
    const noPass = await cli(['rehearse', '--in', p('summary.ebid'), '--key', p('enc.p12')]);
    expect(noPass.code).toBe(64);
    expect(noPass.out).toContain('EBID_P12_PASSPHRASE');
  });
});

describe('ebid verify-receipt', () => {
  const receipt = JSON.stringify({
    type: 'ebid-bid-receipt',
    v: 1,
    bidId: 17,
    version: 2,
    projectId: 5,
    unifiedDealCode: 'E3501000001000001001',
    sectionId: 6,
    sectionCode: 'E3501000001000001001001',
    bidderOrgId: 9,
    bidderName: '示范水利工程有限公司',
    signerCertSerial: 'abcdef',
    receivedAt: new Date().toISOString(),
    parts: [{ part: 'summary', size: 100, partHash: 'a'.repeat(64), headerSha256: 'b'.repeat(64) }],
  });

  it('accepts the platform CMS over the exact receipt bytes (and so does openssl)', async () => {
    writeFileSync(p('receipt.json'), receipt);
    writeFileSync(p('receipt.p7s'), pki.signDetached(Buffer.from(receipt)));
    const r = await cli(['verify-receipt', '--receipt', p('receipt.json'), '--cms', p('receipt.p7s'), '--root', p('root.pem')]);
    expect(r.code).toBe(0);
    expect(r.out).toContain('OK: receipt signed by');
    expect(r.out).toContain('bid 17 version 2');
    expect(r.out).toContain('summary: 100 bytes');
    const o = spawnSync('/usr/bin/openssl', ['cms', '-verify', '-binary', '-inform', 'DER', '-in', p('receipt.p7s'), '-content', p('receipt.json'), '-CAfile', p('root.pem'), '-purpose', 'any', '-out', '/dev/null'], { encoding: 'utf8' });
    expect(o.stderr).toContain('Verification successful');
    // base64 text is accepted too (the cmsBase64 field as saved from the web page)
    writeFileSync(p('receipt.b64'), pki.signDetached(Buffer.from(receipt)).toString('base64'));
    expect((await cli(['verify-receipt', '--receipt', p('receipt.json'), '--cms', p('receipt.b64'), '--root', p('root.pem')])).code).toBe(0);
  });

  it('refuses an edited receipt, a foreign root, and a receipt signed by a bidder', async () => {
    writeFileSync(p('receipt-edited.json'), receipt.replace('"version":2', '"version":3'));
    const edited = await cli(['verify-receipt', '--receipt', p('receipt-edited.json'), '--cms', p('receipt.p7s'), '--root', p('root.pem')]);
    expect(edited).toMatchObject({ code: 1 });
    expect(edited.out).toContain('INVALID: SIGNATURE_INVALID');
    const foreign = await ensureDevPki(p('foreign'));
    writeFileSync(p('foreign-root.pem'), foreign.rootCertPem);
    const untrusted = await cli(['verify-receipt', '--receipt', p('receipt.json'), '--cms', p('receipt.p7s'), '--root', p('foreign-root.pem')]);
    expect(untrusted).toMatchObject({ code: 1 });
    expect(untrusted.out).toContain('CERT_UNTRUSTED');
    // a bidder's signing certificate chains to the same root, but is not the platform's
    const signKey = fromP12(readFileSync(p('sign.p12')), PASS);
    writeFileSync(p('forged.p7s'), signCmsDetached(Buffer.from(receipt), { keyPem: signKey.privateKeyPem, certPem: signKey.certPem }));
    const forged = await cli(['verify-receipt', '--receipt', p('receipt.json'), '--cms', p('forged.p7s'), '--root', p('root.pem')]);
    expect(forged).toMatchObject({ code: 1 });
    expect(forged.out).toContain('NOT_PLATFORM');
    writeFileSync(p('platform.pem'), pki.platformCertPem);
    expect((await cli(['verify-receipt', '--receipt', p('receipt.json'), '--cms', p('receipt.p7s'), '--root', p('root.pem'), '--platform', p('platform.pem')])).code).toBe(0);
    expect((await cli(['verify-receipt', '--receipt', p('receipt.json'), '--cms', p('forged.p7s'), '--root', p('root.pem'), '--platform', p('platform.pem')])).code).toBe(1);
  });

  it('refuses a receipt signed by a user of an organization named like the platform (issue 14 §3)', async () => {
    const like = { commonName: '示范市公共资源交易平台 平台签章', organizationName: '示范市公共资源交易平台', countryName: 'CN' };
    const keys = generateKeyPairPem();
    const { pem } = pki.issueUserCertificate({ csrPem: createCsrPem(keys, like), usage: 'signing', expectedSubject: like, notBefore: new Date(Date.now() - 60_000), notAfter: new Date(Date.now() + 86_400_000) });
    writeFileSync(p('receipt.json'), receipt);
    writeFileSync(p('lookalike.p7s'), signCmsDetached(Buffer.from(receipt), { keyPem: keys.privateKeyPem, certPem: pem, chainPem: [pki.rootCertPem] }));
    const r = await cli(['verify-receipt', '--receipt', p('receipt.json'), '--cms', p('lookalike.p7s'), '--root', p('root.pem')]);
    expect(r).toMatchObject({ code: 1 });
    expect(r.out).toContain('INVALID: NOT_PLATFORM_SEAL');
    expect(r.out).toContain('不是平台签章证书');
  });

  it('verifies a receipt at its own time after the seal certificate expired; today it would be expired (issue 14 §3)', async () => {
    const old = await ensureDevPki(p('expired-seal'), { now: new Date('2015-01-01T00:00:00Z') });
    expect(old.platformInfo.notAfter.getTime()).toBeLessThan(Date.now());
    writeFileSync(p('old-root.pem'), old.rootCertPem);
    const then = JSON.stringify({ ...JSON.parse(receipt), receivedAt: '2017-06-01T08:00:00.000Z' });
    writeFileSync(p('old-receipt.json'), then);
    writeFileSync(p('old-receipt.p7s'), old.signDetached(Buffer.from(then)));
    const ok = await cli(['verify-receipt', '--receipt', p('old-receipt.json'), '--cms', p('old-receipt.p7s'), '--root', p('old-root.pem')]);
    expect(ok.out).toContain('OK: receipt signed by');
    expect(ok.code).toBe(0);
    const today = JSON.stringify({ ...JSON.parse(receipt), receivedAt: new Date().toISOString() });
    writeFileSync(p('late-receipt.json'), today);
    writeFileSync(p('late-receipt.p7s'), old.signDetached(Buffer.from(today)));
    const late = await cli(['verify-receipt', '--receipt', p('late-receipt.json'), '--cms', p('late-receipt.p7s'), '--root', p('old-root.pem')]);
    expect(late).toMatchObject({ code: 1 });
    expect(late.out).toContain('INVALID: CERT_EXPIRED');
  });

  it('checks local sealed files against the receipt with --file', async () => {
    const { partHash, size } = await partHashOfFile(p('summary.ebid'));
    const rc = JSON.stringify({ ...JSON.parse(receipt), parts: [{ part: 'summary', size, partHash, headerSha256: 'b'.repeat(64) }] });
    writeFileSync(p('receipt2.json'), rc);
    writeFileSync(p('receipt2.p7s'), pki.signDetached(Buffer.from(rc)));
    const ok = await cli(['verify-receipt', '--receipt', p('receipt2.json'), '--cms', p('receipt2.p7s'), '--root', p('root.pem'), '--file', `summary=${p('summary.ebid')}`]);
    expect(ok.code).toBe(0);
    expect(ok.out).toContain('local file matches');
    const bad = await cli(['verify-receipt', '--receipt', p('receipt2.json'), '--cms', p('receipt2.p7s'), '--root', p('root.pem'), '--file', `summary=${p('tech.ebid')}`]);
    expect(bad.code).toBe(1);
  });
});

describe('ebid submit (offline parts)', () => {
  it('self-reported machine data comes from node:os, strings only', () => {
    const s = selfReported();
    expect(Object.keys(s)).toEqual(expect.arrayContaining(['hostname', 'platform', 'arch', 'cpus', 'totalMem', 'macs']));
    for (const v of Object.values(s)) expect(typeof v).toBe('string');
  });
  it('needs EBID_PASSWORD and refuses a part sealed for another section before contacting the server', async () => {
    expect((await cli(['submit', '--server', 'http://127.0.0.1:1', '--user', 'bidder1', '--section', '6', '--sign', p('sign.p12'), '--part', `summary=${p('summary.ebid')}`])).out).toContain('EBID_PASSWORD');
    process.env.EBID_P12_PASSPHRASE = PASS;
    process.env.EBID_PASSWORD = 'x';
    try {
      const r = await cli(['submit', '--server', 'http://127.0.0.1:1', '--user', 'bidder1', '--section', '7', '--sign', p('sign.p12'), '--part', `commercial=${p('summary.ebid')}`]);
      expect(r.code).toBe(64);
      expect(r.out).toContain('sealed for section 6');
      const unsealed = await cli(['submit', '--server', 'http://127.0.0.1:1', '--user', 'bidder1', '--section', '6', '--sign', p('sign.p12'), '--part', `summary=${p('summary.json')}`]);
      expect(unsealed.code).toBe(1);
      expect(unsealed.out).toContain('ENVELOPE_NOT_SEALED');
    } finally {
      delete process.env.EBID_PASSWORD;
    }
  });
});

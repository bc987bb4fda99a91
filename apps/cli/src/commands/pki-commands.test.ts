import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { type PlatformPki, ensureDevPki, fromP12, signCmsDetached } from '@ebid/pki';
import { run } from '../main.ts';

let dir: string;
let pki: PlatformPki;
const p = (...names: string[]) => join(dir, ...names);
const PASS = 'cli test passphrase';
const SUBJECT = { commonName: '张三', organizationName: '示范建设工程有限公司', countryName: 'CN', serialNumber: '91350100M000100Y43' };

async function cli(args: string[]): Promise<{ code: number; out: string }> {
  let out = '';
  const code = await run(args, (s) => (out += s));
  return { code, out };
}

function openssl(args: string[]) {
  return spawnSync('/usr/bin/openssl', args, { encoding: 'utf8' });
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'ebid-cli-pki-'));
  pki = await ensureDevPki(p('dev'));
  writeFileSync(p('root.pem'), pki.rootCertPem);
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));
afterEach(() => {
  delete process.env.EBID_P12_PASSPHRASE;
});

describe('ebid keygen → csr → (issue) → p12 → verify-signature', () => {
  it('works end to end', async () => {
    expect(await cli(['keygen', '--out', p('keys')])).toMatchObject({ code: 0 });
    for (const k of ['signing', 'encryption']) {
      expect(statSync(p('keys', `${k}.key`)).mode & 0o777).toBe(0o600);
      expect(readFileSync(p('keys', `${k}.pub`), 'utf8')).toContain('BEGIN PUBLIC KEY');
    }

    const csr = await cli(['csr', '--key', p('keys/signing.key'), '--cn', '张三', '--o', '示范建设工程有限公司', '--serial', '91350100M000100Y43', '--out', p('keys/signing.csr')]);
    expect(csr.code).toBe(0);
    const req = openssl(['req', '-in', p('keys/signing.csr'), '-noout', '-verify', '-subject', '-nameopt', 'utf8']);
    expect(req.stdout).toContain('subject=C=CN, O=示范建设工程有限公司, CN=张三, serialNumber=91350100M000100Y43');

    const now = Date.now();
    const { pem } = pki.issueUserCertificate({
      csrPem: readFileSync(p('keys/signing.csr'), 'utf8'),
      usage: 'signing',
      expectedSubject: SUBJECT,
      notBefore: new Date(now - 60_000),
      notAfter: new Date(now + 86_400_000),
    });
    writeFileSync(p('keys/signing.crt'), pem);

    process.env.EBID_P12_PASSPHRASE = PASS;
    const made = await cli(['p12', '--key', p('keys/signing.key'), '--cert', p('keys/signing.crt'), '--chain', p('root.pem'), '--out', p('keys/signing.p12')]);
    expect(made).toMatchObject({ code: 0 });
    expect(statSync(p('keys/signing.p12')).mode & 0o777).toBe(0o600);
    expect(openssl(['pkcs12', '-info', '-noout', '-in', p('keys/signing.p12'), '-passin', `pass:${PASS}`]).status).toBe(0);
    expect(fromP12(readFileSync(p('keys/signing.p12')), PASS).certPem).toBe(pem);

    const data = Buffer.from('投标文件清单 v1\n');
    writeFileSync(p('bid.txt'), data);
    writeFileSync(p('bid.p7s'), signCmsDetached(data, { keyPem: readFileSync(p('keys/signing.key'), 'utf8'), certPem: pem }));
    const ok = await cli(['verify-signature', '--cms', p('bid.p7s'), '--content', p('bid.txt'), '--ca', p('root.pem')]);
    expect(ok.code).toBe(0);
    expect(ok.out).toContain('OK: signed by serialNumber=91350100M000100Y43,CN=张三,O=示范建设工程有限公司,C=CN');

    writeFileSync(p('bid-tampered.txt'), Buffer.concat([data, Buffer.from('x')]));
    const bad = await cli(['verify-signature', '--cms', p('bid.p7s'), '--content', p('bid-tampered.txt'), '--ca', p('root.pem')]);
    expect(bad).toMatchObject({ code: 1 });
    expect(bad.out).toContain('INVALID: SIGNATURE_INVALID');

    const foreign = await ensureDevPki(p('other-dev'));
    writeFileSync(p('other-root.pem'), foreign.rootCertPem);
    const untrusted = await cli(['verify-signature', '--cms', p('bid.p7s'), '--content', p('bid.txt'), '--ca', p('other-root.pem')]);
    expect(untrusted).toMatchObject({ code: 1 });
    expect(untrusted.out).toContain('INVALID: CERT_UNTRUSTED');

    // --passphrase-file (first line) instead of the environment
    writeFileSync(p('pass.txt'), 'from a file\nignored second line\n');
    expect(
      (await cli(['p12', '--key', p('keys/signing.key'), '--cert', p('keys/signing.crt'), '--out', p('keys/file.p12'), '--passphrase-file', p('pass.txt')])).code,
    ).toBe(0);
    expect(openssl(['pkcs12', '-info', '-noout', '-in', p('keys/file.p12'), '-passin', 'pass:from a file']).status).toBe(0);
  });

  it('keygen refuses to overwrite existing keys without --force', async () => {
    expect((await cli(['keygen', '--out', p('k2')])).code).toBe(0);
    const again = await cli(['keygen', '--out', p('k2')]);
    expect(again.code).toBe(1);
    expect(again.out).toContain('refusing to overwrite');
    expect((await cli(['keygen', '--out', p('k2'), '--force'])).code).toBe(0);
  });

  it.each([
    [['keygen'], 64, '--out is required'],
    [['csr', '--key', 'x.key'], 64, 'is required'],
    [['csr', '--bogus'], 64, 'Unknown option'],
    [['p12', '--key', 'k', '--cert', 'c', '--out', 'o', '--passphrase', 'secret'], 64, 'not accepted on the command line'],
    [['p12', '--key', 'k', '--cert', 'c', '--out', 'o'], 64, 'EBID_P12_PASSPHRASE'],
    [['verify-signature', '--cms', 'a', '--content', 'b'], 64, '--ca is required'],
    [['verify-signature', '--cms', '/nonexistent.p7s', '--content', '/nonexistent', '--ca', '/nonexistent.pem'], 66, 'no such file'],
  ])('%j exits %i', async (args, code, text) => {
    const r = await cli(args);
    expect(r.code).toBe(code);
    expect(r.out).toContain(text);
  });

  it('csr reports an invalid subject with its reason', async () => {
    await cli(['keygen', '--out', p('k3')]);
    const r = await cli(['csr', '--key', p('k3/signing.key'), '--cn', '张三', '--o', 'x', '--c', 'China', '--out', p('k3/x.csr')]);
    expect(r.code).toBe(1);
    expect(r.out).toContain('DN_INVALID');
  });
});

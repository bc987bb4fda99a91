/**
 * `ebid pki init` (issue 15 §2): creates the production CA from the server's environment with keys 0600
 * and PKI_DIR 0700, refuses a second run changing nothing, and with the center's CA configured makes
 * only the seal under it; a configuration problem exits 78 naming the key, never the passphrase.
 */
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createPrivateKey } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfiguredPki, parseCertificate } from '@ebid/pki';
import { type TestCert, makeTestCenterCa, writePem } from '@ebid/pki/test-ca';
import { PRODUCTION_CENTER_ENV, PRODUCTION_CLI_NTP_ENV } from '@ebid/testing';
import { run } from '../main.ts';
import { pkiCommand } from './pki-init.ts';

let dir: string;
let root: TestCert;
let issuing: TestCert;
const p = (...names: string[]) => join(dir, ...names);
const PASS = 'Center CA passphrase 9';

/** A production environment as the server gets it (the database and S3 are not contacted by the command). */
function prodEnv(over: Record<string, string>): Record<string, string> {
  return {
    NODE_ENV: 'production',
    DATABASE_URL: 'postgres://u@127.0.0.1:1/x',
    S3_ENDPOINT: 'http://127.0.0.1:9',
    S3_ACCESS_KEY: 'AccessKeyValue9',
    S3_SECRET_KEY: 'S3SecretValue9',
    S3_BUCKET: 'ebid',
    ...PRODUCTION_CENTER_ENV,
    ...PRODUCTION_CLI_NTP_ENV, // T3: required in production; the CLI only reads it
    ...over,
  };
}

async function cli(args: string[], env: Record<string, string>): Promise<{ code: number; out: string }> {
  let out = '';
  const code = await pkiCommand(args, (s) => (out += s), env);
  return { code, out };
}

/** Every file under `d` with its mode and content, to show that a refused run changed nothing. */
function snapshot(d: string): Record<string, string> {
  if (!existsSync(d)) return {};
  const out: Record<string, string> = { '.': statSync(d).mode.toString(8) };
  for (const f of readdirSync(d)) out[f] = `${statSync(join(d, f)).mode.toString(8)}:${readFileSync(join(d, f)).toString('base64')}`;
  return out;
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'ebid-cli-pki-init-'));
  ({ root, issuing } = await makeTestCenterCa());
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('ebid pki init', () => {
  it('is listed in the help, and `ebid pki` alone is a usage error', async () => {
    let help = '';
    expect(await run(['--help'], (s) => (help += s))).toBe(0);
    expect(help).toContain('ebid pki init');
    expect(await cli([], prodEnv({ PKI_DIR: p('unused') }))).toMatchObject({ code: 64 });
    expect(await cli(['renew'], prodEnv({ PKI_DIR: p('unused') }))).toMatchObject({ code: 64, out: expect.stringContaining('unknown pki command: renew') });
    expect(existsSync(p('unused'))).toBe(false);
  });

  it('an own CA: root, seal and draw secret with the configured names, keys 0600, PKI_DIR 0700; a second run refuses and changes nothing', async () => {
    const pkiDir = p('own', 'pki');
    const env = prodEnv({ PKI_DIR: pkiDir });
    const first = await cli(['init'], env);
    expect(first.code, first.out).toBe(0);
    expect(readdirSync(pkiDir).sort()).toEqual(['draw-secret', 'platform.crt', 'platform.key', 'root-ca.crt', 'root-ca.key']);
    expect(statSync(pkiDir).mode & 0o777).toBe(0o700);
    for (const f of ['root-ca.key', 'platform.key', 'draw-secret']) expect(statSync(join(pkiDir, f)).mode & 0o777).toBe(0o600);
    expect(readFileSync(join(pkiDir, 'draw-secret'), 'utf8')).toMatch(/^[0-9a-f]{64}\n$/);
    const rootInfo = parseCertificate(readFileSync(join(pkiDir, 'root-ca.crt'), 'utf8'));
    const sealInfo = parseCertificate(readFileSync(join(pkiDir, 'platform.crt'), 'utf8'));
    expect(rootInfo.subject).toEqual({ C: 'CN', O: PRODUCTION_CENTER_ENV.CENTER_NAME, CN: `${PRODUCTION_CENTER_ENV.CENTER_NAME} 根证书` });
    expect(sealInfo.subject).toEqual({ C: 'CN', O: PRODUCTION_CENTER_ENV.PLATFORM_NAME, CN: `${PRODUCTION_CENTER_ENV.PLATFORM_NAME} 平台签章` });
    expect(rootInfo.notAfter.getUTCFullYear() - new Date().getUTCFullYear()).toBeGreaterThanOrEqual(19);
    expect(createPrivateKey(readFileSync(join(pkiDir, 'root-ca.key'))).asymmetricKeyDetails?.modulusLength).toBe(3072);
    expect(first.out).not.toMatch(/开发|development|PRIVATE KEY/);
    expect(first.out).toContain(rootInfo.fingerprintSha256);
    // What it made is what a production start loads.
    await expect(loadConfiguredPki({ dir: pkiDir, ca: null }, { production: true, at: new Date() })).resolves.toMatchObject({ rootInfo: { subjectDn: rootInfo.subjectDn } });

    const before = snapshot(pkiDir);
    const second = await cli(['init'], env);
    expect(second.code).toBe(1);
    expect(second.out).toContain('PKI_DIR');
    expect(second.out).toContain('root-ca.key already exists');
    expect(snapshot(pkiDir)).toEqual(before);
  });

  it('with the center’s CA (.p12, passphrase from a file): only the seal, issued by it; the draw secret kept when it exists; a second run refuses', async () => {
    const caDir = p('center-ca');
    mkdirSync(caDir, { mode: 0o700 });
    const { toP12 } = await import('@ebid/pki');
    const p12 = join(caDir, 'platform-ca.p12');
    writeFileSync(p12, toP12({ privateKeyPem: issuing.keyPem, certPem: issuing.certPem, chainPem: [root.certPem], passphrase: PASS }), { mode: 0o600 });
    const passFile = writePem(caDir, 'passphrase', `${PASS}\n`, 0o600);
    const pkiDir = p('center', 'pki');
    const secret = p('center', 'draw-secret');
    mkdirSync(p('center'), { mode: 0o700 });
    writeFileSync(secret, `${'ab'.repeat(32)}\n`, { mode: 0o600 });
    const env = prodEnv({ PKI_DIR: pkiDir, PKI_CA_CERT: p12, PKI_CA_PASSPHRASE_FILE: passFile, DRAW_SECRET_FILE: secret });
    const first = await cli(['init'], env);
    expect(first.code, first.out).toBe(0);
    expect(readdirSync(pkiDir).sort()).toEqual(['platform.crt', 'platform.key']);
    expect(statSync(join(pkiDir, 'platform.key')).mode & 0o777).toBe(0o600);
    expect(readFileSync(secret, 'utf8')).toBe(`${'ab'.repeat(32)}\n`);
    expect(first.out).toContain('kept');
    const seal = parseCertificate(readFileSync(join(pkiDir, 'platform.crt'), 'utf8'));
    expect(seal.issuerDn).toBe(issuing.info.subjectDn);
    expect(seal.notAfter.getTime()).toBeLessThanOrEqual(issuing.info.notAfter.getTime()); // never beyond its issuer
    expect(first.out).not.toContain(PASS);
    const loaded = await loadConfiguredPki({ dir: pkiDir, ca: { certFile: p12, keyFile: null, passphrase: { from: 'file', file: passFile }, chainFile: null } }, { production: true, at: new Date() });
    expect(loaded.rootCertPem).toBe(root.certPem);

    const before = snapshot(pkiDir);
    const second = await cli(['init'], env);
    expect(second).toMatchObject({ code: 1, out: expect.stringContaining('platform.key already exists') });
    expect(snapshot(pkiDir)).toEqual(before);
  });

  it.each<[string, (caDir: string) => Record<string, string>, string, RegExp]>([
    ['a wrong passphrase', (caDir) => ({
      PKI_CA_CERT: writePem(caDir, 'issuing.crt', issuing.certPem),
      PKI_CA_KEY: writePem(caDir, 'issuing.key', createPrivateKey(issuing.keyPem).export({ type: 'pkcs8', format: 'pem', cipher: 'aes-256-cbc', passphrase: PASS }) as string, 0o600),
      PKI_CA_PASSPHRASE: 'WrongPassphraseNeverShown',
      PKI_CA_CHAIN: writePem(caDir, 'chain.pem', root.certPem),
    }), 'PKI_CA_PASSPHRASE', /wrong passphrase/],
    ['a CA key readable by others', (caDir) => {
      const key = writePem(caDir, 'issuing.key', issuing.keyPem, 0o644);
      chmodSync(key, 0o644);
      return { PKI_CA_CERT: writePem(caDir, 'issuing.crt', issuing.certPem), PKI_CA_KEY: key, PKI_CA_CHAIN: writePem(caDir, 'chain.pem', root.certPem) };
    }, 'PKI_CA_KEY', /chmod 600/],
    ['no chain to the root', (caDir) => ({
      PKI_CA_CERT: writePem(caDir, 'issuing.crt', issuing.certPem),
      PKI_CA_KEY: writePem(caDir, 'issuing.key', issuing.keyPem, 0o600),
    }), 'PKI_CA_CHAIN', /chain/],
  ])('refuses a center CA with %s: exit 78 naming the key, nothing written', async (name, files, key, problem) => {
    const caDir = p(`bad-${key}-${name.length}`);
    mkdirSync(caDir, { mode: 0o700 });
    const pkiDir = join(caDir, 'pki');
    const r = await cli(['init'], prodEnv({ PKI_DIR: pkiDir, ...files(caDir) }));
    expect(r.code).toBe(78);
    expect(r.out).toContain(key);
    expect(r.out).toMatch(problem);
    expect(r.out).not.toContain('WrongPassphraseNeverShown');
    expect(existsSync(pkiDir)).toBe(false);
  });

  it('a configuration that does not load (production without PKI_DIR) exits 78 naming the key', async () => {
    const env = prodEnv({});
    const r = await cli(['init'], env);
    expect(r).toMatchObject({ code: 78, out: expect.stringContaining('PKI_DIR') });
  });
});

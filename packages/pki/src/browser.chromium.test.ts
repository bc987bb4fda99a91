/**
 * The browser entry in a real Chromium (Debian /usr/bin/chromium, headless): WebCrypto keys, CSRs, the
 * .p12 backup, toNonExtractable + keyStore (IndexedDB structured clone of a non-extractable CryptoKey)
 * and a CMS signature made with the stored key, checked here by verifyCmsDetached and openssl.
 *
 * No bundler and no browser driver: a small HTTP server on 127.0.0.1 serves the package's .ts modules
 * transpiled by TypeScript (and node-forge's own dist/forge.min.js for ./forge.ts); the page posts its
 * results back to the server.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { type IncomingMessage, type Server, createServer } from 'node:http';
import { type AddressInfo } from 'node:net';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Readable, Writable } from 'node:stream';
import { type DnInput, type PlatformPki, createCsrPem, createPartHasher, ensureDevPki, fromP12, generateKeyPairPem, openPart, toP12, verifyCmsDetached } from './index.ts';
import { type Tmp, openssl, tmp } from './test-helpers.ts';

const CHROMIUM = '/usr/bin/chromium';
const here = dirname(fileURLToPath(import.meta.url));
const domainSrc = resolve(here, '../../domain/src');
const forgeDist = resolve(here, '../../../node_modules/node-forge/dist/forge.min.js');
const hashWasmDist = resolve(here, '../../../node_modules/hash-wasm/dist/index.esm.js');
const DAY = 24 * 3600 * 1000;
const WANG: DnInput = { commonName: '王五', organizationName: '示范园林绿化有限公司', countryName: 'CN' };
const PASS = 'chromium backup pass';

const PAGE = /* js */ `
import * as pki from '/m/pki/browser.ts';
const post = (path, body) => fetch(path, { method: 'POST', body: JSON.stringify(body) }).then((r) => r.text());
const b64 = (u8) => btoa(String.fromCharCode(...u8));
const unb64 = (s) => Uint8Array.from(atob(s), (c) => c.charCodeAt(0));
const reasonOf = async (p) => { try { await p; return 'no error'; } catch (e) { return e?.details?.reason ?? String(e); } };
(async () => {
  const out = {};
  try {
    const subject = ${JSON.stringify(WANG)};
    const keys = await pki.generateUserKeys();
    out.extractable = keys.signing.privateKey.extractable;
    const signCert = await post('/issue', { usage: 'signing', csr: await pki.createCsrPemWithWebCrypto(keys.signing, subject) });
    const encCert = await post('/issue', { usage: 'encryption', csr: await pki.createCsrPemWithWebCrypto(keys.encryption, subject) });
    out.encCertIssued = encCert.startsWith('-----BEGIN CERTIFICATE-----');
    const root = await (await fetch('/root.pem')).text();
    out.p12 = b64(await pki.exportP12({ privateKey: keys.signing.privateKey, certPem: signCert, chainPem: [root], passphrase: ${JSON.stringify(PASS)}, friendlyName: '王五 签名' }));
    const locked = await pki.toNonExtractable(keys.signing.privateKey, 'signing');
    await pki.keyStore.save('signing', locked, signCert);
    out.saveExtractable = await reasonOf(pki.keyStore.save('x', keys.signing.privateKey, signCert));
    const loaded = await pki.keyStore.load('signing');
    out.loaded = { extractable: loaded.key.extractable, alg: loaded.key.algorithm.name, sameCert: loaded.certPem === signCert };
    const content = new TextEncoder().encode('专家评分表 / score sheet');
    out.content = b64(content);
    out.cms = b64(await pki.signCmsDetachedWithWebCrypto(content, { privateKey: loaded.key, certPem: loaded.certPem }));
    const nodeP12 = unb64(await (await fetch('/node.p12')).text());
    const imported = await pki.importP12(nodeP12, ${JSON.stringify(PASS)}, 'signing');
    out.importedExtractable = imported.privateKey.extractable;
    out.cmsFromImported = b64(await pki.signCmsDetachedWithWebCrypto(content, imported));
    out.importedCert = imported.certPem;
    out.wrongPass = await reasonOf(pki.importP12(nodeP12, 'wrong', 'signing'));
    // The sealed-bid envelope in the browser: seal with the stored (non-extractable) key, open again here,
    // and hand the file and the encryption key to Node to open with the Node implementation.
    const plain = new Uint8Array(10000).map((_, i) => (i * 7) & 255);
    const sealed = await pki.sealPartWebCrypto({ file: new Blob([plain]), part: 'summary', projectId: 1, sectionId: 2, name: 'summary.json', chunkSize: 4096, recipientCertPems: [encCert], signingKey: loaded.key, signerCertPem: signCert });
    out.envelope = { sealed: b64(new Uint8Array(await sealed.sealed.arrayBuffer())), partHash: sealed.partHash, plain: b64(plain), encCert, signCert };
    const opened = await pki.openPartWebCrypto({ sealed: sealed.sealed, decryptionKey: keys.encryption.privateKey, recipientCertPem: encCert, expectedSignerCertPem: signCert });
    out.envelope.openedSame = b64(new Uint8Array(await opened.plaintext.arrayBuffer())) === b64(plain);
    out.envelope.encPkcs8 = b64(new Uint8Array(await crypto.subtle.exportKey('pkcs8', keys.encryption.privateKey)));
    await pki.keyStore.remove('signing');
    out.afterRemove = await pki.keyStore.load('signing');
  } catch (e) {
    out.error = String(e?.stack ?? e) + ' ' + JSON.stringify(e?.details ?? null);
  }
  await post('/result', out);
})();
`;

function transpile(file: string): string {
  return ts.transpileModule(readFileSync(file, 'utf8'), {
    compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022, verbatimModuleSyntax: false },
  }).outputText;
}

function body(req: IncomingMessage): Promise<string> {
  return new Promise((ok, ko) => {
    let s = '';
    req.setEncoding('utf8');
    req.on('data', (c: string) => (s += c));
    req.on('end', () => ok(s));
    req.on('error', ko);
  });
}

interface PageResult {
  error?: string;
  extractable: boolean;
  encCertIssued: boolean;
  p12: string;
  saveExtractable: string;
  loaded: { extractable: boolean; alg: string; sameCert: boolean };
  content: string;
  cms: string;
  importedExtractable: boolean;
  cmsFromImported: string;
  importedCert: string;
  wrongPass: string;
  afterRemove: unknown;
  envelope: { sealed: string; partHash: string; plain: string; encCert: string; signCert: string; openedSame: boolean; encPkcs8: string };
}

describe('browser entry in Chromium (needs /usr/bin/chromium; npm test installs it)', () => {
  let t: Tmp;
  let pki: PlatformPki;
  let server: Server;
  let chromium: ChildProcess | undefined;
  let result: PageResult;
  let nodeCertPem: string;

  beforeAll(async () => {
    t = tmp('ebid-pki-chromium-');
    pki = await ensureDevPki(t.path('dev'));
    const k = generateKeyPairPem();
    const validity = { notBefore: new Date(Date.now() - DAY), notAfter: new Date(Date.now() + 365 * DAY) };
    nodeCertPem = pki.issueUserCertificate({ csrPem: createCsrPem(k, WANG), usage: 'signing', expectedSubject: WANG, ...validity }).pem;
    const nodeP12 = toP12({ privateKeyPem: k.privateKeyPem, certPem: nodeCertPem, chainPem: [pki.rootCertPem], passphrase: PASS });

    let deliver: (r: PageResult) => void = () => undefined;
    const delivered = new Promise<PageResult>((ok) => (deliver = ok));
    server = createServer((req, res) => {
      void (async () => {
        const url = new URL(req.url ?? '/', 'http://x');
        const send = (type: string, s: string | Buffer, status = 200) => {
          res.writeHead(status, { 'content-type': type, 'cache-control': 'no-store' });
          res.end(s);
        };
        try {
          if (url.pathname === '/') {
            const importMap = JSON.stringify({ imports: { '@ebid/domain/errors': '/m/domain/errors.ts', '@ebid/domain/alert-handling': '/m/domain/supervision/alert-handling.ts', '@ebid/domain/evaluation-prefixes': '/m/domain/evaluation/prefixes.ts', '@ebid/domain/strict-json': '/m/domain/strict-json.ts', 'hash-wasm': '/hash-wasm.js' } });
            return send(
              'text/html; charset=utf-8',
              `<!doctype html><meta charset="utf-8"><script type="importmap">${importMap}</script>` +
                `<script src="/forge.min.js"></script><script type="module" src="/page.js"></script>`,
            );
          }
          if (url.pathname === '/forge.min.js') return send('text/javascript', readFileSync(forgeDist));
          if (url.pathname === '/hash-wasm.js') return send('text/javascript', readFileSync(hashWasmDist)); // the envelope's streaming SHA-256
          if (url.pathname === '/page.js') return send('text/javascript; charset=utf-8', PAGE);
          if (url.pathname === '/root.pem') return send('text/plain', pki.rootCertPem);
          if (url.pathname === '/node.p12') return send('text/plain', nodeP12.toString('base64'));
          if (url.pathname === '/m/pki/forge.ts') return send('text/javascript', 'export default globalThis.forge;');
          const m = /^\/m\/(pki|domain)\/((?:[\w-]+\/)*[\w-]+\.ts)$/.exec(url.pathname); // nested folders, never '..'
          if (m) return send('text/javascript; charset=utf-8', transpile(join(m[1] === 'pki' ? here : domainSrc, m[2]!)));
          if (url.pathname === '/issue') {
            const { csr, usage } = JSON.parse(await body(req)) as { csr: string; usage: 'signing' | 'encryption' };
            return send('text/plain', pki.issueUserCertificate({ csrPem: csr, usage, expectedSubject: WANG, ...validity }).pem);
          }
          if (url.pathname === '/result') {
            deliver(JSON.parse(await body(req)) as PageResult);
            return send('text/plain', 'ok');
          }
          send('text/plain', 'not found', 404);
        } catch (e) {
          send('text/plain', String(e), 500);
        }
      })();
    });
    await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
    const { port } = server.address() as AddressInfo;
    chromium = spawn(
      CHROMIUM,
      [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-quic',
        '--no-first-run',
        '--disable-sync',
        `--user-data-dir=${t.path('profile')}`,
        `http://127.0.0.1:${port}/`,
      ],
      { detached: true, stdio: 'ignore' },
    );
    const timeout = new Promise<never>((_, ko) => setTimeout(() => ko(new Error('no result from Chromium within 90 s')), 90_000));
    result = await Promise.race([delivered, timeout]);
  }, 120_000);

  afterAll(async () => {
    if (chromium?.pid && chromium.exitCode === null) {
      const exited = new Promise((ok) => chromium!.once('exit', ok));
      try {
        process.kill(-chromium.pid, 'SIGKILL'); // the process group we started (launcher script + browser)
      } catch {
        /* already gone */
      }
      await exited;
    }
    await new Promise((ok) => server?.close(ok));
    t?.cleanup();
  });

  const opts = () => ({ trustedRootsPem: [pki.rootCertPem], at: new Date() });

  it('ran the scenario without errors', () => {
    expect(result.error).toBeUndefined();
    expect(result.extractable).toBe(true);
    expect(result.encCertIssued).toBe(true);
  });

  it('keyStore keeps a non-extractable key (and refuses an extractable one), remove() deletes it', () => {
    expect(result.loaded).toEqual({ extractable: false, alg: 'RSASSA-PKCS1-v1_5', sameCert: true });
    expect(result.saveExtractable).toBe('KEY_INVALID');
    expect(result.afterRemove).toBeNull();
  });

  it('the CMS signature made with the stored key verifies in Node and in openssl', () => {
    const content = Buffer.from(result.content, 'base64');
    const cms = Buffer.from(result.cms, 'base64');
    expect(verifyCmsDetached(cms, content, opts())).toMatchObject({ ok: true, signer: { subject: { CN: '王五' } } });
    const args = ['cms', '-verify', '-binary', '-inform', 'DER', '-in', t.write('chromium.p7s', cms), '-content', t.write('chromium.bin', content)];
    expect(openssl([...args, '-CAfile', t.write('root.pem', pki.rootCertPem), '-purpose', 'any', '-out', '/dev/null']).status).toBe(0);
  });

  it('the browser .p12 opens in Node and openssl; the Node .p12 imports in the browser', () => {
    const p12 = Buffer.from(result.p12, 'base64');
    expect(fromP12(p12, PASS).chainPem).toEqual([pki.rootCertPem]);
    expect(openssl(['pkcs12', '-info', '-noout', '-in', t.write('chromium.p12', p12), '-passin', `pass:${PASS}`]).status).toBe(0);
    expect(result.importedExtractable).toBe(false);
    expect(result.importedCert).toBe(nodeCertPem);
    const content = Buffer.from(result.content, 'base64');
    expect(verifyCmsDetached(Buffer.from(result.cmsFromImported, 'base64'), content, opts())).toMatchObject({ ok: true });
    expect(result.wrongPass).toBe('P12_BAD_PASSPHRASE');
  });

  it('an envelope sealed in Chromium opens there and in Node (openPart), same plaintext and partHash', async () => {
    const e = result.envelope;
    expect(e.openedSame).toBe(true);
    const sealed = Buffer.from(e.sealed, 'base64');
    const h = createPartHasher();
    h.update(sealed);
    expect(h.digest()).toBe(e.partHash);
    const parts: Buffer[] = [];
    const r = await openPart({
      input: Readable.from([sealed]),
      output: new Writable({ write: (c: Buffer, _e, cb) => (parts.push(c), cb()) }),
      decryptionKeyPem: `-----BEGIN PRIVATE KEY-----\n${e.encPkcs8}\n-----END PRIVATE KEY-----\n`,
      recipientCertPem: e.encCert,
      expectedSignerCertPem: e.signCert,
      trustedRootsPem: [pki.rootCertPem],
    });
    expect(Buffer.concat(parts).equals(Buffer.from(e.plain, 'base64'))).toBe(true);
    expect(r.manifest).toMatchObject({ part: 'summary', projectId: 1, sectionId: 2, name: 'summary.json', size: 10000 });
  });
});

/**
 * unwrapContentKeyWebCrypto in a real Chromium (issue 7, bid opening): the bidder's encryption key is
 * imported from the .p12, made non-extractable and kept in the keyStore (IndexedDB), then used to unwrap
 * the content keys of envelopes sealed in Node; the page returns only K, which must equal Node's
 * unwrapContentKey and open the part with openPart({ contentKey }). Same harness as
 * ../browser.chromium.test.ts (no bundler: the .ts modules are transpiled and served on 127.0.0.1).
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { type IncomingMessage, type Server, createServer } from 'node:http';
import { type AddressInfo } from 'node:net';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openPart, readEnvelopeHeader, sealPart, toP12, unwrapContentKey } from '../index.ts';
import { type EnvelopePki, envelopePki, patternBytes, pieces, sink } from './test-fixtures.ts';

const CHROMIUM = '/usr/bin/chromium';
const here = dirname(fileURLToPath(import.meta.url));
const pkiSrc = resolve(here, '..');
const domainSrc = resolve(here, '../../../domain/src');
const forgeDist = resolve(here, '../../../../node_modules/node-forge/dist/forge.min.js');
const hashWasmDist = resolve(here, '../../../../node_modules/hash-wasm/dist/index.esm.js');
const PASS = 'chromium opening pass';

const PAGE = /* js */ `
import * as pki from '/m/pki/browser.ts';
const post = (path, body) => fetch(path, { method: 'POST', body: JSON.stringify(body) }).then((r) => r.text());
const b64 = (u8) => btoa(String.fromCharCode(...u8));
const unb64 = (s) => Uint8Array.from(atob(s), (c) => c.charCodeAt(0));
const codeOf = async (p) => { try { await p; return 'no error'; } catch (e) { return e?.code ?? String(e); } };
(async () => {
  const out = {};
  try {
    const input = await (await fetch('/input.json')).json();
    const imported = await pki.importP12(unb64(input.p12), ${JSON.stringify(PASS)}, 'encryption');
    await pki.keyStore.save('encryption', await pki.toNonExtractable(imported.privateKey, 'encryption'), imported.certPem);
    const stored = await pki.keyStore.load('encryption');
    out.stored = { extractable: stored.key.extractable, alg: stored.key.algorithm.name, usages: [...stored.key.usages].sort() };
    out.keys = [];
    for (const recipients of input.parts) {
      out.keys.push(b64(await pki.unwrapContentKeyWebCrypto({ recipients, certPem: stored.certPem, privateKey: stored.key })));
    }
    // a decrypt-only, non-extractable key works as well
    const pkcs8 = unb64(input.pkcs8);
    const decryptOnly = await crypto.subtle.importKey('pkcs8', pkcs8, { name: 'RSA-OAEP', hash: 'SHA-256' }, false, ['decrypt']);
    out.decryptOnly = b64(await pki.unwrapContentKeyWebCrypto({ recipients: input.parts[0], certPem: stored.certPem, privateKey: decryptOnly }));
    out.otherCert = await codeOf(pki.unwrapContentKeyWebCrypto({ recipients: input.parts[0], certPem: input.otherCertPem, privateKey: stored.key }));
    const otherKey = await crypto.subtle.importKey('pkcs8', unb64(input.otherPkcs8), { name: 'RSA-OAEP', hash: 'SHA-256' }, false, ['decrypt']);
    out.otherKey = await codeOf(pki.unwrapContentKeyWebCrypto({ recipients: input.parts[0], certPem: stored.certPem, privateKey: otherKey }));
    await pki.keyStore.remove('encryption');
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

const pkcs8B64 = (pem: string) => pem.replace(/-----[^-]+-----|\s/g, '');

interface PageResult {
  error?: string;
  stored: { extractable: boolean; alg: string; usages: string[] };
  keys: string[];
  decryptOnly: string;
  otherCert: string;
  otherKey: string;
}

describe('unwrapContentKeyWebCrypto in Chromium with the keyStore key (needs /usr/bin/chromium)', () => {
  let E: EnvelopePki;
  let server: Server;
  let chromium: ChildProcess | undefined;
  let result: PageResult;
  const plains = [patternBytes(4096 * 3 + 17, 3), Buffer.from(JSON.stringify({ priceFen: 388_000_000, durationDays: 300, quality: '合格' }))];
  const sealed: Buffer[] = [];

  beforeAll(async () => {
    E = await envelopePki();
    for (const [i, plain] of plains.entries()) {
      const out = sink();
      await sealPart({
        input: pieces(plain, 5000),
        output: out.stream,
        part: i === 0 ? 'technical' : 'summary',
        projectId: 1,
        sectionId: 2,
        name: `part-${i}`,
        chunkSize: 4096,
        recipientCertPems: [E.enc.certPem],
        signerKeyPem: E.sign.keyPem,
        signerCertPem: E.sign.certPem,
      });
      sealed.push(out.bytes());
    }
    const other = E.issue('encryption');
    const input = {
      p12: toP12({ privateKeyPem: E.enc.keyPem, certPem: E.enc.certPem, passphrase: PASS }).toString('base64'),
      pkcs8: pkcs8B64(E.enc.keyPem),
      otherCertPem: other.certPem,
      otherPkcs8: pkcs8B64(other.keyPem),
      parts: sealed.map((s) => readEnvelopeHeader(s).header.recipients.map((r) => ({ certSha256: r.certSha256, wrappedKey: r.wrappedKey }))),
    };

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
          if (url.pathname === '/hash-wasm.js') return send('text/javascript', readFileSync(hashWasmDist));
          if (url.pathname === '/page.js') return send('text/javascript; charset=utf-8', PAGE);
          if (url.pathname === '/input.json') return send('application/json', JSON.stringify(input));
          if (url.pathname === '/m/pki/forge.ts') return send('text/javascript', 'export default globalThis.forge;');
          const m = /^\/m\/(pki|domain)\/((?:[\w-]+\/)*[\w-]+\.ts)$/.exec(url.pathname); // nested folders, never '..'
          if (m) return send('text/javascript; charset=utf-8', transpile(join(m[1] === 'pki' ? pkiSrc : domainSrc, m[2]!)));
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
        `--user-data-dir=${E.t.path('profile')}`,
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
    E?.t.cleanup();
  });

  it('ran without errors; the stored key is non-extractable RSA-OAEP', () => {
    expect(result.error).toBeUndefined();
    expect(result.stored).toEqual({ extractable: false, alg: 'RSA-OAEP', usages: ['decrypt', 'unwrapKey'] });
  });

  it('the browser unwraps the same K as Node, and K alone opens each part', async () => {
    expect(result.keys).toHaveLength(sealed.length);
    for (const [i, s] of sealed.entries()) {
      const k = Buffer.from(result.keys[i]!, 'base64');
      const node = unwrapContentKey({ header: readEnvelopeHeader(s).header, decryptionKeyPem: E.enc.keyPem, recipientCertPem: E.enc.certPem });
      expect(k.equals(Buffer.from(node))).toBe(true);
      const out = sink();
      await openPart({ input: pieces(s, 4000), output: out.stream, contentKey: k, expectedSignerCertPem: E.sign.certPem, trustedRootsPem: [E.pki.rootCertPem] });
      expect(out.bytes().equals(plains[i]!)).toBe(true);
    }
    expect(result.decryptOnly).toBe(result.keys[0]);
  });

  it('another certificate or another private key → ENVELOPE_NOT_RECIPIENT', () => {
    expect(result.otherCert).toBe('ENVELOPE_NOT_RECIPIENT');
    expect(result.otherKey).toBe('ENVELOPE_NOT_RECIPIENT');
  });
});

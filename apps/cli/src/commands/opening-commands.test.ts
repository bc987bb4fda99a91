/**
 * `ebid decrypt` and `ebid confirm-record` (issue 7): argument parsing, and the wire protocol against a
 * small fake server that speaks tRPC-over-HTTP like the real one (the real server flow is in
 * ../decrypt.int.test.ts). The fake checks what matters: a certificate login, only 32-byte content keys
 * arrive (and they open the sealed parts), and the confirmation is a detached CMS over the record bytes.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { type IncomingMessage, type Server, type ServerResponse, createServer } from 'node:http';
import { type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable, Writable } from 'node:stream';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  type BidPart,
  type PlatformPki,
  createCsrPem,
  ensureDevPki,
  generateKeyPairPem,
  isEnvelopeError,
  openPart,
  outerManifestBytes,
  parseCertificate,
  readEnvelopeHeader,
  sealPart,
  sha256Hex,
  toP12,
  verifyCmsDetached,
} from '@ebid/pki';
import { run } from '../main.ts';
import { UsageError } from './args.ts';
import { opensslVerifyCommand, parseConfirmRecordArgs } from './confirm-record.ts';
import { parseDecryptArgs } from './decrypt.ts';

let dir: string;
let pki: PlatformPki;
const p = (...names: string[]) => join(dir, ...names);
const PASS = 'Opening#2026';
const SUBJECT = { commonName: '赵六', organizationName: '示范水利工程有限公司', countryName: 'CN' };
const RECORD = Buffer.from('%PDF-1.7\n% 开标记录 fake record\n%%EOF\n');
let certs: { sign: string; enc: string };
let encKeyPem: string;
const sealed = new Map<BidPart, Buffer>();
const plain: Record<string, Buffer> = {
  summary: Buffer.from(JSON.stringify({ priceFen: 388_000_000, durationDays: 300, quality: '合格' })),
  technical: Buffer.alloc(20_000, 9),
};

async function cli(args: string[]): Promise<{ code: number; out: string }> {
  let out = '';
  const code = await run(args, (s) => (out += s));
  return { code, out };
}

function issueP12(usage: 'signing' | 'encryption', name: string) {
  const keys = generateKeyPairPem();
  const now = Date.now();
  const { pem } = pki.issueUserCertificate({ csrPem: createCsrPem(keys, SUBJECT), usage, expectedSubject: SUBJECT, notBefore: new Date(now - 60_000), notAfter: new Date(now + 86_400_000) });
  writeFileSync(p(`${name}.p12`), toP12({ privateKeyPem: keys.privateKeyPem, certPem: pem, chainPem: [pki.rootCertPem], passphrase: PASS }));
  return { certPem: pem, keyPem: keys.privateKeyPem };
}

// ---------------------------------------------------------------- fake server

interface Call {
  path: string;
  input: unknown;
  cookie: string | undefined;
}
let server: Server;
let base: string;
let calls: Call[];
let state: {
  signedIn: boolean;
  decryptError?: { code: string; reason: string };
  recordSha?: string;
  loggedInAs: string;
  /** what the server hands out as the login challenge, given the origin the client connected to */
  challenge?: (origin: string) => string;
  /** what the server hands out as the record (default RECORD) */
  record?: Buffer;
};

function appError(res: ServerResponse, status: number, code: string, zh: string, en: string, reason?: string) {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify({ error: { message: en, code: -32600, data: { appError: { code, messageZh: zh, messageEn: en, ...(reason ? { details: { reason } } : {}) } } } }));
}

function bodyOf(req: IncomingMessage): Promise<string> {
  return new Promise((ok, ko) => {
    let s = '';
    req.setEncoding('utf8');
    req.on('data', (c: string) => (s += c));
    req.on('end', () => ok(s));
    req.on('error', ko);
  });
}

function view() {
  return {
    projectId: 5,
    projectName: '示范市开标测试工程',
    status: 'decrypting',
    decryptDeadline: '2026-03-25T02:00:00.000Z',
    me: { signedInAt: state.signedIn ? '2026-03-25T01:25:00.000Z' : null, bidId: 77 },
    record: state.recordSha ? { version: 1, sha256: state.recordSha, size: (state.record ?? RECORD).length, generatedAt: '2026-03-25T03:00:00.000Z', url: '/openings/5/record.pdf' } : null,
    objections: [],
    bids: [
      { id: 3, bidId: null, label: '投标人1', sectionCode: 'S1', mine: false, decryptStatus: 'pending', decryptedAt: null, confirmStatus: 'pending', confirmedAt: null, confirmCertSerial: null, parts: [] },
      {
        id: 4,
        bidId: 77,
        label: '投标人2',
        sectionCode: 'S1',
        mine: true,
        decryptStatus: calls.some((c) => c.path === 'opening.decrypt') && !state.decryptError ? 'decrypted' : 'pending',
        decryptedAt: '2026-03-25T01:40:00.000Z',
        confirmStatus: calls.some((c) => c.path === 'opening.confirm') ? 'confirmed' : 'pending',
        confirmedAt: null,
        confirmCertSerial: null,
        parts: ['technical', 'summary'].map((part) => ({ part, plaintextSha256: sha256Hex(plain[part]!), plaintextSize: plain[part]!.length })),
      },
    ],
  };
}

async function handle(req: IncomingMessage, res: ServerResponse) {
  const url = new URL(req.url ?? '/', 'http://x');
  const cookie = req.headers.cookie;
  const authed = cookie?.includes('ebid_session=tok-cert');
  if (url.pathname === '/openings/5/record.pdf') {
    calls.push({ path: 'GET record.pdf', input: null, cookie });
    if (!authed) return appError(res, 401, 'UNAUTHORIZED', '请先登录', 'Sign in first');
    res.writeHead(200, { 'content-type': 'application/pdf' });
    return res.end(state.record ?? RECORD);
  }
  const m = /^\/trpc\/([\w.]+)$/.exec(url.pathname);
  if (!m) return appError(res, 404, 'NOT_FOUND', '不存在', 'Not found');
  const path = m[1]!;
  const raw = req.method === 'POST' ? await bodyOf(req) : (url.searchParams.get('input') ?? '');
  const input = raw ? (JSON.parse(raw) as Record<string, unknown>) : undefined;
  calls.push({ path, input, cookie });
  const ok = (data: unknown, headers: Record<string, string | string[]> = {}) => {
    res.writeHead(200, { 'content-type': 'application/json', ...headers });
    res.end(JSON.stringify({ result: { data } }));
  };
  if (path === 'auth.certChallenge') {
    const origin = req.headers.origin ?? `http://${req.headers.host}`;
    return ok({ challenge: state.challenge ? state.challenge(origin) : `ebid-login:v1:${origin}:${'A'.repeat(43)}`, expiresAt: 'x' });
  }
  if (path === 'auth.certLogin') {
    const r = verifyCmsDetached(Buffer.from(String(input!.signature), 'base64'), Buffer.from(String(input!.challenge)), { trustedRootsPem: [pki.rootCertPem], at: new Date() });
    if (!r.ok) return appError(res, 401, 'UNAUTHORIZED', '证书登录失败', 'Certificate login failed', r.reason);
    const actor = { userId: 1, username: state.loggedInAs, displayName: '赵六', role: 'bidder', orgId: 2, orgName: SUBJECT.organizationName, isOrgAdmin: true, certSerial: r.signer.serialHex };
    return ok({ actor, expiresAt: 'x' }, { 'set-cookie': ['other=1; Path=/', 'ebid_session=tok-cert; Path=/; HttpOnly'] });
  }
  if (path === 'auth.logout') return ok({ ok: true });
  if (!authed) return appError(res, 401, 'UNAUTHORIZED', '请先登录', 'Sign in first');
  if (path === 'opening.get') return ok(view());
  if (path === 'opening.signIn') {
    state.signedIn = true;
    return ok(view());
  }
  if (path === 'opening.myKeys') {
    return ok({
      bidId: 77,
      parts: [...sealed].map(([part, s]) => {
        const { header, headerSha256 } = readEnvelopeHeader(s);
        return { part, headerSha256, recipients: header.recipients.map((r) => ({ certSha256: r.certSha256, wrappedKey: r.wrappedKey })) };
      }),
    });
  }
  if (path === 'opening.decrypt') {
    if (state.decryptError) return appError(res, 400, state.decryptError.code, '解密密钥错误', 'Wrong decryption key', state.decryptError.reason);
    const keys = input!.keys as { part: BidPart; contentKey: string }[];
    for (const k of keys) {
      const key = Buffer.from(k.contentKey, 'base64');
      if (key.length !== 32) return appError(res, 400, 'VALIDATION', '密钥长度错误', 'Key length', 'DECRYPTION_KEY_WRONG');
      const parts: Buffer[] = [];
      try {
        await openPart({ input: Readable.from([sealed.get(k.part)!]), output: new Writable({ write: (c: Buffer, _e, cb) => (parts.push(c), cb()) }), contentKey: key });
      } catch (e) {
        if (isEnvelopeError(e)) return appError(res, 400, 'VALIDATION', '解密密钥错误', 'Wrong decryption key', 'DECRYPTION_KEY_WRONG');
        throw e;
      }
      if (!Buffer.concat(parts).equals(plain[k.part]!)) return appError(res, 500, 'INTERNAL', 'x', 'plaintext differs');
    }
    return ok({
      projectId: 5,
      openingBidId: 4,
      bidId: 77,
      decryptStatus: 'decrypted',
      decryptedAt: '2026-03-25T01:40:00.000Z',
      openingStatus: 'decrypting',
      parts: ['technical', 'summary'].map((part) => ({ part, plaintextSha256: sha256Hex(plain[part]!), plaintextSize: plain[part]!.length })),
    });
  }
  if (path === 'opening.confirm') {
    if (input!.recordSha256 !== sha256Hex(RECORD)) return appError(res, 400, 'VALIDATION', '记录已变化', 'Record changed', 'RECORD_OUTDATED');
    const r = verifyCmsDetached(Buffer.from(String(input!.signatureBase64), 'base64'), RECORD, { trustedRootsPem: [pki.rootCertPem], at: new Date() });
    if (!r.ok) return appError(res, 400, 'VALIDATION', '签名无效', 'Invalid signature', r.reason);
    return ok(view());
  }
  if (path === 'opening.object') return ok({ id: 1, label: '投标人2', bidderName: null, mine: true, text: input!.text, raisedAt: 'x', answer: null, answeredAt: null });
  return appError(res, 404, 'NOT_FOUND', '不存在', `no procedure ${path}`);
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'ebid-cli-opening-'));
  pki = await ensureDevPki(p('dev'));
  writeFileSync(p('root.pem'), pki.rootCertPem);
  const sign = issueP12('signing', 'sign');
  const enc = issueP12('encryption', 'enc');
  issueP12('encryption', 'other-enc');
  certs = { sign: sign.certPem, enc: enc.certPem };
  encKeyPem = enc.keyPem;
  for (const part of ['summary', 'technical'] as const) {
    const chunks: Buffer[] = [];
    await sealPart({
      input: Readable.from([plain[part]!]),
      output: new Writable({ write: (c: Buffer, _e, cb) => (chunks.push(c), cb()) }),
      part,
      projectId: 5,
      sectionId: 6,
      name: part,
      chunkSize: 4096,
      recipientCertPems: [enc.certPem],
      signerKeyPem: sign.keyPem,
      signerCertPem: sign.certPem,
    });
    sealed.set(part, Buffer.concat(chunks));
  }
  server = createServer((req, res) => void handle(req, res).catch((e: unknown) => appError(res, 500, 'INTERNAL', '内部错误', String(e))));
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  await new Promise((ok) => server?.close(ok));
  rmSync(dir, { recursive: true, force: true });
});
beforeEach(() => {
  calls = [];
  state = { signedIn: false, loggedInAs: 'bidder5' };
  process.env.EBID_P12_PASSPHRASE = PASS;
});
afterEach(() => {
  delete process.env.EBID_P12_PASSPHRASE;
});

// ---------------------------------------------------------------- argument parsing

describe('argument parsing', () => {
  const common = ['--server', 'http://h', '--user', 'bidder5', '--project', '12', '--sign', 's.p12'];

  it('decrypt: all of --server --user --project --sign --key are required', () => {
    expect(parseDecryptArgs([...common, '--key', 'e.p12'])).toEqual({ server: 'http://h', user: 'bidder5', projectId: 12, sign: 's.p12', key: 'e.p12', json: false });
    expect(parseDecryptArgs([...common, '--key', 'e.p12', '--json']).json).toBe(true);
    for (const drop of ['--server', '--user', '--project', '--sign', '--key']) {
      const args = [...common, '--key', 'e.p12'];
      args.splice(args.indexOf(drop), 2);
      expect(() => parseDecryptArgs(args), drop).toThrow(UsageError);
    }
    expect(() => parseDecryptArgs([...common, '--key', 'e.p12', '--project', '0'])).toThrow(/--project must be a positive integer/);
    expect(() => parseDecryptArgs(['--server', 'http://h', '--user', 'u', '--project', 'x1', '--sign', 's', '--key', 'k'])).toThrow(UsageError);
    expect(() => parseDecryptArgs([...common, '--key', 'e.p12', '--password', 'x'])).toThrow(UsageError);
  });

  it('confirm-record: --out-dir defaults to the current directory; --object needs text', () => {
    expect(parseConfirmRecordArgs(common)).toEqual({ server: 'http://h', user: 'bidder5', projectId: 12, sign: 's.p12', outDir: '.' });
    expect(parseConfirmRecordArgs([...common, '--out-dir', '/tmp/x']).outDir).toBe('/tmp/x');
    expect(parseConfirmRecordArgs([...common, '--object', '  报价唱错了  ']).object).toBe('报价唱错了');
    expect(() => parseConfirmRecordArgs([...common, '--object', '   '])).toThrow(/--object/);
    expect(() => parseConfirmRecordArgs(common.slice(2))).toThrow(/--server is required/);
    expect(() => parseConfirmRecordArgs([...common, 'extra'])).toThrow(UsageError);
  });

  it('usage errors exit 64 with the usage; no passphrase is a usage error', async () => {
    const r = await cli(['decrypt', '--server', base]);
    expect(r.code).toBe(64);
    expect(r.out).toContain('Usage: ebid decrypt');
    const c = await cli(['confirm-record', '--project', 'abc']);
    expect(c.code).toBe(64);
    expect(c.out).toContain('Usage: ebid confirm-record');
    delete process.env.EBID_P12_PASSPHRASE;
    const np = await cli(['decrypt', '--server', base, '--user', 'bidder5', '--project', '5', '--sign', p('sign.p12'), '--key', p('enc.p12')]);
    expect(np.code).toBe(64);
    expect(np.out).toContain('EBID_P12_PASSPHRASE');
  });

  it('--help lists both commands', async () => {
    const r = await cli(['--help']);
    expect(r.out).toContain('ebid decrypt --server');
    expect(r.out).toContain('ebid confirm-record --server');
  });

  it('the openssl command quotes paths with spaces', () => {
    expect(opensslVerifyCommand('a b/record.p7s', 'x/record.pdf')).toBe(
      "openssl cms -verify -binary -inform DER -in 'a b/record.p7s' -content x/record.pdf -CAfile root.pem -out /dev/null",
    );
  });
});

// ---------------------------------------------------------------- against the fake server

describe('ebid decrypt (fake server)', () => {
  const args = () => ['decrypt', '--server', base, '--user', 'bidder5', '--project', '5', '--sign', p('sign.p12'), '--key', p('enc.p12')];

  it('certificate login, sign-in, keys unwrapped locally, only 32-byte content keys sent, prints the parts', async () => {
    const r = await cli(args());
    expect(r.code, r.out).toBe(0);
    expect(calls.map((c) => c.path)).toEqual(['auth.certChallenge', 'auth.certLogin', 'opening.get', 'opening.signIn', 'opening.myKeys', 'opening.decrypt']);
    expect(calls.slice(2).every((c) => c.cookie?.includes('ebid_session=tok-cert') && c.cookie.includes('other=1'))).toBe(true);
    const sent = calls.find((c) => c.path === 'opening.decrypt')!.input as { projectId: number; bidId: number; keys: { part: string; contentKey: string }[] };
    expect(sent.projectId).toBe(5);
    expect(sent.bidId).toBe(77);
    expect(sent.keys.map((k) => k.part)).toEqual(['summary', 'technical']);
    expect(sent.keys.every((k) => Buffer.from(k.contentKey, 'base64').length === 32)).toBe(true);
    // neither the private key nor the .p12 went over the wire
    const wire = JSON.stringify(calls);
    expect(wire).not.toContain('PRIVATE KEY');
    expect(wire).not.toContain(encKeyPem.split('\n')[1]!);
    expect(wire).not.toContain(readFileSync(p('enc.p12')).toString('base64').slice(0, 64));
    expect(r.out).toContain('解密成功 / decrypted');
    expect(r.out).toContain(`summary: ${sha256Hex(plain.summary!)}`);
    expect(r.out).toContain(`technical: ${sha256Hex(plain.technical!)}  20000 bytes`);
    expect(r.out.indexOf('summary:')).toBeLessThan(r.out.indexOf('technical:'));
  });

  it('already signed in: no second opening.signIn; --json prints the parts', async () => {
    state.signedIn = true;
    const r = await cli([...args(), '--json']);
    expect(r.code, r.out).toBe(0);
    expect(calls.map((c) => c.path)).not.toContain('opening.signIn');
    const j = JSON.parse(r.out.slice(r.out.indexOf('{'), r.out.lastIndexOf('}') + 1));
    expect(j).toMatchObject({ projectId: 5, bidId: 77, label: '投标人2', decryptStatus: 'decrypted' });
    expect(j.parts).toHaveLength(2);
  });

  it('another encryption key: ENVELOPE_NOT_RECIPIENT locally, exit 1, nothing sent to opening.decrypt', async () => {
    const r = await cli(['decrypt', '--server', base, '--user', 'bidder5', '--project', '5', '--sign', p('sign.p12'), '--key', p('other-enc.p12')]);
    expect(r.code).toBe(1);
    expect(r.out).toContain('error: ENVELOPE_NOT_RECIPIENT: 该加密证书（私钥）无法解密此投标文件');
    expect(calls.map((c) => c.path)).not.toContain('opening.decrypt');
  });

  it('a server AppError prints the code, the reason and the zh message, exit 1', async () => {
    state.decryptError = { code: 'INVALID_STATE', reason: 'DECRYPTION_WINDOW_CLOSED' };
    const r = await cli(args());
    expect(r.code).toBe(1);
    expect(r.out).toContain('error: INVALID_STATE (DECRYPTION_WINDOW_CLOSED): 解密密钥错误 / Wrong decryption key');
  });

  it('a certificate of another user than --user is refused', async () => {
    state.loggedInAs = 'someone-else';
    const r = await cli(args());
    expect(r.code).toBe(1);
    expect(r.out).toContain('error: USER_MISMATCH');
    expect(calls.map((c) => c.path)).toEqual(['auth.certChallenge', 'auth.certLogin', 'auth.logout']);
  });

  it.each<[string, (origin: string) => string, string]>([
    [
      'an outer bid manifest as the "login challenge" (a malicious server)',
      () => new TextDecoder().decode(outerManifestBytes({ projectId: 5, sectionId: 6, bidderOrgId: 7, version: 1, part: 'summary', headerSha256: 'a'.repeat(64), partHash: 'b'.repeat(64), size: 4096 })),
      'SIGNING_DOMAIN_MISMATCH',
    ],
    ['a login challenge for another origin', () => `ebid-login:v1:https://evil.example.com:${'A'.repeat(43)}`, 'LOGIN_ORIGIN_MISMATCH'],
    ['the old unversioned challenge', () => `ebid-login:${'A'.repeat(43)}`, 'SIGNING_DOMAIN_MISMATCH'],
  ])('refuses to sign %s: exit 1, no signature sent (issue 14 §5)', async (_what, challenge, reason) => {
    state.challenge = challenge;
    const r = await cli(args());
    expect(r.code).toBe(1);
    expect(r.out).toContain(`error: REFUSED_TO_SIGN (${reason})`);
    expect(calls.map((c) => c.path)).toEqual(['auth.certChallenge']);
  });

  it('an unreachable server → exit 2', async () => {
    const closed = createServer();
    await new Promise<void>((ok) => closed.listen(0, '127.0.0.1', ok));
    const port = (closed.address() as AddressInfo).port;
    await new Promise((ok) => closed.close(ok));
    const r = await cli(['decrypt', '--server', `http://127.0.0.1:${port}`, '--user', 'bidder5', '--project', '5', '--sign', p('sign.p12'), '--key', p('enc.p12')]);
    expect(r.code).toBe(2);
    expect(r.out).toContain('cannot reach');
  });
});

describe('ebid confirm-record (fake server)', () => {
  it('downloads record.pdf, writes record.p7s over its exact bytes, confirms, and the printed openssl command verifies', async () => {
    state.recordSha = sha256Hex(RECORD);
    const r = await cli(['confirm-record', '--server', base, '--user', 'bidder5', '--project', '5', '--sign', p('sign.p12'), '--out-dir', dir]);
    expect(r.code, r.out).toBe(0);
    expect(readFileSync(p('record.pdf')).equals(RECORD)).toBe(true);
    const cms = readFileSync(p('record.p7s'));
    const sent = calls.find((c) => c.path === 'opening.confirm')!.input as { projectId: number; recordSha256: string; signatureBase64: string };
    expect(sent).toEqual({ projectId: 5, recordSha256: sha256Hex(RECORD), signatureBase64: cms.toString('base64') });
    expect(verifyCmsDetached(cms, RECORD, { trustedRootsPem: [pki.rootCertPem], at: new Date() })).toMatchObject({ ok: true, signer: { serialHex: parseCertificate(certs.sign).serialHex } });
    expect(r.out).toContain('开标记录已签名确认');
    expect(r.out).toContain(`${base}/pki/root.pem`);
    const cmd = r.out.split('\n').find((l) => l.trim().startsWith('openssl cms -verify'))!.trim();
    expect(cmd).toBe(opensslVerifyCommand(p('record.p7s'), p('record.pdf')));
    const args = cmd.split(' ').slice(1).map((a) => (a === 'root.pem' ? p('root.pem') : a));
    const v = spawnSync('openssl', args, { encoding: 'utf8' });
    expect(v.status, v.stderr).toBe(0);
  });

  it('a "record" that is not a PDF (an outer bid manifest from a malicious server) is not signed (issue 14 §5)', async () => {
    rmSync(p('record.p7s'), { force: true });
    state.record = Buffer.from(outerManifestBytes({ projectId: 5, sectionId: 6, bidderOrgId: 7, version: 1, part: 'summary', headerSha256: 'a'.repeat(64), partHash: 'b'.repeat(64), size: 4096 }));
    state.recordSha = sha256Hex(state.record);
    const r = await cli(['confirm-record', '--server', base, '--user', 'bidder5', '--project', '5', '--sign', p('sign.p12'), '--out-dir', dir]);
    expect(r.code).toBe(1);
    expect(r.out).toContain('error: REFUSED_TO_SIGN (SIGNING_DOMAIN_MISMATCH)');
    expect(calls.map((c) => c.path)).not.toContain('opening.confirm');
    expect(existsSync(p('record.p7s'))).toBe(false);
  });

  it('a record that changed since the download is refused before signing', async () => {
    rmSync(p('record.p7s'), { force: true });
    state.recordSha = 'f'.repeat(64);
    const r = await cli(['confirm-record', '--server', base, '--user', 'bidder5', '--project', '5', '--sign', p('sign.p12'), '--out-dir', dir]);
    expect(r.code).toBe(1);
    expect(r.out).toContain('error: RECORD_CHANGED');
    expect(existsSync(p('record.p7s'))).toBe(false);
    expect(calls.map((c) => c.path)).not.toContain('opening.confirm');
  });

  it('--object raises an objection and signs nothing', async () => {
    const r = await cli(['confirm-record', '--server', base, '--user', 'bidder5', '--project', '5', '--sign', p('sign.p12'), '--object', '唱标价格与开标一览表不一致']);
    expect(r.code, r.out).toBe(0);
    expect(calls.map((c) => c.path)).toEqual(['auth.certChallenge', 'auth.certLogin', 'opening.object']);
    expect(calls.at(-1)!.input).toEqual({ projectId: 5, text: '唱标价格与开标一览表不一致' });
    expect(r.out).toContain('异议已提交');
  });
});

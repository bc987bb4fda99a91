/**
 * Test helpers for sealed bids through the real server (issue 6 and the opening of issue 7): issue a
 * user's certificates through cert.issue (keys stay in the test), seal a part with the Node envelope,
 * upload its pieces over HTTP, finalize with the outer signature, and certificate login.
 */
import crypto from 'node:crypto';
import { Readable, Writable } from 'node:stream';
import { and, eq, max } from 'drizzle-orm';
import { bids, organizations, users } from '@ebid/db';
import { encodeBidSummary, parseBidSummary } from '@ebid/domain';
import { DEMO_PASSWORD } from '@ebid/services';
import { SESSION_COOKIE, type AppRouter } from '@ebid/api';
import { apiClient, loginAs } from '@ebid/api/test-client';
import { createCsrPem, createPartHasher, generateKeyPairPem, outerManifestBytes, sealPartWithHooks, signCmsDetached, TRANSPORT_CHUNK_SIZE, type BidPart, type OuterManifest, type SealHooks } from '@ebid/pki';
import type { TestApp } from './test-app.ts';

export interface KeyPairWithCert {
  keyPem: string;
  certPem: string;
  id: number;
}
export interface Keys {
  sign: KeyPairWithCert;
  enc: KeyPairWithCert;
}

/** The bid tests' projects publish with the test calendar of @ebid/testing (deadline 3月25日 09:30). */
export { TENDER_SCHEDULE as BID_TEST_SCHEDULE, TEST_DEADLINE as DEADLINE, TEST_IN_BIDDING as IN_BIDDING } from '@ebid/testing';

export function sink(): { stream: Writable; bytes(): Buffer } {
  const parts: Buffer[] = [];
  return {
    stream: new Writable({
      write(c: Buffer, _e, cb) {
        parts.push(c);
        cb();
      },
    }),
    bytes: () => Buffer.concat(parts),
  };
}

export function partHash(b: Buffer): string {
  const h = createPartHasher();
  h.update(b);
  return h.digest();
}

export function piecesOf(b: Buffer): Buffer[] {
  const out: Buffer[] = [];
  for (let o = 0; o < b.length; o += TRANSPORT_CHUNK_SIZE) out.push(b.subarray(o, o + TRANSPORT_CHUNK_SIZE));
  return out.length ? out : [Buffer.alloc(0)];
}

export function headerShaOf(sealed: Buffer): string {
  const len = sealed.readUInt32BE(8);
  return crypto.createHash('sha256').update(sealed.subarray(12, 12 + len)).digest('hex');
}

/** The outer signature over the v2 outer manifest (it names the company and the bid version, issue 14 §8). */
export function outerSig(signer: { keyPem: string; certPem: string }, m: OuterManifest): string {
  return signCmsDetached(outerManifestBytes(m), signer).toString('base64');
}

/**
 * A 开标一览表 as a test writes it: the bare legacy JSON. `seal` turns it into the sealed format 2
 * (padded, salted: packages/domain bid-summary.ts) for the project and section it seals for, as every
 * client does; `rawSummary: true` seals the bytes as they are.
 */
export const summary = (priceFen: number, extra: Record<string, unknown> = {}): Buffer => Buffer.from(JSON.stringify({ priceFen, durationDays: 365, quality: '合格', ...extra }));

/** The format-2 summary bytes for a bare test summary (unchanged if it is not one). */
export function summaryV2(plaintext: Uint8Array, ids: { projectId: number; sectionId: number }): Uint8Array {
  let s;
  try {
    s = parseBidSummary(plaintext, { expect: ids, allowLegacy: true });
  } catch {
    return plaintext;
  }
  return s.format === 2 ? plaintext : encodeBidSummary({ ...ids, priceFen: s.priceFen, durationDays: s.durationDays, quality: s.quality });
}

/** The helpers bound to a running test app (getters: the app starts in the test's beforeAll). */
export function bidKit(app: () => TestApp) {
  const deps = () => app().deps;
  const login = (u: string) => loginAs(deps(), u, DEMO_PASSWORD);
  const as = async (u: string) => (await login(u)).call();
  const keysOf: Record<string, Keys> = {};

  /** Issue the user's signing and encryption certificates through cert.issue (keys stay here). */
  async function issueKeys(username: string): Promise<Keys> {
    const [row] = await deps()
      .db.select({ displayName: users.displayName, orgName: organizations.name, creditCode: organizations.creditCode })
      .from(users)
      .innerJoin(organizations, eq(organizations.id, users.orgId))
      .where(eq(users.username, username));
    const subject = { commonName: row!.displayName, organizationName: row!.orgName, serialNumber: row!.creditCode, countryName: 'CN' };
    const s = generateKeyPairPem();
    const e = generateKeyPairPem();
    // A first enrollment by password; a renewal from a session opened with the current certificate (issue 13 §4).
    const caller = keysOf[username] ? (await asCert(username)).caller : await as(username);
    const out = await caller.cert.issue({ signingCsrPem: createCsrPem(s, subject), encryptionCsrPem: createCsrPem(e, subject) });
    const k = { sign: { keyPem: s.privateKeyPem, certPem: out.signing.pem, id: out.signing.id }, enc: { keyPem: e.privateKeyPem, certPem: out.encryption.pem, id: out.encryption.id } };
    keysOf[username] = k;
    return k;
  }

  /** A caller whose session came from certificate login with the user's signing key. */
  async function asCert(username: string, signer?: { keyPem: string; certPem: string }) {
    const c = apiClient(deps());
    const { challenge } = await (await c.call()).auth.certChallenge();
    const sig = signCmsDetached(Buffer.from(challenge, 'utf8'), signer ?? keysOf[username]!.sign).toString('base64');
    await (await c.call()).auth.certLogin({ challenge, signature: sig });
    return { caller: await c.call(), cookie: `${SESSION_COOKIE}=${encodeURIComponent(c.jar.get(SESSION_COOKIE)!)}` };
  }

  async function cookie(username: string): Promise<string> {
    const c = await login(username);
    return `${SESSION_COOKIE}=${encodeURIComponent(c.jar.get(SESSION_COOKIE)!)}`;
  }

  /** The company's id and the version its next finalize in the section creates (what the outer signature names). */
  async function nextBid(username: string, sectionId: number): Promise<{ bidderOrgId: number; version: number }> {
    const [u] = await deps().db.select({ orgId: users.orgId }).from(users).where(eq(users.username, username));
    const [last] = await deps().db.select({ v: max(bids.version) }).from(bids).where(and(eq(bids.sectionId, sectionId), eq(bids.bidderOrgId, u!.orgId)));
    return { bidderOrgId: u!.orgId, version: (last?.v ?? 0) + 1 };
  }

  async function seal(p: {
    username: string;
    part: BidPart;
    projectId: number;
    sectionId: number;
    plaintext: Uint8Array;
    recipientCertPem?: string;
    signer?: { keyPem: string; certPem: string };
    rawSummary?: boolean;
    hooks?: SealHooks;
  }): Promise<Buffer> {
    const k = keysOf[p.username]!;
    const out = sink();
    const plaintext = p.part === 'summary' && !p.rawSummary ? summaryV2(p.plaintext, p) : p.plaintext;
    await sealPartWithHooks({
      input: Readable.from([plaintext]),
      output: out.stream,
      part: p.part,
      projectId: p.projectId,
      sectionId: p.sectionId,
      name: `${p.part}.pdf`,
      recipientCertPems: [p.recipientCertPem ?? k.enc.certPem],
      signerKeyPem: (p.signer ?? k.sign).keyPem,
      signerCertPem: (p.signer ?? k.sign).certPem,
    }, p.hooks ?? {});
    return out.bytes();
  }

  async function putPiece(username: string, uploadId: number, index: number, body: Buffer): Promise<{ status: number; json: Record<string, unknown> }> {
    const res = await fetch(`${app().base}/bids/uploads/${uploadId}/pieces/${index}`, {
      method: 'PUT',
      headers: { cookie: await cookie(username), 'content-type': 'application/octet-stream' },
      body,
    });
    return { status: res.status, json: (await res.json()) as Record<string, unknown> };
  }

  /** Start, upload every piece, and return the upload id. */
  async function uploadPart(username: string, sectionId: number, part: BidPart, sealed: Buffer, opts: { skip?: number[]; declared?: { size?: number; partHash?: string } } = {}) {
    const c = await as(username);
    const start = await c.bid.startUpload({ sectionId, part, size: opts.declared?.size ?? sealed.length, partHash: opts.declared?.partHash ?? partHash(sealed) });
    const ps = piecesOf(sealed);
    for (let i = 0; i < ps.length; i++) {
      if (opts.skip?.includes(i)) continue;
      const r = await putPiece(username, start.uploadId, i, ps[i]!);
      if (r.status !== 200) throw new Error(`piece ${i}: ${r.status} ${JSON.stringify(r.json)}`);
    }
    return start.uploadId;
  }

  async function submit(
    username: string,
    project: { id: number },
    sectionId: number,
    parts: { part: BidPart; plaintext: Uint8Array }[],
    opts: { signer?: { keyPem: string; certPem: string }; clientInfo?: { tool: string; selfReported?: Record<string, string> } } = {},
  ) {
    const signer = opts.signer ?? keysOf[username]!.sign;
    const list: { uploadId: number; outerSignature: string }[] = [];
    const next = await nextBid(username, sectionId);
    for (const p of parts) {
      const sealed = await seal({ username, part: p.part, projectId: project.id, sectionId, plaintext: p.plaintext });
      const uploadId = await uploadPart(username, sectionId, p.part, sealed);
      list.push({ uploadId, outerSignature: outerSig(signer, { projectId: project.id, sectionId, ...next, part: p.part, headerSha256: headerShaOf(sealed), partHash: partHash(sealed), size: sealed.length }) });
    }
    return (await as(username)).bid.finalize({ sectionId, version: next.version, parts: list, ...(opts.clientInfo ? { clientInfo: opts.clientInfo } : {}) });
  }

  return { login, as, keysOf, issueKeys, asCert, cookie, seal, putPiece, uploadPart, submit, nextBid };
}

export type BidKit = ReturnType<typeof bidKit>;
export type { AppRouter };

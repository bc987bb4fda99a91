/**
 * A sealed bid as a bidder's client makes it: each part sealed with the Node envelope to the bidder's own
 * encryption certificate, started with `bid.startUpload`, its pieces stored through the use case behind
 * `PUT /bids/uploads/:id/pieces/:index`, and finalized with the outer signatures (issue 14 §8).
 */
import { PassThrough, Readable } from 'node:stream';
import { buffer } from 'node:stream/consumers';
import { and, eq, max } from 'drizzle-orm';
import { bids } from '@ebid/db';
import { encodeBidSummary } from '@ebid/domain';
import { outerManifestBytes, sealPart, signCmsDetached, TRANSPORT_CHUNK_SIZE, type BidPart } from '@ebid/pki';
import { putBidPiece } from '@ebid/services';
import { bidderKeys, orgOf, type BidderKeys } from './bidders.ts';
import { callerAs, contextAs, type Caller, type TestDeps } from './callers.ts';

export type FinalizedBid = Awaited<ReturnType<Caller['bid']['finalize']>>;

/** The sealed bytes of one part and what its outer signature names. */
export interface SealedPart {
  part: BidPart;
  bytes: Buffer;
  headerSha256: string;
  partHash: string;
}

/** Seal `plaintext` as the bidder's `part` for the section (to the bidder's own encryption certificate). */
export async function sealTestPart(keys: BidderKeys, p: { projectId: number; sectionId: number; part: BidPart; plaintext: Uint8Array }): Promise<SealedPart> {
  const { plaintext, ...where } = p;
  const output = new PassThrough();
  const bytes = buffer(output); // read while the envelope is written
  const signer = { signerKeyPem: keys.sign.keyPem, signerCertPem: keys.sign.certPem };
  const r = await sealPart({ ...where, ...signer, input: Readable.from([plaintext]), output, name: `${p.part}.pdf`, recipientCertPems: [keys.enc.certPem] });
  return { part: p.part, bytes: await bytes, headerSha256: r.headerSha256, partHash: r.partHash };
}

/** The version the company's next finalize in the section creates (what the outer signature names). */
async function nextVersion(deps: TestDeps, sectionId: number, bidderOrgId: number): Promise<number> {
  const [last] = await deps.db.select({ v: max(bids.version) }).from(bids).where(and(eq(bids.sectionId, sectionId), eq(bids.bidderOrgId, bidderOrgId)));
  return (last?.v ?? 0) + 1;
}

export interface SealedBidOptions {
  /** The demo bidder user (default `bidder1`); registered for the section already (registeredBidder). */
  username?: string;
  /** The price of the 开标一览表 (format 2; default 750,000,000 fen). */
  priceFen?: number;
  /** More parts beside the summary, e.g. `{ technical: bytes }`. */
  parts?: Partial<Record<Exclude<BidPart, 'summary'>, Uint8Array>>;
}

/**
 * A bid in the section, sealed, uploaded piece by piece and finalized (the project must be BIDDING and
 * the bidder registered). Returns the finalize answer, the bidder's keys and the plaintexts it sealed.
 */
export async function sealedBid(
  deps: TestDeps,
  at: { projectId: number; sectionId: number },
  opts: SealedBidOptions = {},
): Promise<FinalizedBid & { username: string; keys: BidderKeys; plaintexts: Partial<Record<BidPart, Uint8Array>> }> {
  const username = opts.username ?? 'bidder1';
  const keys = await bidderKeys(deps, username);
  const org = await orgOf(deps, username);
  const summary = encodeBidSummary({ ...at, priceFen: opts.priceFen ?? 750_000_000, durationDays: 365, quality: '合格' });
  const plaintexts: Partial<Record<BidPart, Uint8Array>> = { summary, ...opts.parts };
  const version = await nextVersion(deps, at.sectionId, org.orgId);
  const b = await callerAs(deps, username);
  const ctx = await contextAs(deps, username);
  const list: { uploadId: number; outerSignature: string }[] = [];
  for (const [part, plaintext] of Object.entries(plaintexts) as [BidPart, Uint8Array][]) {
    const sealed = await sealTestPart(keys, { ...at, part, plaintext });
    const start = await b.bid.startUpload({ sectionId: at.sectionId, part, size: sealed.bytes.length, partHash: sealed.partHash });
    for (let i = 0, o = 0; o < sealed.bytes.length; i++, o += TRANSPORT_CHUNK_SIZE) {
      await putBidPiece(deps, ctx, { uploadId: start.uploadId, index: i, body: sealed.bytes.subarray(o, o + TRANSPORT_CHUNK_SIZE) });
    }
    const manifest = { ...at, bidderOrgId: org.orgId, version, part, headerSha256: sealed.headerSha256, partHash: sealed.partHash, size: sealed.bytes.length };
    list.push({ uploadId: start.uploadId, outerSignature: signCmsDetached(outerManifestBytes(manifest), keys.sign).toString('base64') });
  }
  const out = await b.bid.finalize({ sectionId: at.sectionId, version, parts: list });
  return { ...out, username, keys, plaintexts };
}

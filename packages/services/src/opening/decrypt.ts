/**
 * Bidder-side decryption at opening (issue 7 §3; DESIGN §6; domain §4.2, O3, X1).
 *
 * The bidder unwraps each part's content key on its own machine (browser or `ebid decrypt`) with the
 * private key of its encryption certificate — the server never sees that key — and hands the 32-byte
 * content keys over TLS. The server then decrypts every part streaming from its stored pieces: each
 * chunk's GCM tag, the order and the end, the plaintext size and SHA-256 against the manifest, and the
 * inner signature (a signing certificate of the bidding company, valid when the bid was received). The
 * 开标一览表 is parsed for the opening record.
 *
 * The plaintext of every part is stored by hash for the evaluation by the `opening.store_plaintext` job,
 * off the bidders' critical path: the decryption is acknowledged once the verified result and the
 * content key are committed together with the ciphertext already stored, so nothing acknowledged can be
 * lost; once the results are published (not before: object names are plaintext hashes, issue 14 §1)
 * the job decrypts again into 4 MiB content-addressed pieces, checks the plaintext hash against the one
 * verified and erases the key (retried with backoff on failure).
 *
 * The key is judged when the request arrives (T1): a key handed in inside the window counts even if the
 * decryption finishes after it (the window-end job waits for a decryption in flight). A key that does
 * not open the bid is refused (DECRYPTION_KEY_WRONG) and changes nothing but an audit entry.
 */
import { createHash } from 'node:crypto';
import { Readable, Writable } from 'node:stream';
import { and, eq, isNotNull, isNull, lt, or } from 'drizzle-orm';
import { bidParts, bids, certificates, openingBids, openingSignIns, type BidPartRow, type BidRow } from '@ebid/db';
import { projectChain } from '@ebid/audit';
import { AppError, bidSummaryFieldsOf, conformSummary, parseBidSummary, type OpenedBidSummary } from '@ebid/domain';
import type { DecryptOpeningBidInput, DecryptResult, MyOpeningKeys, MyOpeningKeysInput } from '@ebid/contracts';
import { EnvelopeError, openPart, readEnvelopeHeader } from '@ebid/pki';
import { BID_PARTS, TRANSPORT_CHUNK_SIZE, type BidPart } from '@ebid/pki/constants';
import { arrivalOf, audit, requireActor, SYSTEM_CONTEXT, type RequestContext } from '../context.ts';
import { assertClockTrusted } from '../system/time-source/guard.ts';
import { requireCertificateSession } from '../auth/certificate-login.ts';
import type { Deps } from '../deps.ts';
import { envelopeAppError } from '../bids/envelope-errors.ts';
import { assertSectionOpenById } from '../tendering/lifecycle/index.ts';
import { bidderOrdinalLabel } from '../documents/labels.ts';
import { publishOpeningEvent } from './live.ts';
import { loadForViewer } from './participants.ts';
import { publishIfComplete } from './session.ts';
import { DECRYPT_IN_FLIGHT_MS, isPublished, loadOpening, noSession } from './session-state.ts';

const SUMMARY_MAX_BYTES = 1024 * 1024;
const HEADER_READ_BYTES = 8 + 4 + 65536;

function requireBidderActor(ctx: RequestContext) {
  const actor = requireActor(ctx);
  if (actor.role !== 'bidder') throw new AppError('FORBIDDEN', { zh: '只有投标人解密自己的投标文件', en: 'Only bidders decrypt their own bids' }, { reason: 'NOT_BIDDER' });
  return actor;
}

async function readHead(deps: Pick<Deps, 'storage'>, sha256: string): Promise<Buffer> {
  const s = await deps.storage.get(sha256, { start: 0, end: HEADER_READ_BYTES - 1 });
  const chunks: Buffer[] = [];
  for await (const c of s) chunks.push(Buffer.isBuffer(c) ? c : Buffer.from(c));
  return Buffer.concat(chunks);
}

/**
 * The wrapped content keys of one of the company's own current bids in the project (its own ciphertext
 * headers; B5 holds). `bidId` is needed when the company bids in several sections.
 */
export async function myOpeningKeys(deps: Pick<Deps, 'db' | 'storage'>, ctx: RequestContext, input: MyOpeningKeysInput): Promise<MyOpeningKeys> {
  const actor = requireBidderActor(ctx);
  await loadForViewer(deps.db, actor, input.projectId);
  const own = await deps.db
    .select()
    .from(bids)
    .where(and(eq(bids.projectId, input.projectId), eq(bids.bidderOrgId, actor.orgId), eq(bids.status, 'current')));
  const bid = input.bidId !== undefined ? own.find((b) => b.id === input.bidId) : own.length === 1 ? own[0] : undefined;
  if (!bid) {
    if (input.bidId === undefined && own.length > 1) {
      throw new AppError('VALIDATION', { zh: '贵单位在多个标段投标，请指定投标文件', en: 'Your company bids in several sections; name the bid' }, { field: 'bidId', reason: 'BID_REQUIRED', bidIds: own.map((b) => b.id) });
    }
    throw new AppError('NOT_FOUND', { zh: '贵单位在本项目没有有效的投标文件', en: 'Your company has no bid in force in this project' }, { reason: 'NO_BID' });
  }
  await assertSectionOpenById(deps.db, bid.sectionId); // issue 16 §7
  const parts = await deps.db.select().from(bidParts).where(eq(bidParts.bidId, bid.id));
  const out: MyOpeningKeys['parts'] = [];
  for (const p of parts.sort((a, b) => BID_PARTS.indexOf(a.part) - BID_PARTS.indexOf(b.part))) {
    const [first] = p.pieces;
    if (!first) throw new AppError('INTEGRITY_FAILED', { zh: '投标文件分块缺失', en: 'A stored piece is missing' }, { reason: 'PIECE_MISSING' });
    const { header, headerSha256 } = readEnvelopeHeader(await readHead(deps, first));
    out.push({ part: p.part, headerSha256, recipients: header.recipients.map((r) => ({ certSha256: r.certSha256, certSerial: r.certSerial, wrappedKey: r.wrappedKey })) });
  }
  return { bidId: bid.id, parts: out };
}

/**
 * The decrypted plaintext of a bid part, streamed from its pieces (verified per piece), or null while it
 * is not stored (not decrypted, or the `opening.store_plaintext` job has not run yet — call
 * storeOpeningPlaintext first to have it now).
 */
export async function plaintextOf(deps: Pick<Deps, 'storage'>, part: Pick<BidPartRow, 'plaintextPieces'>): Promise<Readable | null> {
  const hashes = part.plaintextPieces;
  if (!hashes) return null;
  const storage = deps.storage;
  const chunks = async function* (): AsyncGenerator<Buffer> {
    for (const h of hashes) for await (const c of await storage.get(h)) yield Buffer.isBuffer(c) ? c : Buffer.from(c);
  };
  return Readable.from(chunks(), { objectMode: false });
}

function windowClosed(deadline: Date): AppError {
  return new AppError(
    'INVALID_STATE',
    { zh: '解密时限已过，不再接收解密密钥（以平台服务器时间为准）', en: 'The decryption window is over (server time); no key is accepted' },
    { reason: 'DECRYPTION_WINDOW_CLOSED', decryptDeadline: deadline.toISOString() },
  );
}

function wrongKey(part: BidPart): AppError {
  return new AppError('VALIDATION', { zh: '解密密钥无法打开该投标文件，请确认使用的是本单位的加密证书', en: 'The key does not open this bid file; use your company’s encryption certificate' }, { reason: 'DECRYPTION_KEY_WRONG', part });
}

interface DecryptedPart {
  part: BidPart;
  sha256: string;
  size: number;
  name: string;
  pieces: string[];
  /** the key that opened it (kept until the plaintext is stored) */
  contentKey: Buffer;
  summary?: OpenedBidSummary | null;
}

/**
 * Parse the decrypted 开标一览表 with the one strict parser (packages/domain bid-summary.ts, issue 14 §7):
 * format 2 (padded, salted) always; the legacy format 1 (web `ebid-bid-summary` v1 or the bare form) only
 * from a v1 envelope (`allowLegacy`). Anything else — invalid UTF-8, duplicate keys, missing or unknown
 * fields, wrong types, another project or section — is unreadable: null.
 */
export function readableSummary(bytes: Uint8Array, expect: { projectId: number; sectionId: number }, allowLegacy: boolean): OpenedBidSummary | null {
  try {
    const s = parseBidSummary(bytes, { expect, allowLegacy });
    return { priceFen: s.priceFen, durationDays: s.durationDays, quality: s.quality };
  } catch (e) {
    if (e instanceof AppError && e.details?.reason === 'SUMMARY_INVALID') return null;
    throw e;
  }
}

/**
 * A Writable that stores what it receives in content-addressed pieces of TRANSPORT_CHUNK_SIZE (4 MiB) — the same
 * layout as the sealed parts — so every piece is one plain PUT straight to its final key (no multipart
 * upload, temporary object and copy), memory stays at one piece, and the whole plaintext's SHA-256 is
 * computed on the way. `collect` also keeps the bytes (the small 开标一览表) up to that many; with
 * `store: false` it only hashes (verification without storing).
 */
class PieceSink extends Writable {
  readonly pieces: string[] = [];
  readonly collected: Buffer[] = [];
  size = 0;
  private buf: Buffer[] = [];
  private bufLen = 0;
  private readonly hash = createHash('sha256');

  constructor(
    private readonly storage: Deps['storage'],
    private readonly opts: { collect?: number; store: boolean },
  ) {
    super();
  }

  private async flush(all: boolean): Promise<void> {
    while (this.bufLen >= TRANSPORT_CHUNK_SIZE || (all && (this.bufLen > 0 || this.pieces.length === 0))) {
      const joined = Buffer.concat(this.buf, this.bufLen);
      const piece = joined.subarray(0, Math.min(TRANSPORT_CHUNK_SIZE, joined.length));
      const rest = joined.subarray(piece.length);
      this.buf = rest.length ? [rest] : [];
      this.bufLen = rest.length;
      this.pieces.push((await this.storage.put(piece, { contentType: 'application/octet-stream' })).sha256);
      if (all && this.bufLen === 0) break;
    }
  }

  override _write(chunk: Buffer, _enc: BufferEncoding, cb: (e?: Error | null) => void): void {
    this.hash.update(chunk);
    this.size += chunk.length;
    if (this.opts.collect) {
      if (this.size > this.opts.collect) return cb(new AppError('VALIDATION', { zh: '开标一览表过大', en: 'The bid summary is too large' }, { reason: 'SUMMARY_TOO_LARGE' }));
      this.collected.push(chunk);
    }
    if (!this.opts.store) return cb();
    this.buf.push(chunk);
    this.bufLen += chunk.length;
    if (this.bufLen < TRANSPORT_CHUNK_SIZE) return cb();
    this.flush(false).then(() => cb(), cb);
  }

  override _final(cb: (e?: Error | null) => void): void {
    if (!this.opts.store) return cb();
    this.flush(true).then(() => cb(), cb);
  }

  digest(): string {
    return this.hash.digest('hex');
  }
}

function innerSignerRefused(reason: string, cause: string, zh: string, en: string, part: string): AppError {
  return new AppError('VALIDATION', { zh: `投标文件内层签名不被接受：${zh}`, en: `The inner signature is not accepted: ${en}` }, { reason, cause, part });
}

/**
 * The inner signer, as strictly as the outer one (issue 14 §7): a signing certificate of a user of the
 * bidding company — the company of the outer signer (bids.signerCertSerial) — that was valid and not
 * revoked when the bid arrived (bids.receivedAt). A certificate revoked after the arrival is fine (the
 * bid was sealed and received while it was good); one revoked before is not. The CMS itself was verified
 * by openPart over the exact signed bytes, chained to the platform roots at the arrival time.
 */
async function assertInnerSigner(db: Deps['db'], bid: BidRow, signerFingerprint: string, part: string): Promise<void> {
  const [cert] = await db.select().from(certificates).where(eq(certificates.fingerprintSha256, signerFingerprint));
  if (!cert || cert.orgId !== bid.bidderOrgId || cert.usage !== 'signing') {
    throw new AppError('VALIDATION', { zh: '投标文件内层签名不是本投标单位的签名证书', en: 'The inner signature is not by a signing certificate of the bidding company' }, { reason: 'SIGNER_NOT_OF_COMPANY', part });
  }
  const [outer] = await db.select({ orgId: certificates.orgId }).from(certificates).where(eq(certificates.serialHex, bid.signerCertSerial));
  if (!outer || outer.orgId !== cert.orgId) {
    throw new AppError('VALIDATION', { zh: '投标文件内层签名与外层签名不是同一投标单位', en: 'The inner and the outer signature are not by the same company' }, { reason: 'SIGNER_NOT_OF_COMPANY', cause: 'OUTER_SIGNER_COMPANY', part });
  }
  const at = bid.receivedAt.getTime();
  if (at < cert.notBefore.getTime() || at > cert.notAfter.getTime()) {
    throw innerSignerRefused('INNER_SIGNER_INVALID', 'CERT_EXPIRED', '签名证书在投标文件送达时不在有效期内', 'the signing certificate was not valid when the bid arrived', part);
  }
  if (cert.status === 'revoked' && (!cert.revokedAt || cert.revokedAt.getTime() <= at)) {
    throw innerSignerRefused('INNER_SIGNER_INVALID', 'CERT_REVOKED', '签名证书在投标文件送达前已被吊销', 'the signing certificate was revoked before the bid arrived', part);
  }
}

/** Decrypt and verify one part (and store its plaintext pieces if `store`); returns its plaintext facts. Throws AppError. */
async function decryptPart(
  deps: Pick<Deps, 'db' | 'storage' | 'pki'>,
  bid: BidRow,
  part: BidPartRow,
  contentKey: Buffer,
  store: boolean,
): Promise<DecryptedPart> {
  const storage = deps.storage;
  const hashes = part.pieces;
  async function* pieces(): AsyncGenerator<Buffer> {
    for (const h of hashes) {
      const s = await storage.get(h);
      for await (const c of s) yield Buffer.isBuffer(c) ? c : Buffer.from(c);
    }
  }
  const isSummary = part.part === 'summary';
  const sink = new PieceSink(storage, { store, ...(isSummary ? { collect: SUMMARY_MAX_BYTES } : {}) });
  let opened;
  try {
    opened = await openPart({
      input: Readable.from(pieces(), { objectMode: false }),
      output: sink,
      contentKey: new Uint8Array(contentKey),
      trustedRootsPem: deps.pki.trustedRootsPem,
      at: bid.receivedAt,
    });
  } catch (e) {
    if (e instanceof EnvelopeError && e.code === 'ENVELOPE_WRONG_KEY') throw wrongKey(part.part);
    if (e instanceof AppError) throw e;
    throw envelopeAppError(e, { part: part.part });
  }
  const sha256 = sink.digest();
  if (sha256 !== opened.manifest.sha256 || sink.size !== opened.manifest.size) throw new AppError('INTEGRITY_FAILED', undefined, { reason: 'PLAINTEXT_HASH', part: part.part });
  // X1 and issue 14 §7: the inner signer is a signing certificate of the outer signer's company, valid
  // and not revoked at the bid's arrival.
  await assertInnerSigner(deps.db, bid, opened.innerSignature.ok ? opened.innerSignature.signer.fingerprintSha256 : '', part.part);
  return {
    part: part.part,
    sha256,
    size: sink.size,
    name: opened.manifest.name,
    pieces: sink.pieces,
    contentKey,
    // The legacy (unpadded) summary only from a v1 envelope: a v2 envelope carries the padded, salted one.
    ...(isSummary ? { summary: readableSummary(Buffer.concat(sink.collected), { projectId: bid.projectId, sectionId: bid.sectionId }, opened.header.v === 1) } : {}),
  };
}

/** The bidder hands over its content keys; the server decrypts and checks every part (O3). */
export async function decryptOpeningBid(
  deps: Pick<Deps, 'db' | 'clock' | 'storage' | 'pki' | 'timeSource'>,
  ctx: RequestContext,
  input: DecryptOpeningBidInput,
): Promise<DecryptResult> {
  const actor = requireBidderActor(ctx);
  assertClockTrusted(deps); // T3 (issue 20 §5): no decryption on an untrusted clock; nothing changes
  const receivedAt = arrivalOf(ctx, deps); // T1: the key counts when it arrived
  const keys = new Map<BidPart, Buffer>();
  for (const k of input.keys ?? []) {
    const raw = typeof k.contentKey === 'string' && /^[A-Za-z0-9+/]{43}=$/.test(k.contentKey) ? Buffer.from(k.contentKey, 'base64') : null;
    if (!raw || raw.length !== 32) throw new AppError('VALIDATION', { zh: '解密密钥格式错误（应为32字节）', en: 'A content key must be 32 bytes (base64)' }, { field: 'keys', part: k.part, reason: 'KEY_MALFORMED' });
    if (keys.has(k.part)) throw new AppError('VALIDATION', undefined, { field: 'keys', part: k.part, reason: 'DUPLICATE_PART' });
    keys.set(k.part, raw);
  }

  // 1. Checks at arrival, and claim the line (one decryption in flight per bid).
  const { project, bid, parts, keyed, line } = await deps.db.transaction(async (tx) => {
    // Issue 13 §1: decryption is certificate-gated; the session's signing certificate is checked now.
    await requireCertificateSession(tx, deps, actor, { zh: '解密', en: 'Decrypting a bid' });
    const { project } = await loadForViewer(tx, actor, input.projectId);
    const o = await loadOpening(tx, project.id);
    if (!o) throw noSession();
    if (o.status !== 'decrypting' || receivedAt.getTime() > o.decryptDeadline.getTime()) throw windowClosed(o.decryptDeadline);
    const [bid] = await tx.select().from(bids).where(and(eq(bids.id, input.bidId), eq(bids.projectId, project.id)));
    if (!bid || bid.bidderOrgId !== actor.orgId) throw new AppError('NOT_FOUND', { zh: '投标文件不存在', en: 'No such bid' }, { field: 'bidId' });
    await assertSectionOpenById(tx, bid.sectionId); // issue 16 §7: a failed section's bids stay sealed
    const [line] = await tx.select().from(openingBids).where(and(eq(openingBids.bidId, bid.id), eq(openingBids.openingId, o.id)));
    if (!line) throw new AppError('NOT_FOUND', { zh: '该投标文件不在本次开标范围内', en: 'This bid is not part of the opening' }, { field: 'bidId' });
    if (line.decryptStatus !== 'pending') throw new AppError('INVALID_STATE', { zh: '该投标文件已解密或已终止', en: 'This bid is already decrypted or terminal' }, { reason: 'NOT_PENDING', status: line.decryptStatus });
    const [signIn] = await tx.select().from(openingSignIns).where(and(eq(openingSignIns.projectId, project.id), eq(openingSignIns.bidderOrgId, actor.orgId)));
    if (!signIn) throw new AppError('FORBIDDEN', { zh: '请先签到再解密', en: 'Sign in to the opening before decrypting' }, { reason: 'NOT_SIGNED_IN' });
    const parts = await tx.select().from(bidParts).where(eq(bidParts.bidId, bid.id));
    const missing = parts.filter((p) => !keys.has(p.part)).map((p) => p.part);
    const extra = [...keys.keys()].filter((k) => !parts.some((p) => p.part === k));
    if (missing.length || extra.length) {
      throw new AppError('VALIDATION', { zh: '每个投标文件部分都需要且只需要一个解密密钥', en: 'Give exactly one key for every part of the bid' }, { field: 'keys', reason: 'KEYS_MISMATCH', missing, extra });
    }
    // Every part with its key (all present: checked just above).
    const keyed = parts.flatMap((part) => {
      const key = keys.get(part.part);
      return key ? [{ part, key }] : [];
    });
    const stale = new Date(receivedAt.getTime() - DECRYPT_IN_FLIGHT_MS);
    const [claimed] = await tx
      .update(openingBids)
      .set({ decryptStartedAt: receivedAt })
      .where(and(eq(openingBids.id, line.id), eq(openingBids.decryptStatus, 'pending'), or(isNull(openingBids.decryptStartedAt), lt(openingBids.decryptStartedAt, stale))))
      .returning();
    if (!claimed) throw new AppError('CONFLICT', { zh: '该投标文件正在解密中', en: 'This bid is being decrypted' }, { reason: 'DECRYPTION_IN_PROGRESS' });
    await publishOpeningEvent(tx, deps.clock, project.id, 'decrypting', { label: bidderOrdinalLabel(project, line.ordinal) });
    return { project, bid, parts, keyed, line };
  });

  // 2. Decrypt every part (slow; no transaction held).
  const done: DecryptedPart[] = [];
  try {
    // Verified now (the 开标一览表 read into memory); the plaintext is stored by the job (see the top).
    for (const { part, key } of keyed) done.push(await decryptPart(deps, bid, part, key, false));
  } catch (e) {
    const err = e instanceof AppError ? e : envelopeAppError(e);
    await deps.db.transaction(async (tx) => {
      await tx.update(openingBids).set({ decryptStartedAt: null }).where(and(eq(openingBids.id, line.id), eq(openingBids.decryptStatus, 'pending')));
      await audit(tx, deps, ctx, {
        chain: projectChain(project.id),
        action: 'opening.decrypt_refused',
        subject: { type: 'bid', id: bid.id },
        payload: { openingBidId: line.id, code: err.code, reason: err.details?.reason ?? null, part: err.details?.part ?? null },
      });
      await publishOpeningEvent(tx, deps.clock, project.id, 'decrypt_refused', { label: bidderOrdinalLabel(project, line.ordinal) });
    });
    // Plaintext objects of parts that did open stay in the store unreferenced (content-addressed, so they
    // cannot be removed safely: another record may hold the same bytes); nothing points at them.
    throw err;
  }

  // 3. Record (acknowledged only after this commits).
  return deps.db.transaction(async (tx) => {
    const o = await loadOpening(tx, project.id, true);
    if (!o) throw noSession();
    const [l] = await tx.select().from(openingBids).where(eq(openingBids.id, line.id)).for('update');
    if (!l || l.decryptStatus !== 'pending') throw new AppError('INVALID_STATE', { zh: '该投标文件已解密或已终止', en: 'This bid is already decrypted or terminal' }, { reason: 'NOT_PENDING' });
    const now = deps.clock.now();
    for (const d of done) {
      const stored = d.pieces.length > 0;
      await tx
        .update(bidParts)
        .set({ plaintextSha256: d.sha256, plaintextSize: d.size, plaintextName: d.name, plaintextPieces: stored ? d.pieces : null, contentKey: stored ? null : d.contentKey.toString('base64') }).where(and(eq(bidParts.bidId, bid.id), eq(bidParts.part, d.part)));
    }
    // Issue 18 §2: what is read out is what the project asks (no 工期 on a goods or land bid, whatever an older client sealed).
    const read = done.find((d) => d.part === 'summary')?.summary ?? null;
    const summary = read && conformSummary(bidSummaryFieldsOf(project), read);
    await tx.update(openingBids).set({ decryptStatus: 'decrypted', decryptedAt: now, decryptedBy: actor.userId, summary }).where(eq(openingBids.id, l.id));
    // Issue 14 §1 (O4): the log is readable by staff, administrators and supervisors before publication, and
    // a 开标一览表 is small enough that any hash of its plaintext gives the price to a brute force. So this
    // event names the sealed parts only (their transport hashes, public since the receipt); the plaintext
    // hashes and sizes go into the publication event, and the plaintext is stored (by hash) only after it.
    await audit(tx, deps, ctx, {
      chain: projectChain(project.id),
      action: 'opening.decrypt',
      subject: { type: 'bid', id: bid.id },
      payload: { openingBidId: l.id, keyReceivedAt: receivedAt.toISOString(), parts: parts.map((p) => ({ part: p.part, partHash: p.partHash })), summaryReadable: summary !== null },
    });
    await publishOpeningEvent(tx, deps.clock, project.id, 'decrypted', { label: bidderOrdinalLabel(project, l.ordinal) });
    const published = await publishIfComplete(tx, deps, ctx, o);
    // A small answer (the room refreshes its view from the live event): at the opening rush a hundred
    // bidders decrypt within minutes, and the whole view is the expensive part of a reply.
    return {
      projectId: project.id,
      openingBidId: l.id,
      bidId: bid.id,
      decryptStatus: 'decrypted' as const,
      decryptedAt: now.toISOString(),
      openingStatus: published ? ('published' as const) : o.status,
      parts: done.map((d) => ({ part: d.part, plaintextSha256: d.sha256, plaintextSize: d.size })),
    };
  });
}

/**
 * The `opening.store_plaintext` job: every decrypted part of the bid whose plaintext is not stored yet is
 * decrypted again with the key handed over, stored in 4 MiB pieces, checked against the plaintext hash
 * verified at opening, and its key erased. Idempotent; a failure is retried by the queue.
 */
export async function storeOpeningPlaintext(deps: Pick<Deps, 'db' | 'clock' | 'storage' | 'pki'>, payload: { bidId: number }): Promise<{ stored: number }> {
  const [bid] = await deps.db.select().from(bids).where(eq(bids.id, payload.bidId));
  if (!bid) return { stored: 0 };
  // Issue 14 §1: not before publication — an object named by the hash of a summary's plaintext would give
  // its price to whoever lists the store. Publication enqueues this job for every decrypted bid.
  const o = await loadOpening(deps.db, bid.projectId);
  if (!o || !isPublished(o)) return { stored: 0 };
  const parts = await deps.db.select().from(bidParts).where(and(eq(bidParts.bidId, bid.id), isNotNull(bidParts.contentKey), isNull(bidParts.plaintextPieces)));
  let stored = 0;
  for (const p of parts) {
    if (p.contentKey === null) continue; // selected with a key (isNotNull above)
    const d = await decryptPart(deps, bid, p, Buffer.from(p.contentKey, 'base64'), true);
    if (d.sha256 !== p.plaintextSha256) throw new AppError('INTEGRITY_FAILED', undefined, { reason: 'PLAINTEXT_HASH', bidId: bid.id, part: p.part });
    await deps.db.transaction(async (tx) => {
      const [u] = await tx
        .update(bidParts)
        .set({ plaintextPieces: d.pieces, contentKey: null })
        .where(and(eq(bidParts.id, p.id), isNull(bidParts.plaintextPieces)))
        .returning({ id: bidParts.id });
      if (!u) return;
      stored += 1;
      await audit(tx, deps, SYSTEM_CONTEXT, {
        chain: projectChain(bid.projectId),
        action: 'opening.plaintext_stored',
        subject: { type: 'bid', id: bid.id },
        payload: { part: p.part, plaintextSha256: d.sha256, size: d.size, pieces: d.pieces.length },
        objectHashes: d.pieces,
      });
    });
  }
  return { stored };
}
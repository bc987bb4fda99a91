/**
 * Chunked, resumable upload of a sealed bid part (issue 6 §3, DESIGN §6).
 *
 * - `startBidUpload`: the bidder declares the sealed size and the chunked part hash; an open upload of
 *   the same (company, section, part, partHash, size) is returned again (resume).
 * - `putBidPiece`: one transport piece (4 MiB, the last shorter) streams into the content-addressed
 *   object store (exact size enforced while streaming), then a short transaction records it. Piece 0 is
 *   read back at once and its envelope header checked: not sealed (B2, with the prompt), another
 *   project/section/part, unsupported algorithms, or a recipient that is not an encryption certificate
 *   of the bidding company are refused and the piece removed.
 * - `bidUploadStatus`: the pieces received so far.
 * - `runBidUploadCleanup`: open uploads past the deadline or idle 24 h become abandoned and their piece
 *   objects are removed unless a bid part (or another live upload) references the same object.
 *
 * Time is the server clock only (T1); bidding must be open at the start and again when the piece is
 * recorded (B1). No transaction is held across the upload.
 */
import { createHash, X509Certificate } from 'node:crypto';
import { and, asc, eq, inArray } from 'drizzle-orm';
import { bidUploadPieces, bidUploads, certificates, projects, type BidUploadRow, type ProjectRow, type StoredBidRecipient, type Tx } from '@ebid/db';
import { projectChain } from '@ebid/audit';
import { AppError } from '@ebid/domain';
import type { BidUploadStart, BidUploadStatus, BidUploadStatusInput, StartBidUploadInput } from '@ebid/contracts';
import { ENVELOPE_VERSION, parseEnvelopeHeader } from '@ebid/pki';
import { isBidPart, TRANSPORT_CHUNK_SIZE } from '@ebid/pki/constants';
import type { PutBody } from '@ebid/storage';
import { audit, requireActor, SYSTEM_CONTEXT, type RequestContext } from '../context.ts';
import type { Deps } from '../deps.ts';
import { enqueueJob } from '../jobs/queue.ts';
import { assertMayBid } from '../tendering/qualification/index.ts';
import { assertSectionOpen } from '../tendering/lifecycle/index.ts';
import { assertBiddingOpen, assertMayRespond, bidDeadlineOf, loadSectionForBidder, requireBidder } from './bidding-window.ts';
import { envelopeAppError } from './envelope-errors.ts';
import { BID_UPLOAD_CLEANUP_JOB, deletePieceIfUnreferenced, expectedPieceSize, MAX_SEALED_PART_BYTES, pieceCountOf, SHA256_HEX, UPLOAD_IDLE_MS } from './pieces.ts';

/** A recipient as the header has it (wrappedKey, base64) or as stored (wrappedKeyBytes). */
export interface RecipientToCheck {
  kind?: unknown;
  certSerial?: unknown;
  certSha256?: unknown;
  wrappedKey?: unknown;
  wrappedKeyBytes?: unknown;
}

/** Largest header the format allows plus the magic and the length field. */
const HEADER_READ_BYTES = 8 + 4 + 65536;

async function receivedOf(tx: Pick<Tx, 'select'>, uploadId: number): Promise<number[]> {
  const rows = await tx.select({ index: bidUploadPieces.index }).from(bidUploadPieces).where(eq(bidUploadPieces.uploadId, uploadId)).orderBy(asc(bidUploadPieces.index));
  return rows.map((r) => r.index);
}

function badDeclaration(field: string, zh: string, en: string, reason: string): AppError {
  return new AppError('VALIDATION', { zh, en }, { field, reason });
}

async function scheduleCleanup(tx: Tx, deps: Pick<Deps, 'clock'>, upload: { id: number; projectId: number }, deadline: Date): Promise<void> {
  await enqueueJob(tx, deps.clock, { kind: BID_UPLOAD_CLEANUP_JOB, payload: {}, runAt: new Date(deadline.getTime() + 1000), dedupeKey: `bid.upload_cleanup:deadline:${upload.projectId}:${deadline.toISOString()}` });
  const idle = new Date(deps.clock.now().getTime() + UPLOAD_IDLE_MS + 60_000);
  await enqueueJob(tx, deps.clock, { kind: BID_UPLOAD_CLEANUP_JOB, payload: {}, runAt: idle, dedupeKey: `bid.upload_cleanup:idle:${upload.id}` });
}

export async function startBidUpload(
  deps: Pick<Deps, 'db' | 'clock'>,
  ctx: RequestContext,
  input: StartBidUploadInput,
): Promise<BidUploadStart> {
  const actor = requireActor(ctx);
  requireBidder(actor);
  if (!isBidPart(input.part)) throw badDeclaration('part', '投标文件部分无效', 'Unknown bid part', 'UNKNOWN_PART');
  const partHash = String(input.partHash).toLowerCase();
  if (!SHA256_HEX.test(partHash)) throw badDeclaration('partHash', '分块摘要应为64位十六进制SHA-256', 'partHash must be 64 hex digits (SHA-256)', 'BAD_HASH');
  if (!Number.isSafeInteger(input.size) || input.size < 12) throw badDeclaration('size', '密封文件大小无效', 'Invalid sealed file size', 'BAD_SIZE');
  if (input.size > MAX_SEALED_PART_BYTES) {
    throw new AppError('PAYLOAD_TOO_LARGE', { zh: `密封文件超过上限（${MAX_SEALED_PART_BYTES} 字节）`, en: `The sealed file exceeds the limit (${MAX_SEALED_PART_BYTES} bytes)` }, { field: 'size', max: MAX_SEALED_PART_BYTES });
  }
  return deps.db.transaction(async (tx) => {
    const { section, project } = await loadSectionForBidder(tx, input.sectionId);
    assertMayRespond(project, actor.orgId); // issue 18 §3
    assertSectionOpen(section); // issue 16 §7
    const deadline = assertBiddingOpen(project, deps.clock.now());
    await assertMayBid(tx, { projectId: project.id, sectionId: section.id, bidderOrgId: actor.orgId });
    const key = and(
      eq(bidUploads.bidderOrgId, actor.orgId),
      eq(bidUploads.sectionId, section.id),
      eq(bidUploads.part, input.part),
      eq(bidUploads.partHash, partHash),
      eq(bidUploads.size, input.size),
      eq(bidUploads.status, 'open'),
    );
    const [existing] = await tx.select().from(bidUploads).where(key);
    if (existing) {
      return { uploadId: existing.id, pieceSize: TRANSPORT_CHUNK_SIZE, pieceCount: existing.pieceCount, received: await receivedOf(tx, existing.id) };
    }
    const now = deps.clock.now();
    const [row] = await tx
      .insert(bidUploads)
      .values({
        projectId: project.id,
        sectionId: section.id,
        bidderOrgId: actor.orgId,
        userId: actor.userId,
        part: input.part,
        size: input.size,
        partHash,
        pieceCount: pieceCountOf(input.size),
        createdAt: now,
        updatedAt: now,
      })
      .onConflictDoNothing()
      .returning();
    if (!row) {
      // A concurrent start of the same upload won: resume it.
      const [other] = await tx.select().from(bidUploads).where(key);
      if (!other) throw new AppError('CONFLICT', { zh: '上传正在创建，请重试', en: 'The upload is being created; try again' });
      return { uploadId: other.id, pieceSize: TRANSPORT_CHUNK_SIZE, pieceCount: other.pieceCount, received: await receivedOf(tx, other.id) };
    }
    await scheduleCleanup(tx, deps, row, deadline);
    await audit(tx, deps, ctx, {
      chain: projectChain(project.id),
      action: 'bid.upload_start',
      subject: { type: 'bid_upload', id: row.id },
      payload: { sectionId: section.id, part: input.part, size: input.size, partHash },
    });
    return { uploadId: row.id, pieceSize: TRANSPORT_CHUNK_SIZE, pieceCount: row.pieceCount, received: [] };
  });
}

/** The upload, if it is the actor's company's; NOT_FOUND for everyone else (no existence leak). */
async function ownUpload(db: Pick<Tx, 'select'>, ctx: RequestContext, uploadId: number): Promise<{ upload: BidUploadRow; project: ProjectRow }> {
  const actor = requireActor(ctx);
  const [row] = await db.select({ upload: bidUploads, project: projects }).from(bidUploads).innerJoin(projects, eq(projects.id, bidUploads.projectId)).where(eq(bidUploads.id, uploadId));
  if (!row || actor.role !== 'bidder' || row.upload.bidderOrgId !== actor.orgId) {
    throw new AppError('NOT_FOUND', { zh: '上传不存在', en: 'No such upload' }, { field: 'uploadId' });
  }
  return row;
}

function assertUploadOpen(u: BidUploadRow): void {
  if (u.status !== 'open') {
    throw new AppError('INVALID_STATE', { zh: '该上传已结束（已提交或已放弃）', en: 'This upload is closed (finalized or abandoned)' }, { reason: 'UPLOAD_CLOSED', status: u.status });
  }
}

export async function bidUploadStatus(deps: Pick<Deps, 'db'>, ctx: RequestContext, input: BidUploadStatusInput): Promise<BidUploadStatus> {
  const { upload } = await ownUpload(deps.db, ctx, input.uploadId);
  return { received: await receivedOf(deps.db, upload.id), pieceCount: upload.pieceCount, status: upload.status };
}

function wrongRecipient(zh: string, en: string, extra: Record<string, unknown> = {}): AppError {
  return new AppError('VALIDATION', { zh: `投标文件的加密对象不正确：${zh}`, en: `Wrong envelope recipient: ${en}` }, { reason: 'WRONG_RECIPIENT', ...extra });
}

function wrappedKeyBytesOf(r: RecipientToCheck): number | null {
  if (typeof r.wrappedKey === 'string') return /^[A-Za-z0-9+/]+={0,2}$/.test(r.wrappedKey) ? Buffer.from(r.wrappedKey, 'base64').length : null;
  return typeof r.wrappedKeyBytes === 'number' && Number.isSafeInteger(r.wrappedKeyBytes) ? r.wrappedKeyBytes : null;
}

/** The byte length of the RSA modulus of a stored certificate, or null (not RSA). */
function modulusBytesOfPem(pem: string): number | null {
  const k = new X509Certificate(pem).publicKey;
  const bits = k.asymmetricKeyType === 'rsa' ? k.asymmetricKeyDetails?.modulusLength : undefined;
  return bits ? Math.ceil(bits / 8) : null;
}

/**
 * Exactly one recipient (issue 14 §6), and it is an encryption certificate (not revoked, valid now) of a
 * user of the bidding company, found by its SHA-256 — and the wrapped key is exactly one RSA block of THAT
 * certificate's key (a key wrapped to a foreign key of another size cannot hide behind the label). A
 * platform key is never in the certificates table, so it can never pass. A second entry (a duplicate, or
 * one labelled as the bidder but wrapped to someone else) is refused: nobody but the bidder may hold K.
 */
export async function checkRecipients(tx: Pick<Tx, 'select'>, deps: Pick<Deps, 'clock'>, bidderOrgId: number, recipientsIn: unknown): Promise<StoredBidRecipient[]> {
  const recipients: readonly RecipientToCheck[] = Array.isArray(recipientsIn) ? recipientsIn : [];
  if (recipients.length === 0) throw wrongRecipient('没有接收者', 'no recipient', { cause: 'RECIPIENT_COUNT' });
  if (recipients.length > 1) {
    const labels = recipients.map((r) => String(r.certSha256 ?? '').toLowerCase());
    const dup = new Set(labels).size !== labels.length;
    throw wrongRecipient(
      dup ? '同一接收者出现多次' : '只允许一个接收者（本单位的加密证书）',
      dup ? 'the same recipient is listed twice' : "exactly one recipient is allowed (the company's encryption certificate)",
      { cause: dup ? 'DUPLICATE_RECIPIENT' : 'RECIPIENT_COUNT', count: recipients.length },
    );
  }
  const now = deps.clock.now().getTime();
  const out: StoredBidRecipient[] = [];
  for (const r of recipients) {
    const serial = String(r.certSerial ?? '').toLowerCase();
    const certSha256 = String(r.certSha256 ?? '').toLowerCase();
    if (r.kind !== 'bidder') throw wrongRecipient('接收者类型不是投标人', 'the recipient is not the bidder', { certSerial: serial });
    const [c] = await tx.select().from(certificates).where(eq(certificates.fingerprintSha256, certSha256));
    if (!c || c.serialHex !== serial) throw wrongRecipient('不是平台签发给用户的加密证书', 'not a user encryption certificate issued by the platform', { certSerial: serial });
    if (c.usage !== 'encryption') throw wrongRecipient('该证书不是加密证书', 'not an encryption certificate', { certSerial: serial });
    if (c.orgId !== bidderOrgId) throw wrongRecipient('该证书不属于本投标单位', 'the certificate is not of the bidding company', { certSerial: serial });
    if (c.status === 'revoked') throw wrongRecipient('该证书已被吊销', 'the certificate is revoked', { certSerial: serial, cause: 'CERT_REVOKED' });
    if (now < c.notBefore.getTime() || now > c.notAfter.getTime()) throw wrongRecipient('该证书不在有效期内', 'the certificate is not valid now', { certSerial: serial, cause: 'CERT_EXPIRED' });
    const wrappedKeyBytes = wrappedKeyBytesOf(r);
    const modulusBytes = modulusBytesOfPem(c.pem);
    if (wrappedKeyBytes === null || modulusBytes === null || wrappedKeyBytes !== modulusBytes) {
      throw wrongRecipient('加密密钥不是用该证书的公钥封装的（长度不符）', "the wrapped key was not made with this certificate's key (its length differs)", {
        certSerial: serial,
        cause: 'WRAPPED_KEY_LENGTH',
        wrappedKeyBytes,
        modulusBytes,
      });
    }
    out.push({ kind: 'bidder', certSerial: serial, certSha256, wrappedKeyBytes });
  }
  return out;
}

async function readPrefix(deps: Pick<Deps, 'storage'>, sha256: string, size: number): Promise<Uint8Array> {
  const end = Math.min(size, HEADER_READ_BYTES) - 1;
  const stream = await deps.storage.get(sha256, { start: 0, end });
  const chunks: Buffer[] = [];
  for await (const c of stream) chunks.push(Buffer.isBuffer(c) ? c : Buffer.from(c));
  return new Uint8Array(Buffer.concat(chunks));
}

/** Check the header of piece 0 against the upload; returns the header hash and the recipients. */
async function checkHeader(deps: Pick<Deps, 'storage' | 'clock' | 'db'>, upload: BidUploadRow, sha256: string, size: number): Promise<{ headerSha256: string; recipients: StoredBidRecipient[] }> {
  const bytes = await readPrefix(deps, sha256, size);
  let parsed: ReturnType<typeof parseEnvelopeHeader>;
  try {
    parsed = parseEnvelopeHeader(bytes);
  } catch (e) {
    throw envelopeAppError(e, { field: 'piece', index: 0 });
  }
  const { header, headerBytes } = parsed;
  // New bids are sealed in the current format only (v2: the key commitment, issue 14 §4); v1 files stay
  // readable for the bids sealed before, but an old-format upload would skip the commitment.
  if (header.v !== ENVELOPE_VERSION) {
    throw new AppError(
      'VALIDATION',
      { zh: `该加密文件是旧版格式（v${header.v}），请使用最新的投标文件加密工具重新加密`, en: `This sealed file uses the old format v${header.v}; seal it again with the current tool` },
      { reason: 'ENVELOPE_OUTDATED', version: header.v, expected: ENVELOPE_VERSION },
    );
  }
  if (header.projectId !== upload.projectId || header.sectionId !== upload.sectionId || header.part !== upload.part) {
    throw new AppError(
      'VALIDATION',
      { zh: '该加密文件不是为本项目、本标段的这一部分制作的', en: 'This sealed file was made for another project, section or part' },
      { reason: 'ENVELOPE_WRONG_TARGET', expected: { projectId: upload.projectId, sectionId: upload.sectionId, part: upload.part }, found: { projectId: header.projectId, sectionId: header.sectionId, part: header.part } },
    );
  }
  const recipients = await checkRecipients(deps.db, deps, upload.bidderOrgId, header.recipients);
  return { headerSha256: createHash('sha256').update(headerBytes).digest('hex'), recipients };
}

export interface PieceResult {
  index: number;
  sha256: string;
  size: number;
  received: number[];
}

/**
 * Store one piece (streamed; exact size), then record it. Bidding must be open before the first byte
 * and still when the piece is recorded (B1); a refused piece leaves nothing behind.
 */
export async function putBidPiece(
  deps: Pick<Deps, 'db' | 'clock' | 'storage' | 'logger'>,
  ctx: RequestContext,
  input: { uploadId: number; index: number; body: PutBody },
): Promise<PieceResult> {
  const { upload, project } = await ownUpload(deps.db, ctx, input.uploadId);
  assertUploadOpen(upload);
  if (!Number.isSafeInteger(input.index) || input.index < 0 || input.index >= upload.pieceCount) {
    throw new AppError('VALIDATION', { zh: '分块序号超出范围', en: 'Piece index out of range' }, { field: 'index', reason: 'PIECE_INDEX', pieceCount: upload.pieceCount });
  }
  assertBiddingOpen(project, deps.clock.now());
  const expected = expectedPieceSize(upload.size, input.index);
  const stored = await deps.storage.put(input.body, { expectedSize: expected, maxSize: expected, contentType: 'application/octet-stream' });
  let header: { headerSha256: string; recipients: StoredBidRecipient[] } | null = null;
  try {
    if (input.index === 0) header = await checkHeader(deps, upload, stored.sha256, stored.size);
    const out = await deps.db.transaction(async (tx) => {
      const [u] = await tx.select().from(bidUploads).where(eq(bidUploads.id, upload.id)).for('update');
      if (!u) throw new AppError('NOT_FOUND');
      assertUploadOpen(u);
      // B1: judged when the piece is completely received and recorded.
      const [p] = await tx.select().from(projects).where(eq(projects.id, u.projectId));
      if (!p) throw new AppError('NOT_FOUND');
      assertBiddingOpen(p, deps.clock.now());
      const [prev] = await tx.select().from(bidUploadPieces).where(and(eq(bidUploadPieces.uploadId, u.id), eq(bidUploadPieces.index, input.index)));
      if (prev) {
        await tx.update(bidUploadPieces).set({ sha256: stored.sha256, size: stored.size }).where(and(eq(bidUploadPieces.uploadId, u.id), eq(bidUploadPieces.index, input.index)));
      } else {
        await tx.insert(bidUploadPieces).values({ uploadId: u.id, index: input.index, sha256: stored.sha256, size: stored.size, createdAt: deps.clock.now() });
      }
      await tx
        .update(bidUploads)
        .set({ updatedAt: deps.clock.now(), ...(header ? { headerSha256: header.headerSha256, recipients: header.recipients } : {}) })
        .where(eq(bidUploads.id, u.id));
      return { replaced: prev && prev.sha256 !== stored.sha256 ? prev.sha256 : null, received: await receivedOf(tx, u.id) };
    });
    if (out.replaced) await deletePieceIfUnreferenced(deps, out.replaced);
    return { index: input.index, sha256: stored.sha256, size: stored.size, received: out.received };
  } catch (e) {
    // A rejected piece is removed (DESIGN §8) unless the same object is referenced elsewhere.
    await deletePieceIfUnreferenced(deps, stored.sha256);
    throw e;
  }
}

/**
 * The 'bid.upload_cleanup' job: open uploads past their project's bid deadline or idle for 24 h become
 * abandoned (B1: an upload not finished before the deadline counts as withdrawn); their piece objects
 * are removed unless a bid part or another live upload references the same object.
 */
export async function runBidUploadCleanup(deps: Pick<Deps, 'db' | 'clock' | 'storage' | 'logger'>): Promise<{ abandoned: number; deleted: number }> {
  const now = deps.clock.now();
  const candidates = await deps.db
    .select({ upload: bidUploads, schedule: projects.schedule })
    .from(bidUploads)
    .innerJoin(projects, eq(projects.id, bidUploads.projectId))
    .where(eq(bidUploads.status, 'open'));
  const stale = candidates.filter(({ upload, schedule }) => {
    const deadline = bidDeadlineOf({ schedule });
    return (deadline && now.getTime() > deadline.getTime()) || upload.updatedAt.getTime() < now.getTime() - UPLOAD_IDLE_MS;
  });
  if (stale.length === 0) return { abandoned: 0, deleted: 0 };
  const ids = stale.map((s) => s.upload.id);
  const pieces = await deps.db.transaction(async (tx): Promise<{ abandoned: number; shas: string[] }> => {
    const done = await tx
      .update(bidUploads)
      .set({ status: 'abandoned', updatedAt: now })
      .where(and(inArray(bidUploads.id, ids), eq(bidUploads.status, 'open')))
      .returning({ id: bidUploads.id, projectId: bidUploads.projectId });
    for (const d of done) {
      await audit(tx, deps, SYSTEM_CONTEXT, { chain: projectChain(d.projectId), action: 'bid.upload_abandon', subject: { type: 'bid_upload', id: d.id }, payload: {} });
    }
    if (done.length === 0) return { abandoned: 0, shas: [] };
    const rows = await tx.select({ sha256: bidUploadPieces.sha256 }).from(bidUploadPieces).where(inArray(bidUploadPieces.uploadId, done.map((d) => d.id)));
    return { abandoned: done.length, shas: rows.map((r) => r.sha256) };
  });
  let deleted = 0;
  for (const sha of new Set(pieces.shas)) {
    if (await deletePieceIfUnreferenced(deps, sha)) deleted++;
  }
  return { abandoned: pieces.abandoned, deleted };
}


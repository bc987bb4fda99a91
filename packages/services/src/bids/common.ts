/**
 * Shared pieces of the sealed-bid services (issue 6): loading a section for bidding, the bid deadline
 * judged by server time (B1, T1), envelope errors as AppErrors, the chunked part hash, and removing a
 * piece object that nothing references any more.
 */
import { createHash } from 'node:crypto';
import { and, eq, ne, sql } from 'drizzle-orm';
import { bidParts, bidUploadPieces, bidUploads, certificates, projects, sections, type Db, type Tx } from '@ebid/db';
import { AppError, assertAvailable } from '@ebid/domain';
import { BID_PARTS, ENVELOPE_ERROR_MESSAGES, EnvelopeError, TRANSPORT_CHUNK_SIZE, assertSignable, verifyCmsDetached, type BidPart, type SigningKind } from '@ebid/pki';
import type { Actor } from '../auth/session.ts';
import type { Deps } from '../deps.ts';
import { isPublic } from '../projects/index.ts';

export type ProjectRow = typeof projects.$inferSelect;
export type SectionRow = typeof sections.$inferSelect;

/** Transport piece size (4 MiB); every piece but the last is exactly this long. */
export const PIECE_SIZE = TRANSPORT_CHUNK_SIZE;
/** The largest sealed part accepted (2 GiB). */
export const MAX_SEALED_PART_BYTES = 2 * 1024 * 1024 * 1024;
/** An open upload untouched this long is abandoned by the cleanup job. */
export const UPLOAD_IDLE_MS = 24 * 60 * 60 * 1000;
export const BID_UPLOAD_CLEANUP_JOB = 'bid.upload_cleanup';

export const SHA256_HEX = /^[0-9a-f]{64}$/;

export function isBidPart(p: unknown): p is BidPart {
  return typeof p === 'string' && (BID_PARTS as readonly string[]).includes(p);
}

export function requireBidder(actor: Actor): void {
  if (actor.role !== 'bidder') throw new AppError('FORBIDDEN', { zh: '只有投标人可以提交投标文件', en: 'Only bidders submit bids' }, { reason: 'NOT_BIDDER' });
}

/** The section and its project, as a bidder may see them (a project not yet public is NOT_FOUND). */
export async function loadSectionForBidder(tx: Tx | Db, sectionId: number): Promise<{ section: SectionRow; project: ProjectRow }> {
  const [row] = await tx.select({ section: sections, project: projects }).from(sections).innerJoin(projects, eq(projects.id, sections.projectId)).where(eq(sections.id, sectionId));
  if (!row || !isPublic(row.project)) throw new AppError('NOT_FOUND', { zh: '标段不存在', en: 'No such section' }, { field: 'sectionId' });
  return row;
}

export function bidDeadlineOf(p: Pick<ProjectRow, 'schedule'>): Date | null {
  const v = (p.schedule as Record<string, string | undefined>).bidDeadline;
  if (!v) return null;
  const d = new Date(v);
  return Number.isNaN(d.getTime()) ? null : d;
}

export function deadlinePassed(deadline: Date): AppError {
  return new AppError(
    'INVALID_STATE',
    { zh: '投标截止时间已过，不再接收投标文件（以平台服务器时间为准）', en: 'The bid deadline has passed (server time); no bid is accepted' },
    { reason: 'DEADLINE_PASSED', deadline: deadline.toISOString() },
  );
}

/**
 * Refuses unless the project takes bids at instant `at` (the domain's one rule, `bid.submit`: BIDDING
 * and at ≤ bidDeadline; issue 16 §4) — for a finalize or withdrawal, the instant the request arrived
 * (T1, `arrivalOf`), so a request received before the deadline counts even when its transaction commits
 * after it. Returns the deadline.
 */
export function assertBiddingOpen(p: ProjectRow, at: Date): Date {
  return assertAvailable('bid.submit', p, at).closesAt!;
}

/** An EnvelopeError as the platform's VALIDATION error (details.reason = the envelope code). */
export function envelopeAppError(e: unknown, details: Record<string, unknown> = {}): AppError {
  if (e instanceof EnvelopeError) {
    const msg = ENVELOPE_ERROR_MESSAGES[e.code];
    return new AppError('VALIDATION', msg, { reason: e.code, ...(e.detail !== undefined ? { detail: e.detail } : {}), ...details });
  }
  if (e instanceof AppError) return e;
  return new AppError('VALIDATION', ENVELOPE_ERROR_MESSAGES.ENVELOPE_MALFORMED, { reason: 'ENVELOPE_MALFORMED', ...details });
}

/** partHash: hex SHA-256 over the raw 32-byte SHA-256 digests of the pieces, in order. */
export function partHashOf(pieceHashesHex: string[]): string {
  const h = createHash('sha256');
  for (const p of pieceHashesHex) h.update(Buffer.from(p, 'hex'));
  return h.digest('hex');
}

export function pieceCountOf(size: number): number {
  return Math.max(1, Math.ceil(size / PIECE_SIZE));
}

/** The exact byte count piece `index` must have. */
export function expectedPieceSize(size: number, index: number): number {
  const count = pieceCountOf(size);
  return index < count - 1 ? PIECE_SIZE : size - (count - 1) * PIECE_SIZE;
}

/** Is the object still referenced by a recorded piece (of an upload not abandoned) or a bid part? */
export async function pieceReferenced(db: Tx | Db, sha256: string, exceptAbandoned = true): Promise<boolean> {
  const piece = await db
    .select({ u: bidUploadPieces.uploadId })
    .from(bidUploadPieces)
    .innerJoin(bidUploads, eq(bidUploads.id, bidUploadPieces.uploadId))
    .where(and(eq(bidUploadPieces.sha256, sha256), exceptAbandoned ? ne(bidUploads.status, 'abandoned') : sql`true`))
    .limit(1);
  if (piece.length) return true;
  const part = await db
    .select({ id: bidParts.id })
    .from(bidParts)
    .where(sql`${bidParts.pieces} @> ${JSON.stringify([sha256])}::jsonb`)
    .limit(1);
  return part.length > 0;
}

/** Remove a piece object unless something still references it (content-addressed: never remove a shared one). */
export async function deletePieceIfUnreferenced(deps: Pick<Deps, 'db' | 'storage' | 'logger'>, sha256: string): Promise<boolean> {
  if (await pieceReferenced(deps.db, sha256)) return false;
  try {
    await deps.storage.delete(sha256);
    return true;
  } catch (e) {
    deps.logger.warn({ err: e, sha256 }, 'bid piece cleanup failed');
    return false;
  }
}

const CERT_REASON_TEXT: Record<string, { zh: string; en: string }> = {
  SIGNATURE_INVALID: { zh: '签名与文件内容不符', en: 'The signature does not match the content' },
  CMS_MALFORMED: { zh: '签名格式错误', en: 'The signature is malformed' },
  CERT_EXPIRED: { zh: '签名证书已过期', en: 'The signing certificate has expired' },
  CERT_NOT_YET_VALID: { zh: '签名证书尚未生效', en: 'The signing certificate is not yet valid' },
  CERT_REVOKED: { zh: '签名证书已被吊销', en: 'The signing certificate is revoked' },
  CERT_UNTRUSTED: { zh: '签名证书不是受信任的CA签发的', en: 'The signing certificate is not from a trusted CA' },
  CERT_WRONG_USAGE: { zh: '签名证书不是签名用途', en: 'The certificate is not a signing certificate' },
  CERT_MALFORMED: { zh: '签名证书格式错误', en: 'The signing certificate is malformed' },
};

function sigError(reason: string, text: { zh: string; en: string }, extra: Record<string, unknown>): AppError {
  return new AppError('VALIDATION', text, { reason, ...extra });
}

/**
 * A detached CMS over `content` by a signing certificate of a user of company `orgId` (X1): trusted,
 * valid at `at`, not revoked, the company's current signing certificate. Returns the certificate row;
 * VALIDATION with details.reason (SIGNATURE_INVALID, CERT_*, SIGNER_NOT_OF_COMPANY, CERT_SUPERSEDED) otherwise.
 */
export async function verifyCompanySignature(
  tx: Tx,
  deps: Pick<Deps, 'pki'>,
  input: {
    /** what the signature is for (issue 14 §5): the content must be an object of this kind */
    kind: Exclude<SigningKind, 'login'>;
    signature: Uint8Array;
    content: Uint8Array;
    orgId: number;
    at: Date;
    text?: Partial<Record<string, { zh: string; en: string }>>;
    details?: Record<string, unknown>;
  },
): Promise<typeof certificates.$inferSelect> {
  const extra = input.details ?? {};
  assertSignable(input.kind, input.content);
  const textOf = (reason: string) => input.text?.[reason] ?? CERT_REASON_TEXT[reason] ?? CERT_REASON_TEXT.SIGNATURE_INVALID!;
  const revoked = new Set((await tx.select({ s: certificates.serialHex }).from(certificates).where(eq(certificates.status, 'revoked'))).map((r) => r.s));
  const check = verifyCmsDetached(input.signature, input.content, {
    trustedRootsPem: deps.pki.trustedRootsPem,
    at: input.at,
    isRevoked: (serial) => revoked.has(serial),
    usage: 'signing',
  });
  if (!check.ok) {
    const reason = check.reason === 'CMS_MALFORMED' ? 'SIGNATURE_INVALID' : check.reason;
    throw sigError(reason, check.reason === 'CMS_MALFORMED' ? textOf('SIGNATURE_INVALID') : textOf(check.reason), extra);
  }
  const [cert] = await tx.select().from(certificates).where(eq(certificates.fingerprintSha256, check.signer.fingerprintSha256));
  if (!cert || cert.usage !== 'signing' || cert.orgId !== input.orgId) {
    throw sigError('SIGNER_NOT_OF_COMPANY', { zh: '签名证书不是本投标单位用户的签名证书', en: 'The signing certificate is not a signing certificate of a user of the bidding company' }, extra);
  }
  if (cert.status === 'revoked') throw sigError('CERT_REVOKED', textOf('CERT_REVOKED'), extra);
  if (cert.status !== 'active') throw sigError('CERT_SUPERSEDED', { zh: '签名证书已被新证书替换，请使用当前证书签名', en: 'The signing certificate was replaced; sign with the current one' }, extra);
  return cert;
}

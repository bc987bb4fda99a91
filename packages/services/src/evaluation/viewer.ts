/**
 * The bid viewer (issue 22 §1): the decrypted bid parts, read from the plaintext stored at the opening
 * (bid_parts.plaintextPieces, objects in the store verified piece by piece), for a declared member (E3),
 * the center staff running the session and the project's supervisors. Platform administrators run the
 * platform, not the evaluation: bid contents are not theirs to read (ZTB §38 — the evaluation is
 * confidential). Anyone else is told the evaluation does not exist.
 *
 * Parts are named by the bid's session label and the part; a blind technical part (暗标) only by its blind
 * label until the identities are revealed: then it is served as `<blind label>-技术标.pdf` — never the
 * bidder's file name — as an anonymized copy (no metadata, signatures or form: `blindCopy`), and the
 * label's own listing leaves it out, so size and hash cannot tie the two.
 *
 * Every view of a part is audited (evaluation.part_viewed) with the label — the blind label for a blind
 * part, never the bidder, and no hash of a blind part (the opening's published hashes would name it).
 * The bytes stream over HTTP (apps/server evaluation-routes.ts), not tRPC.
 */
import { and, eq } from 'drizzle-orm';
import { projectChain } from '@ebid/audit';
import { anonymizePdf, PdfAnonymizeError } from '@ebid/pdf';
import { bidParts, type BidPartRow, type EvaluationLabel } from '@ebid/db';
import { AppError, word, type VocabularyKey } from '@ebid/domain';
import type { EvaluationBidParts } from '@ebid/contracts';
import { BID_PARTS, type BidPart } from '@ebid/pki/constants';
import type { Actor } from '../auth/session.ts';
import { audit, type RequestContext } from '../context.ts';
import type { Deps } from '../deps.ts';
import { plaintextOf, storeOpeningPlaintext } from '../opening/decrypt.ts';
import { evaluationNotFound, loadEvaluationFor, requireDeclared, type LoadedEvaluation } from './access.ts';

export type EvaluationPartRef = { label: string; part: BidPart } | { blindLabel: string };

export const partUrl = (evaluationId: number, label: string, part: BidPart): string => `/evaluations/${evaluationId}/parts/${encodeURIComponent(label)}/${part}`;
export const blindPartUrl = (evaluationId: number, blindLabel: string): string => `/evaluations/${evaluationId}/blind/${encodeURIComponent(blindLabel)}`;

/** Are the blind labels hidden (a blind technical part whose identities are not revealed yet)? */
export const blindHidden = (e: LoadedEvaluation['e']): boolean => e.blindTechnical && e.revealedAt === null;

/** The caller of a read: no session is told the evaluation does not exist, like any other outsider. */
export function evaluationReader(ctx: RequestContext): Actor {
  if (!ctx.actor) throw evaluationNotFound();
  return ctx.actor;
}

/** The viewer may read bid contents: a declared member, center staff, a supervisor of the project. */
async function loadForBids(db: Deps['db'], ctx: RequestContext, evaluationId: number): Promise<LoadedEvaluation> {
  const actor = evaluationReader(ctx);
  const l = await loadEvaluationFor(db, actor, evaluationId);
  if (l.viewer === 'member') requireDeclared(l);
  if (actor.role === 'platform_admin') {
    throw new AppError('FORBIDDEN', { zh: '平台管理员不能查看投标文件内容', en: 'Platform administrators do not read bid contents' }, { reason: 'BID_CONTENT_NOT_FOR_ADMIN' });
  }
  return l;
}

const labelNotFound = (field: string) => new AppError('NOT_FOUND', { zh: '评审编号不存在', en: 'No such bid label in this evaluation' }, { field, reason: 'LABEL_UNKNOWN' });

function byLabel(l: LoadedEvaluation, label: string): EvaluationLabel {
  const found = l.e.labels.find((x) => x.label === label);
  if (!found) throw labelNotFound('label');
  return found;
}

function blindPartByLabel(): AppError {
  return new AppError('FORBIDDEN', { zh: '暗标技术标只能按暗标编号查看', en: 'The blind technical part is shown under its blind label only' }, { reason: 'BLIND_PART' });
}

/** A bid's decrypted parts (kind, size, hash) by label; the blind technical part is left out until the reveal. */
export async function evaluationBidParts(deps: Pick<Deps, 'db'>, ctx: RequestContext, input: { evaluationId: number; label: string }): Promise<EvaluationBidParts> {
  const l = await loadForBids(deps.db, ctx, input.evaluationId);
  const x = byLabel(l, input.label);
  const rows = await deps.db.select().from(bidParts).where(eq(bidParts.bidId, x.bidId));
  const hidden = blindHidden(l.e);
  const parts = rows
    .filter((p) => p.plaintextSha256 !== null && p.plaintextSize !== null && !(hidden && p.part === 'technical'))
    .sort((a, b) => BID_PARTS.indexOf(a.part) - BID_PARTS.indexOf(b.part))
    .map((p) => ({ part: p.part, size: p.plaintextSize!, sha256: p.plaintextSha256!, partUrl: partUrl(l.e.id, x.label, p.part) }));
  return { label: x.label, parts };
}

/** The stored part, its plaintext stored now when the `opening.store_plaintext` job has not run yet. */
async function storedPart(deps: Pick<Deps, 'db' | 'clock' | 'storage' | 'pki'>, bidId: number, part: BidPart): Promise<BidPartRow> {
  const find = async () => (await deps.db.select().from(bidParts).where(and(eq(bidParts.bidId, bidId), eq(bidParts.part, part))))[0];
  let row = await find();
  if (!row || row.plaintextSha256 === null || row.plaintextSize === null) {
    throw new AppError('NOT_FOUND', { zh: '该投标文件没有此部分或未解密', en: 'The bid has no such decrypted part' }, { field: 'part', reason: 'PART_UNKNOWN' });
  }
  if (row.plaintextPieces === null) {
    await storeOpeningPlaintext(deps, { bidId });
    row = await find();
    if (!row || row.plaintextPieces === null) throw new AppError('UNAVAILABLE', { zh: '投标文件明文尚未保存，请稍后重试', en: 'The decrypted part is not stored yet; retry shortly' }, { reason: 'PLAINTEXT_PENDING' });
  }
  return row;
}

function contentTypeOf(name: string | null): string {
  const ext = /\.([A-Za-z0-9]{1,8})$/.exec(name ?? '')?.[1]?.toLowerCase();
  switch (ext) {
    case 'pdf':
      return 'application/pdf';
    case 'json':
      return 'application/json';
    case 'txt':
      return 'text/plain; charset=utf-8';
    case 'zip':
      return 'application/zip';
    default:
      return 'application/octet-stream';
  }
}

export interface EvaluationPartStream {
  stream: NodeJS.ReadableStream;
  size: number;
  sha256: string;
  fileName: string;
  contentType: string;
}

/**
 * One decrypted part's bytes for the viewer: by label and part, or a blind technical part by its blind
 * label. Audited (unless `record` is false: a HEAD request transfers nothing).
 */
export async function evaluationPartStream(
  deps: Pick<Deps, 'db' | 'clock' | 'storage' | 'pki'>,
  ctx: RequestContext,
  input: { evaluationId: number; ref: EvaluationPartRef; record?: boolean },
): Promise<EvaluationPartStream> {
  const l = await loadForBids(deps.db, ctx, input.evaluationId);
  let bidId: number;
  let part: BidPart;
  let shownAs: { label: string } | { blindLabel: string };
  let fileName: string | null = null;
  if ('blindLabel' in input.ref) {
    const blind = input.ref.blindLabel;
    const x = l.e.blindTechnical ? l.e.labels.find((y) => y.blindLabel !== null && y.blindLabel === blind) : undefined;
    if (!x) throw labelNotFound('blindLabel');
    bidId = x.bidId;
    part = 'technical';
    shownAs = { blindLabel: blind };
    fileName = `${blind}-${word('zh', 'bidPart.technical')}.pdf`;
  } else {
    if (!BID_PARTS.includes(input.ref.part)) throw new AppError('NOT_FOUND', undefined, { field: 'part', reason: 'PART_UNKNOWN' });
    const x = byLabel(l, input.ref.label);
    if (input.ref.part === 'technical' && blindHidden(l.e)) throw blindPartByLabel();
    bidId = x.bidId;
    part = input.ref.part;
    shownAs = { label: x.label };
  }
  const row = await storedPart(deps, bidId, part);
  const name = fileName ?? row.plaintextName ?? `${'label' in shownAs ? shownAs.label : ''}-${word('zh', `bidPart.${part}` as VocabularyKey)}`;
  // A blind part goes out as its anonymized copy: neither its metadata nor its own hash or size name the bidder.
  const blind = 'blindLabel' in shownAs ? await blindCopy(deps, row) : null;
  if (input.record !== false) {
    await deps.db.transaction(async (tx) => {
      await audit(tx, deps, ctx, {
        chain: projectChain(l.p.id),
        action: 'evaluation.part_viewed',
        subject: { type: 'evaluation', id: l.e.id },
        // The label (or the blind label), never the bidder; a blind part's hash would name the bidder.
        payload: { evaluationId: l.e.id, ...shownAs, part, ...('label' in shownAs ? { sha256: row.plaintextSha256 } : {}) },
      });
    });
  }
  if (blind) return { stream: await deps.storage.get(blind.sha256), size: blind.size, sha256: blind.sha256, fileName: name, contentType: 'application/pdf' };
  const stream = await plaintextOf(deps, row);
  if (!stream) throw new AppError('UNAVAILABLE', undefined, { reason: 'PLAINTEXT_PENDING' });
  return { stream, size: row.plaintextSize!, sha256: row.plaintextSha256!, fileName: name, contentType: fileName ? 'application/pdf' : contentTypeOf(row.plaintextName) };
}

/**
 * The blind technical part as the committee sees it (暗标): its pages in a new PDF without the document
 * information, XMP, signatures, form fields or links (@ebid/pdf anonymizePdf). Its bytes, size and hash
 * differ from the bidder's file, so the opening's published hashes cannot name it. Made once per part and
 * kept in the object store (content-addressed, never served under the bidder's hash); this process
 * remembers which copy belongs to which part (bounded; after a restart the first view makes it again), and
 * concurrent first views share one run. A part that is not a readable PDF is not shown (it cannot be shown
 * blind): UNAVAILABLE BLIND_PART_UNREADABLE — the committee decides on it as on any non-compliant 暗标.
 */
async function blindCopy(deps: Pick<Deps, 'storage'>, row: BidPartRow): Promise<{ sha256: string; size: number }> {
  const key = row.plaintextSha256;
  if (!key) throw new AppError('UNAVAILABLE', undefined, { reason: 'PLAINTEXT_PENDING' });
  const known = blindCopies.get(key);
  if (known && (await deps.storage.stat(known.sha256))) return known;
  let run = blindRuns.get(key);
  if (!run) {
    run = makeBlindCopy(deps, row).finally(() => blindRuns.delete(key));
    blindRuns.set(key, run);
  }
  const made = await run;
  if (blindCopies.size >= BLIND_COPIES_KEPT) blindCopies.delete(blindCopies.keys().next().value!);
  blindCopies.set(key, made);
  return made;
}

/** The plaintext part's SHA-256 → its anonymized copy in the store (oldest forgotten first). */
const blindCopies = new Map<string, { sha256: string; size: number }>();
const BLIND_COPIES_KEPT = 1_000;
/** First views in progress, by the part's SHA-256. */
const blindRuns = new Map<string, Promise<{ sha256: string; size: number }>>();

async function makeBlindCopy(deps: Pick<Deps, 'storage'>, row: BidPartRow): Promise<{ sha256: string; size: number }> {
  const stream = await plaintextOf(deps, row);
  if (!stream) throw new AppError('UNAVAILABLE', undefined, { reason: 'PLAINTEXT_PENDING' });
  const chunks: Buffer[] = [];
  for await (const c of stream) chunks.push(Buffer.isBuffer(c) ? c : Buffer.from(c as Uint8Array));
  let bytes: Uint8Array;
  try {
    bytes = await anonymizePdf(Buffer.concat(chunks));
  } catch (e) {
    if (!(e instanceof PdfAnonymizeError)) throw e;
    throw new AppError(
      'UNAVAILABLE',
      { zh: '该暗标技术标不是可读取的PDF文件，无法隐去其标识信息后展示', en: 'This blind technical part is not a readable PDF: it cannot be shown without what identifies it' },
      { reason: 'BLIND_PART_UNREADABLE' },
    );
  }
  const stored = await deps.storage.put(bytes, { contentType: 'application/pdf' });
  return { sha256: stored.sha256, size: stored.size };
}

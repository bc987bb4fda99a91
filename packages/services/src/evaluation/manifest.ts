/**
 * The evaluation's manifest (issue 22 §4; S11): everything the ranking is recomputed from, as one object
 * the platform stores by SHA-256 — the frozen method and its hash, the label mapping with the salt of its
 * commitment, the ceiling, the K drawn at opening, the current members, the bids with the price read at
 * opening and the committee's recorded inputs (S3, S7, S8, adjustments), and the SHA-256 of every signed
 * sheet of the current members and of its CMS. Stored as canonical JSON (`canonicalJson`), so the same
 * manifest always has the same hash.
 */
import { eq } from 'drizzle-orm';
import { openings, type DbOrTx, type Tx } from '@ebid/db';
import { canonicalJson, EVALUATION_MANIFEST_TYPE, type EvaluationManifest, type PolicyClaim } from '@ebid/domain/evaluation';
import { openingKValue } from '../opening/record.ts';
import type { LoadedEvaluation } from './access.ts';
import { activeMemberIds, bidFacts, ceilingOf, liveSheets, sha256Hex } from './sheets.ts';

export async function buildManifest(db: DbOrTx, l: LoadedEvaluation): Promise<EvaluationManifest> {
  const e = l.e;
  const members = await activeMemberIds(db, e.id);
  const memberSet = new Set(members);
  const facts = await bidFacts(db, e);
  const [o] = await db.select().from(openings).where(eq(openings.projectId, l.p.id));
  // The K of the opening's public draw (issue 14 §2), or of the old columns for openings drawn before it.
  const k = o ? await openingKValue(db as Tx, o) : null;
  const sheets = (await liveSheets(db, e.id)).filter((s) => s.signedAt !== null && memberSet.has(s.memberUserId));
  return {
    type: EVALUATION_MANIFEST_TYPE,
    version: 1,
    evaluationId: e.id,
    round: e.round,
    projectCode: l.p.unifiedDealCode,
    sectionCode: l.s.code,
    method: e.method,
    methodSha256: e.methodSha256,
    labelsSha256: e.labelsSha256,
    labelsSalt: e.labelsSalt,
    ceilingFen: ceilingOf(l),
    // K belongs to the engineering base-price method only (S4); the other kinds refuse one
    k: e.method.kind === 'eng.comprehensive' ? k : null,
    members: members.map(String),
    bids: facts.map((b) => ({
      bidId: b.bidId,
      label: b.label,
      blindLabel: b.blindLabel,
      bidderName: b.bidderName,
      openedPriceFen: b.openedPriceFen,
      correctedPriceFen: b.input?.correctedPriceFen ?? null,
      policy: (b.input?.policy ?? null) as PolicyClaim | null,
      adjustmentsFen: b.input?.adjustmentsFen ?? null,
      costFinding: b.input?.costFinding ?? null,
      // only when recorded: manifests without a brand stay what they were before the rule (R87 §31)
      ...(b.input?.brand ? { brand: b.input.brand } : {}),
    })),
    sheets: sheets.map((s) => ({ memberId: String(s.memberUserId), stage: s.stage, sha256: s.sha256!, cmsSha256: sha256Hex(Buffer.from(s.cms!, 'base64')) })),
  };
}

/** The stored bytes of a manifest (or a result): canonical JSON, UTF-8. */
export const canonicalBytes = (v: unknown): Uint8Array => new TextEncoder().encode(canonicalJson(v));

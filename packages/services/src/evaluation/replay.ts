/**
 * Replaying an evaluation (issue 22 §4; S11): the ranking recomputed from the stored objects only — the
 * manifest (by its SHA-256, referenced from the audit chain) and the signed sheets it names — with the
 * frozen method, never from the mutable rows. The platform's own result is computed by this same function
 * when the evaluation finishes (finish.ts), and `ebid replay-evaluation` runs it again on the objects it
 * downloads, checking every member's CMS itself.
 *
 * Every object is checked before it is used: its bytes hash to the name it is asked by; the manifest is
 * canonical JSON of the manifest type, its method hashes to `methodSha256` and its label mapping to the
 * committed `labelsSha256`; each sheet is exactly a canonical sheet object of this evaluation, of a round up
 * to the manifest's, of the member and stage the manifest lists, over the same method and labels. An altered
 * sheet therefore fails here (its hash, or — when re-hashed into a re-hashed manifest — its signature) or
 * gives another result hash than the one recorded.
 */
import { and, eq } from 'drizzle-orm';
import { certificates, evaluationSheets } from '@ebid/db';
import { AppError } from '@ebid/domain';
import {
  canonicalJson,
  evaluate,
  EVALUATION_MANIFEST_TYPE,
  isComprehensive,
  labelsCommitmentBytes,
  parseSheetBytes,
  SHEET_STAGES,
  validateMethod,
  type ComplianceEntry,
  type ComplianceFinding,
  type EvaluationManifest,
  type EvaluationResult,
  type ScoreEntry,
  type ScoreSheetEntry,
  type SheetStage,
} from '@ebid/domain/evaluation';
import { verifyCmsDetached } from '@ebid/pki';
import { requireActor, type RequestContext } from '../context.ts';
import type { Deps } from '../deps.ts';
import { loadEvaluationFor } from './access.ts';
import { canonicalBytes } from './manifest.ts';
import { scoresCriteria, sha256Hex, technicalCriteria } from './sheets.ts';

export type GetObject = (sha256: string) => Promise<Uint8Array>;

export interface ReplaySheet {
  memberId: string;
  stage: SheetStage;
  sha256: string;
  cmsSha256: string;
}

export interface ReplayOptions {
  /** checks a member's detached CMS over a sheet's bytes; throws when it does not verify */
  verifyCms?: (bytes: Uint8Array, cms: Uint8Array, memberId: string, sheet: ReplaySheet) => Promise<void>;
}

export interface ReplayResult {
  manifest: EvaluationManifest;
  result: EvaluationResult;
  /** canonical JSON of the result, and its SHA-256 */
  resultJson: string;
  resultSha256: string;
}

function broken(reason: string, zh: string, en: string, extra: Record<string, unknown> = {}): AppError {
  return new AppError('INTEGRITY_FAILED', { zh, en }, { reason, ...extra });
}

/** The object named `sha256`, checked to hash to it. */
async function checkedObject(getObject: GetObject, sha256: string, what: string): Promise<Uint8Array> {
  if (typeof sha256 !== 'string' || !/^[0-9a-f]{64}$/.test(sha256)) throw broken('REPLAY_HASH_INVALID', `${what}的摘要格式错误`, `The digest of the ${what} is malformed`, { sha256 });
  let bytes: Uint8Array;
  try {
    bytes = await getObject(sha256);
  } catch (e) {
    throw broken('REPLAY_OBJECT_MISSING', `找不到${what}（${sha256}）`, `The ${what} ${sha256} cannot be read`, { sha256, cause: e instanceof Error ? e.message : String(e) });
  }
  if (sha256Hex(bytes) !== sha256) throw broken('REPLAY_OBJECT_ALTERED', `${what}的内容与其摘要不符`, `The ${what} does not hash to its name`, { sha256 });
  return bytes;
}

const isObj = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const HEX64 = /^[0-9a-f]{64}$/;

/** Parses and checks the manifest's bytes (canonical JSON of the manifest type, hashes consistent). */
export function parseManifest(bytes: Uint8Array): EvaluationManifest {
  let v: unknown;
  try {
    v = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes));
  } catch {
    throw broken('REPLAY_MANIFEST_INVALID', '评标清单不是有效的JSON', 'The manifest is not valid JSON');
  }
  const m = v as EvaluationManifest;
  const bad = (field: string) => broken('REPLAY_MANIFEST_INVALID', `评标清单字段 ${field} 无效`, `The manifest's field ${field} is not valid`, { field });
  if (!isObj(m) || m.type !== EVALUATION_MANIFEST_TYPE || m.version !== 1) throw bad('type');
  if (canonicalJson(m) !== new TextDecoder().decode(bytes)) throw broken('REPLAY_MANIFEST_NOT_CANONICAL', '评标清单不是规范格式', 'The manifest is not in canonical form');
  if (!Number.isSafeInteger(m.evaluationId) || m.evaluationId <= 0) throw bad('evaluationId');
  if (!Number.isSafeInteger(m.round) || m.round <= 0) throw bad('round');
  if (!HEX64.test(String(m.methodSha256)) || !HEX64.test(String(m.labelsSha256)) || typeof m.labelsSalt !== 'string') throw bad('labelsSha256');
  if (!Array.isArray(m.members) || m.members.some((x) => typeof x !== 'string')) throw bad('members');
  if (!Array.isArray(m.bids) || m.bids.some((b) => !isObj(b) || !Number.isSafeInteger(b.bidId) || typeof b.label !== 'string')) throw bad('bids');
  if (!Array.isArray(m.sheets) || m.sheets.some((s) => !isObj(s) || typeof s.memberId !== 'string' || !SHEET_STAGES.includes(s.stage) || !HEX64.test(String(s.sha256)) || !HEX64.test(String(s.cmsSha256)))) throw bad('sheets');
  const spec = validateMethod(m.method);
  if (sha256Hex(canonicalJson(spec)) !== m.methodSha256) throw broken('REPLAY_METHOD_ALTERED', '评标办法与其摘要不符', 'The method does not hash to methodSha256', { rule: 'S1' });
  const commitment = sha256Hex(labelsCommitmentBytes(m.labelsSalt, m.bids.map((b) => ({ bidId: b.bidId, label: b.label, blindLabel: b.blindLabel }))));
  if (commitment !== m.labelsSha256) throw broken('REPLAY_LABELS_ALTERED', '投标编号对应关系与开始评标时的承诺不符', 'The label mapping does not match the commitment made at the start');
  return m;
}

/**
 * Loads the manifest and its sheets, checks them (see the file comment), rebuilds the input of `evaluate`
 * and runs it with the manifest's frozen method. Throws INTEGRITY_FAILED naming what is wrong.
 */
export async function replayFromObjects(getObject: GetObject, manifestSha256: string, opts: ReplayOptions = {}): Promise<ReplayResult> {
  const manifest = parseManifest(await checkedObject(getObject, manifestSha256, '评标清单 manifest'));
  const spec = manifest.method;
  const members = new Set(manifest.members);
  const byLabel = new Map(manifest.bids.map((b) => [b.label, String(b.bidId)]));
  const byBlind = new Map(manifest.bids.filter((b) => b.blindLabel !== null).map((b) => [b.blindLabel!, String(b.bidId)]));
  const blind = byBlind.size > 0;
  const stages: SheetStage[] = ['compliance', ...(technicalCriteria(spec, blind).length > 0 ? (['technical'] as const) : []), ...(scoresCriteria(spec, blind).length > 0 ? (['scores'] as const) : [])];

  const compliance: ComplianceFinding[] = [];
  const scores = new Map<string, ScoreEntry[]>([...members].map((m) => [m, []]));
  const seen = new Set<string>();
  for (const s of manifest.sheets) {
    const where = { memberId: s.memberId, stage: s.stage, sha256: s.sha256 };
    if (!members.has(s.memberId)) throw broken('REPLAY_SHEET_NOT_A_MEMBER', '评分表不属于现任成员', 'A sheet is not of a current member', where);
    if (!stages.includes(s.stage)) throw broken('REPLAY_SHEET_STAGE', '评分表的评审阶段不属于该评标办法', 'A sheet is of a stage the method does not have', where);
    const key = `${s.memberId}\u0000${s.stage}`;
    if (seen.has(key)) throw broken('REPLAY_SHEET_DUPLICATE', '同一成员同一阶段有两份评分表', 'A member has two sheets of one stage', where);
    seen.add(key);
    const bytes = await checkedObject(getObject, s.sha256, '评分表 sheet');
    let o;
    try {
      o = parseSheetBytes(bytes);
    } catch {
      throw broken('REPLAY_SHEET_INVALID', '评分表不是规范的评分表对象', 'A sheet is not a canonical sheet object', where);
    }
    if (o.evaluationId !== manifest.evaluationId || o.round > manifest.round || o.memberId !== s.memberId || o.stage !== s.stage || o.methodSha256 !== manifest.methodSha256 || o.labelsSha256 !== manifest.labelsSha256) {
      throw broken('REPLAY_SHEET_MISMATCH', '评分表与评标清单不一致（评标、轮次、成员、阶段、办法或编号）', 'A sheet does not match the manifest (evaluation, round, member, stage, method or labels)', where);
    }
    if (opts.verifyCms) {
      const cms = await checkedObject(getObject, s.cmsSha256, '签名 CMS');
      try {
        await opts.verifyCms(bytes, cms, s.memberId, s);
      } catch (e) {
        const reason = e instanceof AppError ? e.details?.reason : undefined;
        throw broken('REPLAY_SIGNATURE_INVALID', '评分表的签名验证失败', 'A sheet signature does not verify', { ...where, cause: typeof reason === 'string' ? reason : e instanceof Error ? e.message : String(e) });
      }
    }
    const names = s.stage === 'technical' ? byBlind : byLabel;
    const idOf = (label: string) => {
      const id = names.get(label);
      if (id === undefined) throw broken('REPLAY_SHEET_LABEL', `评分表中的投标编号「${label}」不在评标清单中`, `A sheet names bid ${label}, which the manifest does not have`, { ...where, label });
      return id;
    };
    if (s.stage === 'compliance') {
      for (const x of o.entries as ComplianceEntry[]) compliance.push({ memberId: s.memberId, bidId: idOf(x.bid), criterionId: x.criterionId, pass: x.pass, reason: x.reason });
    } else {
      for (const x of o.entries as ScoreSheetEntry[]) scores.get(s.memberId)!.push({ bidId: idOf(x.bid), criterionId: x.criterionId, score: x.score });
    }
  }
  // The stages the evaluation reached: compliance, then each later stage in order while any sheet of it exists.
  // An evaluation that stopped early (O2) has no sheets of the stages it never reached — then, and only
  // then, the replayed result must itself be that failure (checked below).
  const reachedCount = stages.findIndex((st) => st !== 'compliance' && !manifest.sheets.some((x) => x.stage === st));
  const reached = reachedCount === -1 ? stages : stages.slice(0, reachedCount);
  for (const m of members) {
    for (const stage of reached) {
      if (!seen.has(`${m}\u0000${stage}`)) throw broken('REPLAY_SHEET_MISSING', `成员${m}缺少已签署的评审表（${stage}）`, `Member ${m} has no signed ${stage} sheet`, { memberId: m, stage });
    }
  }
  if (manifest.sheets.some((x) => !reached.includes(x.stage))) throw broken('REPLAY_SHEET_STAGE', '评分表的评审阶段不连续', 'A sheet is of a stage after one no member signed', {});
  const result = evaluate(spec, {
    members: manifest.members,
    ceilingFen: manifest.ceilingFen,
    k: manifest.k,
    bids: manifest.bids.map((b) => ({ id: String(b.bidId), priceFen: b.correctedPriceFen ?? b.openedPriceFen, policy: b.policy, adjustmentsFen: b.adjustmentsFen, costFinding: b.costFinding, brand: b.brand ?? null })),
    compliance,
    sheets: isComprehensive(spec) ? manifest.members.map((m) => ({ memberId: m, scores: scores.get(m)! })) : [],
  });
  const unreached = stages.find((st) => !reached.includes(st));
  if (unreached !== undefined && result.status !== 'failed') {
    const m = [...members][0] ?? '';
    throw broken('REPLAY_SHEET_MISSING', `成员${m}缺少已签署的评审表（${unreached}）`, `Member ${m} has no signed ${unreached} sheet`, { memberId: m, stage: unreached });
  }
  const resultJson = canonicalJson(result);
  return { manifest, result, resultJson, resultSha256: sha256Hex(canonicalBytes(result)) };
}

/** Reads a whole object from the store (verified by the store's own hash check on the way). */
export function storeReader(deps: Pick<Deps, 'storage'>): GetObject {
  return async (sha256) => {
    const chunks: Buffer[] = [];
    for await (const c of await deps.storage.get(sha256)) chunks.push(Buffer.isBuffer(c) ? c : Buffer.from(c as Uint8Array));
    return Buffer.concat(chunks);
  };
}

export interface ReplayCheck {
  /** the recomputed result hashes to the one recorded at the finish */
  matches: boolean;
  manifestSha256: string;
  /** the recomputed result's SHA-256, null when the objects did not pass their checks */
  resultSha256: string | null;
  storedResultSha256: string | null;
  /** why the replay failed (REPLAY_* reason), null when it ran */
  problem: string | null;
}

/**
 * The platform replays an evaluation from its objects (center, supervisors; members once the result is
 * out), checking every member's CMS against its own certificate at the time it signed.
 */
export async function replayEvaluation(deps: Pick<Deps, 'db' | 'storage' | 'pki'>, ctx: RequestContext, input: { evaluationId: number }): Promise<ReplayCheck> {
  const actor = requireActor(ctx);
  const l = await loadEvaluationFor(deps.db, actor, input.evaluationId);
  if (l.e.manifestSha256 === null || (l.viewer === 'member' && !['reporting', 'signed', 'failed'].includes(l.e.status))) {
    throw new AppError('INVALID_STATE', { zh: '评审结果尚未形成', en: 'The evaluation has no result yet' }, { reason: 'NOT_FINISHED', status: l.e.status });
  }
  const verifyCms = async (bytes: Uint8Array, cms: Uint8Array, memberId: string, sheet: ReplaySheet) => {
    const [row] = await deps.db
      .select({ signedAt: evaluationSheets.signedAt, memberUserId: evaluationSheets.memberUserId })
      .from(evaluationSheets)
      .where(and(eq(evaluationSheets.evaluationId, l.e.id), eq(evaluationSheets.sha256, sheet.sha256)));
    if (!row?.signedAt || String(row.memberUserId) !== memberId) throw new Error('no signed sheet of this member with this hash');
    const check = verifyCmsDetached(cms, bytes, { trustedRootsPem: deps.pki.trustedRootsPem, at: row.signedAt, usage: 'signing' });
    if (!check.ok) throw new AppError('SIGNATURE_INVALID', undefined, { reason: check.reason });
    const [cert] = await deps.db.select({ userId: certificates.userId }).from(certificates).where(eq(certificates.fingerprintSha256, check.signer.fingerprintSha256));
    if (!cert || String(cert.userId) !== memberId) throw new AppError('SIGNATURE_INVALID', undefined, { reason: 'SIGNER_NOT_MEMBER' });
  };
  try {
    const r = await replayFromObjects(storeReader(deps), l.e.manifestSha256, { verifyCms });
    return { matches: r.resultSha256 === l.e.resultSha256, manifestSha256: l.e.manifestSha256, resultSha256: r.resultSha256, storedResultSha256: l.e.resultSha256, problem: null };
  } catch (e) {
    if (!(e instanceof AppError)) throw e;
    return { matches: false, manifestSha256: l.e.manifestSha256, resultSha256: null, storedResultSha256: l.e.resultSha256, problem: String(e.details?.reason ?? e.code) };
  }
}

export interface EvaluationObjects {
  evaluationId: number;
  manifestSha256: string;
  resultSha256: string;
  /** the signed sheets the manifest names: who signed, when, with which certificate (PEM) */
  sheets: { memberId: string; stage: SheetStage; sha256: string; cmsSha256: string; signedAt: string; certificatePem: string }[];
  /** every object: the manifest, the result, each sheet and each CMS, base64 */
  objects: { sha256: string; base64: string }[];
}

/**
 * The objects an outside replay needs (`ebid replay-evaluation`): the manifest, the result, every signed
 * sheet and its CMS, and each signer's certificate. Center staff and supervisors.
 */
export async function evaluationObjects(deps: Pick<Deps, 'db' | 'storage'>, ctx: RequestContext, input: { evaluationId: number }): Promise<EvaluationObjects> {
  const actor = requireActor(ctx);
  const l = await loadEvaluationFor(deps.db, actor, input.evaluationId);
  if (l.viewer === 'member') throw new AppError('FORBIDDEN', { zh: '只有交易中心和监督人员可以导出评标对象', en: 'Only the center and supervisors export the objects' }, { reason: 'NOT_CENTER_OR_SUPERVISOR' });
  if (l.e.manifestSha256 === null || l.e.resultSha256 === null) throw new AppError('INVALID_STATE', { zh: '评审结果尚未形成', en: 'The evaluation has no result yet' }, { reason: 'NOT_FINISHED', status: l.e.status });
  const read = storeReader(deps);
  const manifestBytes = await read(l.e.manifestSha256);
  const manifest = parseManifest(manifestBytes);
  const objects = new Map<string, Uint8Array>([
    [l.e.manifestSha256, manifestBytes],
    [l.e.resultSha256, await read(l.e.resultSha256)],
  ]);
  const rows = await deps.db
    .select({ sha256: evaluationSheets.sha256, signedAt: evaluationSheets.signedAt, memberUserId: evaluationSheets.memberUserId, pem: certificates.pem })
    .from(evaluationSheets)
    .innerJoin(certificates, eq(certificates.serialHex, evaluationSheets.certSerial))
    .where(eq(evaluationSheets.evaluationId, l.e.id));
  const sheets: EvaluationObjects['sheets'] = [];
  for (const s of manifest.sheets) {
    const row = rows.find((r) => r.sha256 === s.sha256 && String(r.memberUserId) === s.memberId);
    if (!row?.signedAt) throw new AppError('INTERNAL', undefined, { reason: 'SHEET_ROW_MISSING', sha256: s.sha256 });
    objects.set(s.sha256, await read(s.sha256));
    objects.set(s.cmsSha256, await read(s.cmsSha256));
    sheets.push({ ...s, signedAt: row.signedAt.toISOString(), certificatePem: row.pem });
  }
  return {
    evaluationId: l.e.id,
    manifestSha256: l.e.manifestSha256,
    resultSha256: l.e.resultSha256,
    sheets,
    objects: [...objects].map(([sha256, b]) => ({ sha256, base64: Buffer.from(b).toString('base64') })),
  };
}

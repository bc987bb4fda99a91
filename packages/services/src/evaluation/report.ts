/**
 * The evaluation report (评标报告, issue 22 §5; domain §8 S11; R87 §64):
 *
 * - `sealEvaluationReport` (internal, in the caller's transaction): once scoring is finished (status
 *   'reporting', the manifest and the result stored by SHA-256), the platform renders the report from the
 *   stored objects and the session's rows, seals it with the platform seal FIRST and stores it by hash. The
 *   members then sign those exact bytes, so no later save breaks a signature.
 * - `signEvaluationReport` (a member): a detached CMS over the sealed PDF's bytes with the member's own
 *   signing certificate; once every current member has signed the current report → 'signed' (read-only).
 * - `recordDissent` / `withdrawDissent` (a member, before it signed): S11 — a dissent is written text. The
 *   report prints it, so recording or withdrawing one RE-SEALS the report: a new SHA-256, and signatures over
 *   the earlier bytes (rows keyed by the report's SHA-256) no longer count; the members are told live.
 * - `reopenEvaluation` (center staff): after signing, scores change only in the R87 §64 cases; the review
 *   goes back to scoring in a new round, the scored sheets of the old round are void, and the old report,
 *   its signatures and the reasons stay on record (the audit chain and the rows keyed by SHA-256).
 * - Reads: `evaluationReport` (who signed, who has not, the dissents), `evaluationReportPdf` (the sealed
 *   bytes, the HTTP download) and `reportSignatures` (every member's CMS, base64), so anyone with
 *   access can check each one: `openssl cms -verify -binary -inform DER -in sig.p7s -content report.pdf`.
 */
import crypto from 'node:crypto';
import type { Readable } from 'node:stream';
import { and, asc, eq, inArray, isNotNull, isNull } from 'drizzle-orm';
import { projectChain } from '@ebid/audit';
import {
  auditEvents,
  committeeMembers,
  committees,
  committeeSessions,
  evaluationClarifications,
  evaluationMembers,
  evaluationReportSignatures,
  evaluations,
  evaluationSheets,
  projects,
  sections,
  users,
  type DbOrTx,
  type Tx,
} from '@ebid/db';
import { AppError, citeRule, findUnsafeText, isAppError, isSpecialtyCode, SPECIALTIES, unsafeTextError } from '@ebid/domain';
import {
  aggregateScores,
  EVALUATION_MANIFEST_TYPE,
  fixed2,
  isComprehensive,
  parseSheetBytes,
  type ComprehensiveMethod,
  type EvaluationManifest,
  type EvaluationMethodSpec,
  type EvaluationResult,
  type EvaluationSheetObject,
  type ScoreSheet,
  type ScoreSheetEntry,
} from '@ebid/domain/evaluation';
import { missingGlyphs, renderDocument, sealPdf } from '@ebid/pdf';
import { audit, requireActor, requireRole, SYSTEM_CONTEXT, type RequestContext } from '../context.ts';
import type { Deps } from '../deps.ts';
import { requireCertificateSession } from '../auth/certificate-login.ts';
import { verifyUserSignature } from '../certificates/user-signature.ts';
import { publishLiveEvent } from '../live/hub.ts';
import { notify } from '../notifications/notify.ts';
import { evaluationNotFound, evaluationTopic, loadEvaluationFor, requireDeclared, type LoadedEvaluation } from './access.ts';
import { evaluationReportSpec, type EvaluationReportData, type ReportSheetStage } from './report-spec.ts';

const sha256Hex = (b: Uint8Array | string) => crypto.createHash('sha256').update(b).digest('hex');
const HEX64 = /^[0-9a-f]{64}$/;

/** S11: a dissent is 1–2000 characters of written text. */
export const DISSENT_MAX = 2000;
/** R87 §64: the note recording why the review is reopened, 10–2000 characters. */
export const REOPEN_NOTE_MIN = 10;
export const REOPEN_NOTE_MAX = 2000;

/**
 * R87 §64 (财政部令第87号第六十四条): after the report is signed, the scores change only when the review finds
 * one of these; the committee then re-reviews on the spot and records it in the report.
 */
export const EVALUATION_REOPEN_CASES = {
  sum_error: { zh: '分值汇总计算错误', en: 'The scores were summed wrongly' },
  out_of_range: { zh: '分项评分超出评分标准规定的分值范围', en: 'An item score is outside the range the scoring rules allow' },
  objective_mismatch: { zh: '客观评审因素评分不一致', en: 'Objective items were scored differently' },
  extreme_scores: { zh: '经评标委员会认定评分畸高、畸低', en: 'The committee found scores abnormally high or low' },
} as const;
export type EvaluationReopenCase = keyof typeof EVALUATION_REOPEN_CASES;
/** R87 §64, as the report prints it (《政府采购货物和服务招标投标管理办法》第六十四条). */
const REOPEN_RULE = citeRule('R87 §64').zh;

/** The sheets a reopening voids: the scored ones (the compliance review is not what R87 §64 reopens). */
const REOPENED_STAGES = ['technical', 'scores'] as const;
const REOPEN_VOID_REASON = 'reopened_r87_64';

/**
 * The audit action of a granted extension (E6), written by extension.ts: its payload's `minutes` is what the
 * report prints. Read by action name, from the audit chain, like the other facts of the session's history.
 */
const EXTENSION_GRANTED_ACTIONS = ['evaluation.extension_granted'];
/** The audit action that ends scoring (finish.ts): its time is the report's 评标结束时间. */
const FINISH_EVENT = 'evaluation.finished';

const reportMissing = () => new AppError('NOT_FOUND', { zh: '评标报告尚未生成', en: 'The evaluation report is not generated yet' }, { reason: 'REPORT_MISSING' });

async function readObject(deps: Pick<Deps, 'storage'>, sha256: string, what: string): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const c of await deps.storage.get(sha256)) chunks.push(Buffer.isBuffer(c) ? c : Buffer.from(c as Uint8Array));
  const bytes = Buffer.concat(chunks);
  if (sha256Hex(bytes) !== sha256) throw new AppError('INTEGRITY_FAILED', undefined, { reason: 'OBJECT_HASH_MISMATCH', object: what, expectedSha256: sha256 });
  return bytes;
}

function parseJson<T>(bytes: Buffer, what: string): T {
  try {
    return JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes)) as T;
  } catch {
    throw new AppError('INTERNAL', undefined, { reason: 'OBJECT_NOT_JSON', object: what });
  }
}

/** How the members' scores were aggregated, as the report prints it (S6). */
function aggregationText(spec: EvaluationMethodSpec): string {
  if (!isComprehensive(spec)) return '不适用';
  return spec.aggregation.mode === 'mean' ? '算术平均值' : `去掉一个最高分和一个最低分后取算术平均值（${spec.aggregation.minMembers}名及以上成员时）`;
}

const specialtyName = (code: string) => (isSpecialtyCode(code) ? SPECIALTIES[code].zh : code);

/** The current members with their names and seats, in the committee's order (specialty, drawn rank). */
async function currentMembers(db: DbOrTx, evaluationId: number) {
  return db
    .select({ m: evaluationMembers, name: users.displayName, specialty: committeeMembers.specialty })
    .from(evaluationMembers)
    .innerJoin(users, eq(users.id, evaluationMembers.userId))
    .innerJoin(committeeMembers, eq(committeeMembers.id, evaluationMembers.committeeMemberId))
    .where(and(eq(evaluationMembers.evaluationId, evaluationId), eq(evaluationMembers.status, 'active')))
    .orderBy(asc(committeeMembers.specialty), asc(committeeMembers.rank), asc(evaluationMembers.userId));
}

/** The audit events of one evaluation with one of `actions`, oldest first. */
async function evaluationEvents(db: DbOrTx, l: Pick<LoadedEvaluation, 'e' | 'p'>, actions: string[]) {
  return db
    .select({ at: auditEvents.at, action: auditEvents.action, payload: auditEvents.payload })
    .from(auditEvents)
    .where(and(eq(auditEvents.chain, projectChain(l.p.id)), eq(auditEvents.subjectType, 'evaluation'), eq(auditEvents.subjectId, String(l.e.id)), inArray(auditEvents.action, actions)))
    .orderBy(asc(auditEvents.id));
}

/**
 * Each member's own weighted criteria points per scored bid (the report's 各成员评审因素得分): the member's
 * technical and scores sheets merged, weighted exactly as the aggregation weights them (a one-member plain
 * mean of `aggregateScores` is the member's own total). A bid a sheet does not fully score is left out.
 */
function memberScoresOf(spec: ComprehensiveMethod, sheets: Map<string, EvaluationSheetObject[]>, bidKeyOf: (label: string) => string, scoredIds: string[]): EvaluationReportData['memberScores'] {
  if (scoredIds.length === 0) return [];
  const own: ComprehensiveMethod = { ...spec, aggregation: { mode: 'mean' } };
  const out: EvaluationReportData['memberScores'] = [];
  for (const [memberId, objects] of sheets) {
    const scores = objects
      .filter((o) => o.stage !== 'compliance')
      .flatMap((o) => (o.entries as ScoreSheetEntry[]).map((e) => ({ bidId: bidKeyOf(e.bid), criterionId: e.criterionId, score: e.score })));
    const sheet: ScoreSheet = { memberId, scores };
    const aggregate = (ids: string[]) => {
      try {
        return aggregateScores(own, [sheet], ids);
      } catch (e) {
        if (isAppError(e) && e.code === 'VALIDATION') return null;
        throw e;
      }
    };
    // All at once; when a bid is not fully scored, bid by bid (the rest still print).
    const all = aggregate(scoredIds) ?? scoredIds.flatMap((id) => aggregate([id]) ?? []);
    for (const a of all) {
      out.push({ memberId, bidId: a.bidId, groups: Object.fromEntries(Object.entries(a.groups).map(([g, v]) => [g, fixed2(v)])), total: fixed2(a.criteria.value) });
    }
  }
  return out;
}

/** Everything the report prints, from the stored objects (manifest, result, sheets) and the session's rows. */
async function reportData(tx: Tx, deps: Pick<Deps, 'storage' | 'config'>, l: Pick<LoadedEvaluation, 'e' | 'p' | 's'>, generatedAt: Date): Promise<EvaluationReportData> {
  const { e, p, s } = l;
  if (e.manifestSha256 === null || e.resultSha256 === null) {
    throw new AppError('INVALID_STATE', { zh: '评审尚未完成，不能生成评标报告', en: 'Scoring is not finished: no report yet' }, { reason: 'RESULT_MISSING' });
  }
  const manifest = parseJson<EvaluationManifest>(await readObject(deps, e.manifestSha256, 'manifest'), 'manifest');
  if (manifest.type !== EVALUATION_MANIFEST_TYPE || manifest.evaluationId !== e.id || manifest.round !== e.round || manifest.methodSha256 !== e.methodSha256 || manifest.labelsSha256 !== e.labelsSha256) {
    throw new AppError('INTERNAL', undefined, { reason: 'MANIFEST_MISMATCH', manifestSha256: e.manifestSha256 });
  }
  const result = parseJson<EvaluationResult>(await readObject(deps, e.resultSha256, 'result'), 'result');
  if (result.kind !== manifest.method.kind || !Array.isArray(result.bids)) throw new AppError('INTERNAL', undefined, { reason: 'RESULT_MISMATCH', resultSha256: e.resultSha256 });
  const spec = manifest.method;

  // The result names bids by the ids the replay gave them: the bid's id (as a string) or its label.
  const resultIds = new Set(result.bids.map((b) => b.bidId));
  const keyOfBid = (b: { bidId: number; label: string }) => (resultIds.has(String(b.bidId)) ? String(b.bidId) : b.label);
  const keyOfLabel = new Map<string, string>();
  for (const b of manifest.bids) {
    keyOfLabel.set(b.label, keyOfBid(b));
    if (b.blindLabel !== null) keyOfLabel.set(b.blindLabel, keyOfBid(b));
  }
  const order = new Map(e.labels.map((x, i) => [x.bidId, i]));
  const bids = [...manifest.bids].sort((a, b) => (order.get(a.bidId) ?? 1e9) - (order.get(b.bidId) ?? 1e9) || a.bidId - b.bidId);

  // The signed sheets the result was computed from: each object re-read and checked against its hash.
  const rows = manifest.sheets.length
    ? await tx
        .select({ sha256: evaluationSheets.sha256, signedAt: evaluationSheets.signedAt })
        .from(evaluationSheets)
        .where(and(eq(evaluationSheets.evaluationId, e.id), inArray(evaluationSheets.sha256, manifest.sheets.map((x) => x.sha256))))
    : [];
  const signedAtOf = new Map(rows.map((r) => [r.sha256!, r.signedAt!]));
  const objects = new Map<string, EvaluationSheetObject[]>();
  const sheetsOf = new Map<string, { stage: ReportSheetStage; sha256: string; signedAt: Date }[]>();
  for (const x of manifest.sheets) {
    const signedAt = signedAtOf.get(x.sha256);
    if (!signedAt) throw new AppError('INTERNAL', undefined, { reason: 'SHEET_ROW_MISSING', sha256: x.sha256 });
    const o = parseSheetBytes(await readObject(deps, x.sha256, 'sheet'));
    if (o.evaluationId !== e.id || o.memberId !== x.memberId || o.stage !== x.stage) throw new AppError('INTERNAL', undefined, { reason: 'SHEET_MISMATCH', sha256: x.sha256 });
    objects.set(x.memberId, [...(objects.get(x.memberId) ?? []), o]);
    sheetsOf.set(x.memberId, [...(sheetsOf.get(x.memberId) ?? []), { stage: x.stage, sha256: x.sha256, signedAt }]);
  }
  const stageOrder: ReportSheetStage[] = ['compliance', 'technical', 'scores'];

  const members = await currentMembers(tx, e.id);
  const replaced = await tx
    .select({ name: users.displayName, reason: evaluationMembers.replacedReason, at: evaluationMembers.replacedAt })
    .from(evaluationMembers)
    .innerJoin(users, eq(users.id, evaluationMembers.userId))
    .where(and(eq(evaluationMembers.evaluationId, e.id), eq(evaluationMembers.status, 'replaced')))
    .orderBy(asc(evaluationMembers.replacedAt));
  const [c] = await tx.select({ ownerReps: committees.ownerReps }).from(committees).where(eq(committees.id, e.committeeId));
  const [cs] = await tx.select({ place: committeeSessions.sessionPlace }).from(committeeSessions).where(eq(committeeSessions.committeeId, e.committeeId));
  const clarifications = await tx.select().from(evaluationClarifications).where(eq(evaluationClarifications.evaluationId, e.id)).orderBy(asc(evaluationClarifications.askedAt), asc(evaluationClarifications.id));
  const labelOf = new Map(e.labels.map((x) => [x.bidId, x.label]));
  const events = await evaluationEvents(tx, l, [...EXTENSION_GRANTED_ACTIONS, FINISH_EVENT, 'evaluation.reopened']);
  const payload = (x: { payload: unknown }) => (x.payload ?? {}) as Record<string, unknown>;
  // 评标结束时间: when scoring was finished (finish.ts's audit event); else the last sheet's signature.
  const lastSigned = [...signedAtOf.values()].reduce<Date | null>((a, b) => (a === null || b > a ? b : a), null);
  const finished = events.filter((x) => x.action === FINISH_EVENT).at(-1)?.at ?? lastSigned ?? generatedAt;

  const scoredIds = result.bids.filter((b) => b.status === 'valid' && b.total !== null).map((b) => b.bidId);
  return {
    project: { unifiedDealCode: p.unifiedDealCode, name: p.name, section: { code: s.code, name: s.name }, tradeType: p.tradeType, procedureMethod: p.method },
    center: deps.config.center,
    generatedAt,
    evaluation: {
      id: e.id,
      methodKind: spec.kind,
      methodVersion: spec.version,
      methodSha256: manifest.methodSha256,
      aggregation: aggregationText(spec),
      blindTechnical: e.blindTechnical,
      startedAt: e.startedAt,
      finishedAt: finished,
      place: cs?.place ?? '—',
      manifestSha256: e.manifestSha256,
      resultSha256: e.resultSha256,
    },
    committee: {
      members: members.map(({ m, name, specialty }) => ({
        memberId: String(m.userId),
        name,
        specialty: specialtyName(specialty),
        chair: e.chairUserId === m.userId,
        // every current member declared before the review began (requireDeclared); the start is the floor
        declarationAt: m.declaredAt ?? e.startedAt,
        sheets: [...(sheetsOf.get(String(m.userId)) ?? [])].sort((a, b) => stageOrder.indexOf(a.stage) - stageOrder.indexOf(b.stage)),
      })),
      ownerReps: c?.ownerReps ?? 0,
      replaced: replaced.map((x) => ({ name: x.name, reason: x.reason ?? '—', at: x.at ?? e.startedAt })),
    },
    bids: bids.map((b) => ({
      bidId: keyOfBid(b),
      label: b.label,
      bidderName: b.bidderName,
      priceFen: b.openedPriceFen,
      aboveCeiling: manifest.ceilingFen !== null && b.openedPriceFen > manifest.ceilingFen,
    })),
    ceilingFen: manifest.ceilingFen,
    k: manifest.k,
    result,
    memberScores: isComprehensive(spec) ? memberScoresOf(spec, objects, (label) => keyOfLabel.get(label) ?? label, scoredIds) : [],
    clarifications: clarifications.map((x) => ({ bidLabel: labelOf.get(x.bidId) ?? String(x.bidId), question: x.question, answer: x.answer, askedAt: x.askedAt, answeredAt: x.answeredAt })),
    extensions: events
      .filter((x) => EXTENSION_GRANTED_ACTIONS.includes(x.action) && typeof payload(x).minutes === 'number')
      .map((x) => ({ minutes: payload(x).minutes as number, grantedAt: x.at })),
    dissents: members.flatMap(({ m, name }) => (m.dissent === null ? [] : [{ memberId: String(m.userId), name, text: m.dissent }])),
    reopenings: events
      .filter((x) => x.action === 'evaluation.reopened')
      .map((x) => {
        const kase = payload(x).case as EvaluationReopenCase;
        return { at: x.at, reason: `${EVALUATION_REOPEN_CASES[kase]?.zh ?? String(kase)}：${String(payload(x).note ?? '')}`, rule: REOPEN_RULE };
      }),
    criterionNames: Object.fromEntries([...spec.compliance, ...(isComprehensive(spec) ? spec.criteria : [])].map((x) => [x.id, x.nameZh])),
  };
}

/**
 * Renders, seals and stores the report of an evaluation in 'reporting' (scoring finished: manifest and
 * result stored) — or 'failed' with its result stored (O2: the report says why it stopped) — in the CALLER's transaction (`tx`, which should hold the evaluation's row FOR UPDATE), and
 * audits it there. Called by finish.ts at the end of scoring and here when a dissent changes.
 *
 * Rendering (a 200-bid report is some 40 pages) and sealing happen inside that transaction, holding the
 * evaluation's lock meanwhile: the report and the status it seals must change together, and nothing else
 * may write to a finished evaluation anyway. The stored object is content-addressed, so a rolled-back
 * transaction leaves at most an unreferenced object behind.
 *
 * The report's time (`generatedAt`) is the clock now; the same inputs at the same instant give the same bytes.
 */
export async function sealEvaluationReport(
  tx: Tx,
  deps: Pick<Deps, 'clock' | 'pki' | 'storage' | 'config'>,
  evaluationId: number,
  ctx: RequestContext = SYSTEM_CONTEXT,
): Promise<{ reportSha256: string; size: number; sealedAt: Date }> {
  const [row] = await tx.select().from(evaluations).where(eq(evaluations.id, evaluationId)).for('update');
  if (!row) throw evaluationNotFound();
  if (row.status !== 'reporting' && !failedWithResult(row)) {
    throw new AppError('INVALID_STATE', { zh: '评审尚未完成，不能生成评标报告', en: 'The report is generated when scoring is finished' }, { reason: 'REPORT_NOT_READY', status: row.status });
  }
  const [p] = await tx.select().from(projects).where(eq(projects.id, row.projectId));
  const [s] = await tx.select().from(sections).where(eq(sections.id, row.sectionId));
  if (!p || !s) throw evaluationNotFound();
  const l = { e: row, p, s };
  const generatedAt = deps.clock.now();
  const data = await reportData(tx, deps, l, generatedAt);
  const pdf = await sealPdf(await renderDocument(evaluationReportSpec(data)), deps.pki.platform, {
    reason: '评标报告 平台签章',
    location: deps.config.center.centerName,
    signingTime: generatedAt,
  });
  const stored = await deps.storage.put(pdf, { contentType: 'application/pdf' });
  await tx.update(evaluations).set({ reportSha256: stored.sha256, reportSize: stored.size, reportSealedAt: generatedAt }).where(eq(evaluations.id, row.id));
  await audit(tx, deps, ctx, {
    chain: projectChain(row.projectId),
    action: 'evaluation.report_sealed',
    subject: { type: 'evaluation', id: row.id },
    payload: {
      evaluationId: row.id,
      round: row.round,
      reportSha256: stored.sha256,
      size: stored.size,
      manifestSha256: row.manifestSha256,
      resultSha256: row.resultSha256,
      previousReportSha256: row.reportSha256,
      dissents: data.dissents.map((d) => d.memberId),
    },
    objectHashes: [stored.sha256, row.manifestSha256!, row.resultSha256!],
  });
  await publishLiveEvent(tx, { topic: evaluationTopic(row.id), type: 'report_sealed', data: { evaluationId: row.id, reportSha256: stored.sha256 }, at: generatedAt });
  return { reportSha256: stored.sha256, size: stored.size, sealedAt: generatedAt };
}

// ---------------------------------------------------------------- reads

export interface EvaluationReportView {
  evaluationId: number;
  status: string;
  round: number;
  /** the current sealed report, null before scoring is finished (and after a reopening, until it is again) */
  reportSha256: string | null;
  size: number | null;
  sealedAt: string | null;
  /** when every member had signed (status 'signed') */
  signedAt: string | null;
  /** the members' signatures over the CURRENT report */
  signatures: { memberUserId: number; name: string; signedAt: string; certSerial: string }[];
  /** the current members who have not signed the current report */
  pending: { memberUserId: number; name: string }[];
  /** S11: the members' written dissents, as the current report prints them */
  dissents: { memberUserId: number; name: string; text: string; at: string }[];
  /** the caller's own state, when a member */
  me: { signedAt: string | null; dissent: string | null } | null;
}

async function reportView(db: DbOrTx, l: LoadedEvaluation): Promise<EvaluationReportView> {
  const [e] = await db.select().from(evaluations).where(eq(evaluations.id, l.e.id));
  if (!e) throw evaluationNotFound();
  const members = await currentMembers(db, e.id);
  const sigs = e.reportSha256
    ? await db
        .select()
        .from(evaluationReportSignatures)
        .where(and(eq(evaluationReportSignatures.evaluationId, e.id), eq(evaluationReportSignatures.reportSha256, e.reportSha256)))
    : [];
  const sigOf = new Map(sigs.map((x) => [x.memberUserId, x]));
  const mine = l.me ? members.find((x) => x.m.userId === l.me!.userId) : undefined;
  return {
    evaluationId: e.id,
    status: e.status,
    round: e.round,
    reportSha256: e.reportSha256,
    size: e.reportSize,
    sealedAt: e.reportSealedAt?.toISOString() ?? null,
    signedAt: e.signedAt?.toISOString() ?? null,
    signatures: members.flatMap(({ m, name }) => {
      const x = sigOf.get(m.userId);
      return x ? [{ memberUserId: m.userId, name, signedAt: x.signedAt.toISOString(), certSerial: x.certSerial }] : [];
    }),
    pending: e.reportSha256 ? members.filter(({ m }) => !sigOf.has(m.userId)).map(({ m, name }) => ({ memberUserId: m.userId, name })) : [],
    dissents: members.flatMap(({ m, name }) => (m.dissent === null || m.dissentAt === null ? [] : [{ memberUserId: m.userId, name, text: m.dissent, at: m.dissentAt.toISOString() }])),
    me: mine ? { signedAt: sigOf.get(mine.m.userId)?.signedAt.toISOString() ?? null, dissent: mine.m.dissent } : null,
  };
}

/** Members (declared), center staff and the project's supervisors; anyone else NOT_FOUND. */
async function loadReader(db: DbOrTx, ctx: RequestContext, evaluationId: number): Promise<LoadedEvaluation> {
  const l = await loadEvaluationFor(db, requireActor(ctx), evaluationId);
  if (l.viewer === 'member') requireDeclared(l);
  return l;
}

export async function evaluationReport(deps: Pick<Deps, 'db'>, ctx: RequestContext, input: { evaluationId: number }): Promise<EvaluationReportView> {
  return reportView(deps.db, await loadReader(deps.db, ctx, input.evaluationId));
}

/** A report of this evaluation by its SHA-256: the current one, or an earlier one it sealed (audit chain). */
async function reportOf(db: DbOrTx, l: LoadedEvaluation, sha256: string | undefined): Promise<{ sha256: string; size: number }> {
  if (sha256 === undefined || sha256 === l.e.reportSha256) {
    if (l.e.reportSha256 === null || l.e.reportSize === null) throw reportMissing();
    return { sha256: l.e.reportSha256, size: l.e.reportSize };
  }
  if (!HEX64.test(sha256)) throw reportMissing();
  const sealed = await evaluationEvents(db, l, ['evaluation.report_sealed']);
  const hit = sealed.map((x) => x.payload as { reportSha256?: unknown; size?: unknown }).find((x) => x.reportSha256 === sha256 && typeof x.size === 'number');
  if (!hit) throw reportMissing();
  return { sha256, size: hit.size as number };
}

/** The sealed report PDF (the HTTP download): the current one, or an earlier one of this evaluation by its SHA-256. */
export async function evaluationReportPdf(
  deps: Pick<Deps, 'db' | 'storage'>,
  ctx: RequestContext,
  input: { evaluationId: number; sha256?: string },
): Promise<{ stream: Readable; size: number; sha256: string; fileName: string }> {
  const l = await loadReader(deps.db, ctx, input.evaluationId);
  const r = await reportOf(deps.db, l, input.sha256);
  return {
    stream: await deps.storage.get(r.sha256, { expectedSize: r.size }),
    size: r.size,
    sha256: r.sha256,
    fileName: `评标报告-${l.p.unifiedDealCode}-${l.s.code}-${r.sha256.slice(0, 12)}.pdf`,
  };
}

export interface ReportSignatures {
  evaluationId: number;
  reportSha256: string;
  signatures: { memberUserId: number; name: string; certSerial: string; signedAt: string; dissent: string | null; cmsBase64: string }[];
}

/**
 * Every member's detached CMS (DER, base64) over a report's bytes (the current one by default; an earlier
 * one by its SHA-256 — its signatures stay on record): check each with
 * `openssl cms -verify -binary -inform DER -in <member>.p7s -content report.pdf -CAfile <platform root>`.
 */
export async function reportSignatures(deps: Pick<Deps, 'db'>, ctx: RequestContext, input: { evaluationId: number; reportSha256?: string }): Promise<ReportSignatures> {
  const l = await loadReader(deps.db, ctx, input.evaluationId);
  const r = await reportOf(deps.db, l, input.reportSha256);
  const rows = await deps.db
    .select({ x: evaluationReportSignatures, name: users.displayName })
    .from(evaluationReportSignatures)
    .innerJoin(users, eq(users.id, evaluationReportSignatures.memberUserId))
    .where(and(eq(evaluationReportSignatures.evaluationId, l.e.id), eq(evaluationReportSignatures.reportSha256, r.sha256)))
    .orderBy(asc(evaluationReportSignatures.signedAt), asc(evaluationReportSignatures.memberUserId));
  return {
    evaluationId: l.e.id,
    reportSha256: r.sha256,
    signatures: rows.map(({ x, name }) => ({ memberUserId: x.memberUserId, name, certSerial: x.certSerial, signedAt: x.signedAt.toISOString(), dissent: x.dissent, cmsBase64: x.cms })),
  };
}

// ---------------------------------------------------------------- signing

/**
 * A failed evaluation (O2) with its stored result has a report too: the committee signs why it stopped —
 * the compliance findings with their reasons — like any report, and it is read-only once all have signed
 * (the status stays 'failed'; `signedAt` is set).
 */
const failedWithResult = (e: Pick<LoadedEvaluation['e'], 'status' | 'resultSha256'>): boolean => e.status === 'failed' && e.resultSha256 !== null;

function requireReporting(l: LoadedEvaluation): void {
  if (l.e.status === 'signed' || (l.e.status === 'failed' && l.e.signedAt !== null)) {
    throw new AppError('INVALID_STATE', { zh: '评标报告已经全体成员签署，不能再修改', en: 'Every member has signed the report: it is read-only' }, { reason: 'EVALUATION_SIGNED' });
  }
  if ((l.e.status !== 'reporting' && !failedWithResult(l.e)) || l.e.reportSha256 === null) {
    throw new AppError('INVALID_STATE', { zh: '评标报告尚未生成', en: 'The report is not generated yet' }, { reason: 'REPORT_NOT_READY', status: l.e.status });
  }
}

const reportOutdated = (current: string | null) =>
  new AppError('VALIDATION', { zh: '评标报告已更新，请下载最新版本后再签署', en: 'The report has changed; sign the current one' }, { field: 'reportSha256', reason: 'REPORT_OUTDATED', current });

/**
 * A member signs the current sealed report: a detached CMS over the PDF's exact bytes with its own signing
 * certificate (certificate session). The signing kind is 'opening-record', which is the kind of ANY PDF
 * (pki signing-domains: a PDF is recognised by its `%PDF-` magic, whatever document it is). Signing the same
 * report again changes nothing; a signature for an earlier report is VALIDATION REPORT_OUTDATED. When every
 * current member has signed the current report, the evaluation is 'signed' and read-only.
 */
export async function signEvaluationReport(
  deps: Pick<Deps, 'db' | 'clock' | 'pki' | 'storage'>,
  ctx: RequestContext,
  input: { evaluationId: number; reportSha256: string; signatureBase64: string },
): Promise<EvaluationReportView> {
  const actor = requireActor(ctx);
  const signature = Buffer.from(typeof input.signatureBase64 === 'string' ? input.signatureBase64 : '', 'base64');
  if (signature.length < 64) throw new AppError('VALIDATION', { zh: '签名格式错误', en: 'The signature is malformed' }, { field: 'signatureBase64', reason: 'SIGNATURE_INVALID' });
  // The bytes signed, read before the transaction (content-addressed: the hash is re-checked inside it).
  const l0 = await loadEvaluationFor(deps.db, actor, input.evaluationId);
  requireDeclared(l0);
  if (l0.e.reportSha256 === null) throw new AppError('INVALID_STATE', { zh: '评标报告尚未生成', en: 'The report is not generated yet' }, { reason: 'REPORT_NOT_READY', status: l0.e.status });
  if (input.reportSha256 !== l0.e.reportSha256) throw reportOutdated(l0.e.reportSha256);
  const pdf = await readObject(deps, l0.e.reportSha256, 'report');
  return deps.db.transaction(async (tx) => {
    const l = await loadEvaluationFor(tx, actor, input.evaluationId, { lock: true });
    const me = requireDeclared(l);
    if (l.e.reportSha256 !== input.reportSha256) throw reportOutdated(l.e.reportSha256);
    const [done] = await tx
      .select()
      .from(evaluationReportSignatures)
      .where(and(eq(evaluationReportSignatures.evaluationId, l.e.id), eq(evaluationReportSignatures.memberUserId, me.userId), eq(evaluationReportSignatures.reportSha256, input.reportSha256)));
    if (done) return reportView(tx, l); // already signed these bytes: nothing changes
    requireReporting(l);
    await requireCertificateSession(tx, deps, actor, { zh: '签署评标报告', en: 'Signing the report' });
    const now = deps.clock.now();
    // 'opening-record' is the signing kind of ANY PDF (pki signing-domains.ts: `%PDF-` bytes), this report included.
    const cert = await verifyUserSignature(tx, deps, { kind: 'opening-record', signature, content: pdf, at: now, userId: me.userId });
    await tx.insert(evaluationReportSignatures).values({
      evaluationId: l.e.id,
      memberUserId: me.userId,
      reportSha256: input.reportSha256,
      cms: signature.toString('base64'),
      certSerial: cert.serialHex,
      dissent: me.dissent,
      signedAt: now,
    });
    await audit(tx, deps, ctx, {
      chain: projectChain(l.p.id),
      action: 'evaluation.report_signed',
      subject: { type: 'evaluation', id: l.e.id },
      payload: { evaluationId: l.e.id, memberUserId: me.userId, reportSha256: input.reportSha256, certSerial: cert.serialHex, cmsSha256: sha256Hex(signature), dissent: me.dissent !== null },
      objectHashes: [input.reportSha256],
    });
    await publishLiveEvent(tx, { topic: evaluationTopic(l.e.id), type: 'report_signed', data: { evaluationId: l.e.id, reportSha256: input.reportSha256 }, at: now });

    const members = await currentMembers(tx, l.e.id);
    const sigs = await tx
      .select({ memberUserId: evaluationReportSignatures.memberUserId, cms: evaluationReportSignatures.cms })
      .from(evaluationReportSignatures)
      .where(and(eq(evaluationReportSignatures.evaluationId, l.e.id), eq(evaluationReportSignatures.reportSha256, input.reportSha256)));
    const cmsOf = new Map(sigs.map((x) => [x.memberUserId, x.cms]));
    if (members.every(({ m }) => cmsOf.has(m.userId))) {
      // A failed evaluation's report signed by all: still 'failed' (its section or project failed), now read-only.
      await tx.update(evaluations).set({ status: l.e.status === 'failed' ? 'failed' : 'signed', signedAt: now }).where(eq(evaluations.id, l.e.id));
      await audit(tx, deps, ctx, {
        chain: projectChain(l.p.id),
        action: 'evaluation.signed',
        subject: { type: 'evaluation', id: l.e.id },
        payload: {
          evaluationId: l.e.id,
          round: l.e.round,
          reportSha256: input.reportSha256,
          manifestSha256: l.e.manifestSha256,
          resultSha256: l.e.resultSha256,
          signatures: members.map(({ m }) => ({ memberUserId: m.userId, cmsSha256: sha256Hex(Buffer.from(cmsOf.get(m.userId)!, 'base64')) })),
        },
        objectHashes: [input.reportSha256],
      });
      await publishLiveEvent(tx, { topic: evaluationTopic(l.e.id), type: 'evaluation_signed', data: { evaluationId: l.e.id, reportSha256: input.reportSha256 }, at: now });
    }
    return reportView(tx, l);
  });
}

// ---------------------------------------------------------------- dissent (S11)

/** A dissent as it is stored and printed: CRLF → LF, tabs → spaces, trimmed; 1–2000 characters the PDF font can print. */
function dissentText(v: unknown): string {
  const t = typeof v === 'string' ? v.replace(/\r\n?/g, '\n').replace(/\t/g, ' ').trim() : '';
  if (t.length < 1 || t.length > DISSENT_MAX) {
    throw new AppError('VALIDATION', { zh: `不同意见应以书面形式写明理由（1至${DISSENT_MAX}字）`, en: `A dissent is written text of 1 to ${DISSENT_MAX} characters` }, { field: 'text', reason: 'DISSENT_LENGTH', rule: 'S11' });
  }
  const hit = findUnsafeText(t, { allowLineBreaks: true });
  if (hit) throw unsafeTextError(hit, 'text');
  const missing = [...new Set([...missingGlyphs(t, 'regular')])];
  if (missing.length > 0) {
    throw new AppError('VALIDATION', { zh: `不同意见含有报告无法打印的字符：${missing.slice(0, 5).join(' ')}`, en: 'The dissent has characters the report cannot print' }, { field: 'text', reason: 'TEXT_UNPRINTABLE', characters: missing.slice(0, 20) });
  }
  return t;
}

async function changeDissent(deps: Pick<Deps, 'db' | 'clock' | 'pki' | 'storage' | 'config'>, ctx: RequestContext, evaluationId: number, text: string | null): Promise<EvaluationReportView> {
  const actor = requireActor(ctx);
  return deps.db.transaction(async (tx) => {
    const l = await loadEvaluationFor(tx, actor, evaluationId, { lock: true });
    const me = requireDeclared(l);
    requireReporting(l);
    const [signed] = await tx
      .select({ at: evaluationReportSignatures.signedAt })
      .from(evaluationReportSignatures)
      .where(and(eq(evaluationReportSignatures.evaluationId, l.e.id), eq(evaluationReportSignatures.memberUserId, me.userId), eq(evaluationReportSignatures.reportSha256, l.e.reportSha256!)));
    if (signed) {
      throw new AppError('INVALID_STATE', { zh: '您已签署本评标报告，不能再提出或撤回不同意见', en: 'You have signed this report: your dissent can no longer change' }, { reason: 'REPORT_ALREADY_SIGNED', rule: 'S11' });
    }
    if (me.dissent === text) return reportView(tx, l); // nothing changes
    const now = deps.clock.now();
    await tx
      .update(evaluationMembers)
      .set({ dissent: text, dissentAt: text === null ? null : now })
      .where(and(eq(evaluationMembers.evaluationId, l.e.id), eq(evaluationMembers.userId, me.userId)));
    await audit(tx, deps, ctx, {
      chain: projectChain(l.p.id),
      action: text === null ? 'evaluation.dissent_withdrawn' : 'evaluation.dissent_recorded',
      subject: { type: 'evaluation', id: l.e.id },
      payload: { evaluationId: l.e.id, memberUserId: me.userId, ...(text === null ? { withdrawn: me.dissent } : { text, previous: me.dissent }), reportSha256: l.e.reportSha256 },
      objectHashes: [l.e.reportSha256!],
    });
    // The report prints the dissents: a new report, whose bytes every member signs again.
    const sealed = await sealEvaluationReport(tx, deps, l.e.id, ctx);
    await publishLiveEvent(tx, { topic: evaluationTopic(l.e.id), type: 'report_changed', data: { evaluationId: l.e.id, reportSha256: sealed.reportSha256, previousReportSha256: l.e.reportSha256, why: 'dissent' }, at: now });
    return reportView(tx, l);
  });
}

/**
 * S11: a member records (or replaces) its written dissent from the conclusion, while the report awaits the
 * signatures and before it signed the current report. The report is re-sealed with it (a new SHA-256:
 * signatures over the earlier bytes no longer count, the members are told live).
 */
export async function recordDissent(deps: Pick<Deps, 'db' | 'clock' | 'pki' | 'storage' | 'config'>, ctx: RequestContext, input: { evaluationId: number; text: string }): Promise<EvaluationReportView> {
  const text = dissentText(input.text);
  return changeDissent(deps, ctx, input.evaluationId, text);
}

/** The member withdraws its dissent (same conditions); the report is re-sealed without it. */
export async function withdrawDissent(deps: Pick<Deps, 'db' | 'clock' | 'pki' | 'storage' | 'config'>, ctx: RequestContext, input: { evaluationId: number }): Promise<EvaluationReportView> {
  return changeDissent(deps, ctx, input.evaluationId, null);
}

// ---------------------------------------------------------------- reopening (R87 §64)

export interface ReopenEvaluationInput {
  evaluationId: number;
  case: string;
  note: string;
}

/**
 * Center staff reopen a signed evaluation in one of the R87 §64 cases (`EVALUATION_REOPEN_CASES`; anything
 * else VALIDATION REOPEN_CASE): a new round begins — the scored sheets (technical, scores) of the old round
 * are void ('reopened_r87_64'), the members score again and sign new sheets; the manifest, result, report
 * and dissents are cleared on the row and kept in the audit record, and the old report with its signatures
 * stays on record (rows and objects keyed by SHA-256). The next report lists the reopening.
 *
 * The review goes back to 'scoring' — or to 'technical' when the technical part is evaluated blind, since
 * that part's sheets are scored in their own stage. A method without scores (the lowest-price kinds) has
 * nothing R87 §64 reopens: INVALID_STATE REOPEN_NOT_SCORED.
 */
export async function reopenEvaluation(deps: Pick<Deps, 'db' | 'clock' | 'config'>, ctx: RequestContext, input: ReopenEvaluationInput): Promise<EvaluationReportView> {
  const actor = requireRole(ctx, 'staff');
  const kase = input.case;
  if (typeof kase !== 'string' || !Object.hasOwn(EVALUATION_REOPEN_CASES, kase)) {
    throw new AppError(
      'VALIDATION',
      { zh: '评标报告签署后，只有分值汇总计算错误、分项评分超出分值范围、客观评审因素评分不一致或评分畸高畸低的情形才能重新评审', en: 'After signing, only the R87 §64 cases reopen the review' },
      { field: 'case', reason: 'REOPEN_CASE', rule: 'S11', cases: Object.keys(EVALUATION_REOPEN_CASES) },
    );
  }
  const note = typeof input.note === 'string' ? input.note.replace(/\r\n?/g, '\n').trim() : '';
  if (note.length < REOPEN_NOTE_MIN || note.length > REOPEN_NOTE_MAX) {
    throw new AppError('VALIDATION', { zh: `请写明重新评审的具体情况（${REOPEN_NOTE_MIN}至${REOPEN_NOTE_MAX}字）`, en: `Describe the case in ${REOPEN_NOTE_MIN} to ${REOPEN_NOTE_MAX} characters` }, { field: 'note', reason: 'NOTE_LENGTH' });
  }
  const hit = findUnsafeText(note, { allowLineBreaks: true });
  if (hit) throw unsafeTextError(hit, 'note');
  const c = kase as EvaluationReopenCase;
  return deps.db.transaction(async (tx) => {
    const l = await loadEvaluationFor(tx, actor, input.evaluationId, { lock: true });
    const e = l.e;
    if (e.status !== 'signed') {
      throw new AppError('INVALID_STATE', { zh: '只有全体成员签署评标报告后才能按规定重新评审', en: 'Only a signed evaluation is reopened' }, { reason: 'NOT_SIGNED', status: e.status });
    }
    if (!isComprehensive(e.method)) {
      throw new AppError('INVALID_STATE', { zh: '本评标办法不打分，没有可重新评审的评分', en: 'This method has no scores to reopen' }, { reason: 'REOPEN_NOT_SCORED', rule: 'S11' });
    }
    const now = deps.clock.now();
    const voided = await tx
      .update(evaluationSheets)
      .set({ voidedAt: now, voidReason: REOPEN_VOID_REASON, updatedAt: now })
      .where(and(eq(evaluationSheets.evaluationId, e.id), isNull(evaluationSheets.voidedAt), inArray(evaluationSheets.stage, [...REOPENED_STAGES])))
      .returning({ memberUserId: evaluationSheets.memberUserId, stage: evaluationSheets.stage, round: evaluationSheets.round, sha256: evaluationSheets.sha256 });
    // The dissents were about the old conclusion: printed in the old report, kept in this audit record.
    const dissents = await tx
      .select({ userId: evaluationMembers.userId, text: evaluationMembers.dissent })
      .from(evaluationMembers)
      .where(and(eq(evaluationMembers.evaluationId, e.id), isNotNull(evaluationMembers.dissent)));
    if (dissents.length > 0) await tx.update(evaluationMembers).set({ dissent: null, dissentAt: null }).where(eq(evaluationMembers.evaluationId, e.id));
    const status = e.blindTechnical ? 'technical' : 'scoring';
    await tx
      .update(evaluations)
      .set({ status, round: e.round + 1, manifestSha256: null, resultSha256: null, reportSha256: null, reportSize: null, reportSealedAt: null, signedAt: null })
      .where(eq(evaluations.id, e.id));
    await audit(tx, deps, ctx, {
      chain: projectChain(l.p.id),
      action: 'evaluation.reopened',
      subject: { type: 'evaluation', id: e.id },
      payload: {
        evaluationId: e.id,
        case: c,
        caseZh: EVALUATION_REOPEN_CASES[c].zh,
        note,
        rule: 'R87 §64',
        round: e.round + 1,
        previous: { round: e.round, reportSha256: e.reportSha256, manifestSha256: e.manifestSha256, resultSha256: e.resultSha256, signedAt: e.signedAt?.toISOString() ?? null },
        status,
        voidedSheets: voided.map((x) => ({ memberUserId: x.memberUserId, stage: x.stage, round: x.round, sha256: x.sha256 })),
        clearedDissents: dissents.map((d) => ({ memberUserId: d.userId, text: d.text })),
      },
      objectHashes: [e.reportSha256, e.manifestSha256, e.resultSha256].filter((x): x is string => x !== null),
    });
    const members = await currentMembers(tx, e.id);
    await notify(tx, deps, {
      userIds: members.map(({ m }) => m.userId),
      kind: 'evaluation.reopened',
      title: { zh: '评标重新评审', en: 'The evaluation is reopened' },
      body: {
        zh: `${l.p.name}（${l.s.code}）：经核查存在“${EVALUATION_REOPEN_CASES[c].zh}”的情形，依照财政部令第87号第六十四条重新评审，请重新评分并签署评分表和评标报告。`,
        en: `${l.p.name} (${l.s.code}): reopened under R87 §64 (${EVALUATION_REOPEN_CASES[c].en}); score again and sign the sheets and the report.`,
      },
      link: `/workspace/expert/room?evaluation=${e.id}`,
    });
    await publishLiveEvent(tx, { topic: evaluationTopic(e.id), type: 'evaluation_reopened', data: { evaluationId: e.id, round: e.round + 1, status }, at: now });
    return reportView(tx, { ...l, me: null });
  });
}

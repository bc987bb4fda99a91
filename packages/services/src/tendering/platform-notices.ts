/**
 * Notices the platform issues itself, without the owner-side draft and staff review of projects/notice-*.ts:
 * 终止公告 (termination, ZTBT §31), 流标公告 (failed tender) and 变更公告 for deadlines extended after a
 * platform outage (system/outages.ts). Two phases, so no database transaction
 * is held across rendering, sealing and storing:
 *
 *   const prepared = await preparePlatformNotice(deps, { projectId, kind, title, body }); // slow, no tx
 *   await deps.db.transaction(async (tx) => { …; await recordPlatformNotice(tx, deps, ctx, prepared); });
 *
 * The PDF (documents/notice-spec.ts, platformNoticeSpec) is a Chinese document sealed with the platform signature (pdfsig-valid) and stored by hash; the
 * record is a published `notices` row with one `notice_publications` row per venue (N9), a public change
 * feed entry and an audit event, so the portal lists it like any other published notice. If the
 * transaction rolls back, the stored PDF is an unreferenced content-addressed object and nothing else.
 */
import crypto from 'node:crypto';
import { eq } from 'drizzle-orm';
import { notices, organizations, projects, sections, type NoticeRow, type Tx } from '@ebid/db';
import { projectChain } from '@ebid/audit';
import { AppError } from '@ebid/domain';
import { renderDocument, sealPdf } from '@ebid/pdf';
import { audit, type RequestContext } from '../context.ts';
import type { Deps } from '../deps.ts';
import { noticeKindLabel } from '../documents/labels.ts';
import { platformNoticeSpec } from '../documents/notice-spec.ts';
import { PUBLICATION_VENUES, recordNoticePublished } from '../projects/public-changes.ts';

/** Re-exported for callers that still import it from here; the formatter lives in @ebid/domain (issue 17 §5). */
export { beijingDateTimeZh } from '@ebid/domain';

/**
 * 终止公告, 流标公告, 变更公告 the platform issues itself (a deadline extended for a platform outage), and the
 * 资格预审结果公告 when a prequalification review completes (issue 18 §3; qualification/result-notice.ts).
 */
export type PlatformNoticeKind = 'termination' | 'failure' | 'amendment' | 'prequalification_result';
const PLATFORM_NOTICE_KINDS: readonly PlatformNoticeKind[] = ['termination', 'failure', 'amendment', 'prequalification_result'];

/** `notices.createdBy` of a notice the system issued with no signed-in actor (a job): no user has id 0. */
export const SYSTEM_USER_ID = 0;

export interface PreparedNotice {
  projectId: number;
  kind: PlatformNoticeKind;
  title: string;
  body: string;
  /** The time printed in the notice and recorded as its publication time. */
  publishedAt: Date;
  pdfSha256: string;
  pdfSize: number;
  contentSha256: string;
  /** The section the notice is about alone (a section's 流标公告, issue 16 §7); absent = the project. */
  sectionId?: number;
}

/** Phase 1 (no transaction): render, seal with the platform key, store by hash. */
export async function preparePlatformNotice(
  deps: Pick<Deps, 'db' | 'clock' | 'pki' | 'storage' | 'config'>,
  input: { projectId: number; kind: PlatformNoticeKind; title: string; body: string; sectionId?: number },
): Promise<PreparedNotice> {
  if (!PLATFORM_NOTICE_KINDS.includes(input.kind)) throw new AppError('VALIDATION', undefined, { field: 'kind' });
  const title = input.title.trim();
  const body = input.body.trim();
  if (title.length < 2 || title.length > 200) throw new AppError('VALIDATION', { zh: '公告标题长度不符', en: 'Invalid notice title length' }, { field: 'title' });
  if (body.length < 2 || body.length > 20_000) throw new AppError('VALIDATION', { zh: '公告内容长度不符', en: 'Invalid notice body length' }, { field: 'body' });
  const [p] = await deps.db.select().from(projects).where(eq(projects.id, input.projectId));
  if (!p) throw new AppError('NOT_FOUND');
  const [org] = await deps.db.select({ name: organizations.name }).from(organizations).where(eq(organizations.id, p.tendereeOrgId));
  const all = await deps.db.select().from(sections).where(eq(sections.projectId, p.id)).orderBy(sections.code);
  // A section's own notice lists that section only.
  const own = input.sectionId === undefined ? undefined : all.find((s) => s.id === input.sectionId);
  if (input.sectionId !== undefined && !own) throw new AppError('VALIDATION', undefined, { field: 'sectionId' });
  const secs = own ? [own] : all;
  const sectionCode = own?.code;
  const publishedAt = deps.clock.now();
  const pdf = await sealPdf(await renderDocument(platformNoticeSpec({ kind: input.kind, title, body, sectionCode }, p, org?.name ?? '', secs, publishedAt, deps.config.center)), deps.pki.platform, {
    reason: `${noticeKindLabel(input.kind, p)} 平台签章`,
    location: deps.config.center.centerName,
    signingTime: publishedAt,
  });
  const stored = await deps.storage.put(pdf, { contentType: 'application/pdf' });
  const contentSha256 = crypto
    .createHash('sha256')
    .update(JSON.stringify({ title, body, kind: input.kind, project: p.unifiedDealCode, ...(sectionCode ? { section: sectionCode } : {}) }))
    .digest('hex');
  return {
    projectId: p.id,
    kind: input.kind,
    title,
    body,
    publishedAt,
    pdfSha256: stored.sha256,
    pdfSize: stored.size,
    contentSha256,
    ...(input.sectionId !== undefined ? { sectionId: input.sectionId } : {}),
  };
}

/**
 * Phase 2 (inside the caller's transaction): the published `notices` row, one publication per venue, the
 * public change and the audit event. Returns the notice row.
 */
export async function recordPlatformNotice(
  tx: Tx,
  deps: Pick<Deps, 'clock'>,
  ctx: RequestContext,
  prepared: PreparedNotice,
): Promise<NoticeRow> {
  if (!/^[0-9a-f]{64}$/.test(prepared.pdfSha256)) throw new AppError('VALIDATION', undefined, { field: 'pdfSha256' });
  const actorId = ctx.actor?.userId ?? SYSTEM_USER_ID;
  const [n] = await tx
    .insert(notices)
    .values({
      projectId: prepared.projectId,
      sectionId: prepared.sectionId ?? null,
      kind: prepared.kind,
      title: prepared.title,
      body: prepared.body,
      status: 'published',
      contentSha256: prepared.contentSha256,
      pdfSha256: prepared.pdfSha256,
      pdfSize: prepared.pdfSize,
      submittedAt: prepared.publishedAt,
      publishedAt: prepared.publishedAt,
      publishedBy: ctx.actor?.userId ?? null,
      createdBy: actorId,
    })
    .returning();
  if (!n) throw new AppError('INTERNAL');
  await recordNoticePublished(tx, deps, { noticeId: n.id, projectId: prepared.projectId, pdfSha256: prepared.pdfSha256, publishedAt: prepared.publishedAt });
  await audit(tx, deps, ctx, {
    chain: projectChain(prepared.projectId),
    action: 'notice.publish',
    subject: { type: 'notice', id: n.id },
    payload: { kind: prepared.kind, platformIssued: true, ...(prepared.sectionId !== undefined ? { sectionId: prepared.sectionId } : {}), pdfSha256: prepared.pdfSha256, contentSha256: prepared.contentSha256, venues: PUBLICATION_VENUES },
    objectHashes: [prepared.pdfSha256],
  });
  return n;
}

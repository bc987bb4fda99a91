/**
 * Publishing a clarification (issue 5 §2; N5, N6, S1): the owner side previews whether publishing now
 * moves the deadline, then publishes — numbered per project, rendered to a sealed PDF, added to the public
 * change feed and pushed to every downloader and every user of a registered company. A clarification that
 * affects bid preparation and comes too late moves the deadline automatically (N5), or — when the owner
 * asks for a deadline earlier than the law allows — cannot be published.
 */
import { and, eq, inArray, max, ne } from 'drizzle-orm';
import { clarifications, organizations, projects, registrations, users, type ClarificationRow, type ProjectRow, type Tx } from '@ebid/db';
import { projectChain } from '@ebid/audit';
import { AppError, formatBeijingDateTime, formatMoment, planClarification, SCHEDULE_FIELD_LABELS, SCHEDULE_FIELDS, termWord, workingHoursMoment, type IsoSchedule, type ScheduleField } from '@ebid/domain';
import { renderDocument, sealPdf } from '@ebid/pdf';
import type { ClarificationPreview, ClarificationRef, ClarificationView, PublishClarificationInput } from '@ebid/contracts';
import { requestCheckpoint } from '../../audit/checkpoints.ts';
import { scheduleOpeningTimers } from '../../opening/opening-schedule.ts';
import { arrivalOf, audit, requireRole, type RequestContext } from '../../context.ts';
import type { Deps } from '../../deps.ts';
import { notify } from '../../notifications/notify.ts';
import { loadHolidayTable } from '../../projects/holidays.ts';
import { recordPublicChange } from '../../projects/index.ts';
import { clarificationDocuments, supersedeByClarification } from '../documents/versions.ts';
import { downloaderUserIds } from '../recipients.ts';
import { clarificationSpec, type DeadlinePlan } from './pdf-spec.ts';
import { assertDraft, assertOpenForClarification, oneClarificationView, ownerClarification } from './views.ts';

async function planFor(tx: Tx, deps: Pick<Deps, 'config'>, p: ProjectRow, c: ClarificationRow, now: Date, requested: Date | null): Promise<DeadlinePlan> {
  const d = assertOpenForClarification(p, now);
  const table = await loadHolidayTable(tx);
  const r = planClarification(
    {
      tradeType: p.tradeType,
      method: p.method,
      stage: d.stage,
      publishAt: now,
      deadline: d.deadline,
      affectsPreparation: c.affectsPreparation,
      requestedDeadline: requested,
      acceleration: deps.config.testing.acceleration,
    },
    table,
  );
  if (!r.ok) {
    // Issue 19 §6: no rule key in the message, and the earliest moment as a working day at a working hour.
    // (In sandbox acceleration periods are plain durations: the instant itself is the suggestion.)
    const suggested = formatMoment(deps.config.testing.acceleration === 1 ? workingHoursMoment(r.earliest, table).at : new Date(Math.ceil(r.earliest.getTime() / 60_000) * 60_000));
    throw new AppError(
      'VALIDATION',
      {
        zh: `请求的${SCHEDULE_FIELD_LABELS[d.field].zh}早于法定最早时间 ${formatBeijingDateTime(r.earliest)}（影响${termWord('zh', 'bid', p.tradeType, p.method)}编制的澄清须留足法定期限）；最早可设为 ${suggested.zh}`,
        en: `The requested ${SCHEDULE_FIELD_LABELS[d.field].en} is before the earliest lawful time ${formatBeijingDateTime(r.earliest)} Beijing time (a clarification that affects bid preparation must leave the statutory period); the earliest to set is ${suggested.en}`,
      },
      { field: 'requestedDeadline', reason: 'N5_TOO_EARLY', earliest: r.earliest.toISOString() },
    );
  }
  return { field: d.field, deadline: d.deadline, earliest: r.earliest, moveTo: r.moveTo, provisional: r.provisional };
}

/** What publishing now would do to the deadline. */
export async function previewClarification(deps: Pick<Deps, 'db' | 'clock' | 'config'>, ctx: RequestContext, input: ClarificationRef): Promise<ClarificationPreview> {
  const actor = requireRole(ctx, 'tenderee', 'agent');
  return deps.db.transaction(async (tx) => {
    const { c, p } = await ownerClarification(tx, deps, actor, input.clarificationId);
    assertDraft(c);
    const plan = await planFor(tx, deps, p, c, arrivalOf(ctx, deps), null);
    return {
      deadlineField: plan.field,
      currentDeadline: plan.deadline.toISOString(),
      earliestLegal: plan.earliest?.toISOString() ?? null,
      moveTo: plan.moveTo?.toISOString() ?? null,
      provisional: plan.provisional,
    };
  });
}

/**
 * The schedule after moving `field` to `moveTo`: every later field that would now come before it (the
 * opening time, the review end, the bid deadline after a prequalification deadline) moves by the same delta.
 */
export function movedSchedule(schedule: IsoSchedule, field: ScheduleField, moveTo: Date): IsoSchedule {
  const out: IsoSchedule = { ...schedule, [field]: moveTo.toISOString() };
  const from = schedule[field];
  if (from === undefined) return out;
  const old = new Date(from).getTime();
  const delta = moveTo.getTime() - old;
  for (const f of SCHEDULE_FIELDS) {
    const v = schedule[f];
    if (f === field || v === undefined) continue;
    const t = new Date(v).getTime();
    if (t >= old && t < moveTo.getTime()) out[f] = new Date(t + delta).toISOString();
  }
  return out;
}

export async function publishClarification(
  deps: Pick<Deps, 'db' | 'clock' | 'pki' | 'storage' | 'config'>,
  ctx: RequestContext,
  input: PublishClarificationInput,
): Promise<ClarificationView> {
  const actor = requireRole(ctx, 'tenderee', 'agent');
  let requested: Date | null = null;
  if (input.requestedDeadline) {
    requested = new Date(input.requestedDeadline);
    if (Number.isNaN(requested.getTime())) throw new AppError('VALIDATION', { zh: '时间格式错误', en: 'Invalid time' }, { field: 'requestedDeadline' });
  }
  // T1: judged at the server time the request arrived (and published as of it, issue 12 §6). Plan and
  // render outside any long transaction; the transaction below re-checks versions, so a concurrent change
  // fails instead of publishing stale content.
  const publishedAt = arrivalOf(ctx, deps);
  const pre = await deps.db.transaction(async (tx) => {
    const { c, p } = await ownerClarification(tx, deps, actor, input.clarificationId);
    assertDraft(c);
    const plan = await planFor(tx, deps, p, c, publishedAt, requested);
    const [org] = await tx.select({ name: organizations.name }).from(organizations).where(eq(organizations.id, p.tendereeOrgId));
    const [m] = await tx.select({ max: max(clarifications.seq) }).from(clarifications).where(eq(clarifications.projectId, p.id));
    const docs = await clarificationDocuments(tx, [c.id]);
    if (docs.length > 0 && !c.affectsPreparation) {
      // S1: a change of the documents after publication is an amendment subject to N5.
      throw new AppError(
        'VALIDATION',
        {
          zh: `附带新增或修改文件的澄清属于对${termWord('zh', 'tenderDocs', p.tradeType, p.method)}的修改，影响${termWord('zh', 'bid', p.tradeType, p.method)}编制，请勾选“影响投标文件编制”后再发布`,
          en: 'A clarification that carries new or changed documents amends the tender documents and affects bid preparation (S1, N5); mark it so before publishing',
        },
        { field: 'affectsPreparation', reason: 'DOCUMENTS_AFFECT_PREPARATION' },
      );
    }
    return { c, p, plan, tendereeName: org?.name ?? '', seq: Math.max(0, Number(m?.max ?? 0)) + 1, docs };
  });
  const { c, p, plan } = pre;
  const pdf = await sealPdf(await renderDocument(clarificationSpec(c, p, pre.tendereeName, pre.seq, publishedAt, plan, pre.docs, deps.config.center)), deps.pki.platform, {
    reason: '澄清/修改 平台签章',
    location: deps.config.center.centerName,
    signingTime: publishedAt,
  });
  const stored = await deps.storage.put(pdf, { contentType: 'application/pdf' });
  return deps.db.transaction(async (tx) => {
    const [fresh] = await tx.select().from(projects).where(eq(projects.id, p.id)).for('update');
    if (!fresh || fresh.version !== p.version || fresh.status !== p.status) throw new AppError('CONFLICT');
    const [m] = await tx.select({ max: max(clarifications.seq) }).from(clarifications).where(eq(clarifications.projectId, p.id));
    const seq = Math.max(0, Number(m?.max ?? 0)) + 1;
    if (seq !== pre.seq) throw new AppError('CONFLICT'); // another clarification was published meanwhile (the PDF carries the number)
    const [u] = await tx
      .update(clarifications)
      .set({
        status: 'published',
        seq,
        deadlineField: plan.field,
        previousDeadline: plan.moveTo ? plan.deadline : null,
        newDeadline: plan.moveTo,
        newDeadlineProvisional: plan.moveTo !== null && plan.provisional,
        pdfSha256: stored.sha256,
        publishedAt,
        publishedBy: actor.userId,
      })
      .where(and(eq(clarifications.id, c.id), eq(clarifications.status, 'draft'), eq(clarifications.version, c.version)))
      .returning();
    if (!u) throw new AppError('CONFLICT');
    let schedule: IsoSchedule | null = null;
    if (plan.moveTo) {
      schedule = movedSchedule(fresh.schedule, plan.field, plan.moveTo);
      const [moved] = await tx
        .update(projects)
        .set({ schedule, version: fresh.version + 1, updatedAt: publishedAt })
        .where(and(eq(projects.id, p.id), eq(projects.version, fresh.version)))
        .returning({ id: projects.id });
      if (!moved) throw new AppError('CONFLICT');
      await scheduleOpeningTimers(tx, deps, { ...fresh, schedule }); // issue 18 §5: the opening and its alert move with the deadline
    }
    await supersedeByClarification(tx, c.id, publishedAt);
    await recordPublicChange(tx, deps, 'clarification', c.id, 'published');
    await requestCheckpoint(tx, deps, { reason: 'clarification.publish', projectId: p.id }); // issue 13 §6
    if (plan.moveTo) await recordPublicChange(tx, deps, 'project', p.id, 'deadline_moved');
    // N6: pushed to every downloader and every user of a registered company. The recipients are never
    // written to the audit trail or returned (their identities and number stay secret until the deadline).
    const downloaders = await downloaderUserIds(tx, p.id);
    const regOrgs = await tx.selectDistinct({ orgId: registrations.bidderOrgId }).from(registrations).where(and(eq(registrations.projectId, p.id), ne(registrations.status, 'withdrawn')));
    const regUsers = regOrgs.length ? await tx.select({ id: users.id }).from(users).where(inArray(users.orgId, regOrgs.map((r) => r.orgId))) : [];
    const recipients = [...new Set([...downloaders, ...regUsers.map((r) => r.id)])];
    const label = SCHEDULE_FIELD_LABELS[plan.field];
    await notify(tx, deps, {
      userIds: recipients,
      kind: 'clarification.published',
      title: { zh: `澄清/修改（第${seq}号）：${p.name}`, en: `Clarification No. ${seq}: ${p.name}` },
      body: plan.moveTo
        ? {
            zh: `${c.title}。${label.zh}已顺延至 ${formatBeijingDateTime(plan.moveTo)}（北京时间，原 ${formatBeijingDateTime(plan.deadline)}）。`,
            en: `${c.title}. The ${label.en} has been moved to ${formatBeijingDateTime(plan.moveTo)} Beijing time (was ${formatBeijingDateTime(plan.deadline)}).`,
          }
        : { zh: `${c.title}。请查阅澄清内容。`, en: `${c.title}. Please read the clarification.` },
      link: `/projects/${p.id}`,
    });
    await audit(tx, deps, ctx, {
      chain: projectChain(p.id),
      action: 'clarification.publish',
      subject: { type: 'clarification', id: c.id },
      payload: {
        seq,
        deadlineField: plan.field,
        previousDeadline: plan.deadline.toISOString(),
        newDeadline: plan.moveTo?.toISOString() ?? null,
        provisional: plan.provisional,
        earliestLegal: plan.earliest?.toISOString() ?? null,
        requestedDeadline: requested?.toISOString() ?? null,
        schedule,
        pdfSha256: stored.sha256,
      },
      objectHashes: [stored.sha256],
    });
    return oneClarificationView(tx, u);
  });
}

/**
 * A bidder company files an objection (异议: engineering, against the documents) or a challenge (质疑: GP,
 * against the documents, a step of the process or the result), judged by the instant its request arrived
 * (T1). Engineering objections to the documents SUSPEND the project at once (ZTBT §22); the answer falls
 * due from receipt (3 days, or 7 working days for GP, CG §53) and its alerts are scheduled.
 */
import { eq } from 'drizzle-orm';
import { objections, organizations, projects } from '@ebid/db';
import { projectChain } from '@ebid/audit';
import { AppError, allowedEvents, challengeWindow, formatBeijingDateTime, objectionAnswerDue, objectionSubjects, objectionSuspends, procedureStateOf, type ObjectionSubject, type ObjectionWindow, type TradeType } from '@ebid/domain';
import { PROCESS_STEPS, type FileObjectionInput, type ObjectionView, type ProcessStep } from '@ebid/contracts';
import { arrivalOf, audit, requireRole, type RequestContext } from '../../context.ts';
import type { Deps } from '../../deps.ts';
import { notify } from '../../notifications/notify.ts';
import { loadHolidayTable } from '../../projects/holidays.ts';
import { applyProjectEvent, flagsOf, isPublic } from '../../projects/index.ts';
import { ownerSideUserIds } from '../recipients.ts';
import { scheduleAnswerAlerts } from './alerts.ts';
import { CLOSED_STATUSES, objectionLink, toView } from './views.ts';
import { documentsWindow, noProcedure, stageAt, stepEndedAt, windowClosed } from './windows.ts';

const STEP_LABELS: Record<ProcessStep, { zh: string; en: string }> = {
  prequalification: { zh: '资格预审', en: 'prequalification' },
  opening: { zh: '开标', en: 'bid opening' },
};

/** The "answer due" sentence the filer and the owner side are told (issue 12 §7: the right limit). */
function dueSentence(tradeType: TradeType, due: Date, provisional: boolean, suspends: boolean): { zh: string; en: string } {
  const when = `${formatBeijingDateTime(due)}${provisional ? '（暂定：该年度放假安排尚未公布）' : ''}`;
  const whenEn = `${formatBeijingDateTime(due)} Beijing time${provisional ? ' (provisional: that year’s holidays are not yet published)' : ''}`;
  if (tradeType === 'procurement') {
    return {
      zh: `采购人应在收到质疑后7个工作日内答复，即 ${when} 之前（政府采购法第五十三条）；质疑不暂停采购活动。`,
      en: `The purchaser answers within 7 working days of receipt, i.e. before ${whenEn} (Government Procurement Law Art. 53); a challenge does not suspend the procurement.`,
    };
  }
  return {
    zh: `招标人应自收到异议之日起3日内答复，即 ${when} 之前${suspends ? '；答复前暂停招标投标活动' : ''}（招标投标法实施条例第二十二条）。`,
    en: `The tenderee answers within 3 days of receipt, i.e. before ${whenEn}${suspends ? '; the procedure is suspended until then' : ''} (Regulation on the Tendering Law Art. 22).`,
  };
}

export async function fileObjection(deps: Pick<Deps, 'db' | 'clock' | 'config'>, ctx: RequestContext, input: FileObjectionInput): Promise<ObjectionView> {
  const actor = requireRole(ctx, 'bidder');
  const receivedAt = arrivalOf(ctx, deps);
  const subject: ObjectionSubject = input.subject ?? 'documents';
  return deps.db.transaction(async (tx) => {
    const [org] = await tx.select().from(organizations).where(eq(organizations.id, actor.orgId));
    if (!org || org.kind !== 'bidder' || org.status !== 'active') {
      throw new AppError('FORBIDDEN', { zh: '只有已审核的投标单位可以提出异议', en: 'Only an approved bidder company can file an objection' }, { reason: 'ORG_NOT_ACTIVE' });
    }
    // Lock the project: a filing that suspends must not race an answer that resumes.
    const [p] = await tx.select().from(projects).where(eq(projects.id, input.projectId)).for('update');
    if (!p || !isPublic(p)) throw new AppError('NOT_FOUND');
    if (CLOSED_STATUSES.includes(p.status)) {
      throw new AppError('INVALID_STATE', { zh: '项目当前状态不接受异议', en: 'The project does not accept objections in its current state' }, { status: p.status });
    }
    if (!objectionSubjects(p.tradeType).includes(subject)) {
      if (objectionSubjects(p.tradeType).length === 0) throw noProcedure();
      throw new AppError('VALIDATION', { zh: '该交易类型不能对此事项提出异议', en: 'This trade type has no objection against that' }, { field: 'subject', allowed: objectionSubjects(p.tradeType) });
    }
    const table = await loadHolidayTable(tx);
    let stage = stageAt(p, receivedAt);
    let window: ObjectionWindow | null;
    let step: ProcessStep | null = null;
    if (subject === 'documents') {
      ({ stage, window } = await documentsWindow(tx, p, actor.orgId, receivedAt, table));
      if (!window) throw noProcedure();
    } else if (subject === 'process') {
      step = input.step ?? null;
      if (!step || !PROCESS_STEPS.includes(step)) {
        throw new AppError('VALIDATION', { zh: '请选择被质疑的采购环节', en: 'Name the step of the procurement challenged' }, { field: 'step', allowed: PROCESS_STEPS });
      }
      const ended = await stepEndedAt(tx, p, step);
      if (!ended) {
        throw new AppError(
          'INVALID_STATE',
          { zh: `「${STEP_LABELS[step].zh}」环节尚未结束，质疑期限自该环节结束之日起算`, en: `The ${STEP_LABELS[step].en} step has not ended; the challenge period runs from its end` },
          { reason: 'STEP_NOT_ENDED', step },
        );
      }
      window = challengeWindow(ended, table);
    } else {
      // CGT §53: a challenge to the result runs from the end of the result announcement period.
      throw new AppError(
        'INVALID_STATE',
        { zh: '中标（成交）结果尚未公告，对结果的质疑期限自结果公告期限届满之日起算', en: 'The result has not been announced; a challenge to the result runs from the end of its announcement period' },
        { reason: 'RESULT_NOT_ANNOUNCED' },
      );
    }
    if (receivedAt.getTime() >= window.closesAt.getTime()) throw windowClosed(window);

    const due = objectionAnswerDue(p.tradeType, receivedAt, table);
    const suspends = objectionSuspends(p.tradeType, subject) && allowedEvents(procedureStateOf(p), flagsOf(p)).includes('suspend');
    const alreadySuspended = p.status === 'SUSPENDED';
    const [o] = await tx
      .insert(objections)
      .values({
        projectId: p.id,
        stage,
        subject,
        step,
        suspends: objectionSuspends(p.tradeType, subject) && (suspends || alreadySuspended),
        filerOrgId: actor.orgId,
        filerUserId: actor.userId,
        title: input.title,
        body: input.body,
        filedAt: receivedAt,
        answerDueAt: due.at,
        answerDueProvisional: due.provisional,
      })
      .returning();
    if (!o) throw new AppError('INTERNAL');
    // ZTBT §22: suspended from receipt. A second ground is not stacked: an already suspended project stays
    // so, and resumes when every suspending objection is answered.
    if (suspends && !alreadySuspended) await applyProjectEvent(tx, deps, ctx, p, { type: 'suspend', reason: 'objection' });
    await scheduleAnswerAlerts(tx, deps, p, o.id, due);
    await audit(tx, deps, ctx, {
      chain: projectChain(p.id),
      action: 'objection.file',
      subject: { type: 'objection', id: o.id },
      payload: {
        stage,
        subject,
        step,
        title: input.title,
        receivedAt: receivedAt.toISOString(),
        closesAt: window.closesAt.toISOString(),
        ruleRef: window.ruleRef,
        answerDueAt: due.at.toISOString(),
        answerDueProvisional: due.provisional,
        suspended: suspends && !alreadySuspended,
      },
    });
    const sentence = dueSentence(p.tradeType, due.at, due.provisional, o.suspends);
    const noun = p.tradeType === 'procurement' ? { zh: '质疑', en: 'challenge' } : { zh: '异议', en: 'objection' };
    await notify(tx, deps, {
      userIds: await ownerSideUserIds(tx, p),
      kind: 'objection.filed',
      title: { zh: `收到${noun.zh}`, en: `A ${noun.en} was filed` },
      body: { zh: `${p.name}（${p.unifiedDealCode}）收到${noun.zh}：${input.title}。${sentence.zh}`, en: `${p.name} (${p.unifiedDealCode}) received a ${noun.en}: ${input.title}. ${sentence.en}` },
      link: objectionLink(p.id),
    });
    await notify(tx, deps, {
      userIds: [actor.userId],
      kind: 'objection.received',
      title: { zh: `${noun.zh}已收到`, en: `Your ${noun.en} was received` },
      body: {
        zh: `您对${p.name}（${p.unifiedDealCode}）提出的${noun.zh}「${input.title}」已于 ${formatBeijingDateTime(receivedAt)} 收到。${sentence.zh}`,
        en: `Your ${noun.en} "${input.title}" on ${p.name} (${p.unifiedDealCode}) was received at ${formatBeijingDateTime(receivedAt)} Beijing time. ${sentence.en}`,
      },
      link: objectionLink(p.id),
    });
    return toView(o, receivedAt, org.name, true);
  });
}

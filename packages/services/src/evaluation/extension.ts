/**
 * Extending the evaluation time (issue 22 §1; E6, ZTBT §48): a declared member asks for more time
 * (15–480 minutes, with a reason); the request is for the next extension (ordinal = extensions + 1). When
 * MORE than 1/3 of the active members have asked for the same ordinal (domain `extensionGranted`), it is
 * granted at once: the due time moves by the MEDIAN of the minutes asked (the middle request; for an even
 * number the mean of the two middle ones, rounded up to the minute) — the committee's typical wish, which
 * neither the most modest nor the most generous request decides alone. A replaced member's request no
 * longer counts. Each request and the grant are audited and announced.
 */
import { and, eq } from 'drizzle-orm';
import { projectChain } from '@ebid/audit';
import { evaluationExtensionRequests, evaluationMembers, evaluations } from '@ebid/db';
import { AppError } from '@ebid/domain';
import { extensionGranted } from '@ebid/domain/evaluation';
import type { EvaluationExtensionResult } from '@ebid/contracts';
import { audit, requireActor, type RequestContext } from '../context.ts';
import type { Deps } from '../deps.ts';
import { requireCertificateSession } from '../auth/certificate-login.ts';
import { publishLiveEvent } from '../live/hub.ts';
import { evaluationTopic, loadEvaluationFor, requireDeclared } from './access.ts';
import { requireRunning } from './chair.ts';
import { writtenText } from './clarify.ts';
import { extensionState } from './view.ts';

const MIN = 60_000;
export const EXTENSION_MIN_MINUTES = 15;
export const EXTENSION_MAX_MINUTES = 480;

/** The median of the minutes asked (even count: the two middle ones' mean, rounded up). */
export function medianMinutes(minutes: readonly number[]): number {
  if (minutes.length === 0) throw new AppError('INTERNAL', undefined, { reason: 'NO_EXTENSION_REQUEST' });
  const s = [...minutes].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 === 1 ? s[mid]! : Math.ceil((s[mid - 1]! + s[mid]!) / 2);
}

export async function requestExtension(deps: Pick<Deps, 'db' | 'clock'>, ctx: RequestContext, input: { evaluationId: number; minutes: number; reason: string }): Promise<EvaluationExtensionResult> {
  const actor = requireActor(ctx);
  if (!Number.isInteger(input.minutes) || input.minutes < EXTENSION_MIN_MINUTES || input.minutes > EXTENSION_MAX_MINUTES) {
    throw new AppError('VALIDATION', { zh: `延长时间应为${EXTENSION_MIN_MINUTES}至${EXTENSION_MAX_MINUTES}分钟`, en: `Ask for ${EXTENSION_MIN_MINUTES} to ${EXTENSION_MAX_MINUTES} minutes` }, { field: 'minutes', reason: 'EXTENSION_MINUTES', rule: 'E6' });
  }
  const reason = writtenText(input.reason, 'reason', 500);
  return deps.db.transaction(async (tx) => {
    const l = await loadEvaluationFor(tx, actor, input.evaluationId, { lock: true });
    const me = requireDeclared(l);
    requireRunning(l);
    await requireCertificateSession(tx, deps, actor, { zh: '申请延长评标时间', en: 'Asking for more time' });
    const ordinal = l.e.extensions + 1;
    const [already] = await tx
      .select({ ordinal: evaluationExtensionRequests.ordinal })
      .from(evaluationExtensionRequests)
      .where(and(eq(evaluationExtensionRequests.evaluationId, l.e.id), eq(evaluationExtensionRequests.memberUserId, me.userId), eq(evaluationExtensionRequests.ordinal, ordinal)));
    if (already) throw new AppError('CONFLICT', { zh: '您已申请过本次延长', en: 'You have asked for this extension already' }, { reason: 'EXTENSION_ALREADY_REQUESTED', ordinal });
    const now = deps.clock.now();
    await tx.insert(evaluationExtensionRequests).values({ evaluationId: l.e.id, memberUserId: me.userId, ordinal, minutes: input.minutes, reason, createdAt: now });
    const active = await tx
      .select({ userId: evaluationMembers.userId })
      .from(evaluationMembers)
      .where(and(eq(evaluationMembers.evaluationId, l.e.id), eq(evaluationMembers.status, 'active')));
    const state = await extensionState(tx, l.e, active.map((m) => m.userId), me.userId);
    const granted = extensionGranted(active.length, state.requests);
    await audit(tx, deps, ctx, {
      chain: projectChain(l.p.id),
      action: 'evaluation.extension_request',
      subject: { type: 'evaluation', id: l.e.id },
      payload: { evaluationId: l.e.id, memberUserId: me.userId, ordinal, minutes: input.minutes, reason, requests: state.requests, members: active.length, threshold: state.threshold, rule: 'E6' },
    });
    let dueAt = l.e.dueAt;
    let extensions = l.e.extensions;
    if (granted) {
      const minutes = medianMinutes(state.counted.map((r) => r.minutes));
      dueAt = new Date(l.e.dueAt.getTime() + minutes * MIN);
      extensions = ordinal;
      await tx.update(evaluations).set({ dueAt, extensions }).where(eq(evaluations.id, l.e.id));
      await audit(tx, deps, ctx, {
        chain: projectChain(l.p.id),
        action: 'evaluation.extension_granted',
        subject: { type: 'evaluation', id: l.e.id },
        payload: { evaluationId: l.e.id, ordinal, minutes, requests: state.requests, members: active.length, previousDueAt: l.e.dueAt.toISOString(), dueAt: dueAt.toISOString(), rule: 'E6' },
      });
    }
    await publishLiveEvent(tx, {
      topic: evaluationTopic(l.e.id),
      type: granted ? 'extension_granted' : 'extension_requested',
      data: { evaluationId: l.e.id, ordinal, requests: state.requests, threshold: state.threshold, dueAt: dueAt.toISOString() },
      at: now,
    });
    return { ordinal, requests: state.requests, threshold: state.threshold, granted, dueAt: dueAt.toISOString(), extensions };
  });
}

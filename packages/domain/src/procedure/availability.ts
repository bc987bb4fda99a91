/**
 * When an action with a state or time precondition is allowed (issue 16 §4), written once for both
 * sides: the services refuse with it (T1: judged at the instant the request arrived), and the pages
 * disable the form with its reason and the time it opens, computed from the server clock.
 *
 * - `bid.submit` (加密并上传 / 提交 / 撤回): the project is BIDDING and now ≤ bidDeadline (B1). It opens when
 *   the procedure enters bidding: at docsIssueStart (the open_bidding timer) without prequalification,
 *   after the prequalification result otherwise.
 * - `registration.apply` (报名): PUBLISHED, PREQUALIFIED or BIDDING and now ≤ the registration deadline
 *   (prequalification: the application deadline; else the bid deadline, listing end, disclosure end).
 * - `qualification.answer` (资格条件答复): as registration, but only PUBLISHED with prequalification
 *   (PUBLISHED or BIDDING without), also while suspended from such a state.
 *
 * An instant exactly at the deadline is still inside (≤), as the services always judged it.
 */
import { AppError, type AppErrorCode, type LocalizedMessage } from '../errors.ts';
import { formatBeijingDateTime } from '../calendar/dates.ts';
import { STATUS_LABELS, type ProcedureStatus } from './machine.ts';

export const GUARDED_ACTIONS = ['bid.submit', 'registration.apply', 'qualification.answer'] as const;
export type GuardedAction = (typeof GUARDED_ACTIONS)[number];

/** What of a project the rule reads (a database row or the API's project view). */
export interface ActionProject {
  status: string;
  prequalification?: boolean | undefined;
  schedule: unknown;
  statusDetail?: unknown;
}

export interface ActionWindow {
  /** The states in which the action is allowed. */
  requiredStatus: readonly ProcedureStatus[];
  /** When it opens, when known (the schedule instant that brings the project into a required state). */
  opensAt: Date | null;
  /** The last instant it is allowed (inclusive); null when the schedule sets no end. */
  closesAt: Date | null;
}

export interface Availability {
  enabled: boolean;
  /** Stable reason code (the services' `details.reason`); absent when enabled. */
  reason?: string;
  /** Why it is disabled, with the time it opens when known; absent when enabled. */
  message?: LocalizedMessage;
  opensAt?: Date;
  closesAt: Date | null;
}

const ACTION_NAMES: Record<GuardedAction, LocalizedMessage> = {
  'bid.submit': { zh: '投标文件递交', en: 'Bid submission' },
  'registration.apply': { zh: '报名', en: 'Registration' },
  'qualification.answer': { zh: '资格条件答复', en: 'Qualification answers' },
};

function instant(schedule: unknown, field: string): Date | null {
  const raw = ((schedule ?? {}) as Record<string, unknown>)[field];
  if (raw === undefined || raw === null || raw === '') return null;
  const d = raw instanceof Date ? raw : new Date(String(raw));
  return Number.isNaN(d.getTime()) ? null : d;
}

/**
 * The registration deadline: prequalification's application deadline; else a sale's application deadline
 * (竞买 / 受让申请截止时间, issue 18 §4), else the bid deadline, listing end, disclosure end.
 */
export function registrationDeadlineOf(p: Pick<ActionProject, 'prequalification' | 'schedule'>): Date | null {
  if (p.prequalification) return instant(p.schedule, 'prequalApplicationDeadline');
  return instant(p.schedule, 'applicationDeadline') ?? instant(p.schedule, 'bidDeadline') ?? instant(p.schedule, 'listingEnd') ?? instant(p.schedule, 'disclosureEnd');
}

/**
 * The state a rule judges. A suspension stops bids and registrations, but qualification answers may be
 * completed while suspended from a state that takes them (as the service always allowed).
 */
function effectiveStatus(action: GuardedAction, p: ActionProject): string {
  if (p.status !== 'SUSPENDED' || action !== 'qualification.answer') return p.status;
  const from = (p.statusDetail as { suspendedFrom?: unknown } | null | undefined)?.suspendedFrom;
  return typeof from === 'string' ? from : p.status;
}

export function actionWindow(action: GuardedAction, p: ActionProject): ActionWindow {
  switch (action) {
    case 'bid.submit':
      return { requiredStatus: ['BIDDING'], opensAt: p.prequalification ? null : instant(p.schedule, 'docsIssueStart'), closesAt: instant(p.schedule, 'bidDeadline') };
    case 'registration.apply':
      return { requiredStatus: ['PUBLISHED', 'PREQUALIFIED', 'BIDDING'], opensAt: instant(p.schedule, 'noticePublishAt'), closesAt: registrationDeadlineOf(p) };
    case 'qualification.answer':
      return { requiredStatus: p.prequalification ? ['PUBLISHED'] : ['PUBLISHED', 'BIDDING'], opensAt: instant(p.schedule, 'noticePublishAt'), closesAt: registrationDeadlineOf(p) };
  }
}

const CLOSED_REASON: Record<GuardedAction, string> = {
  'bid.submit': 'DEADLINE_PASSED',
  'registration.apply': 'REGISTRATION_CLOSED',
  'qualification.answer': 'ANSWERS_CLOSED',
};
const NOT_OPEN_REASON: Record<GuardedAction, string> = {
  'bid.submit': 'NOT_BIDDING',
  'registration.apply': 'REGISTRATION_NOT_OPEN',
  'qualification.answer': 'ANSWERS_CLOSED',
};

/** Whether `action` is allowed for the project at server instant `now`, and if not, why and from when. */
export function availability(action: GuardedAction, p: ActionProject, now: Date | number): Availability {
  const at = typeof now === 'number' ? now : now.getTime();
  const w = actionWindow(action, p);
  const name = ACTION_NAMES[action];
  if (action === 'bid.submit' && !w.closesAt) {
    return { enabled: false, reason: 'NO_DEADLINE', message: { zh: '项目未设置投标截止时间', en: 'The project has no bid deadline' }, closesAt: null };
  }
  if (w.closesAt && at > w.closesAt.getTime()) {
    const end = formatBeijingDateTime(w.closesAt);
    return {
      enabled: false,
      reason: CLOSED_REASON[action],
      message: { zh: `${name.zh}已于 ${end} 截止（以平台服务器时间为准）`, en: `${name.en} closed at ${end} Beijing time (server time)` },
      closesAt: w.closesAt,
    };
  }
  const status = effectiveStatus(action, p);
  if (!(w.requiredStatus as readonly string[]).includes(status)) {
    const label = STATUS_LABELS[status as ProcedureStatus] ?? { zh: status, en: status };
    const future = w.opensAt && w.opensAt.getTime() > at ? w.opensAt : null;
    const when = future ? formatBeijingDateTime(future) : null;
    const zhState = `项目当前为“${label.zh}”，尚未进入${w.requiredStatus.map((s) => STATUS_LABELS[s].zh).join('/')}阶段`;
    const enState = `the project is ${label.en}, not ${w.requiredStatus.map((s) => STATUS_LABELS[s].en).join(' / ')}`;
    return {
      enabled: false,
      reason: NOT_OPEN_REASON[action],
      message: when
        ? { zh: `${name.zh}将于 ${when} 开放（${zhState}）`, en: `${name.en} opens at ${when} Beijing time (${enState})` }
        : { zh: `${name.zh}暂未开放（${zhState}）`, en: `${name.en} is not open (${enState})` },
      ...(future ? { opensAt: future } : {}),
      closesAt: w.closesAt,
    };
  }
  return { enabled: true, closesAt: w.closesAt };
}

const REFUSAL_CODES: Record<string, AppErrorCode> = {
  NO_DEADLINE: 'INVALID_STATE',
  DEADLINE_PASSED: 'INVALID_STATE',
  NOT_BIDDING: 'INVALID_STATE',
  REGISTRATION_CLOSED: 'VALIDATION',
  REGISTRATION_NOT_OPEN: 'INVALID_STATE',
  ANSWERS_CLOSED: 'VALIDATION',
};

/**
 * The services' refusal: throws the AppError of `availability` (stable code + `details.reason`, the
 * deadline / opening instant and the state), or returns the window when the action is allowed.
 */
export function assertAvailable(action: GuardedAction, p: ActionProject, now: Date): ActionWindow {
  const a = availability(action, p, now);
  if (!a.enabled) {
    const reason = a.reason ?? 'NOT_AVAILABLE';
    throw new AppError(REFUSAL_CODES[reason] ?? 'INVALID_STATE', a.message, {
      reason,
      action,
      status: p.status,
      ...(a.closesAt ? { deadline: a.closesAt.toISOString() } : {}),
      ...(a.opensAt ? { opensAt: a.opensAt.toISOString() } : {}),
      serverTime: now.toISOString(),
    });
  }
  return actionWindow(action, p);
}

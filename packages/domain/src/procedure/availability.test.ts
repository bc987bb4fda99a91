import { describe, expect, it } from 'vitest';
import { AppError } from '../errors.ts';
import { actionWindow, assertAvailable, availability, type ActionProject, type GuardedAction } from './availability.ts';

// Beijing 2026-12-10 09:00 / 2026-12-30 09:30
const DOCS = '2026-12-10T01:00:00.000Z';
const DEADLINE = '2026-12-30T01:30:00.000Z';
const NOTICE = '2026-12-08T00:00:00.000Z';
const PREQ_END = '2026-12-20T01:30:00.000Z';
const ms = (iso: string, d = 0) => Date.parse(iso) + d;

const sealed = (status: string, over: Partial<ActionProject> = {}): ActionProject => ({
  status,
  prequalification: false,
  schedule: { noticePublishAt: NOTICE, docsIssueStart: DOCS, bidDeadline: DEADLINE },
  ...over,
});
const prequal = (status: string): ActionProject => ({
  status,
  prequalification: true,
  schedule: { noticePublishAt: NOTICE, docsIssueStart: DOCS, prequalApplicationDeadline: PREQ_END, bidDeadline: DEADLINE },
});

const APP_END = '2026-12-24T09:00:00.000Z';
const LIST_END = '2026-12-28T02:00:00.000Z';
const sale = (status: string, withApplicationDeadline = true): ActionProject => ({
  status,
  prequalification: false,
  schedule: { noticePublishAt: NOTICE, listingStart: DOCS, listingEnd: LIST_END, ...(withApplicationDeadline ? { applicationDeadline: APP_END } : {}) },
});

describe('availability (issue 16 §4, B1, T1)', () => {
  it.each<[string, GuardedAction, ActionProject, number, boolean, string | undefined]>([
    // 加密并上传: BIDDING and now ≤ bidDeadline; both sides of each boundary instant
    ['bid before bidding (opens at docsIssueStart)', 'bid.submit', sealed('PUBLISHED'), ms(DOCS, -1), false, 'NOT_BIDDING'],
    ['bid at docsIssueStart but the timer has not moved the project yet', 'bid.submit', sealed('PUBLISHED'), ms(DOCS), false, 'NOT_BIDDING'],
    ['bid in bidding', 'bid.submit', sealed('BIDDING'), ms(DOCS), true, undefined],
    ['bid at the deadline instant', 'bid.submit', sealed('BIDDING'), ms(DEADLINE), true, undefined],
    ['bid 1 ms after the deadline', 'bid.submit', sealed('BIDDING'), ms(DEADLINE, 1), false, 'DEADLINE_PASSED'],
    ['bid after the deadline in OPENING', 'bid.submit', sealed('OPENING'), ms(DEADLINE, 1), false, 'DEADLINE_PASSED'],
    ['bid while suspended from bidding', 'bid.submit', sealed('SUSPENDED', { statusDetail: { suspendedFrom: 'BIDDING' } }), ms(DOCS), false, 'NOT_BIDDING'],
    ['registration while suspended', 'registration.apply', sealed('SUSPENDED', { statusDetail: { suspendedFrom: 'BIDDING' } }), ms(DOCS), false, 'REGISTRATION_NOT_OPEN'],
    ['bid without a deadline', 'bid.submit', sealed('BIDDING', { schedule: {} }), ms(DOCS), false, 'NO_DEADLINE'],
    // 报名: PUBLISHED/PREQUALIFIED/BIDDING and now ≤ registration deadline
    ['registration in pending review', 'registration.apply', sealed('PENDING_REVIEW'), ms(NOTICE, -1), false, 'REGISTRATION_NOT_OPEN'],
    ['registration published', 'registration.apply', sealed('PUBLISHED'), ms(NOTICE), true, undefined],
    ['registration at the bid deadline', 'registration.apply', sealed('BIDDING'), ms(DEADLINE), true, undefined],
    ['registration after the bid deadline', 'registration.apply', sealed('BIDDING'), ms(DEADLINE, 1), false, 'REGISTRATION_CLOSED'],
    ['prequal registration at the application deadline', 'registration.apply', prequal('PUBLISHED'), ms(PREQ_END), true, undefined],
    ['prequal registration after the application deadline', 'registration.apply', prequal('PUBLISHED'), ms(PREQ_END, 1), false, 'REGISTRATION_CLOSED'],
    // Issue 18 §4: a sale's 竞买 / 受让申请截止时间 closes registration before the listing ends
    ['land application at its deadline', 'registration.apply', sale('BIDDING'), ms(APP_END), true, undefined],
    ['land application 1 ms after its deadline, the listing still running', 'registration.apply', sale('BIDDING'), ms(APP_END, 1), false, 'REGISTRATION_CLOSED'],
    ['land without an application deadline: the listing end', 'registration.apply', sale('BIDDING', false), ms(APP_END, 1), true, undefined],
    // 资格条件答复
    ['answers published', 'qualification.answer', sealed('PUBLISHED'), ms(NOTICE), true, undefined],
    ['answers in bidding without prequalification', 'qualification.answer', sealed('BIDDING'), ms(DEADLINE), true, undefined],
    ['answers after the deadline', 'qualification.answer', sealed('BIDDING'), ms(DEADLINE, 1), false, 'ANSWERS_CLOSED'],
    ['prequal answers in prequalification', 'qualification.answer', prequal('PREQUALIFICATION'), ms(PREQ_END, -1), false, 'ANSWERS_CLOSED'],
    ['prequal answers while suspended from PUBLISHED', 'qualification.answer', { ...prequal('SUSPENDED'), statusDetail: { suspendedFrom: 'PUBLISHED' } }, ms(PREQ_END), true, undefined],
  ])('%s', (_name, action, p, now, enabled, reason) => {
    const a = availability(action, p, now);
    expect(a.enabled).toBe(enabled);
    expect(a.reason).toBe(reason);
    if (!enabled) {
      expect(a.message?.zh).toBeTruthy();
      expect(a.message?.en).toBeTruthy();
    }
  });

  it('a form before its time says when it opens (Beijing time) and why', () => {
    const a = availability('bid.submit', sealed('PUBLISHED'), ms(DOCS, -60_000));
    expect(a.opensAt?.toISOString()).toBe(DOCS);
    expect(a.message?.zh).toBe('投标文件递交将于 2026-12-10 09:00:00 开放（项目当前为“已发布”，尚未进入投标中阶段）');
    expect(a.message?.en).toContain('opens at 2026-12-10 09:00:00 Beijing time');
  });

  it('no opening time once it has passed (the state alone holds it back), none with prequalification', () => {
    expect(availability('bid.submit', sealed('PUBLISHED'), ms(DOCS, 1)).opensAt).toBeUndefined();
    expect(actionWindow('bid.submit', prequal('PREQUALIFICATION')).opensAt).toBeNull();
    expect(availability('bid.submit', sealed('BIDDING'), ms(DEADLINE, 1)).message?.zh).toBe('投标文件递交已于 2026-12-30 09:30:00 截止（以平台服务器时间为准）');
  });

  it.each<[GuardedAction, ActionProject, number, string, string]>([
    ['bid.submit', sealed('PUBLISHED'), ms(DOCS, -1), 'INVALID_STATE', 'NOT_BIDDING'],
    ['bid.submit', sealed('BIDDING'), ms(DEADLINE, 1), 'INVALID_STATE', 'DEADLINE_PASSED'],
    ['registration.apply', sealed('BIDDING'), ms(DEADLINE, 1), 'VALIDATION', 'REGISTRATION_CLOSED'],
    ['registration.apply', sealed('EVALUATION'), ms(DEADLINE, -1), 'INVALID_STATE', 'REGISTRATION_NOT_OPEN'],
    ['qualification.answer', sealed('BIDDING'), ms(DEADLINE, 1), 'VALIDATION', 'ANSWERS_CLOSED'],
  ])('assertAvailable(%s) refuses with a stable code and reason', (action, p, now, code, reason) => {
    let err: unknown;
    try {
      assertAvailable(action, p, new Date(now));
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(AppError);
    expect((err as AppError).code).toBe(code);
    expect((err as AppError).details).toMatchObject({ reason, action, status: p.status });
  });

  it('assertAvailable returns the window when allowed', () => {
    expect(assertAvailable('bid.submit', sealed('BIDDING'), new Date(ms(DEADLINE))).closesAt?.toISOString()).toBe(DEADLINE);
  });
});

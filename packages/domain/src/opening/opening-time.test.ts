import { describe, expect, it } from 'vitest';
import { AppError } from '../errors.ts';
import { closeDecision, confirmDeadlineOf, lateReasonFor, openingTimingAt, startGraceEnd, type OpeningTiming, type RecordAnswer } from './opening-time.ts';

const DEADLINE = new Date('2026-06-24T01:30:00Z'); // 09:30 Beijing
const at = (ms: number, base = DEADLINE) => new Date(base.getTime() + ms);
const MIN = 60_000;

function errOf(f: () => unknown): { code: string; details: Record<string, unknown> | undefined } | null {
  try {
    f();
    return null;
  } catch (e) {
    if (!(e instanceof AppError)) throw e;
    return { code: e.code, details: e.details };
  }
}

describe('openingTimingAt (O1; issue 18 §5: the start grace, the boundary instant still on time)', () => {
  it.each<[string, Date, number, OpeningTiming]>([
    ['1 ms before the deadline: early (O1 refuses it)', at(-1), 15, 'early'],
    ['exactly at the deadline: on time', DEADLINE, 15, 'on_time'],
    ['1 ms after the deadline', at(1), 15, 'on_time'],
    ['exactly at the end of a 15-minute grace: still on time', at(15 * MIN), 15, 'on_time'],
    ['1 ms after the grace: late', at(15 * MIN + 1), 15, 'late'],
    ['two hours after: late', at(120 * MIN), 15, 'late'],
    ['no grace: the deadline instant itself is on time', DEADLINE, 0, 'on_time'],
    ['no grace: 1 ms after the deadline is late', at(1), 0, 'late'],
  ])('%s', (_name, when, grace, timing) => {
    expect(openingTimingAt({ bidDeadline: DEADLINE, graceMinutes: grace }, when)).toBe(timing);
  });

  it.each([-1, 1.5, Number.NaN])('a grace of %s minutes is refused', (g) => {
    expect(errOf(() => startGraceEnd(DEADLINE, g))).toMatchObject({ code: 'VALIDATION', details: { reason: 'GRACE_INVALID' } });
  });
});

describe('lateReasonFor (issue 18 §5: a late opening names its reason)', () => {
  it.each<[string, OpeningTiming, string | null | undefined, string | null | 'LATE_REASON_REQUIRED']>([
    ['on time: no reason needed', 'on_time', undefined, null],
    ['on time: a reason given is not recorded', 'on_time', '服务器故障', null],
    ['late without a reason: refused', 'late', undefined, 'LATE_REASON_REQUIRED'],
    ['late with a blank reason: refused', 'late', '   ', 'LATE_REASON_REQUIRED'],
    ['late with 1 character: refused', 'late', '迟', 'LATE_REASON_REQUIRED'],
    ['late with 2 characters: recorded', 'late', '停电', '停电'],
    ['late: trimmed', 'late', '  平台服务器故障，定时开标未执行  ', '平台服务器故障，定时开标未执行'],
    ['late with 500 characters: recorded', 'late', '因'.repeat(500), '因'.repeat(500)],
    ['late with 501 characters: refused', 'late', '因'.repeat(501), 'LATE_REASON_REQUIRED'],
  ])('%s', (_name, timing, reason, expected) => {
    if (expected === 'LATE_REASON_REQUIRED') {
      expect(errOf(() => lateReasonFor(timing, reason))).toMatchObject({ code: 'VALIDATION', details: { reason: 'LATE_REASON_REQUIRED', field: 'lateReason' } });
    } else {
      expect(lateReasonFor(timing, reason)).toBe(expected);
    }
  });
});

describe('confirmDeadlineOf / closeDecision (R87 §42: silence through the window is acceptance; O6)', () => {
  const generated = new Date('2026-06-24T02:20:00Z');
  const deadline = confirmDeadlineOf(generated, 30);

  it('the window is counted from the version’s generation', () => {
    expect(deadline.toISOString()).toBe('2026-06-24T02:50:00.000Z');
    expect(errOf(() => confirmDeadlineOf(generated, 0))).toMatchObject({ code: 'VALIDATION', details: { reason: 'CONFIRM_WINDOW_INVALID' } });
  });

  const lines = (...answers: RecordAnswer[]) => answers.map((answer, i) => ({ id: i + 1, answer }));
  it.each<[string, Date, RecordAnswer[], number[] | 'CONFIRM_WINDOW_OPEN']>([
    ['before the deadline, one silent: refused', at(-1, deadline), ['confirmed', 'pending', 'confirmed'], 'CONFIRM_WINDOW_OPEN'],
    ['right after the generation, all silent: refused', generated, ['pending', 'pending'], 'CONFIRM_WINDOW_OPEN'],
    ['before the deadline, everyone answered: closes, the objector deemed (its objection answered)', at(-1, deadline), ['confirmed', 'objected', 'confirmed'], [2]],
    ['before the deadline, everyone confirmed: nobody deemed', at(-MIN, deadline), ['confirmed', 'confirmed'], []],
    ['exactly at the deadline: closes, the silent deemed to accept', deadline, ['confirmed', 'pending', 'pending'], [2, 3]],
    ['after the deadline: closes, the silent deemed to accept', at(MIN, deadline), ['pending', 'confirmed'], [1]],
    ['no lines at all (every bid revoked … none): closes', at(-MIN, deadline), [], []],
  ])('%s', (_name, when, answers, expected) => {
    const f = () => closeDecision({ confirmDeadline: deadline, at: when, lines: lines(...answers) });
    if (expected === 'CONFIRM_WINDOW_OPEN') {
      expect(errOf(f)).toMatchObject({ code: 'INVALID_STATE', details: { reason: 'CONFIRM_WINDOW_OPEN', confirmDeadline: deadline.toISOString(), waiting: answers.filter((a) => a === 'pending').length } });
    } else {
      expect(f().deemed).toEqual(expected);
    }
  });
});

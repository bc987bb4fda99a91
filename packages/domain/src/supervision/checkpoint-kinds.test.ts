import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { holidayTableFrom, type HolidayTable } from '../calendar/holidays.ts';
import type { TradeType } from '../procedure/flags.ts';
import { checkpointState } from './checkpoint.ts';
import { CHECKPOINT_KIND_KEYS, CHECKPOINT_KINDS, checkpointAt, checkpointDue, parseWarnOverrides, resolveWarnMinutes, type CheckpointKind } from './checkpoint-kinds.ts';

const TABLE: HolidayTable = holidayTableFrom(JSON.parse(readFileSync(new URL('../calendar/holidays-cn-2025-2026.json', import.meta.url), 'utf8')) as unknown);
/** An instant in 北京时间: bj('2026-03-04 09:00') */
const bj = (s: string): Date => {
  const [date, time = '00:00'] = s.split(' ');
  return new Date(`${date}T${time.length === 5 ? `${time}:00` : time}+08:00`);
};
const DAY = 86_400_000;

describe('the checkpoint kinds (issue 20 §1, domain §2, M1)', () => {
  it('every kind names itself in Chinese and English, cites its §2 rule, says who acts and how it completes', () => {
    for (const k of CHECKPOINT_KIND_KEYS) {
      const d = CHECKPOINT_KINDS[k];
      expect(d.name.zh.length, k).toBeGreaterThan(0);
      expect(d.name.en.length, k).toBeGreaterThan(0);
      expect(d.rule, k).toMatch(/^§2 .*\((ZTB|ZTBT|CG|CGT|R87|C-FJL)/);
      expect(['center', 'owner_side'], k).toContain(d.responsible);
      expect(d.act.zh.length * d.act.en.length, k).toBeGreaterThan(0);
      expect(Number.isInteger(d.warnMinutes) && d.warnMinutes >= 0, k).toBe(true);
    }
  });

  // Due = 24:00 北京时间 of the last day (exclusive), `due` leaning (the earliest the official calendar can make it).
  it.each<[CheckpointKind, TradeType, string, string, boolean, string]>([
    ['objection.answer', 'engineering', '2026-03-02 09:00', '2026-03-06 00:00', false, 'Mon + 3 d = Thu, no roll (ZTBT §22)'],
    ['objection.answer', 'engineering', '2026-03-04 09:00', '2026-03-10 00:00', false, 'Wed + 3 d = Sat → rolls to Mon 3/9 (MFD §203)'],
    ['objection.answer', 'engineering', '2025-09-29 10:00', '2025-10-10 00:00', false, '+3 d = 10/2 (国庆) → first working day 10/9'],
    ['challenge.answer', 'procurement', '2026-03-02 09:00', '2026-03-12 00:00', false, '7 wd over one weekend (CG §53)'],
    ['challenge.answer', 'procurement', '2026-02-12 09:00', '2026-03-01 00:00', false, '7 wd across 春节 2026: 2/13, 2/14 (调休), 2/24–2/27, the 2/28 调休 Saturday'],
    ['deposit.refund', 'engineering', '2026-03-05 10:00', '2026-03-11 00:00', false, 'Thu + 5 d = Tue (ZTBT §35)'],
    ['deposit.refund', 'procurement', '2026-03-05 10:00', '2026-03-13 00:00', false, 'Thu + 5 wd across a weekend = Thu (CGT §33)'],
    ['deposit.refund', 'land', '2026-03-06 10:00', '2026-03-14 00:00', false, 'Fri + 5 wd = Fri (C-FJL §46)'],
    ['deposit.refund', 'procurement', '2027-02-03 10:00', '2027-02-13 00:00', true, '2027 unpublished: uncertain days near 春节 count as working (provisional)'],
    ['objection.answer', 'engineering', '2027-02-03 10:00', '2027-02-10 00:00', true, '2027: +3 d = 2/6 in the certain block; 2/9 may be working (provisional)'],
    ['documents.sale_period', 'engineering', '2026-03-02 09:00', '2026-03-10 00:00', false, 'Mon + 5 d = Sat → rolls to Mon 3/9 (ZTBT §16, MFD §203)'],
    ['notice.period', 'procurement', '2026-03-06 09:00', '2026-03-14 00:00', false, 'Fri + 5 wd = Fri (R87 §16)'],
  ])('%s (%s) anchored %s → due %s, provisional %s (%s)', (kind, tradeType, anchor, due, provisional) => {
    const r = checkpointDue(kind, { tradeType, anchor: bj(anchor) }, TABLE);
    expect(r.dueAt.toISOString()).toBe(bj(due).toISOString());
    expect(r.provisional).toBe(provisional);
    expect(r.dueAt.getTime() - r.warnAt.getTime()).toBe(CHECKPOINT_KINDS[kind].warnMinutes * 60_000);
  });

  it('green → yellow → red at the boundaries of a computed due instant, working days across a rest day', () => {
    // 7 wd from Fri 2026-03-06: Mon 3/9 … Tue 3/17 → due 3/18 00:00; the weekend 3/7–3/8 is not counted.
    const c = checkpointDue('challenge.answer', { tradeType: 'procurement', anchor: bj('2026-03-06 16:00') }, TABLE);
    expect(c.dueAt.toISOString()).toBe(bj('2026-03-18 00:00').toISOString());
    const t = { ...c, doneAt: null };
    expect(checkpointState(t, new Date(c.warnAt.getTime() - 1))).toBe('green');
    expect(checkpointState(t, c.warnAt)).toBe('yellow');
    expect(c.warnAt.toISOString()).toBe(bj('2026-03-17 00:00').toISOString());
    expect(checkpointState(t, new Date(c.dueAt.getTime() - 1))).toBe('yellow');
    expect(checkpointState(t, c.dueAt)).toBe('red');
    expect(checkpointState({ ...c, doneAt: c.dueAt }, c.dueAt)).toBe('done');
  });

  it.each<[CheckpointKind, TradeType]>([
    ['objection.answer', 'procurement'],
    ['challenge.answer', 'engineering'],
    ['notice.period', 'land'],
    ['opening.start', 'engineering'],
  ])('%s does not apply to %s (or has no period): a typed error', (kind, tradeType) => {
    expect(() => checkpointDue(kind, { tradeType, anchor: bj('2026-03-02 09:00') }, TABLE)).toThrow(expect.objectContaining({ code: 'VALIDATION', details: expect.objectContaining({ reason: 'CHECKPOINT_NOT_APPLICABLE' }) }));
  });

  it('an instant kind takes its due from the schedule; no window means green → red', () => {
    const due = bj('2026-03-25 09:45');
    const c = checkpointAt('opening.start', due);
    expect(c).toEqual({ warnAt: due, dueAt: due, provisional: false });
    expect(checkpointAt('prequal.review', due).warnAt.getTime()).toBe(due.getTime() - DAY);
    expect(checkpointAt('prequal.review', due, { overrides: { 'prequal.review': 90 } }).warnAt.getTime()).toBe(due.getTime() - 90 * 60_000);
    expect(() => checkpointAt('prequal.review', new Date('x'))).toThrow(expect.objectContaining({ code: 'VALIDATION' }));
  });

  it('the warning window is configurable per kind, the declaration being the default', () => {
    const o = parseWarnOverrides('{"objection.answer": 720, "opening.start": 5}');
    expect(o).toEqual({ 'objection.answer': 720, 'opening.start': 5 });
    expect(resolveWarnMinutes('objection.answer', o)).toBe(720);
    expect(resolveWarnMinutes('deposit.refund', o)).toBe(CHECKPOINT_KINDS['deposit.refund'].warnMinutes);
    const c = checkpointDue('objection.answer', { tradeType: 'engineering', anchor: bj('2026-03-02 09:00') }, TABLE, o);
    expect(c.dueAt.getTime() - c.warnAt.getTime()).toBe(720 * 60_000);
    expect(parseWarnOverrides(undefined)).toEqual({});
    expect(parseWarnOverrides('')).toEqual({});
  });

  it.each([
    ['not JSON', '{objection', 'WARN_CONFIG_JSON'],
    ['an array', '[1]', 'WARN_CONFIG_SHAPE'],
    ['an unknown kind', '{"objection.anwser": 60}', 'WARN_CONFIG_KIND'],
    ['a negative window', '{"objection.answer": -1}', 'WARN_CONFIG_VALUE'],
    ['a fraction', '{"objection.answer": 1.5}', 'WARN_CONFIG_VALUE'],
    ['more than 60 days', `{"objection.answer": ${60 * 1440 + 1}}`, 'WARN_CONFIG_VALUE'],
    ['a string', '{"objection.answer": "60"}', 'WARN_CONFIG_VALUE'],
  ])('a configuration with %s is refused', (_label, json, reason) => {
    expect(() => parseWarnOverrides(json)).toThrow(expect.objectContaining({ code: 'VALIDATION', details: expect.objectContaining({ reason }) }));
  });
});

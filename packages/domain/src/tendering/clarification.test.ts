/** N5 (domain §8): the minimum between a clarification and the deadline, and the automatic move (T2 counting). */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { holidayTableFrom, type HolidayTable } from '../calendar/holidays.ts';
import { clarificationMinimum, planClarification, type ClarificationStage } from './clarification.ts';
import type { TradeType } from '../procedure/flags.ts';

const TABLE: HolidayTable = holidayTableFrom(
  JSON.parse(readFileSync(new URL('../calendar/holidays-cn-2025-2026.json', import.meta.url), 'utf8')) as unknown,
);
const bj = (s: string): Date => new Date(`${s.replace(' ', 'T')}:00+08:00`);
const iso = (d: Date | null | undefined) => (d ? d.toISOString() : null);

describe('N5 clarificationMinimum', () => {
  it.each<[TradeType, string, ClarificationStage, string | null]>([
    ['engineering', 'open', 'tender', '15d'],
    ['engineering', 'invited', 'tender', '15d'],
    ['engineering', 'open', 'prequalification', '3d'],
    ['procurement', 'open', 'tender', '15d'],
    ['procurement', 'invited', 'tender', '15d'],
    ['procurement', 'open', 'prequalification', '3d'],
    ['procurement', 'consultation', 'tender', '5d'],
    ['procurement', 'negotiation', 'tender', '3wd'],
    ['procurement', 'inquiry', 'tender', '3wd'],
    ['procurement', 'single_source', 'tender', null],
    ['land', 'listing', 'tender', null],
    ['land', 'auction', 'prequalification', null],
    ['property', 'online_bidding', 'tender', null],
  ])('%s %s %s → %s', (tradeType, method, stage, expected) => {
    const m = clarificationMinimum(tradeType, method, stage);
    expect(m ? `${m.n}${m.unit}` : null).toBe(expected);
  });
});

describe('N5 planClarification', () => {
  it.each<[string, TradeType, string, ClarificationStage, string, string, boolean, string | null, string | null]>([
    // [case, trade, method, stage, publishAt, deadline, affects, expected moveTo, expected earliest]
    ['exactly 15 days (any hour of day D+15 counts) → no move', 'engineering', 'open', 'tender', '2026-03-02 17:00', '2026-03-17 09:30', true, null, '2026-03-17 00:00'],
    ['one minute less than day D+15 → moved to D+15 at the old time of day', 'engineering', 'open', 'tender', '2026-03-02 17:00', '2026-03-16 23:59', true, '2026-03-17 23:59', '2026-03-17 00:00'],
    ['too close, not affecting preparation → no move', 'engineering', 'open', 'tender', '2026-03-20 10:00', '2026-03-25 09:30', false, null, '2026-04-07 00:00'],
    ['too close; D+15 is 清明 (4/4–4/6) → next working day 4/7', 'engineering', 'open', 'tender', '2026-03-20 10:00', '2026-03-25 09:30', true, '2026-04-07 09:30', '2026-04-07 00:00'],
    ['procurement open, D+15 on a Saturday → Monday', 'procurement', 'open', 'tender', '2026-03-06 10:00', '2026-03-10 09:30', true, '2026-03-23 09:30', '2026-03-23 00:00'],
    ['a deadline on a Saturday exactly 15 days after publishing is in time (counted back: no roll)', 'procurement', 'open', 'tender', '2026-03-06 10:00', '2026-03-21 09:30', true, null, '2026-03-23 00:00'],
    ['prequalification 3 d: exactly → no move', 'engineering', 'open', 'prequalification', '2026-03-02 10:00', '2026-03-05 09:00', true, null, '2026-03-05 00:00'],
    ['prequalification 3 d: one day short → moved', 'engineering', 'open', 'prequalification', '2026-03-02 10:00', '2026-03-04 17:00', true, '2026-03-05 17:00', '2026-03-05 00:00'],
    ['磋商 5 d → moved', 'procurement', 'consultation', 'tender', '2026-03-09 10:00', '2026-03-12 09:00', true, '2026-03-16 09:00', '2026-03-16 00:00'],
    ['谈判 3 wd over a weekend (Thu → Tue)', 'procurement', 'negotiation', 'tender', '2026-03-05 10:00', '2026-03-09 09:00', true, '2026-03-10 09:00', '2026-03-10 00:00'],
    ['询价 3 wd exactly (Thu → Tue) → no move', 'procurement', 'inquiry', 'tender', '2026-03-05 10:00', '2026-03-10 09:00', true, null, '2026-03-10 00:00'],
    ['谈判 3 wd over 劳动节 (4/30 → 5/8; 5/9 is a 调休 workday)', 'procurement', 'negotiation', 'tender', '2026-04-30 10:00', '2026-05-06 09:00', true, '2026-05-08 09:00', '2026-05-08 00:00'],
    ['land: no minimum', 'land', 'listing', 'tender', '2026-03-20 10:00', '2026-03-21 09:30', true, null, null],
  ])('%s', (_case, tradeType, method, stage, publishAt, deadline, affects, moveTo, earliest) => {
    const r = planClarification({ tradeType, method, stage, publishAt: bj(publishAt), deadline: bj(deadline), affectsPreparation: affects }, TABLE);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(iso(r.moveTo)).toBe(moveTo ? iso(bj(moveTo)) : null);
    expect(iso(r.earliest)).toBe(earliest ? iso(bj(earliest)) : null);
  });

  const base = { tradeType: 'engineering' as const, method: 'open', stage: 'tender' as const, publishAt: bj('2026-03-02 17:00'), deadline: bj('2026-03-10 09:30'), affectsPreparation: true };

  it.each<[string, string, string | false]>([
    ['a later requested deadline wins', '2026-03-20 14:00', '2026-03-20 14:00'],
    ['a requested deadline earlier than the platform choice but lawful → the platform choice (later)', '2026-03-17 08:00', '2026-03-17 09:30'],
    ['a requested deadline exactly at the earliest lawful instant is lawful', '2026-03-17 00:00', '2026-03-17 09:30'],
    ['a requested deadline one minute before the earliest lawful instant → refused', '2026-03-16 23:59', false],
  ])('%s', (_case, requested, expected) => {
    const r = planClarification({ ...base, requestedDeadline: bj(requested) }, TABLE);
    if (expected === false) {
      expect(r).toEqual({ ok: false, earliest: bj('2026-03-17 00:00'), provisional: false });
    } else {
      expect(r.ok && iso(r.moveTo)).toBe(iso(bj(expected)));
    }
  });

  it('sandbox acceleration: the period is n × 24 h ÷ factor of real time', () => {
    const r = planClarification({ ...base, acceleration: 1440 }, TABLE);
    // 15 days ÷ 1440 = 15 minutes; the deadline is days away → no move
    expect(r).toEqual({ ok: true, moveTo: null, earliest: new Date(base.publishAt.getTime() + 15 * 60_000), provisional: false });
    const close = planClarification({ ...base, deadline: new Date(base.publishAt.getTime() + 60_000), acceleration: 1440 }, TABLE);
    expect(close.ok && iso(close.moveTo)).toBe(iso(new Date(base.publishAt.getTime() + 15 * 60_000)));
  });

  it('a requested deadline on the Saturday that is D+15 is refused: the new deadline rolls to Monday', () => {
    const r = planClarification({ ...base, tradeType: 'procurement', publishAt: bj('2026-03-06 10:00'), deadline: bj('2026-03-10 09:30'), requestedDeadline: bj('2026-03-21 10:00') }, TABLE);
    expect(r).toEqual({ ok: false, earliest: bj('2026-03-23 00:00'), provisional: false });
  });

  it('in a year without a published calendar the moved deadline is the latest the notice can make it', () => {
    // 2027: published 1/25 → D+15 = 2/9, inside the likely 春节 block → at the latest 2/16.
    const r = planClarification({ ...base, publishAt: bj('2027-01-25 10:00'), deadline: bj('2027-02-01 09:30') }, TABLE);
    expect(r).toEqual({ ok: true, moveTo: bj('2027-02-16 09:30'), earliest: bj('2027-02-16 00:00'), provisional: true });
  });

  it('an invalid instant is a VALIDATION error', () => {
    expect(() => planClarification({ ...base, deadline: new Date('x') }, TABLE)).toThrow(/Invalid time/);
  });
});

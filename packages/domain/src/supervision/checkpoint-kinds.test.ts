import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { holidayTableFrom, type HolidayTable } from '../calendar/holidays.ts';
import type { TradeType } from '../procedure/flags.ts';
import { checkpointState } from './checkpoint.ts';
import { CHECKPOINT_KIND_KEYS, CHECKPOINT_KINDS, checkpointAt, checkpointDue, parseWarnOverrides, resolveWarnMinutes, windowCheckpoints, type CheckpointKind } from './checkpoint-kinds.ts';
import type { Schedule } from '../calendar/check-schedule.ts';
import type { TradeMethod } from '../calendar/limits.ts';

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
    ['notice.period', 'procurement'],
    ['documents.sale_period', 'engineering'],
    ['opening.start', 'engineering'],
  ])('%s does not apply to %s (or has no period): a typed error', (kind, tradeType) => {
    expect(() => checkpointDue(kind, { tradeType, anchor: bj('2026-03-02 09:00') }, TABLE)).toThrow(expect.objectContaining({ code: 'VALIDATION', details: expect.objectContaining({ reason: 'CHECKPOINT_NOT_APPLICABLE' }) }));
  });

  // Domain §6.2: a working-day kind's warning window counts working time back from its due instant.
  it.each<[string, string, number, string]>([
    ['§6.2: 540 minutes = "its last working day after 15:00"', '2026-03-02 10:00', 540, '2026-03-09 15:00'],
    ['one day: the last working day from 00:00 (the default)', '2026-03-02 10:00', 1440, '2026-03-09 00:00'],
    ['two days before a Monday 24:00 start on the Friday, not on the Sunday', '2026-03-02 10:00', 2880, '2026-03-06 00:00'],
    ['a day and a half: Friday noon', '2026-03-02 10:00', 2160, '2026-03-06 12:00'],
    ['across 春节 2026: due Thu 2/26 24:00 (5 wd from Thu 2/12: 2/13, 2/14 调休, 2/24–2/26); three days back = Tue 2/24 00:00', '2026-02-12 10:00', 3 * 1440, '2026-02-24 00:00'],
    ['across 春节 2026: four days back jump the whole holiday block 2/15–2/23 to the 调休 Saturday 2/14', '2026-02-12 10:00', 4 * 1440, '2026-02-14 00:00'],
  ])('deposit.refund (procurement, 5 wd) anchored %s', (_label, anchor, minutes, warnAt) => {
    const c = checkpointDue('deposit.refund', { tradeType: 'procurement', anchor: bj(anchor) }, TABLE, { 'deposit.refund': minutes });
    expect(c.warnAt.toISOString()).toBe(bj(warnAt).toISOString());
    expect(checkpointState({ ...c, doneAt: null }, new Date(c.warnAt.getTime() - 60_000))).toBe('green');
    expect(checkpointState({ ...c, doneAt: null }, c.warnAt)).toBe('yellow');
  });

  it('a calendar-day kind counts its window in plain time (engineering refund: 5 d, due Tue 3/10 24:00; 2 days back = Sun 3/8 24:00… Mon 3/9 00:00)', () => {
    const c = checkpointDue('deposit.refund', { tradeType: 'engineering', anchor: bj('2026-03-05 10:00') }, TABLE, { 'deposit.refund': 2880 });
    expect(c.dueAt.toISOString()).toBe(bj('2026-03-11 00:00').toISOString());
    expect(c.warnAt.toISOString()).toBe(bj('2026-03-09 00:00').toISOString());
  });

  it('an instant kind takes its due from the schedule; no window means green → red', () => {
    const due = bj('2026-03-25 09:45');
    const c = checkpointAt('opening.start', due);
    expect(c).toEqual({ warnAt: due, dueAt: due, provisional: false });
    expect(checkpointAt('prequal.review', due).warnAt.getTime()).toBe(due.getTime() - DAY);
    expect(checkpointAt('prequal.review', due, { overrides: { 'prequal.review': 90 } }).warnAt.getTime()).toBe(due.getTime() - 90 * 60_000);
    expect(() => checkpointAt('prequal.review', new Date('x'))).toThrow(expect.objectContaining({ code: 'VALIDATION' }));
  });

  // Minimum periods (period 'window'): due when the statutory minimum has surely run — the schedule check's
  // own count (`owed` leaning, business hours); red at that instant when the window closed before it.
  const sched = (fields: Record<string, string>): Schedule => Object.fromEntries(Object.entries(fields).map(([k, v]) => [k, bj(v)])) as Schedule;
  it.each<[string, TradeType, TradeMethod, Record<string, string>, string | null, [kind: string, subject: string, due: string, cutShort: boolean, provisional: boolean][]]>([
    ['engineering: Mon + 5 d = Sat → open until Mon 3/9 24:00 (ZTBT §16, MFD §203); ends exactly then', 'engineering', 'open', { noticePublishAt: '2026-03-02 09:00', docsIssueStart: '2026-03-02 09:00', docsIssueEnd: '2026-03-10 00:00', bidDeadline: '2026-03-25 09:30' }, null,
      [['documents.sale_period', 'limit:N3_ENG_DOC_SALE', '2026-03-10 00:00', false, false]]],
    ['engineering: the window closing at Mon 17:00 is seven hours short', 'engineering', 'open', { docsIssueStart: '2026-03-02 09:00', docsIssueEnd: '2026-03-09 17:00' }, null,
      [['documents.sale_period', 'limit:N3_ENG_DOC_SALE', '2026-03-10 00:00', true, false]]],
    ['engineering: Mon 17:00 is the full period when the documents set business hours until 17:00 (MFD §203 ¶2)', 'engineering', 'open', { docsIssueStart: '2026-03-02 09:00', docsIssueEnd: '2026-03-09 17:00' }, '17:00',
      [['documents.sale_period', 'limit:N3_ENG_DOC_SALE', '2026-03-09 17:00', false, false]]],
    ['engineering prequalification: the prequal documents counted from the notice, Tue + 5 d = Sun → Mon 3/9 24:00', 'engineering', 'open', { noticePublishAt: '2026-03-03 10:00', prequalDocsEnd: '2026-03-10 00:00' }, null,
      [['documents.sale_period', 'limit:N3_ENG_PREQUAL_DOC_SALE', '2026-03-10 00:00', false, false]]],
    ['procurement: Fri + 5 wd = Fri 3/13 (the weekend not counted): the notice period and the documents\' availability (R87 §16, CGT §31)', 'procurement', 'open', { noticePublishAt: '2026-03-06 09:00', docsIssueStart: '2026-03-06 09:00', docsIssueEnd: '2026-03-14 00:00' }, null,
      [['documents.sale_period', 'limit:N3_GP_DOC_AVAILABILITY', '2026-03-14 00:00', false, false], ['notice.period', 'limit:GP_NOTICE_PERIOD', '2026-03-14 00:00', false, false]]],
    ['procurement: ending on Fri 3/13 at 23:59 is short on both', 'procurement', 'open', { noticePublishAt: '2026-03-06 09:00', docsIssueStart: '2026-03-06 09:00', docsIssueEnd: '2026-03-13 23:59' }, null,
      [['documents.sale_period', 'limit:N3_GP_DOC_AVAILABILITY', '2026-03-14 00:00', true, false], ['notice.period', 'limit:GP_NOTICE_PERIOD', '2026-03-14 00:00', true, false]]],
    ['procurement across 春节 2026: 5 wd from Thu 2/12 are 2/13, 2/14 (调休), 2/24, 2/25, 2/26', 'procurement', 'open', { noticePublishAt: '2026-02-12 09:00', docsIssueStart: '2026-02-12 09:00', docsIssueEnd: '2026-02-27 00:00' }, null,
      [['documents.sale_period', 'limit:N3_GP_DOC_AVAILABILITY', '2026-02-27 00:00', false, false], ['notice.period', 'limit:GP_NOTICE_PERIOD', '2026-02-27 00:00', false, false]]],
    ['procurement in an unpublished year (2027): counted owed — the latest the calendar can make it — and provisional', 'procurement', 'open', { noticePublishAt: '2027-02-03 10:00', docsIssueStart: '2027-02-03 10:00', docsIssueEnd: '2027-03-01 00:00' }, null,
      [['documents.sale_period', 'limit:N3_GP_DOC_AVAILABILITY', 'provisional', false, true], ['notice.period', 'limit:GP_NOTICE_PERIOD', 'provisional', false, true]]],
    ['land: no minimum window watched', 'land', 'listing', { listingStart: '2026-03-02 09:00', listingEnd: '2026-03-20 17:00' }, null, []],
    ['a window without its end in the schedule: nothing declared', 'engineering', 'open', { docsIssueStart: '2026-03-02 09:00' }, null, []],
  ])('%s', (_label, tradeType, method, fields, businessHoursEnd, expected) => {
    const got = windowCheckpoints({ tradeType, method, schedule: sched(fields), businessHoursEnd }, TABLE);
    expect(got.map((c) => [c.kind, c.subjectKey, c.provisional ? 'provisional' : c.dueAt.toISOString(), c.cutShort, c.provisional])).toEqual(
      expected.map(([k, s, due, cut, prov]) => [k, s, due === 'provisional' ? 'provisional' : bj(due).toISOString(), cut, prov]),
    );
    for (const c of got) {
      expect(c.warnAt.getTime()).toBe(c.dueAt.getTime()); // no yellow: nothing to do before a minimum period ends
      expect(c.cutShort).toBe(c.windowEnd.getTime() < c.dueAt.getTime());
    }
  });

  it('in sandbox acceleration a minimum window is a plain duration (5 d ÷ 1440 = 5 minutes) from the anchor instant', () => {
    const [c] = windowCheckpoints({ tradeType: 'engineering', method: 'open', acceleration: 1440, schedule: sched({ docsIssueStart: '2026-03-07 10:00', docsIssueEnd: '2026-03-07 10:05' }) }, TABLE);
    expect(c).toMatchObject({ kind: 'documents.sale_period', dueAt: bj('2026-03-07 10:05'), cutShort: false });
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

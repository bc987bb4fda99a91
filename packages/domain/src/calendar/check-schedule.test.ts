import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { applicableLimits, checkSchedule, scheduleAsPublished, type Schedule, type ScheduleCheckInput } from './check-schedule.ts';
import { holidayTableFrom, type HolidayTable } from './holidays.ts';
import { METHODS_BY_TRADE_TYPE, TRADE_TYPES, type TradeType } from '../procedure/flags.ts';
import {
  SCHEDULE_FIELDS,
  STATUTORY_LIMITS,
  STRUCTURAL_RULES,
  type LimitId,
  type PropertyKind,
  type ScheduleField,
  type TradeMethod,
} from './limits.ts';

const TABLE: HolidayTable = holidayTableFrom(
  JSON.parse(readFileSync(new URL('./holidays-cn-2025-2026.json', import.meta.url), 'utf8')) as unknown,
);
/** An instant in 北京时间: bj('2026-03-01 09:00'), bj('2026-03-20 23:59:59'). */
const bj = (s: string): Date => {
  const [date, time = '00:00:00'] = s.split(' ');
  const t = time.length === 5 ? `${time}:00` : time;
  return new Date(`${date}T${t}+08:00`);
};
const MINUTE = 60_000;

function violationsOf(input: ScheduleCheckInput): { limitId: string; field: string; earliestAllowed: Date; messageZh: string }[] {
  const r = checkSchedule(input, TABLE);
  return r.ok ? [] : r.violations;
}

describe('STATUTORY_LIMITS data', () => {
  it('ids are unique', () => {
    const ids = STATUTORY_LIMITS.map((l) => l.id);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it.each(STATUTORY_LIMITS.map((l) => [l.id, l] as const))('%s is well formed', (_id, l) => {
    expect(l.tradeTypes.length).toBeGreaterThan(0);
    for (const t of l.tradeTypes) {
      for (const m of l.methods) expect(METHODS_BY_TRADE_TYPE[t] as readonly string[]).toContain(m);
    }
    if (l.propertyKinds) expect(l.tradeTypes).toEqual(['property']);
    expect(SCHEDULE_FIELDS).toContain(l.anchor);
    expect(SCHEDULE_FIELDS).toContain(l.target);
    expect(l.anchor).not.toBe(l.target);
    expect(Number.isInteger(l.min.n) && l.min.n > 0).toBe(true);
    expect(l.ruleRef).toMatch(/^[A-Z0-9]+( §\d+(, §\d+)*)?$/);
    expect(l.citationZh && l.citationEn && l.descriptionEn).toBeTruthy();
    expect(l.descriptionZh).toContain(`${l.min.n}${l.min.unit === 'wd' ? '个工作日' : '日'}`);
  });

  it.each<[LimitId, string, number, 'd' | 'wd']>([
    ['N1_ENG_BID_PREP', 'ZTB §24', 20, 'd'],
    ['N3_ENG_DOC_SALE', 'ZTBT §16', 5, 'd'],
    ['N3_ENG_PREQUAL_DOC_SALE', 'ZTBT §16', 5, 'd'],
    ['N4_ENG_PREQUAL_APPLICATION', 'ZTBT §17', 5, 'd'],
    ['N2_GP_BID_PREP', 'CG §35', 20, 'd'],
    ['N3_GP_DOC_AVAILABILITY', 'CGT §31', 5, 'wd'],
    ['GP_NOTICE_PERIOD', 'R87 §16, §18', 5, 'wd'],
    ['N4_GP_PREQUAL_APPLICATION', 'CGT §21', 5, 'wd'],
    ['N2_GP_CONSULTATION_RESPONSE', 'R214 §10', 10, 'd'],
    ['N3_GP_CONSULTATION_DOC_SALE', 'R214 §10', 5, 'wd'],
    ['N2_GP_NEGOTIATION_RESPONSE', 'R74 §29', 3, 'wd'],
    ['N2_GP_INQUIRY_RESPONSE', 'R74 §45', 3, 'wd'],
    ['GP_SINGLE_SOURCE_PUBLICITY', 'CGT §38', 5, 'wd'],
    ['L1_LAND_ANNOUNCEMENT_TENDER', 'R39L', 20, 'd'],
    ['L1_LAND_ANNOUNCEMENT_AUCTION', 'R39L', 20, 'd'],
    ['L1_LAND_ANNOUNCEMENT_LISTING', 'R39L', 20, 'd'],
    ['L1_LAND_LISTING_PERIOD', 'R114', 10, 'wd'],
    ['L7_PROPERTY_FORMAL_DISCLOSURE', 'R32 §13', 20, 'wd'],
    ['L7_PROPERTY_CAPITAL_INCREASE', 'R32 §41', 40, 'wd'],
    ['L7_PROPERTY_ASSET_TRANSFER', 'R32 §48', 10, 'wd'],
  ])('%s = %s, %i %s', (id, ruleRef, n, unit) => {
    const l = STATUTORY_LIMITS.find((x) => x.id === id);
    expect(l).toMatchObject({ ruleRef, min: { n, unit } });
  });

  it('every trade type / method has at least one limit', () => {
    for (const t of TRADE_TYPES) {
      for (const m of METHODS_BY_TRADE_TYPE[t]) expect(applicableLimits(t, m).length, `${t}/${m}`).toBeGreaterThan(0);
    }
  });

  it('structural rules reference real fields and known methods', () => {
    for (const r of STRUCTURAL_RULES) {
      expect(SCHEDULE_FIELDS).toContain(r.field);
      expect(SCHEDULE_FIELDS).toContain(r.relativeTo);
      for (const t of r.tradeTypes ?? []) {
        for (const m of r.methods ?? []) expect(METHODS_BY_TRADE_TYPE[t] as readonly string[]).toContain(m);
      }
    }
  });
});

// Boundary of every limit (issue 12 §3–4, T2), hand-counted from the 2025/2026 notices and the provisional
// 2027 calendar. POINTS: the earliest lawful day passes at any hour (00:00 included), the day before fails.
// WINDOWS: the window must stay open until 24:00 of its last day; ending at 23:59:59 or 00:00 of that day
// is one day short. Calendar-day minimums roll off rest days. Anchor of the first block: Monday 2026-03-02 10:00.
type Row = [LimitId, TradeType, TradeMethod, PropertyKind | undefined, string, string, string];
const POINTS: Row[] = [
  // id, trade, method, kind, anchor, earliest lawful day, why
  ['N1_ENG_BID_PREP', 'engineering', 'open', undefined, '2026-03-02 10:00', '2026-03-23', '3/22 is a Sunday → Monday'],
  ['N1_ENG_BID_PREP', 'engineering', 'invited', undefined, '2026-03-02 10:00', '2026-03-23', 'same'],
  ['N4_ENG_PREQUAL_APPLICATION', 'engineering', 'invited', undefined, '2026-03-02 10:00', '2026-03-09', '3/7 is a Saturday → Monday'],
  ['N2_GP_BID_PREP', 'procurement', 'open', undefined, '2026-03-02 10:00', '2026-03-23', '3/22 Sunday → Monday'],
  ['N4_GP_PREQUAL_APPLICATION', 'procurement', 'invited', undefined, '2026-03-02 10:00', '2026-03-09', '5 working days'],
  ['N2_GP_CONSULTATION_RESPONSE', 'procurement', 'consultation', undefined, '2026-03-02 10:00', '2026-03-12', 'Thursday, no roll'],
  ['N2_GP_NEGOTIATION_RESPONSE', 'procurement', 'negotiation', undefined, '2026-03-02 10:00', '2026-03-05', '3 working days'],
  ['N2_GP_INQUIRY_RESPONSE', 'procurement', 'inquiry', undefined, '2026-03-02 10:00', '2026-03-05', '3 working days'],
  ['L1_LAND_ANNOUNCEMENT_TENDER', 'land', 'tender', undefined, '2026-03-02 10:00', '2026-03-23', '3/22 Sunday → Monday'],
  ['L1_LAND_ANNOUNCEMENT_AUCTION', 'land', 'auction', undefined, '2026-03-02 10:00', '2026-03-23', 'same'],
  ['L1_LAND_ANNOUNCEMENT_LISTING', 'land', 'listing', undefined, '2026-03-02 10:00', '2026-03-23', 'same'],
  // Rest-day rolls across holiday blocks, and 调休 workdays that stop the roll
  ['N1_ENG_BID_PREP', 'engineering', 'open', undefined, '2025-09-11 09:00', '2025-10-09', 'the issue vector: 10/1 is 国庆 → after the block'],
  ['N1_ENG_BID_PREP', 'engineering', 'open', undefined, '2025-09-21 09:00', '2025-10-11', '10/11 is a 调休 Saturday workday: no roll'],
  ['N2_GP_BID_PREP', 'procurement', 'open', undefined, '2026-01-26 09:00', '2026-02-24', '2/15 is 春节 → after the block'],
  ['L1_LAND_ANNOUNCEMENT_LISTING', 'land', 'listing', undefined, '2026-01-25 09:00', '2026-02-14', '2/14 is a 调休 Saturday workday'],
  ['N2_GP_INQUIRY_RESPONSE', 'procurement', 'inquiry', undefined, '2026-02-12 09:00', '2026-02-24', '2/13, 2/14 (调休), 2/24'],
  // A year without a published calendar (2027): the latest the official calendar can make it
  ['N1_ENG_BID_PREP', 'engineering', 'open', undefined, '2027-01-18 09:00', '2027-02-16', '2/7 is 春节; the block may run to 2/15'],
  ['N2_GP_INQUIRY_RESPONSE', 'procurement', 'inquiry', undefined, '2027-02-01 09:00', '2027-02-18', '2/2–2/4 and 2/9–2/15 may be off'],
  ['N1_ENG_BID_PREP', 'engineering', 'open', undefined, '2027-03-01 09:00', '2027-03-22', '3/21 Sunday → Monday, certain'],
];
const WINDOWS: Row[] = [
  // id, trade, method, kind, anchor, last day (open until its 24:00), why
  ['N3_ENG_DOC_SALE', 'engineering', 'open', undefined, '2026-03-02 10:00', '2026-03-09', '5 d → 3/7 Saturday → Monday, until 24:00'],
  // Issue 18 §3 (P1): the prequalification documents from the 资格预审公告, both sides of a weekend.
  ['N3_ENG_PREQUAL_DOC_SALE', 'engineering', 'open', undefined, '2026-03-02 10:00', '2026-03-09', '5 d → 3/7 Saturday → Monday, until 24:00'],
  ['N3_ENG_PREQUAL_DOC_SALE', 'engineering', 'open', undefined, '2026-03-01 10:00', '2026-03-06', '5 d → Friday 3/6, before the weekend: no roll'],
  ['N3_ENG_PREQUAL_DOC_SALE', 'engineering', 'invited', undefined, '2025-09-26 09:00', '2025-10-09', '10/1 + roll over 国庆'],
  ['N3_GP_DOC_AVAILABILITY', 'procurement', 'open', undefined, '2026-03-02 10:00', '2026-03-09', '5 working days'],
  ['GP_NOTICE_PERIOD', 'procurement', 'open', undefined, '2026-03-02 10:00', '2026-03-09', '5 working days'],
  ['N3_GP_CONSULTATION_DOC_SALE', 'procurement', 'consultation', undefined, '2026-03-02 10:00', '2026-03-09', '5 working days'],
  ['GP_SINGLE_SOURCE_PUBLICITY', 'procurement', 'single_source', undefined, '2026-03-02 10:00', '2026-03-09', '5 working days'],
  ['L1_LAND_LISTING_PERIOD', 'land', 'listing', undefined, '2026-03-02 10:00', '2026-03-16', '10 working days'],
  ['L7_PROPERTY_FORMAL_DISCLOSURE', 'property', 'listing', undefined, '2026-03-02 10:00', '2026-03-30', '20 working days'],
  ['L7_PROPERTY_FORMAL_DISCLOSURE', 'property', 'online_bidding', 'equity_transfer', '2026-03-02 10:00', '2026-03-30', 'same'],
  ['L7_PROPERTY_CAPITAL_INCREASE', 'property', 'listing', 'capital_increase', '2026-03-02 10:00', '2026-04-28', '40 wd across 清明 (4/4–4/6)'],
  ['L7_PROPERTY_ASSET_TRANSFER', 'property', 'online_bidding', 'asset_transfer', '2026-03-02 10:00', '2026-03-16', '10 working days'],
  ['GP_SINGLE_SOURCE_PUBLICITY', 'procurement', 'single_source', undefined, '2025-09-26 17:00', '2025-10-10', '9/28 (调休), 9/29, 9/30, 10/9, 10/10'],
  ['N3_GP_DOC_AVAILABILITY', 'procurement', 'invited', undefined, '2025-09-30 09:00', '2025-10-14', '10/9, 10/10, 10/11 (调休), 10/13, 10/14'],
  ['L7_PROPERTY_FORMAL_DISCLOSURE', 'property', 'listing', undefined, '2026-02-12 09:00', '2026-03-18', '春节 and two 调休 Saturdays'],
  ['L1_LAND_LISTING_PERIOD', 'land', 'listing', undefined, '2025-09-26 09:00', '2025-10-16', '9/28, 9/29, 9/30, 10/9–10/11, 10/13–10/16'],
  ['N3_ENG_DOC_SALE', 'engineering', 'open', undefined, '2025-09-26 09:00', '2025-10-09', '10/1 + roll over 国庆'],
  ['L7_PROPERTY_FORMAL_DISCLOSURE', 'property', 'listing', undefined, '2027-01-25 09:00', '2027-03-08', 'provisional 2027: every day near 春节 that may be off is'],
];

function inputFor(row: Row, target: string): ScheduleCheckInput {
  const [id, tradeType, method, kind, anchor] = row;
  const limit = STATUTORY_LIMITS.find((l) => l.id === id)!;
  return { tradeType, method, ...(kind ? { propertyKind: kind } : {}), schedule: { [limit.anchor]: bj(anchor), [limit.target]: bj(target) } as Schedule };
}

describe.each(POINTS)('point %s (%s/%s %s) from %s: lawful from %s (%s)', (...row) => {
  const [id, , , , , exact] = row;
  const limit = STATUTORY_LIMITS.find((l) => l.id === id)!;
  it('is a point', () => expect(limit.kind).toBe('point'));
  it.each(['00:00:00', '00:00:01', '09:00', '23:59:59'])('target on the earliest day at %s passes', (time) => {
    expect(violationsOf(inputFor(row, `${exact} ${time}`)).map((v) => v.limitId)).not.toContain(id);
  });
  it('target one day short (the day before at 23:59:59) fails, naming the earliest lawful day', () => {
    const short = new Date(bj(`${exact} 00:00`).getTime() - 1000);
    const shortText = `${short.toISOString().slice(0, 10)} 23:59:59`;
    const v = violationsOf(inputFor(row, shortText)).find((x) => x.limitId === id);
    expect(v).toBeDefined();
    expect(v!.field).toBe(limit.target);
    expect(v!.earliestAllowed.getTime()).toBe(bj(`${exact} 00:00`).getTime());
  });
});

describe.each(WINDOWS)('window %s (%s/%s %s) from %s: open until 24:00 of %s (%s)', (...row) => {
  const [id, , , , , lastDay] = row;
  const limit = STATUTORY_LIMITS.find((l) => l.id === id)!;
  const endInstant = bj(`${lastDay} 00:00`).getTime() + 86_400_000;
  const at = (ms: number) => new Date(ms);
  const targetAt = (ms: number): ScheduleCheckInput => ({ ...inputFor(row, `${lastDay} 00:00`), schedule: { ...inputFor(row, `${lastDay} 00:00`).schedule, [limit.target]: at(ms) } });
  it('is a window', () => expect(limit.kind).toBe('window'));
  it('ending at 24:00 of the last day (or later) passes', () => {
    expect(violationsOf(targetAt(endInstant)).map((v) => v.limitId)).not.toContain(id);
    expect(violationsOf(targetAt(endInstant + 9 * 3_600_000)).map((v) => v.limitId)).not.toContain(id);
  });
  it.each([
    ['23:59:59 of the last day', endInstant - 1000],
    ['00:00 of the last day', endInstant - 86_400_000],
  ])('ending at %s is one day short and fails, naming 24:00', (_n, ms) => {
    const v = violationsOf(targetAt(ms)).find((x) => x.limitId === id);
    expect(v).toBeDefined();
    expect(v!.earliestAllowed.getTime()).toBe(endInstant);
    expect(v!.messageZh).toContain('24:00');
  });
});

describe('the boundary tables cover every limit, and say which are points and which windows', () => {
  it('every limit appears in exactly one table, with its kind', () => {
    for (const l of STATUTORY_LIMITS) {
      const inPoints = POINTS.some((r) => r[0] === l.id);
      const inWindows = WINDOWS.some((r) => r[0] === l.id);
      expect(inPoints !== inWindows, l.id).toBe(true);
      expect(l.kind, l.id).toBe(inPoints ? 'point' : 'window');
    }
  });
});

describe('the issue vector and messages', () => {
  const eng = (docs: Date, deadline: Date): ScheduleCheckInput => ({
    tradeType: 'engineering',
    method: 'open',
    schedule: { docsIssueStart: docs, bidDeadline: deadline, openingAt: deadline },
  });

  it('an engineering bid deadline on 2025-10-01 as the 20th day is refused with 2025-10-09 (T2 roll)', () => {
    const r = checkSchedule(eng(bj('2025-09-11 09:00'), bj('2025-10-01 09:30')), TABLE);
    expect(r.ok).toBe(false);
    const v = r.ok ? undefined : r.violations[0];
    expect(v).toMatchObject({ limitId: 'N1_ENG_BID_PREP', earliestAllowed: bj('2025-10-09 00:00'), provisional: false });
    expect(v!.messageZh).toBe('投标截止时间不得早于 2025年10月9日（自招标文件发出之日起不少于20日，《中华人民共和国招标投标法》第二十四条）；最早可设为 2025年10月9日（星期四）09:00');
    expect(checkSchedule(eng(bj('2025-09-11 09:00'), bj('2025-10-09 09:30')), TABLE).ok).toBe(true);
  });

  it('an anchor that is already 3月3日 in Beijing (UTC 3月2日 16:30) counts from 3月3日', () => {
    expect(checkSchedule(eng(new Date('2026-03-02T16:30:00Z'), bj('2026-03-23 09:00')), TABLE).ok).toBe(true);
    expect(checkSchedule(eng(new Date('2026-03-03T16:30:00Z'), bj('2026-03-23 09:00')), TABLE).ok).toBe(false);
  });

  it('the violation names the rule and the earliest legal date (3/21 is a Saturday → 3/23)', () => {
    const r = checkSchedule(eng(bj('2026-03-01 09:00'), bj('2026-03-21 09:00')), TABLE);
    expect(r).toEqual({
      ok: false,
      violations: [
        {
          limitId: 'N1_ENG_BID_PREP',
          ruleRef: 'ZTB §24',
          field: 'bidDeadline',
          earliestAllowed: bj('2026-03-23 00:00'),
          suggestedAt: bj('2026-03-23 09:00'),
          provisional: false,
          messageZh: '投标截止时间不得早于 2026年3月23日（自招标文件发出之日起不少于20日，《中华人民共和国招标投标法》第二十四条）；最早可设为 2026年3月23日（星期一）09:00',
          messageEn:
            'Bid deadline must not be earlier than 2026-03-23 (at least 20 days from the first issue of the tender documents; Article 24 of the Bidding Law); the earliest to set is Mon 2026-03-23 09:00 (Beijing time)',
        },
      ],
    });
  });

  it('a window says until when: 24:00 of the last day', () => {
    const r = checkSchedule(
      { tradeType: 'engineering', method: 'open', schedule: { docsIssueStart: bj('2026-03-02 09:00'), docsIssueEnd: bj('2026-03-09 17:00') } },
      TABLE,
    );
    expect(r.ok ? '' : r.violations[0]!.messageZh).toBe(
      '文件发售（提供）截止时间不得早于 2026年3月9日 24:00（招标文件或者资格预审文件的发售期不少于5日，《中华人民共和国招标投标法实施条例》第十六条）；最早可设为 2026年3月10日（星期二）09:00',
    );
  });

  it.each([
    // a window whose last day is Friday 3/6 ends at 24:00 = Saturday 00:00: suggest Monday 09:00
    ['a window ending on a Friday', { docsIssueStart: '2026-03-01 09:00', docsIssueEnd: '2026-03-05 17:00' }, '2026-03-07 00:00', '2026-03-09 09:00', '2026年3月9日（星期一）09:00'],
    // a window whose last day is the 调休 Saturday 2/14 before 春节: 24:00 falls in the block → 2/24 09:00
    ['a window ending on the 调休 Saturday before 春节', { docsIssueStart: '2026-02-09 09:00', docsIssueEnd: '2026-02-13 17:00' }, '2026-02-15 00:00', '2026-02-24 09:00', '2026年2月24日（星期二）09:00'],
    // a window ending on a Thursday: 24:00 = Friday 00:00, a working day → Friday 09:00
    ['a window ending on a Thursday', { docsIssueStart: '2026-02-28 09:00', docsIssueEnd: '2026-03-04 17:00' }, '2026-03-06 00:00', '2026-03-06 09:00', '2026年3月6日（星期五）09:00'],
  ])('the earliest lawful moment is shown as a working day at 09:00 (issue 19 §6): %s', (_name, s, earliest, suggested, text) => {
    const schedule = Object.fromEntries(Object.entries(s).map(([k, v]) => [k, bj(v)]));
    const r = checkSchedule({ tradeType: 'engineering', method: 'open', schedule }, TABLE);
    const v = r.ok ? undefined : r.violations.find((x) => x.limitId === 'N3_ENG_DOC_SALE');
    expect(v).toMatchObject({ earliestAllowed: bj(earliest), suggestedAt: bj(suggested) });
    expect(v!.messageZh).toContain(`；最早可设为 ${text}`);
    expect(v!.messageZh).not.toMatch(/§|ZTBT?\b/);
    expect(checkSchedule({ tradeType: 'engineering', method: 'open', schedule: { ...schedule, docsIssueEnd: v!.suggestedAt } }, TABLE).ok).toBe(true);
  });

  it('business hours set by the documents end a window at that time (民法典 §203 ¶2)', () => {
    const input = (end: string): ScheduleCheckInput => ({
      tradeType: 'engineering',
      method: 'open',
      businessHoursEnd: '17:00',
      schedule: { docsIssueStart: bj('2026-03-02 09:00'), docsIssueEnd: bj(end) },
    });
    expect(checkSchedule(input('2026-03-09 17:00'), TABLE).ok).toBe(true);
    const r = checkSchedule(input('2026-03-09 16:59'), TABLE);
    expect(r.ok ? '' : r.violations[0]!.messageZh).toContain('2026年3月9日 17:00');
    expect(() => checkSchedule({ ...input('2026-03-09 17:00'), businessHoursEnd: '25:00' }, TABLE)).toThrow(
      expect.objectContaining({ code: 'VALIDATION', details: { field: 'businessHoursEnd' } }),
    );
  });

  it('a provisional earliest date says so (2027 not published)', () => {
    const r = checkSchedule(eng(bj('2027-01-18 09:00'), bj('2027-02-09 09:30')), TABLE);
    const v = r.ok ? undefined : r.violations[0];
    expect(v).toMatchObject({ earliestAllowed: bj('2027-02-16 00:00'), provisional: true });
    expect(v!.messageZh).toContain('按暂定节假日安排计算');
    expect(v!.messageEn).toContain('provisional holiday calendar');
  });

  it('non-tender procurement says 响应文件提交截止时间', () => {
    const r = checkSchedule(
      { tradeType: 'procurement', method: 'inquiry', schedule: { docsIssueStart: bj('2026-03-02 09:00'), bidDeadline: bj('2026-03-04 09:00') } },
      TABLE,
    );
    expect(r.ok ? '' : r.violations[0]!.messageZh).toBe(
      '响应文件提交截止时间不得早于 2026年3月5日（自询价通知书发出之日起至提交响应文件截止之日止不少于3个工作日，《政府采购非招标采购方式管理办法》（财政部令第74号）第四十五条）；最早可设为 2026年3月5日（星期四）09:00',
    );
  });
});

describe('scheduleAsPublished: the schedule at the real publication instant (issue 12 §6)', () => {
  it('moves the notice to the real instant and pulls the documents start up to it', () => {
    const planned: Schedule = { noticePublishAt: bj('2026-03-02 09:00'), docsIssueStart: bj('2026-03-02 09:00'), docsIssueEnd: bj('2026-03-10 00:00'), bidDeadline: bj('2026-03-23 09:00') };
    expect(checkSchedule({ tradeType: 'engineering', method: 'open', schedule: planned }, TABLE).ok).toBe(true);
    const { schedule, moved } = scheduleAsPublished(planned, bj('2026-03-05 15:00'));
    expect(moved).toEqual(['noticePublishAt', 'docsIssueStart']);
    expect(schedule.docsIssueStart).toEqual(bj('2026-03-05 15:00'));
    expect(schedule.bidDeadline).toEqual(planned.bidDeadline);
    const r = checkSchedule({ tradeType: 'engineering', method: 'open', schedule }, TABLE);
    expect(r.ok ? [] : r.violations.map((v) => [v.limitId, v.earliestAllowed.toISOString()])).toEqual([
      ['N1_ENG_BID_PREP', bj('2026-03-25 00:00').toISOString()],
      ['N3_ENG_DOC_SALE', bj('2026-03-11 00:00').toISOString()],
    ]);
  });

  it('a later planned documents start is kept', () => {
    const planned: Schedule = { noticePublishAt: bj('2026-03-02 09:00'), docsIssueStart: bj('2026-03-05 09:00') };
    expect(scheduleAsPublished(planned, bj('2026-03-02 09:00')).moved).toEqual([]);
  });
});

describe('full schedules', () => {
  it.each<[string, ScheduleCheckInput]>([
    [
      'engineering open',
      {
        tradeType: 'engineering',
        method: 'open',
        businessHoursEnd: '17:00',
        schedule: {
          noticePublishAt: bj('2026-03-02 09:00'),
          docsIssueStart: bj('2026-03-02 09:00'),
          docsIssueEnd: bj('2026-03-09 17:00'),
          bidDeadline: bj('2026-03-23 09:30'),
          openingAt: bj('2026-03-23 09:30'),
        },
      },
    ],
    [
      'engineering invited with prequal',
      {
        tradeType: 'engineering',
        method: 'invited',
        schedule: {
          prequalDocsEnd: bj('2026-03-06 17:00'),
          prequalApplicationDeadline: bj('2026-03-11 09:00'),
          docsIssueStart: bj('2026-03-16 09:00'),
          docsIssueEnd: bj('2026-03-24 00:00'),
          bidDeadline: bj('2026-04-07 09:00'),
          openingAt: bj('2026-04-07 09:00'),
        },
      },
    ],
    [
      'procurement open across 国庆 2025',
      {
        tradeType: 'procurement',
        method: 'open',
        schedule: {
          noticePublishAt: bj('2025-09-26 09:00'),
          docsIssueStart: bj('2025-09-26 09:00'),
          docsIssueEnd: bj('2025-10-11 00:00'),
          bidDeadline: bj('2025-10-16 09:30'),
          openingAt: bj('2025-10-16 09:30'),
        },
      },
    ],
    [
      'procurement single source',
      { tradeType: 'procurement', method: 'single_source', schedule: { publicityStart: bj('2026-03-02 09:00'), publicityEnd: bj('2026-03-10 17:00') } },
    ],
    [
      'land listing',
      {
        tradeType: 'land',
        method: 'listing',
        schedule: { noticePublishAt: bj('2026-03-02 09:00'), listingStart: bj('2026-03-23 09:00'), listingEnd: bj('2026-04-08 10:00') },
      },
    ],
    [
      'property online bidding',
      {
        tradeType: 'property',
        method: 'online_bidding',
        schedule: { disclosureStart: bj('2026-03-02 09:00'), disclosureEnd: bj('2026-03-31 17:00'), auctionStart: bj('2026-04-01 10:00') },
      },
    ],
    ['an empty schedule', { tradeType: 'engineering', method: 'open', schedule: {} }],
    [
      'engineering in 2027 (provisional): 3/21 is a Sunday, 3/22 is lawful',
      {
        tradeType: 'engineering',
        method: 'open',
        schedule: { docsIssueStart: bj('2027-03-01 09:00'), bidDeadline: bj('2027-03-22 09:00'), openingAt: bj('2027-03-22 09:00') },
      },
    ],
  ])('%s → ok', (_name, input) => {
    expect(checkSchedule(input, TABLE)).toEqual({ ok: true });
  });

  it('limits of other methods do not apply (negotiation: 3 wd, not 20 d)', () => {
    const schedule: Schedule = { docsIssueStart: bj('2026-03-02 09:00'), bidDeadline: bj('2026-03-05 09:00') };
    expect(checkSchedule({ tradeType: 'procurement', method: 'negotiation', schedule }, TABLE).ok).toBe(true);
    expect(violationsOf({ tradeType: 'procurement', method: 'open', schedule }).map((v) => v.limitId)).toEqual(['N2_GP_BID_PREP']);
  });

  it('property kind picks the disclosure period (default equity transfer 20 wd)', () => {
    const schedule: Schedule = { disclosureStart: bj('2026-03-02 09:00'), disclosureEnd: bj('2026-03-17 09:00') }; // 10 wd, then 24:00
    expect(violationsOf({ tradeType: 'property', method: 'listing', schedule }).map((v) => v.limitId)).toEqual(['L7_PROPERTY_FORMAL_DISCLOSURE']);
    expect(checkSchedule({ tradeType: 'property', method: 'listing', propertyKind: 'asset_transfer', schedule }, TABLE).ok).toBe(true);
    expect(
      violationsOf({ tradeType: 'property', method: 'listing', propertyKind: 'capital_increase', schedule }).map((v) => v.limitId),
    ).toEqual(['L7_PROPERTY_CAPITAL_INCREASE']);
  });

  it('a working-day rule into 2027 is computed on the provisional calendar, never refused', () => {
    const r = checkSchedule(
      { tradeType: 'procurement', method: 'open', schedule: { docsIssueStart: bj('2026-12-28 09:00'), docsIssueEnd: bj('2027-01-05 17:00') } },
      TABLE,
    );
    // 12/29–12/31, 1/4, 1/5 are certain working days (元旦 2027 is a Friday): the window ends at 24:00 of 1/5.
    expect(r.ok ? [] : r.violations.map((v) => [v.limitId, v.earliestAllowed.toISOString(), v.provisional])).toEqual([
      ['N3_GP_DOC_AVAILABILITY', bj('2027-01-06 00:00').toISOString(), false],
    ]);
  });
});

describe('structural rules', () => {
  const at = (s: string): Date => bj(s);
  it.each<[string, TradeType, TradeMethod, Partial<Record<ScheduleField, string>>, string, ScheduleField, string, string]>([
    // name, trade, method, schedule, expected id, field, ruleRef, earliestAllowed
    ['opening before deadline', 'engineering', 'open', { bidDeadline: '2026-04-01 09:30', openingAt: '2026-04-01 09:00' }, 'OPENING_EQ_DEADLINE', 'openingAt', 'ZTB §34', '2026-04-01 09:30'],
    ['opening after deadline', 'engineering', 'invited', { bidDeadline: '2026-04-01 09:30', openingAt: '2026-04-01 10:00' }, 'OPENING_EQ_DEADLINE', 'openingAt', 'ZTB §34', '2026-04-01 09:30'],
    ['GP opening ≠ deadline', 'procurement', 'open', { bidDeadline: '2026-04-01 09:30', openingAt: '2026-04-02 09:30' }, 'OPENING_EQ_DEADLINE', 'openingAt', 'R87 §39', '2026-04-01 09:30'],
    ['docs end before start', 'engineering', 'open', { docsIssueStart: '2026-03-10 09:00', docsIssueEnd: '2026-03-09 17:00' }, 'DOCS_END_AFTER_START', 'docsIssueEnd', 'ORDER', '2026-03-10 09:00:00.001'],
    ['docs end equals start', 'land', 'tender', { docsIssueStart: '2026-03-10 09:00', docsIssueEnd: '2026-03-10 09:00' }, 'DOCS_END_AFTER_START', 'docsIssueEnd', 'ORDER', '2026-03-10 09:00:00.001'],
    ['docs before notice', 'procurement', 'open', { noticePublishAt: '2026-03-02 09:00', docsIssueStart: '2026-03-01 09:00' }, 'DOCS_NOT_BEFORE_NOTICE', 'docsIssueStart', 'ORDER', '2026-03-02 09:00'],
    ['deadline before docs end', 'procurement', 'consultation', { docsIssueEnd: '2026-03-20 17:00', bidDeadline: '2026-03-20 09:00' }, 'DOCS_END_NOT_AFTER_DEADLINE', 'bidDeadline', 'ORDER', '2026-03-20 17:00'],
    ['prequal after deadline', 'engineering', 'invited', { prequalApplicationDeadline: '2026-04-02 09:00', bidDeadline: '2026-04-01 09:00' }, 'PREQUAL_BEFORE_DEADLINE', 'bidDeadline', 'ORDER', '2026-04-02 09:00:00.001'],
    ['listing end before start', 'land', 'listing', { listingStart: '2026-04-10 09:00', listingEnd: '2026-04-09 09:00' }, 'LISTING_END_AFTER_START', 'listingEnd', 'ORDER', '2026-04-10 09:00:00.001'],
    ['disclosure end before start', 'property', 'listing', { disclosureStart: '2026-04-10 09:00', disclosureEnd: '2026-04-09 09:00' }, 'DISCLOSURE_END_AFTER_START', 'disclosureEnd', 'ORDER', '2026-04-10 09:00:00.001'],
    ['bidding before disclosure ends', 'property', 'online_bidding', { disclosureEnd: '2026-04-10 17:00', auctionStart: '2026-04-10 09:00' }, 'AUCTION_NOT_BEFORE_DISCLOSURE_END', 'auctionStart', 'ORDER', '2026-04-10 17:00'],
    ['publicity end before start', 'procurement', 'single_source', { publicityStart: '2026-04-10 09:00', publicityEnd: '2026-04-09 09:00' }, 'PUBLICITY_END_AFTER_START', 'publicityEnd', 'ORDER', '2026-04-10 09:00:00.001'],
    // issue 18 §4 (domain §5.3): the deposit by the application deadline, both before the sale.
    ['land: deposit deadline after the application deadline', 'land', 'listing', { depositDeadline: '2026-04-03 17:00', applicationDeadline: '2026-04-03 16:59' }, 'DEPOSIT_NOT_AFTER_APPLICATION', 'applicationDeadline', 'R39L', '2026-04-03 17:00'],
    ['property: deposit deadline after the application deadline', 'property', 'listing', { depositDeadline: '2026-04-03 17:00', applicationDeadline: '2026-04-03 16:00' }, 'DEPOSIT_NOT_AFTER_APPLICATION', 'applicationDeadline', 'R32', '2026-04-03 17:00'],
    ['land listing: application deadline = listing end', 'land', 'listing', { applicationDeadline: '2026-04-08 10:00', listingEnd: '2026-04-08 10:00' }, 'APPLICATION_BEFORE_LISTING_END', 'listingEnd', 'R39L', '2026-04-08 10:00:00.001'],
    ['land listing: application deadline after the listing end', 'land', 'listing', { applicationDeadline: '2026-04-09 10:00', listingEnd: '2026-04-08 10:00' }, 'APPLICATION_BEFORE_LISTING_END', 'listingEnd', 'R39L', '2026-04-09 10:00:00.001'],
    ['land listing: deposit deadline = listing end', 'land', 'listing', { depositDeadline: '2026-04-08 10:00', listingEnd: '2026-04-08 10:00' }, 'DEPOSIT_BEFORE_LISTING_END', 'listingEnd', 'R39L', '2026-04-08 10:00:00.001'],
    ['land auction: application deadline = auction start', 'land', 'auction', { applicationDeadline: '2026-04-08 10:00', auctionStart: '2026-04-08 10:00' }, 'APPLICATION_BEFORE_AUCTION', 'auctionStart', 'R39L', '2026-04-08 10:00:00.001'],
    ['land auction: deposit deadline after the auction start', 'land', 'auction', { depositDeadline: '2026-04-08 10:01', auctionStart: '2026-04-08 10:00' }, 'DEPOSIT_BEFORE_AUCTION', 'auctionStart', 'R39L', '2026-04-08 10:01:00.001'],
    ['land tender: application deadline after the bid deadline', 'land', 'tender', { applicationDeadline: '2026-04-08 10:01', bidDeadline: '2026-04-08 10:00' }, 'APPLICATION_NOT_AFTER_BID_DEADLINE', 'bidDeadline', 'R39L', '2026-04-08 10:01'],
    ['land tender: deposit deadline after the bid deadline', 'land', 'tender', { depositDeadline: '2026-04-08 10:01', bidDeadline: '2026-04-08 10:00' }, 'DEPOSIT_NOT_AFTER_BID_DEADLINE', 'bidDeadline', 'R39L', '2026-04-08 10:01'],
    ['property: application deadline after the disclosure end', 'property', 'listing', { applicationDeadline: '2026-04-08 17:01', disclosureEnd: '2026-04-08 17:00' }, 'APPLICATION_NOT_AFTER_DISCLOSURE_END', 'disclosureEnd', 'R32', '2026-04-08 17:01'],
    ['property: application deadline = bidding start', 'property', 'online_bidding', { applicationDeadline: '2026-04-10 10:00', auctionStart: '2026-04-10 10:00' }, 'APPLICATION_BEFORE_AUCTION', 'auctionStart', 'R32', '2026-04-10 10:00:00.001'],
    ['property: deposit deadline = bidding start', 'property', 'online_bidding', { depositDeadline: '2026-04-10 10:00', auctionStart: '2026-04-10 10:00' }, 'DEPOSIT_BEFORE_AUCTION', 'auctionStart', 'R32', '2026-04-10 10:00:00.001'],
    ['sale: application deadline = notice', 'land', 'auction', { noticePublishAt: '2026-03-02 09:00', applicationDeadline: '2026-03-02 09:00' }, 'APPLICATION_AFTER_NOTICE', 'applicationDeadline', 'ORDER', '2026-03-02 09:00:00.001'],
  ])('%s → %s', (_name, tradeType, method, s, id, field, ruleRef, earliest) => {
    const schedule = Object.fromEntries(Object.entries(s).map(([k, v]) => [k, at(v)])) as Schedule;
    const v = violationsOf({ tradeType, method, schedule }).find((x) => x.limitId === id);
    expect(v).toMatchObject({ field, ruleRef, earliestAllowed: at(earliest) });
  });

  it('opening = deadline passes; the message quotes the deadline', () => {
    const ok = checkSchedule(
      { tradeType: 'engineering', method: 'open', schedule: { bidDeadline: bj('2026-04-01 09:30'), openingAt: bj('2026-04-01 09:30') } },
      TABLE,
    );
    expect(ok.ok).toBe(true);
    const bad = checkSchedule(
      { tradeType: 'engineering', method: 'open', schedule: { bidDeadline: bj('2026-04-01 09:30'), openingAt: bj('2026-04-01 09:00') } },
      TABLE,
    );
    expect(bad.ok ? '' : bad.violations[0]!.messageZh).toBe('开标时间应当与投标截止时间为同一时间（2026-04-01 09:30:00，《中华人民共和国招标投标法》第三十四条）');
  });

  it.each<[string, TradeType, TradeMethod, Partial<Record<ScheduleField, string>>]>([
    // The boundary rows that pass: equal deposit and application deadlines; the last instant before the sale.
    ['land listing, deposit = application deadline, a minute before the listing end', 'land', 'listing', { depositDeadline: '2026-04-03 17:00', applicationDeadline: '2026-04-03 17:00', listingEnd: '2026-04-03 17:01' }],
    ['land auction, both a millisecond before the auction', 'land', 'auction', { depositDeadline: '2026-04-08 09:59:59.999', applicationDeadline: '2026-04-08 09:59:59.999', auctionStart: '2026-04-08 10:00' }],
    ['land tender, both at the bid deadline', 'land', 'tender', { depositDeadline: '2026-04-08 10:00', applicationDeadline: '2026-04-08 10:00', bidDeadline: '2026-04-08 10:00' }],
    ['property listing, application at the disclosure end', 'property', 'listing', { depositDeadline: '2026-04-08 17:00', applicationDeadline: '2026-04-08 17:00', disclosureEnd: '2026-04-08 17:00' }],
    ['the sale deadlines mean nothing to engineering', 'engineering', 'open', { depositDeadline: '2026-04-09 10:00', applicationDeadline: '2026-04-08 10:00', bidDeadline: '2026-04-01 10:00' }],
  ])('%s → no sale-deadline violation', (_name, tradeType, method, s) => {
    const schedule = Object.fromEntries(Object.entries(s).map(([k, v]) => [k, bj(v)])) as Schedule;
    expect(violationsOf({ tradeType, method, schedule }).filter((v) => /APPLICATION|DEPOSIT/.test(v.limitId))).toEqual([]);
  });

  it('the sale-deadline message names both fields and the land rules', () => {
    const v = violationsOf({ tradeType: 'land', method: 'listing', schedule: { applicationDeadline: bj('2026-04-08 10:00'), listingEnd: bj('2026-04-08 10:00') } })[0];
    expect(v?.messageZh).toBe('挂牌截止时间应当晚于竞买（受让）申请截止时间（2026-04-08 10:00:00，《招标拍卖挂牌出让国有建设用地使用权规定》（国土资源部令第39号））；最早可设为 2026年4月8日（星期三）10:01');
  });

  it('opening = deadline is not imposed on negotiation / land tender', () => {
    const schedule: Schedule = { bidDeadline: bj('2026-04-01 09:30'), openingAt: bj('2026-04-01 14:00') };
    expect(checkSchedule({ tradeType: 'procurement', method: 'negotiation', schedule }, TABLE).ok).toBe(true);
    expect(checkSchedule({ tradeType: 'land', method: 'tender', schedule }, TABLE).ok).toBe(true);
  });
});

describe('sandbox acceleration: periods become n × 24 h ÷ factor of real time', () => {
  const T = bj('2026-03-02 10:00');
  it.each<[LimitId, TradeType, TradeMethod, number, number]>([
    // id, trade, method, factor, expected period in ms
    ['N1_ENG_BID_PREP', 'engineering', 'open', 1440, 20 * MINUTE], // 1 day → 1 minute
    ['N1_ENG_BID_PREP', 'engineering', 'open', 2.5, 8 * 86_400_000],
    ['GP_SINGLE_SOURCE_PUBLICITY', 'procurement', 'single_source', 1440, 5 * MINUTE], // wd → 24 h ÷ f too
    ['L7_PROPERTY_CAPITAL_INCREASE', 'property', 'listing', 86_400, 40_000], // 40 wd → 40 s
  ])('%s (%s/%s) at ×%s: anchor + %i ms passes, 1 ms less fails', (id, tradeType, method, factor, period) => {
    const limit = STATUTORY_LIMITS.find((l) => l.id === id)!;
    const input = (target: Date): ScheduleCheckInput => ({
      tradeType,
      method,
      acceleration: factor,
      ...(id === 'L7_PROPERTY_CAPITAL_INCREASE' ? { propertyKind: 'capital_increase' as const } : {}),
      schedule: { [limit.anchor]: T, [limit.target]: target } as Schedule,
    });
    expect(violationsOf(input(new Date(T.getTime() + period))).map((v) => v.limitId)).not.toContain(id);
    const v = violationsOf(input(new Date(T.getTime() + period - 1))).find((x) => x.limitId === id);
    expect(v?.earliestAllowed.getTime()).toBe(T.getTime() + period);
  });

  it('ignores holidays and the table coverage (2027 works), and says so in the message', () => {
    const anchor = bj('2027-10-01 09:00');
    const r = checkSchedule(
      {
        tradeType: 'procurement',
        method: 'single_source',
        acceleration: 1440,
        schedule: { publicityStart: anchor, publicityEnd: new Date(anchor.getTime() + 4 * MINUTE) },
      },
      TABLE,
    );
    expect(r.ok).toBe(false);
    expect(r.ok ? '' : r.violations[0]!.messageZh).toBe(
      '公示截止时间不得早于 2027-10-01 09:05:00（单一来源采购公示期不少于5个工作日，《中华人民共和国政府采购法实施条例》第三十八条；沙箱加速 ×1440）',
    );
  });

  it('factor 1 is the statutory mode', () => {
    const schedule: Schedule = { docsIssueStart: bj('2026-03-03 09:00'), bidDeadline: bj('2026-03-23 00:00') };
    expect(checkSchedule({ tradeType: 'engineering', method: 'open', acceleration: 1, schedule }, TABLE).ok).toBe(true);
  });

  it.each([0.5, 0, -2, Number.NaN, Number.POSITIVE_INFINITY])('factor %s → VALIDATION', (acceleration) => {
    expect(() => checkSchedule({ tradeType: 'engineering', method: 'open', acceleration, schedule: {} }, TABLE)).toThrow(
      expect.objectContaining({ code: 'VALIDATION' }),
    );
  });
});

describe('input validation', () => {
  it.each<[string, ScheduleCheckInput, Record<string, unknown>]>([
    ['method of another trade type', { tradeType: 'engineering', method: 'listing', schedule: {} }, { method: 'listing' }],
    ['unknown trade type', { tradeType: 'mining' as TradeType, method: 'open', schedule: {} }, { tradeType: 'mining' }],
    ['invalid Date', { tradeType: 'engineering', method: 'open', schedule: { bidDeadline: new Date('x') } }, { field: 'bidDeadline' }],
    ['unknown property kind', { tradeType: 'property', method: 'listing', propertyKind: 'x' as PropertyKind, schedule: {} }, { propertyKind: 'x' }],
  ])('%s → VALIDATION', (_name, input, details) => {
    expect(() => checkSchedule(input, TABLE)).toThrow(expect.objectContaining({ code: 'VALIDATION', details: expect.objectContaining(details) }));
  });
});

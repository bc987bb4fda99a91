import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { holidayTableFrom, type HolidayTable } from '../calendar/holidays.ts';
import type { TradeType } from '../procedure/flags.ts';
import { objectionAnswerDue, objectionWindow, type ObjectionStage } from './objection.ts';

const TABLE: HolidayTable = holidayTableFrom(
  JSON.parse(readFileSync(new URL('../calendar/holidays-cn-2025-2026.json', import.meta.url), 'utf8')) as unknown,
);
/** An instant in 北京时间: bj('2026-03-01 09:00') */
const bj = (s: string): Date => {
  const [date, time = '00:00'] = s.split(' ');
  return new Date(`${date}T${time.length === 5 ? `${time}:00` : time}+08:00`);
};
/** 24:00 of a Beijing date (= 00:00 of the next day), the exclusive end. */
const end = (date: string): number => bj(`${date} 00:00`).getTime() + 86_400_000;

describe('objectionWindow — engineering, ZTBT §22 (N8): deadline − 10 d (tender), − 2 d (prequal), T2', () => {
  it.each<[ObjectionStage, boolean, string, string]>([
    ['tender', false, '2026-03-25 09:30', '2026-03-15'],
    ['tender', false, '2026-03-25 00:00', '2026-03-15'], // the deadline hour does not matter
    ['tender', false, '2026-03-25 23:59', '2026-03-15'],
    ['tender', false, '2026-10-11 09:00', '2026-10-01'], // a holiday last day is NOT rolled (would exceed the limit)
    ['tender', true, '2026-04-20 09:30', '2026-04-10'], // prequal project, tender stage: bid deadline − 10
    ['prequalification', true, '2026-03-10 10:00', '2026-03-08'],
    ['prequalification', true, '2026-03-09 09:00', '2026-03-07'], // Saturday last day, no roll
  ])('%s documents (prequal=%s), deadline %s → last filing day %s', (stage, prequalification, deadline, lastDay) => {
    const d = bj(deadline);
    const schedule = stage === 'prequalification' ? { prequalApplicationDeadline: d, bidDeadline: bj('2026-05-30 09:00') } : { bidDeadline: d };
    const w = objectionWindow({ tradeType: 'engineering', method: 'open', prequalification, stage, schedule }, TABLE)!;
    expect(w.closesAt.getTime()).toBe(end(lastDay));
    expect(w.ruleRef).toContain('ZTBT §22');
    // Boundary: 23:59 of the last day is in time, 00:01 of the next day is not.
    expect(bj(`${lastDay} 23:59`).getTime() < w.closesAt.getTime()).toBe(true);
    expect(bj(`${lastDay} 00:00`).getTime() + 86_400_000 + 60_000 < w.closesAt.getTime()).toBe(false);
  });

  it('the deadline day is exactly 10 days after the last filing day (start day excluded)', () => {
    const w = objectionWindow({ tradeType: 'engineering', method: 'open', prequalification: false, stage: 'tender', schedule: { bidDeadline: bj('2026-03-25 09:30') } }, TABLE)!;
    const lastFilingDay = new Date(w.closesAt.getTime() - 1);
    expect(Math.round((bj('2026-03-25 00:00').getTime() - bj('2026-03-15 00:00').getTime()) / 86_400_000)).toBe(10);
    expect(lastFilingDay.getTime()).toBe(bj('2026-03-15 23:59:59.999').getTime());
  });

  it.each<[ObjectionStage, boolean, Record<string, Date>]>([
    ['tender', false, {}], // no bid deadline yet
    ['prequalification', true, { bidDeadline: bj('2026-05-30 09:00') }], // no application deadline
    ['prequalification', false, { prequalApplicationDeadline: bj('2026-03-10 10:00') }], // no prequal phase
  ])('%s (prequal=%s) without its deadline → null', (stage, prequalification, schedule) => {
    expect(objectionWindow({ tradeType: 'engineering', method: 'open', prequalification, stage, schedule }, TABLE)).toBeNull();
  });
});

describe('objectionWindow — procurement 质疑, CG §52 / CGT §53: 7 working days from knowing, not cut short by the deadline', () => {
  it.each<[string, string | null, string, string, string]>([
    // [docsIssueEnd, firstDownloadAt, bidDeadline, expected last day (24:00), why]
    ['2026-03-09 17:00', null, '2026-04-10 09:00', '2026-03-18', 'no download: from the end of availability (Mon) → 3/10…3/18'],
    ['2026-03-09 17:00', '2026-03-02 10:00', '2026-04-10 09:00', '2026-03-11', 'from the first download'],
    ['2026-03-09 17:00', '2026-03-02 00:00', '2026-04-10 09:00', '2026-03-11', 'the download hour does not matter'],
    ['2026-02-27 17:00', '2026-02-12 09:00', '2026-04-10 09:00', '2026-02-28', '春节: 2/13, 2/14 调休, 2/24–2/27, 2/28 调休'],
    ['2025-09-30 17:00', null, '2025-11-10 09:00', '2025-10-16', '国庆 2025: 10/9, 10/10, 10/11 调休, 10/13–10/16'],
  ])('docsIssueEnd %s, first download %s → ends 24:00 of %s (%s)', (docsEnd, dl, deadline, lastDay) => {
    const w = objectionWindow(
      {
        tradeType: 'procurement',
        method: 'open',
        prequalification: false,
        stage: 'tender',
        schedule: { docsIssueEnd: bj(docsEnd), bidDeadline: bj(deadline) },
        firstDownloadAt: dl ? bj(dl) : null,
      },
      TABLE,
    )!;
    expect(w.closesAt.getTime()).toBe(end(lastDay));
    expect(w.ruleRef).toContain('CG §52');
  });

  it('the bid deadline does not cut the window short (issue 12 §7)', () => {
    const deadline = bj('2026-03-17 09:30');
    const w = objectionWindow(
      { tradeType: 'procurement', method: 'consultation', prequalification: false, stage: 'tender', schedule: { docsIssueEnd: bj('2026-03-09 17:00'), bidDeadline: deadline } },
      TABLE,
    )!;
    expect(w.closesAt.getTime()).toBe(end('2026-03-18')); // 3/10 … 3/18, past the 3/17 deadline
  });

  it('a provisional end is the latest the official calendar can make it (the filer is owed it)', () => {
    const w = objectionWindow(
      { tradeType: 'procurement', method: 'open', prequalification: false, stage: 'tender', schedule: { docsIssueEnd: bj('2027-09-27 17:00'), bidDeadline: bj('2027-10-20 09:30') } },
      TABLE,
    )!;
    // 9/28–9/30 and 10/4–10/10 may be off: 10/11, 10/12, … counted → 7th working day 10/19 at the latest.
    expect(w.provisional).toBe(true);
    expect(w.closesAt.getTime()).toBe(end('2027-10-19'));
  });

  it('prequalification documents: from prequalDocsEnd, not cut short by the application deadline', () => {
    const w = objectionWindow(
      {
        tradeType: 'procurement',
        method: 'invited',
        prequalification: true,
        stage: 'prequalification',
        schedule: { prequalDocsEnd: bj('2026-03-02 17:00'), prequalApplicationDeadline: bj('2026-03-09 09:00'), bidDeadline: bj('2026-04-10 09:00') },
      },
      TABLE,
    )!;
    expect(w.closesAt.getTime()).toBe(end('2026-03-11')); // 7 wd from 3/2
  });

  it.each<[string, Record<string, string>, string | null]>([
    ['during the publicity, until its end (exclusive)', { publicityStart: '2026-03-02 09:00', publicityEnd: '2026-03-09 17:00' }, '2026-03-09 17:00'],
    ['a download does not move it', { publicityStart: '2026-03-02 09:00', publicityEnd: '2026-03-10 00:00' }, '2026-03-10 00:00'],
    ['no publicity end → no window', { publicityStart: '2026-03-02 09:00' }, null],
  ])('single source (CGT §38, issue 18 §3): objections to the publicity %s', (_n, sched, closes) => {
    const schedule = Object.fromEntries(Object.entries(sched).map(([k, v]) => [k, bj(v)]));
    const w = objectionWindow({ tradeType: 'procurement', method: 'single_source', prequalification: false, stage: 'tender', schedule, firstDownloadAt: bj('2026-03-03 10:00') }, TABLE);
    if (closes === null) {
      expect(w).toBeNull();
    } else {
      expect(w).toEqual({ closesAt: bj(closes), ruleRef: 'CGT §38', descriptionZh: expect.stringContaining('公示期内'), descriptionEn: expect.any(String), provisional: false });
    }
  });

  it('no documents date and no download → null', () => {
    expect(objectionWindow({ tradeType: 'procurement', method: 'open', prequalification: false, stage: 'tender', schedule: { bidDeadline: bj('2026-04-10 09:00') } }, TABLE)).toBeNull();
  });
});

describe('objectionWindow — land and property have no objection procedure against documents', () => {
  it.each<[TradeType, string]>([
    ['land', 'listing'],
    ['land', 'auction'],
    ['property', 'online_bidding'],
  ])('%s/%s → null', (tradeType, method) => {
    expect(
      objectionWindow({ tradeType, method, prequalification: false, stage: 'tender', schedule: { bidDeadline: bj('2026-04-10 09:00'), listingEnd: bj('2026-04-10 09:00') } }, TABLE),
    ).toBeNull();
  });
});

describe('objectionAnswerDue — ZTBT §22: 3 days from receipt, T2 (start day excluded, rest day rolls)', () => {
  it.each<[string, string, string]>([
    ['2026-03-02 09:00', '2026-03-05', 'Mon → Thu'],
    ['2026-03-02 23:59', '2026-03-05', 'the filing hour does not matter'],
    ['2026-03-04 09:00', '2026-03-09', 'Wed → Sat 3/7 rolls to Mon 3/9'],
    ['2026-03-07 10:00', '2026-03-10', 'filed on a Saturday → Tue'],
    ['2025-09-28 09:00', '2025-10-09', '10/1 in 国庆 → first working day after the block'],
    ['2026-02-11 09:00', '2026-02-14', '2/14 is a 调休 Saturday workday → no roll'],
  ])('filed %s → due 24:00 of %s (%s)', (filed, dueDay) => {
    const due = objectionAnswerDue('engineering', bj(filed), TABLE);
    expect(due.at.getTime()).toBe(end(dueDay));
    expect(due.warnAt.getTime()).toBe(end(dueDay) - 86_400_000); // yellow from the start of the last day
    expect(due).toMatchObject({ limit: { n: 3, unit: 'd' }, provisional: false });
    expect(due.ruleRef).toContain('ZTBT §22');
  });

  it.each<[string, string, boolean]>([
    // The answer is the platform's watch: the EARLIEST due date the 2027 notice can give.
    ['2027-03-02 09:00', '2027-03-05', false],
    ['2027-02-01 09:00', '2027-02-04', true], // Thursday 2/4 may already be off — due then all the same
    ['2027-02-03 09:00', '2027-02-09', true], // 2/6 is 正月初一 → 2/9 may be a working day
  ])('2027 (not published): filed %s → due 24:00 of %s (provisional %s)', (filed, dueDay, provisional) => {
    const due = objectionAnswerDue('engineering', bj(filed), TABLE);
    expect(due.at.getTime()).toBe(end(dueDay));
    expect(due.provisional).toBe(provisional);
  });
});

describe('objectionAnswerDue — GP 质疑: 7 working days from receipt (CG §53)', () => {
  it.each<[string, string]>([
    ['2026-03-02 09:00', '2026-03-11'],
    ['2026-02-12 09:00', '2026-02-28'], // 2/13, 2/14 (调休), 2/24–2/27, 2/28 (调休)
    ['2025-09-26 17:00', '2025-10-13'], // 9/28 (调休), 9/29, 9/30, 10/9–10/11 (调休), 10/13
  ])('received %s → due 24:00 of %s', (filed, dueDay) => {
    const due = objectionAnswerDue('procurement', bj(filed), TABLE);
    expect(due.at.getTime()).toBe(end(dueDay));
    expect(due).toMatchObject({ limit: { n: 7, unit: 'wd' } });
    expect(due.ruleRef).toContain('CG §53');
  });
});

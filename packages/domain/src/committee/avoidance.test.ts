import { describe, expect, it } from 'vitest';
import { avoidanceReasons, sanctionHolds, tieCounts, type AvoidanceExpert, type AvoidanceReason, type SectionParties } from './avoidance.ts';
import { localDate } from '../calendar/dates.ts';

const TENDEREE = '91330100MA0000001X';
const AGENT = '91330100MA0000002X';
const BIDDER_A = '91330100MA0000003X';
const BIDDER_B = '91330100MA0000004X';
const SUPERVISOR = '11330100MB0000005X';
const OTHER = '91330100MA0000009X';

const parties: SectionParties = {
  tenderee: { creditCode: TENDEREE, name: '招标人' },
  agent: { creditCode: AGENT, name: '代理' },
  bidders: [{ creditCode: BIDDER_A, name: '投标人甲' }, { creditCode: BIDDER_B }],
  supervisors: [{ creditCode: SUPERVISOR }],
};

// 2026-06-15 10:00 Beijing time.
const AT = new Date('2026-06-15T02:00:00.000Z');

const clean: AvoidanceExpert = { available: true, sanctionedUntil: null, employerCreditCode: null, ties: [] };
const tie = (orgCreditCode: string, endedOn: string | null = null, kind: 'employment' | 'board' | 'control' | 'relative_employer' = 'employment') => ({ orgCreditCode, kind, endedOn });
const reasonsOf = (e: Partial<AvoidanceExpert>, p: SectionParties = parties, at: Date = AT): AvoidanceReason[] => avoidanceReasons({ ...clean, ...e }, p, at).map((a) => a.reason);

describe('avoidanceReasons (E3)', () => {
  it.each<[string, Partial<AvoidanceExpert>, AvoidanceReason[]]>([
    ['no ties, available, not sanctioned → eligible', {}, []],
    ['tie to the tenderee (employment, lasting)', { ties: [tie(TENDEREE)] }, ['TIE_TENDEREE']],
    ['tie to the agent (board)', { ties: [tie(AGENT, null, 'board')] }, ['TIE_AGENT']],
    ['tie to a bidder (control)', { ties: [tie(BIDDER_B, null, 'control')] }, ['TIE_BIDDER']],
    ['tie to a bidder through a relative', { ties: [tie(BIDDER_A, null, 'relative_employer')] }, ['TIE_BIDDER']],
    ['tie to the supervising department', { ties: [tie(SUPERVISOR)] }, ['TIE_SUPERVISOR']],
    ['employer is a bidder (profile, no declared tie)', { employerCreditCode: BIDDER_A }, ['TIE_BIDDER']],
    ['employer is the supervising department', { employerCreditCode: SUPERVISOR }, ['TIE_SUPERVISOR']],
    ['credit code matched case- and space-insensitively', { ties: [tie(` ${TENDEREE.toLowerCase()} `)] }, ['TIE_TENDEREE']],
    ['tie to an organization that is no party → none', { ties: [tie(OTHER)], employerCreditCode: OTHER }, []],
    ['sanctioned until after the check', { sanctionedUntil: new Date(AT.getTime() + 1) }, ['SANCTIONED']],
    ['sanction ending exactly at the check → over', { sanctionedUntil: AT }, []],
    ['sanction ended before the check', { sanctionedUntil: new Date(AT.getTime() - 86_400_000) }, []],
    ['unavailable', { available: false }, ['UNAVAILABLE']],
    ['several reasons at once, in a stable order', { available: false, sanctionedUntil: new Date('2027-01-01T00:00:00Z'), ties: [tie(BIDDER_A), tie(TENDEREE)] }, ['TIE_TENDEREE', 'TIE_BIDDER', 'SANCTIONED', 'UNAVAILABLE']],
    ['the same tie declared twice and as employer counts once', { employerCreditCode: BIDDER_A, ties: [tie(BIDDER_A), tie(BIDDER_A, '2025-01-01', 'board')] }, ['TIE_BIDDER']],
  ])('%s', (_name, expert, expected) => {
    expect(reasonsOf(expert)).toEqual(expected);
  });

  it.each<[string, string | null, boolean]>([
    ['lasting tie', null, true],
    ['ended yesterday', '2026-06-14', true],
    ['ended exactly 3 years before the check day → still counts', '2023-06-15', true],
    ['ended 3 years and a day before → no longer counts', '2023-06-14', false],
    ['ended long ago', '2010-01-01', false],
  ])('a bidder tie %s', (_name, endedOn, counts) => {
    expect(reasonsOf({ ties: [tie(BIDDER_A, endedOn)] })).toEqual(counts ? ['TIE_BIDDER'] : []);
  });

  it('judges the 3-year window on the Beijing calendar day of the check', () => {
    // 2026-06-14T16:00Z is 2026-06-15 00:00 in Beijing: a tie ended 2023-06-14 no longer counts; at 15:59Z (still the 14th) it does.
    expect(reasonsOf({ ties: [tie(BIDDER_A, '2023-06-14')] }, parties, new Date('2026-06-14T16:00:00.000Z'))).toEqual([]);
    expect(reasonsOf({ ties: [tie(BIDDER_A, '2023-06-14')] }, parties, new Date('2026-06-14T15:59:59.999Z'))).toEqual(['TIE_BIDDER']);
  });

  it('names the organization and how the expert is tied', () => {
    expect(avoidanceReasons({ ...clean, ties: [tie(BIDDER_A, null, 'board')] }, parties, AT)).toEqual([{ reason: 'TIE_BIDDER', orgCreditCode: BIDDER_A, orgName: '投标人甲', via: 'board' }]);
  });

  it.each<[string, SectionParties, AvoidanceReason[]]>([
    ['no agent', { ...parties, agent: null }, ['TIE_TENDEREE', 'TIE_BIDDER', 'TIE_SUPERVISOR']],
    ['no bidders yet', { ...parties, bidders: [] }, ['TIE_TENDEREE', 'TIE_AGENT', 'TIE_SUPERVISOR']],
    ['no supervisors given', { tenderee: parties.tenderee, agent: parties.agent, bidders: parties.bidders }, ['TIE_TENDEREE', 'TIE_AGENT', 'TIE_BIDDER']],
  ])('parties: %s', (_name, p, expected) => {
    expect(reasonsOf({ ties: [tie(TENDEREE), tie(AGENT), tie(BIDDER_A), tie(SUPERVISOR)] }, p)).toEqual(expected);
  });
});

describe('tieCounts / sanctionHolds', () => {
  it.each<[string | null, string, boolean]>([
    [null, '2026-01-01', true],
    ['2023-01-01', '2026-01-01', true],
    ['2023-01-01', '2026-01-02', false],
    ['2024-02-29', '2027-02-28', true], // no 29 Feb in 2027: the window ends on the 28th
    ['2024-02-29', '2027-03-01', false],
    ['not-a-date', '2026-01-01', true], // unreadable: never lets an expert through
  ])('ended %s, checked %s → %s', (endedOn, today, expected) => {
    expect(tieCounts(endedOn, localDate(today))).toBe(expected);
  });

  it.each<[Date | null, Date, boolean]>([
    [null, AT, false],
    [new Date(AT.getTime() + 1), AT, true],
    [AT, AT, false],
    [new Date(AT.getTime() - 1), AT, false],
  ])('sanction until %s at %s → %s', (until, at, expected) => {
    expect(sanctionHolds(until, at)).toBe(expected);
  });
});

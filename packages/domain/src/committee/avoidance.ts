/**
 * Avoidance (回避, domain §3, §8 E3; issue 21 §2): why an expert may not sit on a section's committee.
 *
 * - TIE_TENDEREE / TIE_AGENT / TIE_BIDDER: the expert is, or within 3 years was, employed by, on the board
 *   of, or in control of the party, or a close relative works for it (a declared tie, or the expert's own
 *   employer). A tie counts while it lasts and until the same date 3 years after it ended, inclusive
 *   (Beijing calendar days, DESIGN §4): ended exactly 3 years before the check → still counts; a day earlier → not.
 * - TIE_SUPERVISOR: the expert works for (or is tied to) the department supervising the project.
 * - SANCTIONED: under a sanction at the instant of the check (the sanction ends at `sanctionedUntil`,
 *   exclusive: at that instant the expert is no longer sanctioned).
 * - UNAVAILABLE: the expert (or staff) set the expert unavailable.
 *
 * Organizations are matched by 统一社会信用代码 (upper-cased, trimmed).
 */
import { beijingDate, compare, isLocalDate, type LocalDate } from '../calendar/dates.ts';
import { addMonthsClamped } from '../sales/terms.ts';

export const AVOIDANCE_REASONS = ['TIE_TENDEREE', 'TIE_AGENT', 'TIE_BIDDER', 'TIE_SUPERVISOR', 'SANCTIONED', 'UNAVAILABLE'] as const;
export type AvoidanceReason = (typeof AVOIDANCE_REASONS)[number];

export const AVOIDANCE_REASON_WORDS: Readonly<Record<AvoidanceReason, { zh: string; en: string }>> = {
  TIE_TENDEREE: { zh: '与招标人（采购人）有关联', en: 'Tied to the tenderee (purchaser)' },
  TIE_AGENT: { zh: '与招标代理机构有关联', en: 'Tied to the tendering agent' },
  TIE_BIDDER: { zh: '与投标人有关联', en: 'Tied to a bidder' },
  TIE_SUPERVISOR: { zh: '在项目监管部门任职或与其有关联', en: 'Works for or is tied to the supervising department' },
  SANCTIONED: { zh: '处于暂停评标资格处理期内', en: 'Under a sanction' },
  UNAVAILABLE: { zh: '暂不可参加评标', en: 'Unavailable' },
};

/** Years a tie still counts after it ended (E3). */
export const TIE_LOOKBACK_YEARS = 3;

export type TieKind = 'employment' | 'board' | 'control' | 'relative_employer';

export interface AvoidanceTie {
  orgCreditCode: string;
  kind: TieKind;
  /** Beijing date the tie ended (YYYY-MM-DD), null while it lasts. */
  endedOn: string | null;
}

export interface AvoidanceExpert {
  available: boolean;
  /** End (exclusive) of a sanction, null when none. */
  sanctionedUntil: Date | null;
  /** The current employer's credit code: an employment tie that lasts. */
  employerCreditCode: string | null;
  ties: readonly AvoidanceTie[];
}

export interface AvoidanceParty {
  creditCode: string;
  name?: string;
}

/** A section's parties (E3): the tenderee, its agent, every bidder of the section, the supervising departments. */
export interface SectionParties {
  tenderee: AvoidanceParty;
  agent: AvoidanceParty | null;
  bidders: readonly AvoidanceParty[];
  supervisors?: readonly AvoidanceParty[];
}

export interface Avoidance {
  reason: AvoidanceReason;
  /** The organization the reason concerns (tie reasons only). */
  orgCreditCode?: string;
  orgName?: string;
  /** How the expert is tied: a declared tie's kind, or 'employer' (the profile's employer). */
  via?: TieKind | 'employer';
}

const norm = (code: string) => code.trim().toUpperCase();

/** Whether a tie that ended on `endedOn` still counts on Beijing day `today` (E3: within 3 years, inclusive). */
export function tieCounts(endedOn: string | null, today: LocalDate): boolean {
  if (endedOn === null) return true;
  if (!isLocalDate(endedOn)) return true; // an unreadable date is never a reason to let an expert through
  return compare(addMonthsClamped(endedOn, TIE_LOOKBACK_YEARS * 12), today) >= 0;
}

/** Whether a sanction ending at `until` (exclusive) holds at `at`. */
export function sanctionHolds(until: Date | null, at: Date): boolean {
  return until !== null && at.getTime() < until.getTime();
}

/** Every reason `expert` must avoid the section of `parties` at instant `at` (E3), in a stable order; [] = eligible. */
export function avoidanceReasons(expert: AvoidanceExpert, parties: SectionParties, at: Date): Avoidance[] {
  const today = beijingDate(at);
  const links: { code: string; via: TieKind | 'employer' }[] = [];
  if (expert.employerCreditCode && expert.employerCreditCode.trim() !== '') links.push({ code: norm(expert.employerCreditCode), via: 'employer' });
  for (const t of expert.ties) if (tieCounts(t.endedOn, today)) links.push({ code: norm(t.orgCreditCode), via: t.kind });

  const out: Avoidance[] = [];
  const seen = new Set<string>();
  const check = (reason: AvoidanceReason, party: AvoidanceParty) => {
    const code = norm(party.creditCode);
    const link = links.find((l) => l.code === code);
    if (!link) return;
    const key = `${reason}|${code}`;
    if (seen.has(key)) return;
    seen.add(key);
    out.push({ reason, orgCreditCode: code, ...(party.name !== undefined ? { orgName: party.name } : {}), via: link.via });
  };
  check('TIE_TENDEREE', parties.tenderee);
  if (parties.agent) check('TIE_AGENT', parties.agent);
  for (const b of parties.bidders) check('TIE_BIDDER', b);
  for (const s of parties.supervisors ?? []) check('TIE_SUPERVISOR', s);
  if (sanctionHolds(expert.sanctionedUntil, at)) out.push({ reason: 'SANCTIONED' });
  if (!expert.available) out.push({ reason: 'UNAVAILABLE' });
  return out;
}

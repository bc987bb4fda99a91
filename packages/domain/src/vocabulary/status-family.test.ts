import { describe, expect, it } from 'vitest';
import { PROCEDURE_STATUSES } from '../procedure/machine.ts';
import { TIME_SOURCE_STATES } from '../system/ntp.ts';
import { CONFIRM_STATUSES, DECRYPT_STATUSES, DEPOSIT_STATUSES } from './values.ts';
import {
  ANSWER_HINTS,
  AUDIT_CHECKS,
  BID_PART_PHASES,
  BID_STATUSES,
  CERT_STATES,
  CLARIFICATION_STATUSES,
  CONNECTION_STATES,
  DOCUMENT_STATES,
  HOLIDAY_YEAR_STATUSES,
  NOTICE_STATUSES,
  OBJECTION_STATUSES,
  OPENING_STATUSES,
  ORG_STATUSES,
  OUTAGE_ACTIONS,
  QUALIFICATION_DECISIONS,
  REGISTRATION_STATUSES,
  SECTION_STATUSES,
  STATUS_FAMILIES,
  STATUS_KINDS,
  USER_STATES,
  statusFamilyOf,
  statusFamilyOrNeutral,
  statusesOf,
  type StatusFamily,
  type StatusKind,
} from './status-family.ts';

/**
 * Every status of every kind the screens show, with the family it must have (issue 19 §2). Adding a status
 * to one of the lists without a row here fails "each kind lists exactly its statuses" below.
 */
const ROWS: [StatusKind, string, StatusFamily][] = [
  // the procedure (machine.ts)
  ['procedure', 'DRAFT', 'neutral'],
  ['procedure', 'PENDING_REVIEW', 'progress'],
  ['procedure', 'PUBLISHED', 'open'],
  ['procedure', 'PREQUALIFICATION', 'open'],
  ['procedure', 'PREQUALIFIED', 'progress'],
  ['procedure', 'BIDDING', 'open'],
  ['procedure', 'OPENING', 'progress'],
  ['procedure', 'EVALUATION', 'progress'],
  ['procedure', 'NEGOTIATION', 'progress'],
  ['procedure', 'AUCTION', 'open'],
  ['procedure', 'CANDIDATE_PUBLICITY', 'progress'],
  ['procedure', 'AWARD_PENDING', 'progress'],
  ['procedure', 'AWARDED', 'done'],
  ['procedure', 'CONTRACTED', 'done'],
  ['procedure', 'ARCHIVED', 'neutral'], // a failed project is archived too: grey, not green
  ['procedure', 'SUSPENDED', 'suspended'],
  ['procedure', 'FAILED', 'failed'],
  ['procedure', 'TERMINATED', 'failed'],
  ['section', 'open', 'open'],
  ['section', 'failed', 'failed'],
  ['notice', 'draft', 'neutral'],
  ['notice', 'pending_review', 'progress'],
  ['notice', 'scheduled', 'progress'],
  ['notice', 'published', 'done'],
  ['notice', 'rejected', 'failed'],
  ['clarification', 'draft', 'neutral'],
  ['clarification', 'published', 'done'],
  ['document', 'current', 'done'],
  ['document', 'superseded', 'neutral'],
  ['document', 'not_public', 'progress'],
  ['registration', 'applied', 'progress'],
  ['registration', 'qualified', 'done'],
  ['registration', 'disqualified', 'failed'],
  ['registration', 'withdrawn', 'neutral'],
  ['qualificationDecision', 'pass', 'done'],
  ['qualificationDecision', 'fail', 'failed'],
  ['answerHint', 'meets', 'done'],
  ['answerHint', 'below_threshold', 'failed'],
  ['answerHint', 'missing_evidence', 'progress'],
  ['answerHint', 'unanswered', 'neutral'],
  ['deposit', 'pending', 'progress'],
  ['deposit', 'received', 'done'],
  ['deposit', 'refunded', 'done'],
  ['deposit', 'forfeited', 'failed'],
  ['bid', 'current', 'done'],
  ['bid', 'superseded', 'neutral'],
  ['bid', 'withdrawn', 'neutral'], // the bidder's right, not a failure
  ['bidPart', 'waiting', 'neutral'],
  ['bidPart', 'sealing', 'progress'],
  ['bidPart', 'sealed', 'progress'],
  ['bidPart', 'uploading', 'progress'],
  ['bidPart', 'uploaded', 'done'],
  ['opening', 'waiting', 'open'],
  ['opening', 'decrypting', 'progress'],
  ['opening', 'published', 'progress'],
  ['opening', 'closed', 'done'],
  ['opening', 'failed', 'failed'],
  ['decrypt', 'pending', 'progress'],
  ['decrypt', 'decrypted', 'done'],
  ['decrypt', 'revoked', 'failed'], // 撤销: the bidder's fault (O3)
  ['decrypt', 'withdrawn_external', 'neutral'], // 撤回: not the bidder's fault (O3)
  ['confirm', 'pending', 'progress'],
  ['confirm', 'confirmed', 'done'],
  ['confirm', 'objected', 'failed'],
  ['confirm', 'deemed_accepted', 'done'],
  ['objection', 'filed', 'progress'],
  ['objection', 'accepted', 'progress'],
  ['objection', 'declined', 'failed'],
  ['objection', 'answered', 'done'],
  ['certificate', 'valid', 'done'],
  ['certificate', 'expiring', 'progress'],
  ['certificate', 'expired', 'failed'],
  ['certificate', 'notYetValid', 'progress'],
  ['certificate', 'revoked', 'failed'],
  ['certificate', 'superseded', 'neutral'],
  ['organization', 'pending', 'progress'],
  ['organization', 'active', 'done'],
  ['organization', 'rejected', 'failed'],
  ['user', 'active', 'done'],
  ['user', 'inactive', 'neutral'],
  ['holidayYear', 'published', 'done'],
  ['holidayYear', 'draft', 'neutral'],
  ['holidayYear', 'provisional', 'progress'],
  ['outage', 'extended', 'done'],
  ['outage', 'reclassified', 'progress'],
  ['outage', 'not_extended', 'failed'],
  ['connection', 'connecting', 'progress'],
  ['connection', 'connected', 'done'],
  ['connection', 'reconnecting', 'progress'],
  ['connection', 'closed', 'failed'],
  ['auditCheck', 'ok', 'done'],
  ['auditCheck', 'broken', 'failed'],
  ['auditCheck', 'missing', 'failed'],
  ['auditCheck', 'corrupted', 'failed'],
  ['timeSource', 'unmonitored', 'neutral'],
  ['timeSource', 'ok', 'done'],
  ['timeSource', 'warn', 'progress'],
  ['timeSource', 'blocked', 'failed'],
  ['timeSource', 'unknown', 'failed'],
];

/** The value lists each kind must cover: the glossary's own lists where they exist. */
const LISTS: Record<StatusKind, readonly string[]> = {
  procedure: PROCEDURE_STATUSES,
  section: SECTION_STATUSES,
  notice: NOTICE_STATUSES,
  clarification: CLARIFICATION_STATUSES,
  document: DOCUMENT_STATES,
  registration: REGISTRATION_STATUSES,
  qualificationDecision: QUALIFICATION_DECISIONS,
  answerHint: ANSWER_HINTS,
  deposit: DEPOSIT_STATUSES,
  bid: BID_STATUSES,
  bidPart: BID_PART_PHASES,
  opening: OPENING_STATUSES,
  decrypt: DECRYPT_STATUSES,
  confirm: CONFIRM_STATUSES,
  objection: OBJECTION_STATUSES,
  certificate: CERT_STATES,
  organization: ORG_STATUSES,
  user: USER_STATES,
  holidayYear: HOLIDAY_YEAR_STATUSES,
  outage: OUTAGE_ACTIONS,
  connection: CONNECTION_STATES,
  auditCheck: AUDIT_CHECKS,
  timeSource: TIME_SOURCE_STATES,
};

describe('status families (issue 19 §2): one family per status, the same everywhere', () => {
  it.each(ROWS)('%s %s is %s', (kind, status, family) => {
    expect(statusFamilyOf(kind, status as never)).toBe(family);
    expect(statusFamilyOrNeutral(kind, status)).toBe(family);
  });

  it.each(Object.entries(LISTS) as [StatusKind, readonly string[]][])('each kind lists exactly its statuses: %s', (kind, list) => {
    expect([...statusesOf(kind)].sort()).toEqual([...list].sort());
    expect(ROWS.filter(([k]) => k === kind).map(([, s]) => s).sort()).toEqual([...list].sort());
  });

  it('knows every kind the table has, and no other', () => {
    expect([...STATUS_KINDS].sort()).toEqual(Object.keys(LISTS).sort());
  });

  it('gives only the six families', () => {
    for (const [, , f] of ROWS) expect(STATUS_FAMILIES).toContain(f);
    // every family is used by some status (a family nobody has is a colour nobody learns)
    for (const f of STATUS_FAMILIES) expect(ROWS.some(([, , x]) => x === f), f).toBe(true);
  });

  it.each([
    ['procedure', 'UNKNOWN'],
    ['deposit', 'waived'], // shown as words in the opening's security column, not as a tag
    ['bid', ''],
    ['notice', 'toString'], // not a prototype key
    ['procedure', 'constructor'],
  ] as const)('an unknown status %s %s throws in statusFamilyOf and is neutral in statusFamilyOrNeutral', (kind, status) => {
    expect(() => statusFamilyOf(kind, status as never)).toThrow(/has no family/);
    expect(statusFamilyOrNeutral(kind, status)).toBe('neutral');
  });
});

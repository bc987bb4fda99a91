/**
 * Who may read what about registrants and bidders BEFORE THE DEADLINE (issue 13 §2; 招标投标法 §22;
 * domain N6, O4, B5, B11) — the one table the services consult. Until a project's bid deadline nobody
 * learns which companies registered, downloaded, paid a security, uploaded, bid or signed in, nor how
 * many; the lawful minimum is given to those whose task needs it:
 *
 * - a bidder: only its own company's registration, deposit, uploads, bids and sign-in;
 * - center staff: a security found one at a time (by payment reference, or by company + project when
 *   the bidder presents it) to record it — never a list; prequalification applicants once the
 *   application deadline has passed, for the review;
 * - the owner side (tenderee / agent): prequalification applicants once the application deadline has
 *   passed; nothing else (no registrant list, no downloads, no counts);
 * - supervisors and platform administrators: no exemption — what the audit trail shows them after the
 *   application deadline (prequalification applicants) and nothing else;
 * - experts and the public: nothing.
 *
 * The table says only what is allowed BEFORE the deadline. Once the server clock is past the project's
 * bid deadline (when the opening starts, O1) every fact is `open`: the existing views and their own
 * access rules apply. A service may be stricter than the table (the owner side sees applicants' answers
 * only once the review is complete), never looser.
 *
 * Audit entries of these acts are stored whole (the verifier checks them) but shown masked to every
 * reader of the audit list until the deadline (`auditSecretUntil`, `maskAuditEvent`).
 *
 * Pure: no I/O, time passed in.
 */
import type { AuditEntryRaw } from '@ebid/contracts';
import { AppError, type Role } from '@ebid/domain';

/** The facts about registrants and bidders that are secret until the deadline. */
export const SECRET_FACTS = [
  /** Who registered (报名) for a section, and how many. */
  'registrants',
  /** Prequalification applicants, their answers and evidence (the review). */
  'prequal_applicants',
  /**
   * Land and property applicants (竞买申请 / 受让申请) under review before the sale (issue 18 §4): the
   * trading center's reviewers only — never the owner side, other applicants or the public.
   */
  'sale_applicants',
  /** Securities (投标保证金) by company: pending or received, payer, amount. */
  'deposits',
  /** Who downloaded the tender documents, and how many (N6). */
  'downloads',
  /** Who uploaded or submitted a bid, how many, part sizes and hashes. */
  'bids',
  /** Who signed in to the opening room, and how many. */
  'sign_ins',
  /** Actor, subject, payload and hashes of the audit entries of the acts above. */
  'audit_details',
] as const;
export type SecretFact = (typeof SECRET_FACTS)[number];

export type Reader = Role | 'anonymous';
export const READERS: readonly Reader[] = ['bidder', 'tenderee', 'agent', 'staff', 'platform_admin', 'supervisor', 'expert', 'anonymous'];

/**
 * What a reader may read of a fact before the deadline:
 * - `own`: its own company's only;
 * - `lookup`: one record at a time, found by a key the reader holds (a payment reference, or company +
 *   project), never a list or a count;
 * - `after_application_deadline`: all of it once the prequalification application deadline has passed;
 * - `for_review`: all of it, for the review the reader's task is (center staff reviewing sale applicants);
 * - `never`: nothing until the deadline.
 */
export type BeforeDeadline = 'own' | 'lookup' | 'after_application_deadline' | 'for_review' | 'never';

/** THE table: (fact × reader) → what is allowed before the deadline. */
export const BEFORE_DEADLINE: Readonly<Record<SecretFact, Readonly<Record<Reader, BeforeDeadline>>>> = {
  registrants: { bidder: 'own', tenderee: 'never', agent: 'never', staff: 'never', platform_admin: 'never', supervisor: 'never', expert: 'never', anonymous: 'never' },
  prequal_applicants: {
    bidder: 'own',
    tenderee: 'after_application_deadline',
    agent: 'after_application_deadline',
    staff: 'after_application_deadline',
    platform_admin: 'after_application_deadline',
    supervisor: 'after_application_deadline',
    expert: 'never',
    anonymous: 'never',
  },
  sale_applicants: { bidder: 'own', tenderee: 'never', agent: 'never', staff: 'for_review', platform_admin: 'never', supervisor: 'never', expert: 'never', anonymous: 'never' },
  deposits: { bidder: 'own', tenderee: 'never', agent: 'never', staff: 'lookup', platform_admin: 'never', supervisor: 'never', expert: 'never', anonymous: 'never' },
  downloads: { bidder: 'own', tenderee: 'never', agent: 'never', staff: 'never', platform_admin: 'never', supervisor: 'never', expert: 'never', anonymous: 'never' },
  bids: { bidder: 'own', tenderee: 'never', agent: 'never', staff: 'never', platform_admin: 'never', supervisor: 'never', expert: 'never', anonymous: 'never' },
  sign_ins: { bidder: 'own', tenderee: 'never', agent: 'never', staff: 'never', platform_admin: 'never', supervisor: 'never', expert: 'never', anonymous: 'never' },
  audit_details: { bidder: 'never', tenderee: 'never', agent: 'never', staff: 'never', platform_admin: 'never', supervisor: 'never', expert: 'never', anonymous: 'never' },
};

/** The reader's scope NOW: `open` = the existing views apply; `own`/`lookup` as above; `none` = nothing. */
export type ReadScope = 'open' | 'own' | 'lookup' | 'none';

/** The schedule fields the secrecy periods end at (a project row or its view). */
export interface SecrecySchedule {
  prequalification: boolean;
  schedule: unknown;
}

function at(s: unknown, key: string): Date | null {
  const v: unknown = typeof s === 'object' && s !== null && key in s ? Reflect.get(s, key) : undefined;
  if (typeof v !== 'string' && !(v instanceof Date)) return null;
  const d = v instanceof Date ? v : new Date(v);
  return Number.isNaN(d.getTime()) ? null : d;
}

/**
 * The end of secrecy: the bid deadline (land: the listing end; property: the disclosure end). Null when
 * the schedule has none yet — then everything stays secret.
 */
export function secretUntil(p: Pick<SecrecySchedule, 'schedule'>): Date | null {
  return at(p.schedule, 'bidDeadline') ?? at(p.schedule, 'listingEnd') ?? at(p.schedule, 'disclosureEnd');
}

/** The prequalification application deadline, or null (not a prequalification project, or not set). */
export function applicationDeadline(p: SecrecySchedule): Date | null {
  return p.prequalification ? at(p.schedule, 'prequalApplicationDeadline') : null;
}

/** Is the project still before its deadline at `now` (secret; a missing deadline counts as secret)? */
export function isBeforeDeadline(p: Pick<SecrecySchedule, 'schedule'>, now: Date): boolean {
  const until = secretUntil(p);
  return until === null || now.getTime() <= until.getTime();
}

export function readerOf(role: Role | null | undefined): Reader {
  return role ?? 'anonymous';
}

/** What `reader` may read of `fact` in project `p` at `now` (the table, with the deadlines applied). */
export function readScope(fact: SecretFact, reader: Reader, p: SecrecySchedule, now: Date): ReadScope {
  if (!isBeforeDeadline(p, now)) return 'open';
  const rule = BEFORE_DEADLINE[fact][reader];
  switch (rule) {
    case 'own':
      return 'own';
    case 'lookup':
      return 'lookup';
    case 'for_review':
      return 'open';
    case 'after_application_deadline': {
      const d = applicationDeadline(p);
      return d !== null && now.getTime() > d.getTime() ? 'open' : 'none';
    }
    case 'never':
      return 'none';
  }
}

/** The one refusal for a list or count that is secret until the deadline (same answer whether or not anything exists). */
export function secretBeforeDeadline(p: Pick<SecrecySchedule, 'schedule'>, fact: SecretFact): AppError {
  const until = secretUntil(p);
  return new AppError(
    'INVALID_STATE',
    { zh: '投标截止时间前不公开', en: 'Not disclosed before the bid deadline' },
    { reason: 'SECRET_UNTIL_DEADLINE', fact, until: until?.toISOString() ?? null },
  );
}

// ---------------------------------------------------------------------------------------------- audit

/**
 * The audit actions that record a registrant's or bidder's act (or the platform's act on it). `keys`:
 * only those payload keys are secret (the rest of the event is not about a company).
 */
export const AUDIT_SECRET_ACTIONS: Readonly<Record<string, { fact: SecretFact; keys?: readonly string[] }>> = {
  'registration.apply': { fact: 'registrants' },
  'registration.reapply': { fact: 'registrants' },
  'registration.withdraw': { fact: 'registrants' },
  'registration.review': { fact: 'sale_applicants' },
  'qualification.answer': { fact: 'registrants' },
  'deposit.record': { fact: 'deposits' },
  'deposit.refund': { fact: 'deposits' },
  'deposit.forfeit': { fact: 'deposits' },
  'deposit.mark_for_refund': { fact: 'deposits' },
  'deposit.refund_due_recomputed': { fact: 'deposits' },
  'deposit.refund_overdue': { fact: 'deposits' },
  'deposit.refund_due_soon': { fact: 'deposits' },
  'bid.upload_start': { fact: 'bids' },
  'bid.upload_abandon': { fact: 'bids' },
  'bid.finalize': { fact: 'bids' },
  'bid.withdraw': { fact: 'bids' },
  'bid.receipt_pdf': { fact: 'bids' }, // issue 16 §6: a company downloading its receipt PDF tells that it bid
  'opening.sign_in': { fact: 'sign_ins' },
  // A termination before the deadline counts the securities it marks for refund.
  'project.terminated': { fact: 'deposits', keys: ['depositsMarkedForRefund'] },
};

/** Registration events of a prequalification project are application events: secret until the application deadline. */
const APPLICATION_ACTIONS = new Set(['registration.apply', 'registration.reapply', 'registration.withdraw', 'qualification.answer']);

/**
 * Is an audit event of project `p` shown masked at `now`? Null: no (not such an act, or the deadline has
 * passed); else until when (null: no deadline set yet — secret until there is one and it passes). Events
 * of the platform chain (p = null) are not about one project's registrants.
 */
export function auditSecrecy(action: string, p: SecrecySchedule | null, now: Date): { until: Date | null } | null {
  const rule = AUDIT_SECRET_ACTIONS[action];
  if (!rule || !p) return null;
  const until = APPLICATION_ACTIONS.has(action) && p.prequalification ? applicationDeadline(p) : secretUntil(p);
  if (until === null) return { until: null };
  return now.getTime() <= until.getTime() ? { until } : null;
}

export const MASKED_ACTION = 'masked';

/**
 * Mask an event of a registrant's or bidder's act: who, on what, with what payload and hashes — and which
 * act it was (the number of each kind would count bids or sign-ins). Id, chain, seq and time stay. With
 * `keys`, only those payload keys are hidden.
 */
export function maskAuditEvent(e: Omit<AuditEntryRaw, 'masked' | 'maskedUntil'>, until: Date | null): AuditEntryRaw {
  const rule = AUDIT_SECRET_ACTIONS[e.action];
  const untilIso = until?.toISOString() ?? null;
  if (rule?.keys) {
    const original = e.payload;
    const payload: unknown =
      original && typeof original === 'object' ? { ...original, ...Object.fromEntries(rule.keys.filter((k) => k in original).map((k) => [k, null])) } : original;
    // The payload hash would let a reader test guesses of the hidden values.
    return { ...pickShown(e), payload, payloadHash: null, hash: null, masked: true, maskedUntil: untilIso };
  }
  return {
    id: e.id,
    chain: e.chain,
    seq: e.seq,
    prevHash: null,
    hash: null,
    at: e.at,
    actorUserId: null,
    actorRole: null,
    actorOrgId: null,
    certSerial: null,
    action: MASKED_ACTION,
    subjectType: MASKED_ACTION,
    subjectId: null,
    payload: null,
    payloadHash: null,
    objectHashes: [],
    clientAddress: null,
    userAgent: null,
    deviceFingerprint: null,
    masked: true,
    maskedUntil: untilIso,
  };
}

function pickShown(e: Omit<AuditEntryRaw, 'masked' | 'maskedUntil'>): Omit<AuditEntryRaw, 'masked' | 'maskedUntil'> {
  return {
    id: e.id,
    chain: e.chain,
    seq: e.seq,
    prevHash: e.prevHash,
    hash: e.hash,
    at: e.at,
    actorUserId: e.actorUserId,
    actorRole: e.actorRole,
    actorOrgId: e.actorOrgId,
    certSerial: e.certSerial,
    action: e.action,
    subjectType: e.subjectType,
    subjectId: e.subjectId,
    payload: e.payload,
    payloadHash: e.payloadHash,
    objectHashes: e.objectHashes,
    clientAddress: e.clientAddress,
    userAgent: e.userAgent,
    deviceFingerprint: e.deviceFingerprint,
  };
}

// ---------------------------------------------------------------------------------------- checkpoints

/**
 * Supervision checkpoints (issue 20 §3) that watch one company's registration, security or bid: their
 * subject key is `<kind>:<id>` with one of these kinds. Until the deadline their number alone would count
 * registrants, securities or bids (a termination marks the securities for refund, each a checkpoint), so
 * the dashboard and the timeline leave them out for every reader the table does not open the fact to.
 */
export const CHECKPOINT_SECRET_SUBJECTS: Readonly<Record<string, SecretFact>> = {
  registration: 'registrants',
  deposit: 'deposits',
  bid: 'bids',
  sign_in: 'sign_ins',
};

/** Is a checkpoint (by its subject key) of project `p` hidden from `reader` at `now`? */
export function checkpointSecret(subjectKey: string, reader: Reader, p: SecrecySchedule, now: Date): boolean {
  const kind = subjectKey.split(':', 1)[0]!;
  const fact = Object.hasOwn(CHECKPOINT_SECRET_SUBJECTS, kind) ? CHECKPOINT_SECRET_SUBJECTS[kind] : undefined;
  return fact !== undefined && readScope(fact, reader, p, now) !== 'open';
}

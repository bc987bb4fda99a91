/**
 * Status at a glance (issue 19 §2): every status the screens show belongs to one FAMILY, and a family has
 * one colour and one icon everywhere — tags, the project's Steps bar, lists. This is the one place that
 * says which family a status is in; the web's `StatusTag` paints a family and nothing else.
 *
 * The families:
 * - `open`      accepting now: a notice is out, registrations / bids / offers / sign-ins are taken (公告中, 投标中, 竞价中)
 * - `progress`  under way or waiting for someone's act: a review, a decryption, an evaluation, an answer (待审核, 评标, 待确认)
 * - `done`      finished with its intended outcome (已定标, 已签约, 已通过, 已公示, 已到账)
 * - `failed`    ended without it: failed, terminated, rejected, revoked, expired, forfeited (流标, 终止, 已驳回, 已撤销, 已过期)
 * - `suspended` paused and expected to resume (暂停, 中止)
 * - `neutral`   not started, set aside or closed as a file, saying nothing of the outcome (草稿, 已被替换, 已撤回, 已归档)
 *
 * Decisions:
 * - ARCHIVED is neutral, not done: a failed or terminated project is archived too, and a green 已归档 would
 *   tell the reader it succeeded. Its Steps bar says how it ended.
 * - A bidder's own withdrawal (撤回 of a bid, a registration) is neutral — its right, not a failure; a
 *   decryption withdrawn for a cause outside the bidder (撤回, O3) likewise. 撤销 (the bidder's fault) is failed.
 * - An objection to the opening record is `failed` (the record is disputed); an objection as a case
 *   (filed → accepted → answered) runs in `progress` and ends `done` or `failed` (declined).
 * - A certificate about to expire or not yet valid is `progress` (it needs an act: renew, wait), expired
 *   and revoked are `failed`.
 *
 * The lists mirror the database enums and the contracts' zod enums; tests in packages/db and
 * packages/contracts fail when one of those gains a value this file does not list.
 */
import type { TimeSourceState } from '../system/ntp.ts';
import type { ProcedureStatus } from '../procedure/machine.ts';
import type { AnswerHint } from '../tendering/qualification.ts';
import type { CONFIRM_STATUSES, DECRYPT_STATUSES, DepositStatus } from './values.ts';

export const STATUS_FAMILIES = ['open', 'progress', 'done', 'failed', 'suspended', 'neutral'] as const;
export type StatusFamily = (typeof STATUS_FAMILIES)[number];

export const NOTICE_STATUSES = ['draft', 'pending_review', 'scheduled', 'published', 'rejected'] as const;
export const SECTION_STATUSES = ['open', 'failed'] as const;
export const CLARIFICATION_STATUSES = ['draft', 'published'] as const;
/** A tender document's version on the owner's list: the current one, one replaced, one not yet public. */
export const DOCUMENT_STATES = ['current', 'superseded', 'not_public'] as const;
/** A registration (报名) and a land / property application (竞买 / 受让申请) share the database enum. */
export const REGISTRATION_STATUSES = ['applied', 'qualified', 'disqualified', 'withdrawn'] as const;
export const QUALIFICATION_DECISIONS = ['pass', 'fail'] as const;
export const ANSWER_HINTS = ['meets', 'below_threshold', 'missing_evidence', 'unanswered'] as const satisfies readonly AnswerHint[];
export const BID_STATUSES = ['current', 'superseded', 'withdrawn'] as const;
/** A bid part on the bidder's screen while it is sealed and sent. */
export const BID_PART_PHASES = ['waiting', 'sealing', 'sealed', 'uploading', 'uploaded'] as const;
/** The opening session as the room shows it (`waiting` before the database row exists). */
export const OPENING_STATUSES = ['waiting', 'decrypting', 'published', 'closed', 'failed'] as const;
export const OBJECTION_STATUSES = ['filed', 'accepted', 'declined', 'answered'] as const;
/** A certificate's state as the web computes it from its status and validity (certs.ts). */
export const CERT_STATES = ['valid', 'expiring', 'expired', 'notYetValid', 'revoked', 'superseded'] as const;
export const ORG_STATUSES = ['pending', 'active', 'rejected'] as const;
export const USER_STATES = ['active', 'inactive'] as const;
/** A year of the holiday calendar: published by the State Council, entered but not published, or only provisional. */
export const HOLIDAY_YEAR_STATUSES = ['published', 'draft', 'provisional'] as const;
/** What an outage did to a deadline (issue 14). */
export const OUTAGE_ACTIONS = ['extended', 'reclassified', 'not_extended'] as const;
/** The live connection of a page (SSE). */
export const CONNECTION_STATES = ['connecting', 'connected', 'reconnecting', 'closed'] as const;
/** A check of the audit trail: a chain or stored object verified, or broken / missing / corrupted. */
export const AUDIT_CHECKS = ['ok', 'broken', 'missing', 'corrupted'] as const;

type Of<L extends readonly string[]> = L[number];

/** Each kind of status the screens show, and its values. */
export interface StatusKinds {
  procedure: ProcedureStatus;
  section: Of<typeof SECTION_STATUSES>;
  notice: Of<typeof NOTICE_STATUSES>;
  clarification: Of<typeof CLARIFICATION_STATUSES>;
  document: Of<typeof DOCUMENT_STATES>;
  registration: Of<typeof REGISTRATION_STATUSES>;
  qualificationDecision: Of<typeof QUALIFICATION_DECISIONS>;
  answerHint: AnswerHint;
  deposit: DepositStatus;
  bid: Of<typeof BID_STATUSES>;
  bidPart: Of<typeof BID_PART_PHASES>;
  opening: Of<typeof OPENING_STATUSES>;
  decrypt: Of<typeof DECRYPT_STATUSES>;
  confirm: Of<typeof CONFIRM_STATUSES>;
  objection: Of<typeof OBJECTION_STATUSES>;
  certificate: Of<typeof CERT_STATES>;
  organization: Of<typeof ORG_STATUSES>;
  user: Of<typeof USER_STATES>;
  holidayYear: Of<typeof HOLIDAY_YEAR_STATUSES>;
  outage: Of<typeof OUTAGE_ACTIONS>;
  connection: Of<typeof CONNECTION_STATES>;
  auditCheck: Of<typeof AUDIT_CHECKS>;
  /** The server clock against NTP (issue 20 §5, T3; the list is TIME_SOURCE_STATES of system/ntp.ts). */
  timeSource: TimeSourceState;
}
export type StatusKind = keyof StatusKinds;

/** Every status of every kind → its family. A `Record` per kind: a status without a family does not compile. */
const FAMILY_OF: { readonly [K in StatusKind]: Readonly<Record<StatusKinds[K], StatusFamily>> } = {
  procedure: {
    DRAFT: 'neutral',
    PENDING_REVIEW: 'progress',
    PUBLISHED: 'open',
    PREQUALIFICATION: 'open',
    PREQUALIFIED: 'progress',
    BIDDING: 'open',
    OPENING: 'progress',
    EVALUATION: 'progress',
    NEGOTIATION: 'progress',
    AUCTION: 'open',
    CANDIDATE_PUBLICITY: 'progress',
    AWARD_PENDING: 'progress',
    AWARDED: 'done',
    CONTRACTED: 'done',
    ARCHIVED: 'neutral',
    SUSPENDED: 'suspended',
    FAILED: 'failed',
    TERMINATED: 'failed',
  },
  section: { open: 'open', failed: 'failed' },
  notice: { draft: 'neutral', pending_review: 'progress', scheduled: 'progress', published: 'done', rejected: 'failed' },
  clarification: { draft: 'neutral', published: 'done' },
  document: { current: 'done', superseded: 'neutral', not_public: 'progress' },
  registration: { applied: 'progress', qualified: 'done', disqualified: 'failed', withdrawn: 'neutral' },
  qualificationDecision: { pass: 'done', fail: 'failed' },
  answerHint: { meets: 'done', below_threshold: 'failed', missing_evidence: 'progress', unanswered: 'neutral' },
  deposit: { pending: 'progress', received: 'done', refunded: 'done', forfeited: 'failed' },
  bid: { current: 'done', superseded: 'neutral', withdrawn: 'neutral' },
  bidPart: { waiting: 'neutral', sealing: 'progress', sealed: 'progress', uploading: 'progress', uploaded: 'done' },
  opening: { waiting: 'open', decrypting: 'progress', published: 'progress', closed: 'done', failed: 'failed' },
  decrypt: { pending: 'progress', decrypted: 'done', revoked: 'failed', withdrawn_external: 'neutral' },
  confirm: { pending: 'progress', confirmed: 'done', objected: 'failed', deemed_accepted: 'done' },
  objection: { filed: 'progress', accepted: 'progress', declined: 'failed', answered: 'done' },
  certificate: { valid: 'done', expiring: 'progress', expired: 'failed', notYetValid: 'progress', revoked: 'failed', superseded: 'neutral' },
  organization: { pending: 'progress', active: 'done', rejected: 'failed' },
  user: { active: 'done', inactive: 'neutral' },
  holidayYear: { published: 'done', draft: 'neutral', provisional: 'progress' },
  outage: { extended: 'done', reclassified: 'progress', not_extended: 'failed' },
  connection: { connecting: 'progress', connected: 'done', reconnecting: 'progress', closed: 'failed' },
  auditCheck: { ok: 'done', broken: 'failed', missing: 'failed', corrupted: 'failed' },
  timeSource: { unmonitored: 'neutral', ok: 'done', warn: 'progress', blocked: 'failed', unknown: 'failed' },
};

/** The statuses of each kind, in the order of the table above (for tests and legends). */
export const STATUS_KINDS = Object.keys(FAMILY_OF) as StatusKind[];

export function statusesOf<K extends StatusKind>(kind: K): StatusKinds[K][] {
  return Object.keys(FAMILY_OF[kind]) as StatusKinds[K][];
}

/**
 * The family of `status` of `kind`. A status the table does not know (a value from a newer server) throws:
 * the caller shows it neutral rather than guess (see `statusFamilyOrNeutral`).
 */
export function statusFamilyOf<K extends StatusKind>(kind: K, status: StatusKinds[K]): StatusFamily {
  const table: Readonly<Record<string, StatusFamily>> = FAMILY_OF[kind];
  const family = Object.hasOwn(table, status) ? table[status] : undefined;
  if (!family) throw new Error(`status ${String(status)} of ${kind} has no family`);
  return family;
}

/** The family of a status that may be unknown (shown as it comes): neutral when the table does not know it. */
export function statusFamilyOrNeutral(kind: StatusKind, status: string): StatusFamily {
  const table: Readonly<Record<string, StatusFamily>> = FAMILY_OF[kind];
  return Object.hasOwn(table, status) ? (table[status] ?? 'neutral') : 'neutral';
}

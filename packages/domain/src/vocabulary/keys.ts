/** The keys of the shared vocabulary: one per value of each glossary list, so a missing word fails the build. */
import type { Role } from '../roles.ts';
import type { FailReason, ProcedureStatus, SuspensionReason } from '../procedure/machine.ts';
import type { StepWord } from '../procedure/steps.ts';
import type { ProcedureMethod, TradeType } from '../procedure/flags.ts';
import type { PriceKind, ProjectSubject } from '../procedure/project-fields.ts';
import type { PropertyKind } from '../calendar/limits.ts';
import type { Industry } from '../supervision/scope-rule.ts';
import type { Dialect, Term } from './terms.ts';
import type { AuditAction, AuditSubjectType } from './audit-actions.ts';
import type { SummaryPeriod } from '../tendering/summary-fields.ts';
import type { BID_PART_WORDS, CONFIRM_STATUSES, DECRYPT_STATUSES, DEPOSIT_FORMS, DEPOSIT_STATUSES, FAILURE_CAUSES, NOTICE_KINDS } from './values.ts';

type Of<L extends readonly string[]> = L[number];

export type VocabularyKey =
  | `status.${ProcedureStatus}`
  | `trade.${TradeType}`
  | `method.${ProcedureMethod}`
  | `subject.${ProjectSubject}`
  | `priceKind.${PriceKind}`
  /** An engineering project's industry (行业, issue 20 §4): decides which supervisors see it. */
  | `industry.${Industry}`
  /** A property deal's kind (issue 18 §4): 产权转让 / 增资扩股 / 资产转让. */
  | `propertyKind.${PropertyKind}`
  | `notice.kind.${Of<typeof NOTICE_KINDS>}`
  | `role.${Role}`
  | `bidPart.${Of<typeof BID_PART_WORDS>}`
  | `deposit.status.${Of<typeof DEPOSIT_STATUSES>}`
  /** The tender waived the security (issue 16 §5); none: the section asks for none. */
  | 'deposit.status.waived'
  | 'deposit.status.none'
  | `deposit.form.${Of<typeof DEPOSIT_FORMS>}`
  | `decrypt.status.${Of<typeof DECRYPT_STATUSES>}`
  | `confirm.status.${Of<typeof CONFIRM_STATUSES>}`
  | `failureCause.${Of<typeof FAILURE_CAUSES>}`
  /** The period a bid summary asks (issue 18 §1; tendering/summary-fields.ts). */
  | `summaryPeriod.${SummaryPeriod}`
  /** Each trade and method by its own words (issue 18 §1; terms.ts). */
  | `term.${Term}.${Dialect}`
  /** The step bar's labels per trade and method, why a procedure failed or is suspended (issue 18 §6; steps.ts). */
  | `step.${StepWord}`
  | `failReason.${FailReason}`
  | `suspension.${SuspensionReason}`
  /** The audit log in words (issue 19 §4; audit-actions.ts). */
  | `auditAction.${AuditAction}`
  | `auditSubject.${AuditSubjectType}`;

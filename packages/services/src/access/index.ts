/** Who may read what about registrants and bidders before the deadline (issue 13 §2): the one table. */
export {
  AUDIT_SECRET_ACTIONS,
  BEFORE_DEADLINE,
  CHECKPOINT_SECRET_SUBJECTS,
  checkpointSecret,
  isBeforeDeadline,
  readerOf,
  readScope,
  secretBeforeDeadline,
  secretUntil,
  type ReadScope,
  type Reader,
  type SecretFact,
} from './before-deadline.ts';
/** Who may read a committee's names before its publication (issue 21 §5, E4). */
export { COMMITTEE_NAMES_BEFORE_PUBLICATION, committeeNamesAccess, type CommitteeNamesAccess } from './committee-names.ts';

/**
 * The procedure's life outside the bids (issue 5 §5–§6, issue 16 §7; domain §1 side states): the timers
 * that move it at the schedule's instants, a section failing alone, termination with its 终止公告, and the
 * re-tender of a failed project.
 */
export { findSuccessor, retenderProject } from './retender.ts';
export { terminateProject } from './termination.ts';
export { runPrequalReviewOverdue, runProjectTimer, scheduleProjectTimers, type TimerEvent } from './timers.ts';
export {
  assertSectionOpen,
  assertSectionOpenById,
  failSections,
  markSectionsFailedWithProject,
  prepareSectionFailures,
  sameSectionOutcome,
  type SectionPlan,
} from './section-failure.ts';

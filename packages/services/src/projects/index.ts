/**
 * Projects, their notices, the public portal and the working-day calendar (issues 4, 12, 16): the use
 * cases the API, the HTTP server, the seeds and the other features call. Where each lives:
 *
 * - create-project.ts, project-reads.ts, project-schedule.ts, submit-project.ts — a project from its
 *   draft to review; project-access.ts (who may see and act), procedure-events.ts (the state machine on
 *   a row), deal-codes.ts (统一交易标识码);
 * - notice-drafts.ts (owner side), notice-review.ts (staff), notice-publication.ts (render, seal,
 *   publish, and the scheduled-publication job), notice-view.ts; the PDF is documents/notice-spec.ts;
 * - portal.ts and public-changes.ts — what the public reads;
 * - holidays.ts and calendar-years.ts — the calendar every statutory period is counted on.
 */
export { createProject } from './create-project.ts';
export { setSaleTerms } from './sale-terms.ts';
export { getProject, listProjects, toView } from './project-reads.ts';
export { previewSchedule, reviewProjectSchedule, saveSchedule } from './project-schedule.ts';
export { submitProject } from './submit-project.ts';
export { draftNotice, submitNotice, updateNotice } from './notice-drafts.ts';
export { publishNotice, rejectNotice } from './notice-review.ts';
export { runScheduledPublication } from './notice-publication.ts';
export { listPendingNotices, listProjectNotices } from './notice-view.ts';
export { getPublicAuditRoot, getPublicNotice, listPublicAuditRoots, listPublicNotices, publicChangeFeed, publicNoticePdf } from './portal.ts';
export { getHolidayYear, listHolidayDays, listHolidayYears, loadHolidayTable, prefillHolidayYear, removeHolidayDay, seedHolidayCalendar, setHolidayDay } from './holidays.ts';
export { publishHolidayYear } from './calendar-years.ts';

// What the other features build on: the project row, who may act on it, its procedure, the public feed.
export { assertOwnerSide, canSee, isCenterFor, isPartyOrCenter, isPublic, loadProject, supervises } from './project-access.ts';
export { applyProjectEvent, flagsOf } from './procedure-events.ts';
export { allocateDealCode } from './deal-codes.ts';
export { recordPublicChange } from './public-changes.ts';

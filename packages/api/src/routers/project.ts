import { z } from 'zod';
import {
  createProject,
  findSuccessor,
  retenderProject,
  terminateProject,
  getHolidayYear,
  getProject,
  listHolidayDays,
  listHolidayYears,
  listProjects,
  prefillHolidayYear,
  previewSchedule,
  publishHolidayYear,
  removeHolidayDay,
  reviewProjectSchedule,
  saveSchedule,
  setHolidayDay,
  setSaleTerms,
  submitProject,
} from '@ebid/services';
import {
  ZCheckScheduleInput,
  ZCreateProjectInput,
  ZHolidayDay,
  ZHolidayDaysInput,
  ZHolidayYear,
  ZHolidayYearDetail,
  ZListProjectsInput,
  ZProject,
  ZProjectListItem,
  ZProjectIdInput,
  ZSetSaleTermsInput,
  ZProjectSuccessor,
  ZPublishHolidayYearInput,
  ZRemoveHolidayDayInput,
  ZSaveScheduleInput,
  ZScheduleCheck,
  ZTerminateProjectInput,
  ZYearInput,
  ZYearPublication,
} from '@ebid/contracts';
import { createTRPCRouter, guardedProcedure, requestContext } from '../trpc.ts';

export const projectRouter = createTRPCRouter({
  create: guardedProcedure
    .input(ZCreateProjectInput)
    .output(ZProject)
    .mutation(({ ctx, input }) => createProject(ctx.deps, requestContext(ctx), input)),

  get: guardedProcedure
    .input(ZProjectIdInput)
    .output(ZProject)
    .query(({ ctx, input }) => getProject(ctx.deps, requestContext(ctx), input.projectId)),

  list: guardedProcedure
    .input(ZListProjectsInput)
    .output(z.array(ZProjectListItem))
    .query(({ ctx, input }) => listProjects(ctx.deps, requestContext(ctx), input)),

  /** Inline legal check of a schedule (no change). */
  checkSchedule: guardedProcedure
    .input(ZCheckScheduleInput)
    .output(ZScheduleCheck)
    .query(({ ctx, input }) => previewSchedule(ctx.deps, requestContext(ctx), input)),

  /** The current schedule against the statutory limits on today's calendar (owner side and center). */
  scheduleReview: guardedProcedure
    .input(ZProjectIdInput)
    .output(ZScheduleCheck)
    .query(({ ctx, input }) => reviewProjectSchedule(ctx.deps, requestContext(ctx), input)),

  saveSchedule: guardedProcedure
    .input(ZSaveScheduleInput)
    .output(ZProject)
    .mutation(({ ctx, input }) => saveSchedule(ctx.deps, requestContext(ctx), input)),

  /** Issue 18 §4: a DRAFT plot's or item's sale terms (a new appraisal, a re-disclosure's floor). */
  setSaleTerms: guardedProcedure
    .input(ZSetSaleTermsInput)
    .output(ZProject)
    .mutation(({ ctx, input }) => setSaleTerms(ctx.deps, requestContext(ctx), input)),

  submit: guardedProcedure
    .input(ZProjectIdInput)
    .output(ZProject)
    .mutation(({ ctx, input }) => submitProject(ctx.deps, requestContext(ctx), input)),

  /** The owner side terminates the procedure (终止公告 published, securities marked for refund). */
  terminate: guardedProcedure
    .input(ZTerminateProjectInput)
    .output(ZProject)
    .mutation(({ ctx, input }) => terminateProject(ctx.deps, requestContext(ctx), input)),

  /** The owner side re-tenders a FAILED project once: a new DRAFT linked by previousProjectId. */
  retender: guardedProcedure
    .input(ZProjectIdInput)
    .output(ZProject)
    .mutation(({ ctx, input }) => retenderProject(ctx.deps, requestContext(ctx), input)),

  /** The project re-tendering this one, if the caller may see it. */
  successor: guardedProcedure
    .input(ZProjectIdInput)
    .output(ZProjectSuccessor)
    .query(({ ctx, input }) => findSuccessor(ctx.deps, requestContext(ctx), input)),
});

/** The working-day calendar (issue 4 §2, issue 12 §1–2): entered per year, official once published. */
export const holidayRouter = createTRPCRouter({
  /** Entered days of a year (or all years). */
  list: guardedProcedure
    .input(ZHolidayDaysInput)
    .output(z.array(ZHolidayDay))
    .query(({ ctx, input }) => listHolidayDays(ctx.deps, input)),

  /** Every year with its status: published (official), draft, provisional (nothing entered). */
  years: guardedProcedure
    .input(z.object({}).optional())
    .output(z.array(ZHolidayYear))
    .query(({ ctx }) => listHolidayYears(ctx.deps)),

  /** One year: the entered days, and for an unpublished year the provisional calendar in force meanwhile. */
  year: guardedProcedure
    .input(ZYearInput)
    .output(ZHolidayYearDetail)
    .query(({ ctx, input }) => getHolidayYear(ctx.deps, input)),

  set: guardedProcedure
    .input(ZHolidayDay)
    .output(ZHolidayDay)
    .mutation(({ ctx, input }) => setHolidayDay(ctx.deps, requestContext(ctx), input)),

  remove: guardedProcedure
    .input(ZRemoveHolidayDayInput)
    .output(z.object({ ok: z.literal(true) }))
    .mutation(async ({ ctx, input }) => {
      await removeHolidayDay(ctx.deps, requestContext(ctx), input);
      return { ok: true as const };
    }),

  /** Start a draft year from the provisional prediction. */
  prefill: guardedProcedure
    .input(ZYearInput)
    .output(ZHolidayYearDetail)
    .mutation(({ ctx, input }) => prefillHolidayYear(ctx.deps, requestContext(ctx), input)),

  /** Publish a year as the official calendar (optionally with its whole list of days); recomputes what depended on it. */
  publishYear: guardedProcedure
    .input(ZPublishHolidayYearInput)
    .output(ZYearPublication)
    .mutation(({ ctx, input }) => publishHolidayYear(ctx.deps, requestContext(ctx), input)),
});

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
  submitProject,
} from '@ebid/services';
import { PROCEDURE_METHODS, PRICE_KINDS, PROCEDURE_STATUSES, PROJECT_SUBJECTS, SCHEDULE_FIELDS, TRADE_TYPES } from '@ebid/domain';
import { ZId } from '@ebid/contracts';
import { createTRPCRouter, guardedProcedure, requestContext } from '../trpc.ts';

const ZFen = z.number().int().min(0).max(9_000_000_000_000_000);
const ZSchedule = z.partialRecord(z.enum(SCHEDULE_FIELDS), z.iso.datetime({ offset: true }));
/** The counter's business hours end set by the documents (MFD §203 ¶2), or null for 24:00. */
const ZBusinessHoursEnd = z
  .string()
  .regex(/^([01]\d|2[0-3]):[0-5]\d$/)
  .nullable();

const ZProject = z.object({
  id: z.number().int(),
  unifiedDealCode: z.string(),
  tradeType: z.enum(TRADE_TYPES),
  method: z.string(),
  prequalification: z.boolean(),
  name: z.string(),
  tendereeOrgId: z.number().int(),
  tendereeName: z.string(),
  agentOrgId: z.number().int().nullable(),
  status: z.enum(PROCEDURE_STATUSES),
  statusDetail: z.record(z.string(), z.unknown()),
  regionCode: z.string(),
  budgetFen: z.number().int().nullable(),
  subject: z.enum(PROJECT_SUBJECTS).nullable(),
  priceKind: z.enum(PRICE_KINDS),
  securityWaived: z.boolean(),
  schedule: z.record(z.string(), z.string()),
  businessHoursEnd: z.string().nullable(),
  sections: z.array(
    z.object({
      id: z.number().int(),
      code: z.string(),
      name: z.string(),
      ceilingFen: z.number().int().nullable(),
      securityFen: z.number().int().nullable(),
      status: z.enum(['open', 'failed']),
      failureReason: z.string().nullable(),
      failureNoticeId: z.number().int().nullable(),
    }),
  ),
  steps: z.array(z.object({ status: z.string(), zh: z.string(), en: z.string(), conditional: z.literal(true).optional() })),
  previousProjectId: z.number().int().nullable(),
  version: z.number().int(),
  createdAt: z.string(),
});

const ZViolation = z.object({
  limitId: z.string(),
  ruleRef: z.string(),
  field: z.string(),
  earliestAllowed: z.date().transform((d) => d.toISOString()),
  /** Computed on a provisional calendar (a year not yet published): 暂定. */
  provisional: z.boolean(),
  messageZh: z.string(),
  messageEn: z.string(),
});

export const projectRouter = createTRPCRouter({
  create: guardedProcedure
    .input(
      z.object({
        tradeType: z.enum(TRADE_TYPES),
        method: z.enum(PROCEDURE_METHODS),
        prequalification: z.boolean().optional(),
        name: z.string().trim().min(2).max(200),
        tendereeOrgId: ZId.optional(),
        regionCode: z.string().regex(/^\d{6}$/).optional(),
        budgetFen: ZFen.nullish(),
        subject: z.enum(PROJECT_SUBJECTS).nullish(),
        priceKind: z.enum(PRICE_KINDS).optional(),
        securityWaived: z.boolean().optional(),
        sections: z
          .array(z.object({ name: z.string().trim().min(1).max(200), ceilingFen: ZFen.nullish(), securityFen: ZFen.nullish() }))
          .min(1)
          .max(50),
      }),
    )
    .output(ZProject)
    .mutation(({ ctx, input }) => createProject(ctx.deps, requestContext(ctx), input as Parameters<typeof createProject>[2])),

  get: guardedProcedure
    .input(z.object({ projectId: ZId }))
    .output(ZProject)
    .query(({ ctx, input }) => getProject(ctx.deps, requestContext(ctx), input.projectId)),

  list: guardedProcedure
    .input(z.object({ limit: z.number().int().min(1).max(200).default(50) }))
    .output(z.array(ZProject))
    .query(({ ctx, input }) => listProjects(ctx.deps, requestContext(ctx), input)),

  /** Inline legal check of a schedule (no change). */
  checkSchedule: guardedProcedure
    .input(z.object({ projectId: ZId, schedule: ZSchedule, businessHoursEnd: ZBusinessHoursEnd.optional() }))
    .output(z.object({ ok: z.boolean(), violations: z.array(ZViolation) }))
    .query(({ ctx, input }) => previewSchedule(ctx.deps, requestContext(ctx), input)),

  /** The current schedule against the statutory limits on today's calendar (owner side and center). */
  scheduleReview: guardedProcedure
    .input(z.object({ projectId: ZId }))
    .output(z.object({ ok: z.boolean(), violations: z.array(ZViolation) }))
    .query(({ ctx, input }) => reviewProjectSchedule(ctx.deps, requestContext(ctx), input)),

  saveSchedule: guardedProcedure
    .input(z.object({ projectId: ZId, schedule: ZSchedule, expectedVersion: z.number().int().min(1), businessHoursEnd: ZBusinessHoursEnd.optional() }))
    .output(ZProject)
    .mutation(({ ctx, input }) => saveSchedule(ctx.deps, requestContext(ctx), input)),

  submit: guardedProcedure
    .input(z.object({ projectId: ZId }))
    .output(ZProject)
    .mutation(({ ctx, input }) => submitProject(ctx.deps, requestContext(ctx), input)),

  /** The owner side terminates the procedure (终止公告 published, securities marked for refund). */
  terminate: guardedProcedure
    .input(z.object({ projectId: ZId, reason: z.string().trim().min(5).max(500) }))
    .output(ZProject)
    .mutation(({ ctx, input }) => terminateProject(ctx.deps, requestContext(ctx), input)),

  /** The owner side re-tenders a FAILED project once: a new DRAFT linked by previousProjectId. */
  retender: guardedProcedure
    .input(z.object({ projectId: ZId }))
    .output(ZProject)
    .mutation(({ ctx, input }) => retenderProject(ctx.deps, requestContext(ctx), input)),

  /** The project re-tendering this one, if the caller may see it. */
  successor: guardedProcedure
    .input(z.object({ projectId: ZId }))
    .output(z.object({ id: z.number().int(), unifiedDealCode: z.string(), name: z.string(), status: z.string() }).nullable())
    .query(({ ctx, input }) => findSuccessor(ctx.deps, requestContext(ctx), input)),
});

const ZDay = z.object({ day: z.iso.date(), kind: z.enum(['holiday', 'workday']), name: z.string().trim().min(1).max(32) });
const ZYear = z.number().int().min(2000).max(2100);
const ZYearView = z.object({
  year: z.number().int(),
  status: z.enum(['published', 'draft', 'provisional']),
  source: z.string().nullable(),
  publishedAt: z.string().nullable(),
  days: z.number().int(),
  version: z.number().int(),
});
const ZYearDetail = ZYearView.extend({
  entered: z.array(ZDay),
  provisional: z
    .object({
      predicted: z.array(ZDay),
      uncertain: z.array(z.object({ day: z.string(), name: z.string() })),
      statutory: z.array(z.object({ day: z.string(), name: z.string(), labelZh: z.string() })),
    })
    .nullable(),
});
const ZDueChange = z.object({ kind: z.enum(['objection_answer', 'deposit_refund']), id: z.number().int(), projectId: z.number().int(), from: z.string(), to: z.string(), provisional: z.boolean() });

/** The working-day calendar (issue 4 §2, issue 12 §1–2): entered per year, official once published. */
export const holidayRouter = createTRPCRouter({
  /** Entered days of a year (or all years). */
  list: guardedProcedure
    .input(z.object({ year: ZYear.optional() }))
    .output(z.array(ZDay))
    .query(({ ctx, input }) => listHolidayDays(ctx.deps, input)),

  /** Every year with its status: published (official), draft, provisional (nothing entered). */
  years: guardedProcedure
    .input(z.object({}).optional())
    .output(z.array(ZYearView))
    .query(({ ctx }) => listHolidayYears(ctx.deps)),

  /** One year: the entered days, and for an unpublished year the provisional calendar in force meanwhile. */
  year: guardedProcedure
    .input(z.object({ year: ZYear }))
    .output(ZYearDetail)
    .query(({ ctx, input }) => getHolidayYear(ctx.deps, input)),

  set: guardedProcedure
    .input(ZDay)
    .output(ZDay)
    .mutation(({ ctx, input }) => setHolidayDay(ctx.deps, requestContext(ctx), input)),

  remove: guardedProcedure
    .input(z.object({ day: z.iso.date() }))
    .output(z.object({ ok: z.literal(true) }))
    .mutation(async ({ ctx, input }) => {
      await removeHolidayDay(ctx.deps, requestContext(ctx), input);
      return { ok: true as const };
    }),

  /** Start a draft year from the provisional prediction. */
  prefill: guardedProcedure
    .input(z.object({ year: ZYear }))
    .output(ZYearDetail)
    .mutation(({ ctx, input }) => prefillHolidayYear(ctx.deps, requestContext(ctx), input)),

  /** Publish a year as the official calendar (optionally with its whole list of days); recomputes what depended on it. */
  publishYear: guardedProcedure
    .input(z.object({ year: ZYear, days: z.array(ZDay).max(400).optional(), source: z.string().trim().min(2).max(200).nullish() }))
    .output(
      z.object({
        year: ZYearDetail,
        republished: z.boolean(),
        dueDatesMoved: z.array(ZDueChange),
        scheduleConflicts: z.array(
          z.object({
            projectId: z.number().int(),
            unifiedDealCode: z.string(),
            name: z.string(),
            violations: z.array(z.object({ limitId: z.string(), field: z.string(), earliestAllowed: z.string(), messageZh: z.string(), messageEn: z.string() })),
          }),
        ),
      }),
    )
    .mutation(({ ctx, input }) => publishHolidayYear(ctx.deps, requestContext(ctx), input)),
});

import { z } from 'zod';
import {
  createProject,
  findSuccessor,
  retenderProject,
  terminateProject,
  getProject,
  listHolidayDays,
  listProjects,
  previewSchedule,
  removeHolidayDay,
  saveSchedule,
  setHolidayDay,
  submitProject,
} from '@ebid/services';
import { METHODS_BY_TRADE_TYPE, PROCEDURE_STATUSES, SCHEDULE_FIELDS, TRADE_TYPES } from '@ebid/domain';
import { ZId } from '../schemas.ts';
import { createTRPCRouter, publicProcedure, requestContext } from '../trpc.ts';

const ALL_METHODS = [...new Set(Object.values(METHODS_BY_TRADE_TYPE).flat())] as [string, ...string[]];
const ZFen = z.number().int().min(0).max(9_000_000_000_000_000);
const ZSchedule = z.partialRecord(z.enum(SCHEDULE_FIELDS), z.iso.datetime({ offset: true }));

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
  schedule: z.record(z.string(), z.string()),
  sections: z.array(
    z.object({ id: z.number().int(), code: z.string(), name: z.string(), ceilingFen: z.number().int().nullable(), securityFen: z.number().int().nullable() }),
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
  messageZh: z.string(),
  messageEn: z.string(),
});

export const projectRouter = createTRPCRouter({
  create: publicProcedure
    .input(
      z.object({
        tradeType: z.enum(TRADE_TYPES),
        method: z.enum(ALL_METHODS),
        prequalification: z.boolean().optional(),
        name: z.string().trim().min(2).max(200),
        tendereeOrgId: ZId.optional(),
        regionCode: z.string().regex(/^\d{6}$/).optional(),
        budgetFen: ZFen.nullish(),
        sections: z
          .array(z.object({ name: z.string().trim().min(1).max(200), ceilingFen: ZFen.nullish(), securityFen: ZFen.nullish() }))
          .min(1)
          .max(50),
      }),
    )
    .output(ZProject)
    .mutation(({ ctx, input }) => createProject(ctx.deps, requestContext(ctx), input as Parameters<typeof createProject>[2])),

  get: publicProcedure
    .input(z.object({ projectId: ZId }))
    .output(ZProject)
    .query(({ ctx, input }) => getProject(ctx.deps, requestContext(ctx), input.projectId)),

  list: publicProcedure
    .input(z.object({ limit: z.number().int().min(1).max(200).default(50) }))
    .output(z.array(ZProject))
    .query(({ ctx, input }) => listProjects(ctx.deps, requestContext(ctx), input)),

  /** Inline legal check of a schedule (no change). */
  checkSchedule: publicProcedure
    .input(z.object({ projectId: ZId, schedule: ZSchedule }))
    .output(z.object({ ok: z.boolean(), violations: z.array(ZViolation) }))
    .query(({ ctx, input }) => previewSchedule(ctx.deps, requestContext(ctx), input)),

  saveSchedule: publicProcedure
    .input(z.object({ projectId: ZId, schedule: ZSchedule, expectedVersion: z.number().int().min(1) }))
    .output(ZProject)
    .mutation(({ ctx, input }) => saveSchedule(ctx.deps, requestContext(ctx), input)),

  submit: publicProcedure
    .input(z.object({ projectId: ZId }))
    .output(ZProject)
    .mutation(({ ctx, input }) => submitProject(ctx.deps, requestContext(ctx), input)),

  /** The owner side terminates the procedure (终止公告 published, securities marked for refund). */
  terminate: publicProcedure
    .input(z.object({ projectId: ZId, reason: z.string().trim().min(5).max(500) }))
    .output(ZProject)
    .mutation(({ ctx, input }) => terminateProject(ctx.deps, requestContext(ctx), input)),

  /** The owner side re-tenders a FAILED project once: a new DRAFT linked by previousProjectId. */
  retender: publicProcedure
    .input(z.object({ projectId: ZId }))
    .output(ZProject)
    .mutation(({ ctx, input }) => retenderProject(ctx.deps, requestContext(ctx), input)),

  /** The project re-tendering this one, if the caller may see it. */
  successor: publicProcedure
    .input(z.object({ projectId: ZId }))
    .output(z.object({ id: z.number().int(), unifiedDealCode: z.string(), name: z.string(), status: z.string() }).nullable())
    .query(({ ctx, input }) => findSuccessor(ctx.deps, requestContext(ctx), input)),
});

const ZDay = z.object({ day: z.iso.date(), kind: z.enum(['holiday', 'workday']), name: z.string().trim().min(1).max(32) });

export const holidayRouter = createTRPCRouter({
  list: publicProcedure
    .input(z.object({ year: z.number().int().min(2000).max(2100).optional() }))
    .output(z.array(ZDay))
    .query(({ ctx, input }) => listHolidayDays(ctx.deps, input)),

  set: publicProcedure
    .input(ZDay)
    .output(ZDay)
    .mutation(({ ctx, input }) => setHolidayDay(ctx.deps, requestContext(ctx), input)),

  remove: publicProcedure
    .input(z.object({ day: z.iso.date() }))
    .output(z.object({ ok: z.literal(true) }))
    .mutation(async ({ ctx, input }) => {
      await removeHolidayDay(ctx.deps, requestContext(ctx), input);
      return { ok: true as const };
    }),
});

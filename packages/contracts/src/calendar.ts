/**
 * The working-day calendar (issue 4 §2, issue 12 §1–2): days entered per year by staff, a year official
 * once published. Inputs and outputs of the `holiday` procedures (issue 17 §1).
 */
import { z } from 'zod';

export const ZHolidayDay = z.object({ day: z.iso.date(), kind: z.enum(['holiday', 'workday']), name: z.string().trim().min(1).max(32) });
export type HolidayDayView = z.infer<typeof ZHolidayDay>;

export const ZYear = z.number().int().min(2000).max(2100);
export const ZYearInput = z.object({ year: ZYear });
export const ZHolidayDaysInput = z.object({ year: ZYear.optional() });
export const ZRemoveHolidayDayInput = z.object({ day: z.iso.date() });

export const ZHolidayYear = z.object({
  year: z.number().int(),
  /** published: the official calendar; draft: being entered; provisional: nothing entered yet. */
  status: z.enum(['published', 'draft', 'provisional']),
  source: z.string().nullable(),
  publishedAt: z.string().nullable(),
  /** Days entered (holidays + workdays). */
  days: z.number().int(),
  version: z.number().int(),
});
export type HolidayYearView = z.infer<typeof ZHolidayYear>;
export type HolidayYearStatus = HolidayYearView['status'];

export const ZHolidayYearDetail = ZHolidayYear.extend({
  entered: z.array(ZHolidayDay),
  /** Unpublished years: the provisional calendar every computation uses meanwhile. */
  provisional: z
    .object({
      predicted: z.array(ZHolidayDay),
      /** Days the official notice may set either way (computations lean per domain leaning.ts). */
      uncertain: z.array(z.object({ day: z.string(), name: z.string() })),
      statutory: z.array(z.object({ day: z.string(), name: z.string(), labelZh: z.string() })),
    })
    .nullable(),
});
export type HolidayYearDetail = z.infer<typeof ZHolidayYearDetail>;

export const ZPublishHolidayYearInput = z.object({ year: ZYear, days: z.array(ZHolidayDay).max(400).optional(), source: z.string().trim().min(2).max(200).nullish() });
export type PublishHolidayYearInput = z.infer<typeof ZPublishHolidayYearInput>;

/** A due date the publication moved (an objection answer, a security refund). */
export const ZDueDateChange = z.object({ kind: z.enum(['objection_answer', 'deposit_refund']), id: z.number().int(), projectId: z.number().int(), from: z.string(), to: z.string(), provisional: z.boolean() });

/** A live schedule the newly published calendar makes too short. */
export const ZScheduleConflict = z.object({
  projectId: z.number().int(),
  unifiedDealCode: z.string(),
  name: z.string(),
  violations: z.array(z.object({ limitId: z.string(), field: z.string(), earliestAllowed: z.string(), messageZh: z.string(), messageEn: z.string() })),
});
export type ScheduleConflict = z.infer<typeof ZScheduleConflict>;

export const ZYearPublication = z.object({
  year: ZHolidayYearDetail,
  republished: z.boolean(),
  dueDatesMoved: z.array(ZDueDateChange),
  scheduleConflicts: z.array(ZScheduleConflict),
});
export type YearPublication = z.infer<typeof ZYearPublication>;

/**
 * Projects and their schedule (issue 4 §1–2): the inputs and outputs of the `project` procedures, and the
 * `ProjectView` the services return — written once here (issue 17 §1).
 */
import { z } from 'zod';
import { FAIL_REASONS, INDUSTRIES, PRICE_KINDS, PROCEDURE_METHODS, PROCEDURE_STATUSES, PROJECT_SUBJECTS, PROPERTY_KINDS, SCHEDULE_FIELDS, STEP_STATES, STEP_WORDS, SUSPENSION_REASONS, TRADE_TYPES } from '@ebid/domain';
import { ZId } from './common.ts';

/** Money in integer fen, never negative. */
export const ZFen = z.number().int().min(0).max(9_000_000_000_000_000);
/** A schedule as the forms send it: field → ISO instant with offset. */
export const ZScheduleInput = z.partialRecord(z.enum(SCHEDULE_FIELDS), z.iso.datetime({ offset: true }));
/** The counter's business hours end set by the documents (MFD §203 ¶2), or null for 24:00. */
export const ZBusinessHoursEnd = z
  .string()
  .regex(/^([01]\d|2[0-3]):[0-5]\d$/)
  .nullable();

/** A date (YYYY-MM-DD), e.g. an appraisal's reference date (评估基准日). */
export const ZLocalDate = z.iso.date();

/**
 * The sale fields of a land plot or property item (issue 18 §4; domain sales/terms.ts decides which apply):
 * the floor (land 起始价, property 转让底价), the increment (加价幅度), the appraisal (评估值) and its reference
 * date (评估基准日), and the approval document (批准文件文号) a floor below 90 % of the appraisal needs (L7).
 */
export const ZSaleFields = z.object({
  startingPriceFen: ZFen.nullish(),
  incrementFen: ZFen.nullish(),
  appraisalFen: ZFen.nullish(),
  appraisalDate: ZLocalDate.nullish(),
  floorApprovalRef: z.string().trim().max(100).nullish(),
});

export const ZSectionInput = z
  .object({ name: z.string().trim().min(1).max(200), ceilingFen: ZFen.nullish(), securityFen: ZFen.nullish() })
  .extend(ZSaleFields.shape);
export type SectionInput = z.infer<typeof ZSectionInput>;

export const ZCreateProjectInput = z.object({
  tradeType: z.enum(TRADE_TYPES),
  method: z.enum(PROCEDURE_METHODS),
  prequalification: z.boolean().optional(),
  name: z.string().trim().min(2).max(200),
  /** The agent's client; a tenderee creates for its own organization. */
  tendereeOrgId: ZId.optional(),
  regionCode: z.string().regex(/^\d{6}$/).optional(),
  budgetFen: ZFen.nullish(),
  /** Engineering only; omitted → works (the commonest subject, and the cap applied before subjects existed). */
  subject: z.enum(PROJECT_SUBJECTS).nullish(),
  /** Engineering only (issue 20 §4): the industry (行业) whose supervisors see it; omitted → housing (房屋建筑和市政基础设施). */
  industry: z.enum(INDUSTRIES).nullish(),
  /** How bids state their price: an amount, or a fee rate (费率报价, exempt from the price ceiling). */
  priceKind: z.enum(PRICE_KINDS).optional(),
  /** The tender waives the bid security (发改法规〔2023〕27号). */
  securityWaived: z.boolean().optional(),
  /** Procurement single source only, and required there (issue 18 §3, CGT §38): the one supplier, an active bidder company. */
  singleSourceSupplierOrgId: ZId.nullish(),
  /** Property only, and required there (issue 18 §4): 产权转让 / 增资扩股 / 资产转让 — decides the disclosure minimum (L7). */
  propertyKind: z.enum(PROPERTY_KINDS).nullish(),
  sections: z.array(ZSectionInput).min(1).max(50),
});
export type CreateProjectInput = z.infer<typeof ZCreateProjectInput>;

export const ZProjectSection = z.object({
  id: z.number().int(),
  code: z.string(),
  name: z.string(),
  ceilingFen: z.number().int().nullable(),
  securityFen: z.number().int().nullable(),
  /** Sales only (issue 18 §4): land 起始价 / property 转让底价 (a floor), 加价幅度, 评估值 and 评估基准日, 批准文件文号. */
  startingPriceFen: z.number().int().nullable(),
  incrementFen: z.number().int().nullable(),
  appraisalFen: z.number().int().nullable(),
  appraisalDate: z.string().nullable(),
  floorApprovalRef: z.string().nullable(),
  /** Issue 16 §7: a section fails alone (too few bids or qualified), with its own 流标公告. */
  status: z.enum(['open', 'failed']),
  failureReason: z.string().nullable(),
  failureNoticeId: z.number().int().nullable(),
});

/** One step of the project's step bar (domain steps.ts `StepBarItem`): its label word and where the project is. */
export const ZProjectStep = z.object({
  status: z.enum(PROCEDURE_STATUSES),
  /** Vocabulary `step.<word>`: the step as this trade and method call it. */
  word: z.enum(STEP_WORDS),
  state: z.enum(STEP_STATES),
  conditional: z.literal(true).optional(),
});

/** Where a failed, terminated or suspended project stopped and why (domain `StepStop`); `at` null = not recorded. */
export const ZStepStop = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('failed'), at: z.enum(PROCEDURE_STATUSES).nullable(), reason: z.enum(FAIL_REASONS).nullable(), archived: z.boolean() }),
  z.object({ kind: z.literal('terminated'), at: z.enum(PROCEDURE_STATUSES).nullable(), reason: z.string().nullable(), archived: z.boolean() }),
  z.object({ kind: z.literal('suspended'), at: z.enum(PROCEDURE_STATUSES).nullable(), reason: z.enum(SUSPENSION_REASONS).nullable() }),
]);
export type StepStopView = z.infer<typeof ZStepStop>;

export const ZProject = z.object({
  id: z.number().int(),
  unifiedDealCode: z.string(),
  tradeType: z.enum(TRADE_TYPES),
  method: z.enum(PROCEDURE_METHODS),
  prequalification: z.boolean(),
  name: z.string(),
  tendereeOrgId: z.number().int(),
  tendereeName: z.string(),
  agentOrgId: z.number().int().nullable(),
  status: z.enum(PROCEDURE_STATUSES),
  /** The rest of the procedure state (domain ProcedureDetail: suspension, failure, termination). */
  statusDetail: z.record(z.string(), z.unknown()),
  regionCode: z.string(),
  budgetFen: z.number().int().nullable(),
  /** Engineering: what the project buys (works, goods, survey, design, supervision, epc); null otherwise. */
  subject: z.enum(PROJECT_SUBJECTS).nullable(),
  /** Engineering: the industry (行业, issue 20 §4) — housing, transport, water, other; null otherwise. */
  industry: z.enum(INDUSTRIES).nullable(),
  priceKind: z.enum(PRICE_KINDS),
  securityWaived: z.boolean(),
  /** Procurement single source: the one supplier named in the publicity (issue 18 §3); null otherwise. */
  singleSourceSupplier: z.object({ orgId: z.number().int(), name: z.string(), creditCode: z.string() }).nullable(),
  /** Property: 产权转让 / 增资扩股 / 资产转让 (issue 18 §4); null for the other trade types. */
  propertyKind: z.enum(PROPERTY_KINDS).nullable(),
  /** Field → ISO instant, as stored (domain IsoSchedule). */
  schedule: z.partialRecord(z.enum(SCHEDULE_FIELDS), z.string()),
  /** The counter's business hours end set by the documents (`HH:MM`), or null (windows end at 24:00). */
  businessHoursEnd: z.string().nullable(),
  sections: z.array(ZProjectSection),
  /** The step bar (issue 18 §6): this trade and method's steps, each done / current / stopped / todo. */
  steps: z.array(ZProjectStep),
  /** Where the project stopped (failed, terminated, suspended) and why; null while it runs or after a normal archive. */
  stepStop: ZStepStop.nullable(),
  /** The failed project this one re-tenders, if any. */
  previousProjectId: z.number().int().nullable(),
  version: z.number().int(),
  createdAt: z.string(),
});
export type ProjectView = z.infer<typeof ZProject>;

/**
 * What the owner side's per-topic lists show of each project (issue 19 §5): the current tender documents
 * (not superseded; by whether they came with a clarification), the clarifications by state, the objections
 * still waiting for an answer with the earliest answer due date, the qualification criteria, and the next
 * date of the schedule (domain `nextMilestone`, at the server's clock).
 */
export const ZProjectWork = z.object({
  documents: z.object({ current: z.number().int(), prequalification: z.number().int() }),
  clarifications: z.object({ draft: z.number().int(), published: z.number().int() }),
  objections: z.object({ unanswered: z.number().int(), earliestDueAt: z.string().nullable(), overdue: z.number().int() }),
  criteria: z.number().int(),
  nextMilestone: z.object({ field: z.enum(SCHEDULE_FIELDS), at: z.string() }).nullable(),
});
export type ProjectWork = z.infer<typeof ZProjectWork>;

/** One row of `project.list`: the project and its work (issue 19 §5). */
export const ZProjectListItem = ZProject.extend({ work: ZProjectWork });
export type ProjectListItem = z.infer<typeof ZProjectListItem>;

/**
 * The sale terms of one plot or item of a DRAFT (issue 18 §4): a new appraisal when the old one grew too
 * old (L7), or a re-disclosure's lowered floor with its approval document. Absent fields are cleared.
 */
export const ZSetSaleTermsInput = ZSaleFields.extend({ projectId: ZId, sectionId: ZId, expectedVersion: z.number().int().min(1) });
export type SetSaleTermsInput = z.infer<typeof ZSetSaleTermsInput>;

export const ZProjectIdInput = z.object({ projectId: ZId });
export type ProjectIdInput = z.infer<typeof ZProjectIdInput>;

export const ZListProjectsInput = z.object({ limit: z.number().int().min(1).max(200).default(50) });
export type ListProjectsInput = z.infer<typeof ZListProjectsInput>;

export const ZCheckScheduleInput = z.object({ projectId: ZId, schedule: ZScheduleInput, businessHoursEnd: ZBusinessHoursEnd.optional() });
export type CheckScheduleInput = z.infer<typeof ZCheckScheduleInput>;

export const ZSaveScheduleInput = ZCheckScheduleInput.extend({ expectedVersion: z.number().int().min(1) });
export type SaveScheduleInput = z.infer<typeof ZSaveScheduleInput>;

/** A statutory limit the schedule breaks (domain ScheduleViolation), its earliest lawful date as ISO. */
export const ZScheduleViolation = z.object({
  limitId: z.string(),
  ruleRef: z.string(),
  field: z.string(),
  earliestAllowed: z.string(),
  /** What to set instead (issue 19 §6): the first working-hours moment of a working day at or after it, ISO. */
  suggestedAt: z.string(),
  /** Computed on a provisional calendar (a year not yet published): 暂定. */
  provisional: z.boolean(),
  messageZh: z.string(),
  messageEn: z.string(),
});
export type ScheduleViolationView = z.infer<typeof ZScheduleViolation>;

export const ZScheduleCheck = z.object({ ok: z.boolean(), violations: z.array(ZScheduleViolation) });
export type ScheduleCheck = z.infer<typeof ZScheduleCheck>;

export const ZTerminateProjectInput = z.object({ projectId: ZId, reason: z.string().trim().min(5).max(500) });
export type TerminateProjectInput = z.infer<typeof ZTerminateProjectInput>;

/** The project re-tendering a failed one (as far as the caller may see it). */
export const ZProjectSuccessor = z.object({ id: z.number().int(), unifiedDealCode: z.string(), name: z.string(), status: z.string() }).nullable();
export type ProjectSuccessor = z.infer<typeof ZProjectSuccessor>;

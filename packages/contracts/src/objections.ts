/**
 * 异议 / 质疑 (issue 5 §3, issue 12 §7; domain N8, C2): filing, acknowledging, refusing and answering an
 * objection, the list a reader may see and the window a filing would be judged against. Input and output
 * schemas and their types (issue 17 §1).
 */
import { z } from 'zod';
import { OBJECTION_SUBJECTS } from '@ebid/domain';
import { ZId } from './common.ts';

/** Steps of a procurement whose end starts a process challenge (CGT §53: 各采购程序环节结束之日). */
export const PROCESS_STEPS = ['prequalification', 'opening'] as const;
export type ProcessStep = (typeof PROCESS_STEPS)[number];

const ZObjectionStage = z.enum(['prequalification', 'tender']);

export const ZObjection = z.object({
  id: z.number().int(),
  projectId: z.number().int(),
  stage: ZObjectionStage,
  subject: z.enum(OBJECTION_SUBJECTS),
  step: z.string().nullable(),
  title: z.string(),
  body: z.string(),
  status: z.enum(['filed', 'accepted', 'declined', 'answered']),
  /** The filing company: null for anyone but the owner side, the center and the filer's own company. */
  filerName: z.string().nullable(),
  /** Filed by the caller's own company. */
  mine: z.boolean(),
  /** Receiving it suspended the procedure (engineering documents, ZTBT §22). */
  suspends: z.boolean(),
  filedAt: z.string(),
  decidedAt: z.string().nullable(),
  declineReason: z.string().nullable(),
  answerDueAt: z.string().nullable(),
  /** The due date was computed on a provisional calendar (暂定). */
  answerDueProvisional: z.boolean(),
  /** Not yet answered (nor refused). */
  open: z.boolean(),
  /** Open and past its due time. */
  overdue: z.boolean(),
  answer: z.string().nullable(),
  answeredAt: z.string().nullable(),
  version: z.number().int(),
});
export type ObjectionView = z.infer<typeof ZObjection>;

export const ZFileObjectionInput = z.object({
  projectId: ZId,
  title: z.string().trim().min(4).max(200),
  body: z.string().trim().min(10).max(5000),
  subject: z.enum(OBJECTION_SUBJECTS).optional(),
  step: z.enum(PROCESS_STEPS).nullable().optional(),
});
export type FileObjectionInput = z.infer<typeof ZFileObjectionInput>;

export const ZObjectionRef = z.object({ objectionId: ZId });
export type ObjectionRef = z.infer<typeof ZObjectionRef>;

export const ZDeclineObjectionInput = z.object({ objectionId: ZId, reason: z.string().trim().min(2).max(1000) });
export type DeclineObjectionInput = z.infer<typeof ZDeclineObjectionInput>;

export const ZAnswerObjectionInput = z.object({ objectionId: ZId, answer: z.string().trim().min(10).max(10_000) });
export type AnswerObjectionInput = z.infer<typeof ZAnswerObjectionInput>;

/** The window an objection filed now would be judged against (null: no objection procedure / no deadline yet). */
export const ZObjectionWindow = z
  .object({
    stage: ZObjectionStage,
    closesAt: z.string(),
    /** The rule's key (domain.md §0), for code and tests; users read `rule`. */
    ruleRef: z.string(),
    /** The rule as users read it (issue 19 §6): 《…》第二十二条：对招标文件有异议的，应当在… */
    rule: z.object({ zh: z.string(), en: z.string() }),
    /** The end was computed on a provisional calendar (暂定). */
    provisional: z.boolean(),
    /** Filing is possible now (inside the window and the project in a state that accepts objections). */
    open: z.boolean(),
    /** What the caller may object to here (engineering: the documents; GP: documents, process, result). */
    subjects: z.array(z.enum(OBJECTION_SUBJECTS)),
  })
  .nullable();
export type ObjectionWindowView = z.infer<typeof ZObjectionWindow>;

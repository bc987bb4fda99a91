/**
 * 预警处理 (issue 20 §2, domain §6.2, M1): the alerts a yellow or red checkpoint raised, as the responsible
 * party, the project's parties and its supervisors read them, and their signed handling. Input and output
 * schemas and their types (issue 17 §1).
 */
import { z } from 'zod';
import { ALERT_HANDLING_MAX, ALERT_LEVELS } from '@ebid/domain';
import { ZId } from './common.ts';

export const ALERT_LIST_STATES = ['open', 'handled'] as const;
export type AlertListState = (typeof ALERT_LIST_STATES)[number];

export const ZSupervisionAlert = z.object({
  id: z.number().int(),
  projectId: z.number().int(),
  projectName: z.string(),
  /** 统一交易标识码 */
  projectCode: z.string(),
  checkpointId: z.number().int(),
  /** The checkpoint kind, e.g. 'objection.answer'. */
  checkpointKind: z.string(),
  level: z.enum(ALERT_LEVELS),
  raisedAt: z.string(),
  /** The checkpoint's statutory limit. */
  dueAt: z.string(),
  /** Whether the checkpoint's own act has happened since (the timer is done). */
  checkpointDone: z.boolean(),
  /** The organization that must act; null = the trading center's staff. */
  responsibleOrgName: z.string().nullable(),
  handled: z.boolean(),
  handledAt: z.string().nullable(),
  handlerName: z.string().nullable(),
  handlerOrgName: z.string().nullable(),
  /** 处理情况 / 处理结果 */
  handling: z.string().nullable(),
  result: z.string().nullable(),
  signerCertSerial: z.string().nullable(),
  /** The caller may handle it now (responsible party or supervisor of the project, not yet handled). */
  mayHandle: z.boolean(),
});
export type SupervisionAlertView = z.infer<typeof ZSupervisionAlert>;

/** One alert with what the handler signed: the exact text and the detached CMS (DER, base64) — .p7s. */
export const ZSupervisionAlertDetail = ZSupervisionAlert.extend({
  signedText: z.string().nullable(),
  signatureBase64: z.string().nullable(),
});
export type SupervisionAlertDetail = z.infer<typeof ZSupervisionAlertDetail>;

export const ZSupervisionAlertsInput = z.object({
  projectId: ZId.optional(),
  state: z.enum(ALERT_LIST_STATES).optional(),
  level: z.enum(ALERT_LEVELS).optional(),
  /** Paging: the alerts before this id (newest first). */
  beforeId: ZId.optional(),
  limit: z.number().int().min(1).max(200).default(50),
});
export type SupervisionAlertsInput = z.input<typeof ZSupervisionAlertsInput>;

export const ZSupervisionAlertRef = z.object({ id: ZId });
export type SupervisionAlertRef = z.infer<typeof ZSupervisionAlertRef>;

/**
 * Handle an alert: what was done, the result, and the signature over `signedText`, which must be exactly
 * `alertHandlingText(...)` of these facts and the caller (@ebid/domain). Emptiness and the text are
 * checked by the service (typed VALIDATION); here only sizes.
 */
export const ZHandleAlertInput = z.object({
  alertId: ZId,
  handling: z.string().max(ALERT_HANDLING_MAX * 2),
  result: z.string().max(ALERT_HANDLING_MAX * 2),
  signedText: z.string().max(64 * 1024),
  signatureBase64: z.string().max(64 * 1024),
});
export type HandleAlertInput = z.infer<typeof ZHandleAlertInput>;

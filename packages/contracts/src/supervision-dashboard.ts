/**
 * The supervisor's dashboard and the project timeline (issue 20 §3; domain §6.1–6.2, M1, M3): read-only
 * for supervisors, center staff and the platform admin; a supervisor sees the projects of its scope only.
 * Instants are ISO 8601; a checkpoint's kind is its stable key (words in the web catalog).
 */
import { z } from 'zod';
import { ALERT_LEVELS, CHECKPOINT_STATES, DASHBOARD_DEFAULT_DAYS, DASHBOARD_MAX_DAYS, TRADE_TYPES } from '@ebid/domain';
import { ZId, ZPage } from './common.ts';
import { ZAuditEvent } from './audit.ts';

export const ZDashboardInput = z.object({
  /** The trend's length in Beijing days, today included. */
  days: z.number().int().min(1).max(DASHBOARD_MAX_DAYS).default(DASHBOARD_DEFAULT_DAYS),
});
export type DashboardInput = z.infer<typeof ZDashboardInput>;

const ZLevelCounts = { yellow: z.number().int(), red: z.number().int() };

export const ZDashboard = z.object({
  /** The server instant the states were computed at. */
  at: z.string(),
  totals: z.object({
    ...ZLevelCounts,
    /** 处理超期数: red alerts not handled yet. */
    overdueUnhandled: z.number().int(),
    /** Alerts not handled yet (either level). */
    openAlerts: z.number().int(),
  }),
  byTradeType: z.array(z.object({ key: z.enum(TRADE_TYPES), ...ZLevelCounts })),
  /** 行政区划代码 of the project. */
  byRegion: z.array(z.object({ key: z.string(), ...ZLevelCounts })),
  /** The agency: the project's agent, or the tenderee when it runs its own tender (自行招标). */
  byAgency: z.array(z.object({ key: z.string(), orgId: z.number().int(), name: z.string(), selfRun: z.boolean(), ...ZLevelCounts })),
  /** Alerts raised per Beijing day, oldest first, every day of the period. */
  trend: z.array(z.object({ date: z.string(), ...ZLevelCounts })),
});
export type Dashboard = z.infer<typeof ZDashboard>;

export const ZDashboardAlertsInput = z.object({
  /** Only the alerts nobody has handled yet (default), or all. */
  openOnly: z.boolean().default(true),
  projectId: ZId.optional(),
  ...ZPage,
});
export type DashboardAlertsInput = z.infer<typeof ZDashboardAlertsInput>;

const ZProjectRef = z.object({ id: z.number().int(), name: z.string(), code: z.string(), tradeType: z.enum(TRADE_TYPES), regionCode: z.string() });

/** The party that must act: an organization, or the trading center's staff (orgId null). */
const ZResponsible = z.object({ orgId: z.number().int().nullable(), name: z.string().nullable() });

export const ZDashboardAlert = z.object({
  id: z.number().int(),
  level: z.enum(ALERT_LEVELS),
  raisedAt: z.string(),
  project: ZProjectRef,
  checkpoint: z.object({ id: z.number().int(), kind: z.string(), subjectKey: z.string(), dueAt: z.string(), state: z.enum(CHECKPOINT_STATES) }),
  responsible: ZResponsible,
  handled: z.boolean(),
  handledAt: z.string().nullable(),
});
export type DashboardAlert = z.infer<typeof ZDashboardAlert>;

export const ZDashboardAlertPage = z.object({ alerts: z.array(ZDashboardAlert), nextBeforeId: z.number().int().nullable() });
export type DashboardAlertPage = z.infer<typeof ZDashboardAlertPage>;

export const ZTimelineInput = z.object({ projectId: ZId });
export type TimelineInput = z.infer<typeof ZTimelineInput>;

/**
 * Where an item leads (drill-down, read-only): a tab of the project page (null: its first tab), and for an
 * audit event the event itself (the audit drawer).
 */
export const PROJECT_TABS = ['documents', 'clarifications', 'registrations', 'objections', 'opening'] as const;
export const ZTimelineLink = z.object({ tab: z.enum(PROJECT_TABS).nullable(), auditEventId: z.number().int().nullable() });
export type TimelineLink = z.infer<typeof ZTimelineLink>;

const ZCheckpointItem = z.object({
  type: z.literal('checkpoint'),
  /** The item's place on the time axis: the due instant. */
  at: z.string(),
  id: z.number().int(),
  kind: z.string(),
  subjectKey: z.string(),
  warnAt: z.string(),
  dueAt: z.string(),
  provisional: z.boolean(),
  state: z.enum(CHECKPOINT_STATES),
  late: z.boolean(),
  doneAt: z.string().nullable(),
  /** The audit action of the act that completed it. */
  doneAct: z.string().nullable(),
  responsible: ZResponsible,
  link: ZTimelineLink,
});

const ZAlertItem = z.object({
  type: z.literal('alert'),
  /** When it was raised. */
  at: z.string(),
  id: z.number().int(),
  level: z.enum(ALERT_LEVELS),
  checkpointId: z.number().int(),
  kind: z.string(),
  handled: z.boolean(),
  handledAt: z.string().nullable(),
  link: ZTimelineLink,
});

const ZAuditItem = z.object({
  type: z.literal('audit'),
  at: z.string(),
  /** The event in words, masked as the audit list masks it for this reader (before-deadline.ts). */
  event: ZAuditEvent,
  link: ZTimelineLink,
});

export const ZTimelineItem = z.discriminatedUnion('type', [ZCheckpointItem, ZAlertItem, ZAuditItem]);
export type TimelineItem = z.input<typeof ZTimelineItem>;

export const ZTimeline = z.object({
  at: z.string(),
  project: ZProjectRef.extend({ status: z.string() }),
  /** Oldest first on one time axis (ties: checkpoints, alerts, then audit events by id). */
  items: z.array(ZTimelineItem),
  /** The audit events were cut at this many (the oldest ones left out; the audit log has them all). */
  auditTruncated: z.boolean(),
});
export type Timeline = z.input<typeof ZTimeline>;

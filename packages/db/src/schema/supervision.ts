/**
 * Electronic supervision (电子监察, issue 20; domain §6.1–6.2, M1, M3):
 * - `checkpoints`: one row per statutory timer instance of a project (its kind, the instance it watches,
 *   its due instant and warning start, the responsible party, and when which act completed it). The
 *   state green / yellow / red / done is computed from server time (domain supervision/checkpoint.ts);
 *   `yellowRaisedAt` / `redRaisedAt` make each level's alert happen once across restarts and instances.
 * - `supervision_alerts`: the alert a yellow or red checkpoint raised, and its handling — who handled it,
 *   what was done and the result, signed by the handler's certificate (detached CMS over `signedText`).
 * - `supervisor_scopes`: what a supervisor account supervises (region × trade type, engineering also by
 *   industry). A supervisor without a scope row sees no project.
 */
import { sql } from 'drizzle-orm';
import { bigint, boolean, check, index, integer, pgTable, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core';
import type { AlertLevel } from '@ebid/domain';
import { createdAt } from './columns.ts';
import { organizations, users } from './identity.ts';
import { projects, tradeType } from './projects.ts';

const ts = () => timestamp({ withTimezone: true, mode: 'date' });
const id = () => bigint({ mode: 'number' }).primaryKey().generatedAlwaysAsIdentity();
const ref = () => bigint({ mode: 'number' });

export const checkpoints = pgTable(
  'checkpoints',
  {
    id: id(),
    projectId: ref()
      .notNull()
      .references(() => projects.id),
    /** The checkpoint kind (domain supervision/checkpoint-kinds.ts), e.g. 'objection.answer'. */
    kind: text().notNull(),
    /** The instance the kind watches inside the project, e.g. 'objection:12', 'deposit:5', or 'project'. */
    subjectKey: text().notNull(),
    /** From here yellow. */
    warnAt: ts().notNull(),
    /** The statutory limit: from here red unless done. */
    dueAt: ts().notNull(),
    /** The due instant lies in a year whose holiday schedule is not yet published (provisional). */
    provisional: boolean().notNull().default(false),
    /** The organization that must act; null = the trading center's staff. */
    responsibleOrgId: ref().references(() => organizations.id),
    doneAt: ts(),
    /** The audit action of the act that completed it. */
    doneAct: text(),
    yellowRaisedAt: ts(),
    redRaisedAt: ts(),
    createdAt: createdAt(),
    updatedAt: ts().notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('checkpoints_instance_uq').on(t.projectId, t.kind, t.subjectKey),
    index('checkpoints_open_due_idx').on(t.dueAt).where(sql`${t.doneAt} IS NULL`),
    check('checkpoints_order_chk', sql`${t.warnAt} <= ${t.dueAt}`),
    check('checkpoints_done_chk', sql`(${t.doneAt} IS NULL) = (${t.doneAct} IS NULL)`),
  ],
);

export const supervisionAlerts = pgTable(
  'supervision_alerts',
  {
    id: id(),
    checkpointId: ref()
      .notNull()
      .references(() => checkpoints.id),
    projectId: ref()
      .notNull()
      .references(() => projects.id),
    level: text().$type<AlertLevel>().notNull(),
    raisedAt: ts().notNull(),
    /** How many users were told. */
    notified: integer().notNull(),
    handledAt: ts(),
    handledBy: ref().references(() => users.id),
    /** What the handler did (处理情况) and the result (处理结果). */
    handling: text(),
    result: text(),
    /** The exact text the handler signed, and the detached CMS over it (DER, base64). */
    signedText: text(),
    signatureCms: text(),
    signerCertSerial: text(),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex('supervision_alerts_level_uq').on(t.checkpointId, t.level),
    index('supervision_alerts_project_idx').on(t.projectId),
    check('supervision_alerts_level_chk', sql`${t.level} IN ('yellow', 'red')`),
    check(
      'supervision_alerts_handled_chk',
      sql`(${t.handledAt} IS NULL) = (${t.handledBy} IS NULL) AND (${t.handledAt} IS NULL) = (${t.handling} IS NULL) AND (${t.handledAt} IS NULL) = (${t.result} IS NULL) AND (${t.handledAt} IS NULL) = (${t.signatureCms} IS NULL) AND (${t.handledAt} IS NULL) = (${t.signedText} IS NULL)`,
    ),
  ],
);

export const supervisorScopes = pgTable(
  'supervisor_scopes',
  {
    id: id(),
    userId: ref()
      .notNull()
      .references(() => users.id),
    /** 6-digit 行政区划代码: a city code covers its districts ('330100' covers '330102'; domain supervision/scope-rule.ts). */
    regionCode: text().notNull(),
    tradeType: tradeType().notNull(),
    /** Engineering only: the industry (行业) supervised; null = every industry of the trade type. */
    industry: text(),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex('supervisor_scopes_uq').on(t.userId, t.regionCode, t.tradeType, sql`coalesce(${t.industry}, '')`),
    check('supervisor_scopes_industry_chk', sql`${t.industry} IS NULL OR ${t.tradeType} = 'engineering'`),
    // Migration 0022: a 6-digit 行政区划代码, a known industry (domain supervision/scope-rule.ts).
    check('supervisor_scopes_industry_value_chk', sql`${t.industry} IS NULL OR ${t.industry} IN ('housing', 'transport', 'water', 'other')`),
    check('supervisor_scopes_region_chk', sql`${t.regionCode} ~ '^[0-9]{6}$' AND ${t.regionCode} NOT LIKE '00%'`),
  ],
);

export type CheckpointRow = typeof checkpoints.$inferSelect;
export type SupervisionAlertRow = typeof supervisionAlerts.$inferSelect;
export type SupervisorScopeRow = typeof supervisorScopes.$inferSelect;

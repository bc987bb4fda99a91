/**
 * An alert to the center's staff and the supervisors (issue 18 §5; the full alert engine is issue 20):
 * a notification to every active staff and supervisor user — they may see every project — and its audit
 * event in the project's chain, both in the caller's transaction. The caller decides that the alert is
 * due and makes it happen once (a unique row, a job's dedupe key).
 */
import { and, eq, inArray } from 'drizzle-orm';
import { users, type Tx } from '@ebid/db';
import { projectChain } from '@ebid/audit';
import type { AuditAction, LocalizedMessage } from '@ebid/domain';
import { audit, SYSTEM_CONTEXT } from '../context.ts';
import type { Deps } from '../deps.ts';
import { notify } from '../notifications/notify.ts';

export type AlertLevel = 'yellow' | 'red';

export interface StaffAlert {
  projectId: number;
  level: AlertLevel;
  /** The notification kind and the audit action, e.g. 'opening.start_overdue'. */
  kind: AuditAction;
  title: LocalizedMessage;
  body: LocalizedMessage;
  link: string;
  /** What the audit event records beside the level and the number told. */
  payload: Record<string, unknown>;
}

/** Tell every active staff and supervisor user, and audit it. Returns how many were told. */
export async function raiseStaffAlert(tx: Tx, deps: Pick<Deps, 'clock' | 'config'>, alert: StaffAlert): Promise<number> {
  const recipients = await tx.select({ id: users.id }).from(users).where(and(inArray(users.role, ['staff', 'supervisor']), eq(users.active, true)));
  await notify(tx, deps, { userIds: recipients.map((u) => u.id), kind: alert.kind, title: alert.title, body: alert.body, link: alert.link });
  await audit(tx, deps, SYSTEM_CONTEXT, {
    chain: projectChain(alert.projectId),
    action: alert.kind,
    subject: { type: 'project', id: alert.projectId },
    payload: { ...alert.payload, alertLevel: alert.level, notified: recipients.length },
  });
  return recipients.length;
}

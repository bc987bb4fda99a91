/**
 * An alert to the center's staff and the supervisors (issue 18 §5; the full alert engine is issue 20):
 * a notification to every active staff user and to the supervisors of the project (issue 20 §4), and its audit
 * event in the project's chain, both in the caller's transaction. The caller decides that the alert is
 * due and makes it happen once (a unique row, a job's dedupe key).
 */
import { and, eq } from 'drizzle-orm';
import { projects, users, type Tx } from '@ebid/db';
import { projectChain } from '@ebid/audit';
import type { AuditAction, LocalizedMessage } from '@ebid/domain';
import { audit, SYSTEM_CONTEXT } from '../context.ts';
import type { Deps } from '../deps.ts';
import { notify } from '../notifications/notify.ts';
import { supervisorUserIdsFor } from '../supervision/scope.ts';

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
  const [p] = await tx.select().from(projects).where(eq(projects.id, alert.projectId));
  // Active staff, and the supervisors whose scope covers the project (issue 20 §4, M3).
  const recipients = [
    ...(await tx.select({ id: users.id }).from(users).where(and(eq(users.role, 'staff'), eq(users.active, true)))),
    ...(p ? await supervisorUserIdsFor(tx, p) : []).map((id) => ({ id })),
  ];
  await notify(tx, deps, { userIds: recipients.map((u) => u.id), kind: alert.kind, title: alert.title, body: alert.body, link: alert.link });
  await audit(tx, deps, SYSTEM_CONTEXT, {
    chain: projectChain(alert.projectId),
    action: alert.kind,
    subject: { type: 'project', id: alert.projectId },
    payload: { ...alert.payload, alertLevel: alert.level, notified: recipients.length },
  });
  return recipients.length;
}

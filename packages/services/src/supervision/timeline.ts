/**
 * A project's timeline (issue 20 §3; M3): its checkpoints (due instant, state now, the act that completed
 * it), the alerts they raised and the project's audit events, on one time axis, each with the record it
 * leads to (a tab of the project page, or the audit event itself). Read-only.
 *
 * The audit events are read and put in words exactly as the audit list does (audit-list.ts `readVisible`,
 * audit-words.ts `describeEvents`): a registrant's or bidder's act stays masked until the deadline, an
 * identity withheld stays withheld. Checkpoints of one company are left out as on the dashboard.
 * A supervisor reads only a project of its scope (`assertSupervises`; NOT_FOUND otherwise, as for a
 * project that does not exist).
 */
import { asc, eq } from 'drizzle-orm';
import { checkpoints, projects, supervisionAlerts } from '@ebid/db';
import { AppError, checkpointState, isLate } from '@ebid/domain';
import type { PROJECT_TABS, Timeline, TimelineInput, TimelineItem, TimelineLink } from '@ebid/contracts';
import { checkpointSecret, readerOf } from '../access/before-deadline.ts';
import { readVisible, type Visible } from '../audit/audit-list.ts';
import { describeEvents, type ChainProject } from '../audit/audit-words.ts';
import { requireRole, type RequestContext } from '../context.ts';
import type { Deps } from '../deps.ts';
import { orgNames, SUPERVISION_READERS } from './dashboard.ts';
import { assertSupervises } from './scope.ts';

/** The most audit events a timeline carries (the newest; the audit log pages through all of them). */
export const TIMELINE_MAX_AUDIT_EVENTS = 500;

type Tab = (typeof PROJECT_TABS)[number];

/**
 * The project tab a record belongs to, by the first word of its audit action, subject type or checkpoint
 * kind ('objection.answer' → objections, 'deposit:5' → registrations …); null: the project page itself.
 */
const TAB_OF: Readonly<Record<string, Tab>> = {
  document: 'documents',
  documents: 'documents',
  tender_document: 'documents',
  clarification: 'clarifications',
  amendment: 'clarifications',
  registration: 'registrations',
  deposit: 'registrations',
  qualification: 'registrations',
  prequal: 'registrations',
  prequalification: 'registrations',
  objection: 'objections',
  bid: 'opening',
  opening: 'opening',
  decryption: 'opening',
  sign_in: 'opening',
};

export function tabOf(...words: (string | null | undefined)[]): Tab | null {
  for (const w of words) {
    const head = w ? /^[a-z_]+/.exec(w)?.[0] : undefined;
    if (head && Object.hasOwn(TAB_OF, head)) return TAB_OF[head]!;
  }
  return null;
}

const link = (tab: Tab | null, auditEventId: number | null = null): TimelineLink => ({ tab, auditEventId });

const ORDER = { checkpoint: 0, alert: 1, audit: 2 } as const;

export async function supervisionTimeline(deps: Pick<Deps, 'db' | 'clock'>, ctx: RequestContext, input: TimelineInput): Promise<Timeline> {
  const actor = requireRole(ctx, ...SUPERVISION_READERS);
  const now = deps.clock.now();
  const [p] = await deps.db
    .select({
      id: projects.id,
      name: projects.name,
      code: projects.unifiedDealCode,
      status: projects.status,
      tradeType: projects.tradeType,
      regionCode: projects.regionCode,
      prequalification: projects.prequalification,
      schedule: projects.schedule,
    })
    .from(projects)
    .where(eq(projects.id, input.projectId));
  if (!p) throw new AppError('NOT_FOUND');
  await assertSupervises(deps.db, actor, p);
  const reader = readerOf(actor.role);

  const cps = (await deps.db.select().from(checkpoints).where(eq(checkpoints.projectId, p.id)).orderBy(asc(checkpoints.dueAt), asc(checkpoints.id))).filter(
    (c) => !checkpointSecret(c.subjectKey, reader, p, now),
  );
  const shown = new Map(cps.map((c) => [c.id, c]));
  const alerts = (await deps.db.select().from(supervisionAlerts).where(eq(supervisionAlerts.projectId, p.id)).orderBy(asc(supervisionAlerts.id))).filter((a) => shown.has(a.checkpointId));
  const names = await orgNames(deps.db, cps.map((c) => c.responsibleOrgId));

  const known = new Map<string, ChainProject>();
  const { kept } = await readVisible(deps, { projectId: p.id }, undefined, TIMELINE_MAX_AUDIT_EVENTS + 1, known);
  const page: Visible[] = kept.slice(0, TIMELINE_MAX_AUDIT_EVENTS);
  const events = await describeEvents(deps, page);

  const items: TimelineItem[] = [
    ...cps.map(
      (c): TimelineItem => ({
        type: 'checkpoint',
        at: c.dueAt.toISOString(),
        id: c.id,
        kind: c.kind,
        subjectKey: c.subjectKey,
        warnAt: c.warnAt.toISOString(),
        dueAt: c.dueAt.toISOString(),
        provisional: c.provisional,
        state: checkpointState(c, now),
        late: isLate(c),
        doneAt: c.doneAt?.toISOString() ?? null,
        doneAct: c.doneAct,
        responsible: { orgId: c.responsibleOrgId, name: c.responsibleOrgId === null ? null : (names.get(c.responsibleOrgId) ?? null) },
        link: link(tabOf(c.kind, c.subjectKey)),
      }),
    ),
    ...alerts.map((a): TimelineItem => {
      const c = shown.get(a.checkpointId)!;
      return {
        type: 'alert',
        at: a.raisedAt.toISOString(),
        id: a.id,
        level: a.level,
        checkpointId: a.checkpointId,
        kind: c.kind,
        handled: a.handledAt !== null,
        handledAt: a.handledAt?.toISOString() ?? null,
        link: link(tabOf(c.kind, c.subjectKey)),
      };
    }),
    ...events.map(
      (e): TimelineItem => ({
        type: 'audit',
        at: e.at.toISOString(),
        event: e,
        link: link(e.masked ? null : tabOf(e.action, e.subjectType), e.id),
      }),
    ),
  ];
  const idOf = (i: TimelineItem) => (i.type === 'audit' ? i.event.id : i.id);
  items.sort((a, b) => (a.at < b.at ? -1 : a.at > b.at ? 1 : 0) || ORDER[a.type] - ORDER[b.type] || idOf(a) - idOf(b));
  return {
    at: now.toISOString(),
    project: { id: p.id, name: p.name, code: p.code, tradeType: p.tradeType, regionCode: p.regionCode, status: p.status },
    items,
    auditTruncated: kept.length > TIMELINE_MAX_AUDIT_EVENTS,
  };
}

/**
 * The choices of the audit filter (issue 19 §4): projects by name or deal code, users by name or
 * username — for the readers of the audit list only, at most 20 at a time. Platform members and projects
 * are not secret to these readers; which of them acted where is what the list itself decides.
 */
import { and, desc, eq, ilike, or } from 'drizzle-orm';
import type { AuditChoice, AuditChoicesInput } from '@ebid/contracts';
import { organizations, projects, users } from '@ebid/db';
import { requireRole, type RequestContext } from '../context.ts';
import type { Deps } from '../deps.ts';
import { supervisedProjectsCondition } from '../supervision/scope.ts';
import { AUDIT_READERS } from './audit-list.ts';

const MAX_CHOICES = 20;

/** `%q%` with the LIKE wildcards of q taken literally. */
const containing = (q: string) => `%${q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

export async function auditChoices(deps: Pick<Deps, 'db'>, ctx: RequestContext, input: AuditChoicesInput): Promise<AuditChoice[]> {
  const actor = requireRole(ctx, ...AUDIT_READERS);
  const like = containing(input.query);
  if (input.kind === 'project') {
    const rows = await deps.db
      .select({ id: projects.id, name: projects.name, code: projects.unifiedDealCode })
      .from(projects)
      // A supervisor chooses among the projects of its scopes only (issue 20 §4, M3).
      .where(and(input.query ? or(ilike(projects.name, like), ilike(projects.unifiedDealCode, like)) : undefined, await supervisedProjectsCondition(deps.db, actor)))
      .orderBy(desc(projects.id))
      .limit(MAX_CHOICES);
    return rows.map((r) => ({ value: r.id, label: r.name, detail: r.code }));
  }
  const rows = await deps.db
    .select({ id: users.id, name: users.displayName, username: users.username, org: organizations.name })
    .from(users)
    .innerJoin(organizations, eq(organizations.id, users.orgId))
    .where(input.query ? or(ilike(users.displayName, like), ilike(users.username, like)) : undefined)
    .orderBy(users.displayName)
    .limit(MAX_CHOICES);
  return rows.map((r) => ({ value: r.id, label: `${r.name}（${r.username}）`, detail: r.org }));
}

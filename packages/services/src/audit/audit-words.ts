/**
 * The audit list in words (issue 19 §4): who acted (name · company), on which project, on what (a label
 * for the subject). Resolved in batch for a page — one query per table, whatever the page size.
 *
 * Never more than the reader may know at this moment (before-deadline.ts; 招标投标法 §22, domain N6, O4):
 * - a bidder's identity in a project before its deadline is withheld (who acted, and the company a bid,
 *   registration or security belongs to) — the event itself stays, the name does not;
 * - an expert's identity in a project is withheld until the result names the committee (CGT §43);
 * - a masked event is not described at all.
 */
import { inArray } from 'drizzle-orm';
import type { AuditEntryRaw, AuditEntryShown } from '@ebid/contracts';
import type { ProcedureStatus } from '@ebid/domain';
import { bids, clarifications, certificates, deposits, notices, objections, organizations, projects, registrations, sections, tenderDocuments, users } from '@ebid/db';
import { AUDIT_SECRET_ACTIONS, auditSecrecy, isBeforeDeadline, type SecrecySchedule } from '../access/before-deadline.ts';
import type { Deps } from '../deps.ts';
import type { Visible } from './audit-list.ts';

/** A project as the audit list knows it: its schedule (secrecy), status (experts) and names. */
export interface ChainProject extends SecrecySchedule {
  id: number;
  name: string;
  code: string | null;
  status: ProcedureStatus;
}

/** From these statuses on the result is public, and with it the committee's names (CGT §43, A3). */
const COMMITTEE_PUBLIC: ReadonlySet<ProcedureStatus> = new Set(['CANDIDATE_PUBLICITY', 'AWARD_PENDING', 'AWARDED', 'CONTRACTED', 'ARCHIVED']);

/** Is the identity of a user of this role withheld in (the chain of) project `p` at `now`? */
export function identityWithheld(role: string | null, p: ChainProject | null, now: Date): boolean {
  if (!p) return false; // the platform chain: acts as a platform member (logins, certificates, the registry)
  if (role === 'bidder') return isBeforeDeadline(p, now);
  if (role === 'expert') return !COMMITTEE_PUBLIC.has(p.status);
  return false;
}

/**
 * Is the actor of this event withheld? As `identityWithheld`, except for a registrant's act whose own
 * secrecy ends earlier and has ended (a prequalification application after the application deadline:
 * the applicants are then lawfully known to the center and the supervisor, before-deadline.ts).
 */
export function actorWithheld(e: { actorUserId: number | null; actorRole: string | null; action: string }, p: ChainProject | null, now: Date): boolean {
  if (e.actorUserId === null || !identityWithheld(e.actorRole, p, now)) return false;
  return !(e.actorRole === 'bidder' && Object.hasOwn(AUDIT_SECRET_ACTIONS, e.action) && auditSecrecy(e.action, p, now) === null);
}

const ids = (xs: (string | null)[]): number[] => [...new Set(xs.flatMap((x) => (x !== null && /^\d{1,15}$/.test(x) ? [Number(x)] : [])))];
const byId = <T extends { id: number }>(rows: T[]) => new Map(rows.map((r) => [r.id, r]));

/** The subject kinds whose row belongs to one bidder company in one project (named once its deadline has passed). */
const COMPANY_SUBJECTS = { bid: bids, registration: registrations, deposit: deposits } as const;
type CompanySubject = keyof typeof COMPANY_SUBJECTS;
const isCompanySubject = (t: string): t is CompanySubject => Object.hasOwn(COMPANY_SUBJECTS, t);

/** Put a page of visible events in words for this reader. */
export async function describeEvents(deps: Pick<Deps, 'db' | 'clock'>, page: Visible[]): Promise<AuditEntryShown[]> {
  const db = deps.db;
  const now = deps.clock.now();
  const open = page.filter((v) => !v.entry.masked || v.entry.subjectId !== null);
  const subjectIds = (type: string | string[]) => ids(open.filter((v) => (Array.isArray(type) ? type.includes(v.entry.subjectType) : v.entry.subjectType === type)).map((v) => v.entry.subjectId));

  // Company-owned subjects: their project and company, then the projects' deadlines.
  const owned = new Map<string, { projectId: number; bidderOrgId: number }>();
  for (const [type, table] of Object.entries(COMPANY_SUBJECTS)) {
    const want = subjectIds(type);
    if (want.length === 0) continue;
    const rows = await db.select({ id: table.id, projectId: table.projectId, bidderOrgId: table.bidderOrgId }).from(table).where(inArray(table.id, want));
    for (const r of rows) owned.set(`${type}:${r.id}`, r);
  }
  const ownedProjectIds = [...new Set([...owned.values()].map((o) => o.projectId))];
  const ownedProjects = ownedProjectIds.length
    ? byId(await db.select({ id: projects.id, prequalification: projects.prequalification, schedule: projects.schedule }).from(projects).where(inArray(projects.id, ownedProjectIds)))
    : new Map<number, SecrecySchedule & { id: number }>();

  const userIds = [...new Set([...open.flatMap((v) => (v.entry.actorUserId !== null ? [v.entry.actorUserId] : [])), ...subjectIds('user')])];
  const userRows = userIds.length ? byId(await db.select({ id: users.id, displayName: users.displayName, role: users.role, orgId: users.orgId }).from(users).where(inArray(users.id, userIds))) : new Map();
  const orgIds = [
    ...new Set([
      ...open.flatMap((v) => (v.entry.actorOrgId !== null ? [v.entry.actorOrgId] : [])),
      ...[...userRows.values()].map((u: { orgId: number }) => u.orgId),
      ...[...owned.values()].map((o) => o.bidderOrgId),
      ...subjectIds(['org', 'organization']),
    ]),
  ];
  const orgRows = orgIds.length ? byId(await db.select({ id: organizations.id, name: organizations.name, kind: organizations.kind }).from(organizations).where(inArray(organizations.id, orgIds))) : new Map();
  const projectRows = subjectIds('project').length ? byId(await db.select({ id: projects.id, name: projects.name }).from(projects).where(inArray(projects.id, subjectIds('project')))) : new Map();
  const titled = async <T extends { id: number }>(type: string, q: (want: number[]) => Promise<T[]>): Promise<Map<number, T>> => {
    const want = subjectIds(type);
    return want.length ? byId(await q(want)) : new Map<number, T>();
  };
  const noticeRows = await titled('notice', (w) => db.select({ id: notices.id, title: notices.title }).from(notices).where(inArray(notices.id, w)));
  const clarificationRows = await titled('clarification', (w) => db.select({ id: clarifications.id, title: clarifications.title }).from(clarifications).where(inArray(clarifications.id, w)));
  const objectionRows = await titled('objection', (w) => db.select({ id: objections.id, title: objections.title }).from(objections).where(inArray(objections.id, w)));
  const sectionRows = await titled('section', (w) => db.select({ id: sections.id, name: sections.name, code: sections.code }).from(sections).where(inArray(sections.id, w)));
  const documentRows = await titled('document', (w) => db.select({ id: tenderDocuments.id, name: tenderDocuments.name }).from(tenderDocuments).where(inArray(tenderDocuments.id, w)));
  const certificateRows = await titled('certificate', (w) => db.select({ id: certificates.id, serialHex: certificates.serialHex }).from(certificates).where(inArray(certificates.id, w)));

  const orgName = (id: number | null | undefined): string | null => (id == null ? null : ((orgRows.get(id) as { name: string } | undefined)?.name ?? null));

  function subjectLabel(e: AuditEntryRaw, p: ChainProject | null): string | null {
    if (e.subjectId === null) return null;
    const id = Number(e.subjectId);
    const plain = `#${e.subjectId}`;
    const t = e.subjectType;
    if (isCompanySubject(t)) {
      const o = owned.get(`${t}:${id}`);
      const sp = o ? ownedProjects.get(o.projectId) : undefined;
      return o && sp && !isBeforeDeadline(sp, now) ? `${plain} · ${orgName(o.bidderOrgId) ?? ''}` : plain;
    }
    switch (t) {
      case 'user': {
        const u = userRows.get(id) as { displayName: string; role: string; orgId: number } | undefined;
        if (!u || identityWithheld(u.role, p, now)) return plain;
        const org = orgName(u.orgId);
        return org ? `${u.displayName} · ${org}` : u.displayName;
      }
      case 'org':
      case 'organization': {
        const o = orgRows.get(id) as { name: string; kind: string } | undefined;
        if (!o || (o.kind === 'bidder' && p && isBeforeDeadline(p, now)) || (o.kind === 'expert_pool' && identityWithheld('expert', p, now))) return plain;
        return o.name;
      }
      case 'project':
        return (projectRows.get(id) as { name: string } | undefined)?.name ?? plain;
      case 'notice':
      case 'clarification':
      case 'objection': {
        const rows = t === 'notice' ? noticeRows : t === 'clarification' ? clarificationRows : objectionRows;
        const title = rows.get(id)?.title;
        return title ? `《${title}》` : plain;
      }
      case 'section': {
        const s = sectionRows.get(id);
        return s ? `${s.code} ${s.name}` : plain;
      }
      case 'document': {
        const d = documentRows.get(id);
        return d ? d.name : plain;
      }
      case 'certificate': {
        const c = certificateRows.get(id);
        return c ? `${plain} · ${c.serialHex}` : plain;
      }
      default:
        return plain;
    }
  }

  return page.map(({ entry: e, project: p }) => {
    const project = p ? { id: p.id, name: p.name, code: p.code } : null;
    if (e.masked && e.subjectId === null) return { ...e, actorName: null, actorOrgName: null, actorWithheld: false, project, subjectLabel: null };
    if (actorWithheld(e, p, now)) {
      // Nothing that names the actor: not its user, company or certificate either.
      return { ...e, actorUserId: null, actorOrgId: null, certSerial: null, actorName: null, actorOrgName: null, actorWithheld: true, project, subjectLabel: subjectLabel(e, p) };
    }
    const u = e.actorUserId !== null ? (userRows.get(e.actorUserId) as { displayName: string; orgId: number } | undefined) : undefined;
    return {
      ...e,
      actorName: u?.displayName ?? null,
      actorOrgName: orgName(e.actorOrgId ?? u?.orgId),
      actorWithheld: false,
      project,
      subjectLabel: subjectLabel(e, p),
    };
  });
}

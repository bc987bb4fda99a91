/**
 * The staff audit list (issue 3 §4, issue 13 §2, issue 19 §4): filtered by chain or project, actor,
 * action and time range, newest first, keyset-paged by id — and put in words for its reader
 * (audit-words.ts). The export (audit-export.ts) walks the same pages.
 *
 * What a reader may not see yet is decided per event (before-deadline.ts): a registrant's or bidder's
 * act is masked until the deadline; filtering by actor or action leaves such events out altogether,
 * and so does filtering by an actor whose identity is withheld from this reader (audit-words.ts). The
 * page is cut from the events the reader may see only: a page that stops short, or a next-page id,
 * never tells that hidden events matched (the loop reads on past them).
 */
import { and, desc, eq, gte, inArray, lt, lte, or, sql, type SQL } from 'drizzle-orm';
import { eventColumns, PLATFORM_CHAIN, rowToEvent, type AuditEvent } from '@ebid/audit';
import type { AuditEntryRaw, AuditEntryShown, AuditFilter, AuditListInput, AuditPage } from '@ebid/contracts';
import { AppError } from '@ebid/domain';
import { auditEvents, projects, type DbOrTx } from '@ebid/db';
import { auditSecrecy, maskAuditEvent, type SecrecySchedule } from '../access/before-deadline.ts';
import type { Actor } from '../auth/session.ts';
import { requireRole, type RequestContext } from '../context.ts';
import { supervisedProjectsCondition } from '../supervision/scope.ts';
import type { Deps } from '../deps.ts';
import { actorWithheld, describeEvents, type ChainProject } from './audit-words.ts';

export const AUDIT_READERS = ['staff', 'platform_admin', 'supervisor'] as const;

/** The `project:<id>` chain of each project matching `cond`, as a subquery. */
const chainsOf = (db: DbOrTx, cond: SQL) => db.select({ chain: sql<string>`'project:' || ${projects.id}` }).from(projects).where(cond);

/**
 * What of the audit trail the reader may read at all (issue 20 §4, M3): everything for the center; for a
 * supervisor the chains of the projects of its scopes, and of the platform chain only its own acts (its
 * sign-ins; not the registry, the other users' sign-ins or certificates). A filter naming a project or a
 * project chain outside them is refused with NOT_FOUND (its existence does not leak).
 */
export async function readerChainConditions(db: DbOrTx, actor: Pick<Actor, 'role' | 'userId'>, filter: Pick<AuditFilter, 'projectId' | 'chain'>): Promise<SQL[]> {
  const cond = await supervisedProjectsCondition(db, actor);
  if (!cond) return [];
  const named = filter.projectId ?? (filter.chain !== undefined ? projectIdOf(filter.chain) : undefined);
  if (named !== undefined && named !== null) {
    const [p] = await db.select({ id: projects.id }).from(projects).where(and(eq(projects.id, named), cond));
    if (!p) throw new AppError('NOT_FOUND');
  }
  const own = and(eq(auditEvents.chain, PLATFORM_CHAIN), eq(auditEvents.actorUserId, actor.userId));
  return [or(inArray(auditEvents.chain, chainsOf(db, cond)), own)!];
}

/** The chains a supervisor may verify (issue 20 §4): those of its projects; undefined for the center (all). */
export async function readerChains(db: DbOrTx, actor: Pick<Actor, 'role' | 'userId'>): Promise<string[] | undefined> {
  const cond = await supervisedProjectsCondition(db, actor);
  if (!cond) return undefined;
  return (await chainsOf(db, cond)).map((r) => r.chain);
}

const projectIdOf = (chain: string): number | null => {
  const m = /^project:(\d+)$/.exec(chain);
  return m ? Number(m[1]) : null;
};

/** The projects of these chains (schedule for the secrecy, status and names for the words), by chain. */
export async function chainProjects(db: DbOrTx, chains: string[], known = new Map<string, ChainProject>()): Promise<Map<string, ChainProject>> {
  const ids = [...new Set(chains.filter((c) => !known.has(c)).map(projectIdOf).filter((x): x is number => x !== null))];
  if (ids.length === 0) return known;
  const rows = await db
    .select({ id: projects.id, name: projects.name, code: projects.unifiedDealCode, status: projects.status, prequalification: projects.prequalification, schedule: projects.schedule })
    .from(projects)
    .where(inArray(projects.id, ids));
  for (const r of rows) known.set(`project:${r.id}`, r);
  return known;
}

/** The actions of the events at (chain, seq) pairs, keyed `chain:seq`. */
export async function actionsAt(db: DbOrTx, at: { chain: string; seq: number }[]): Promise<Map<string, string>> {
  if (at.length === 0) return new Map();
  const rows = await db
    .select({ chain: auditEvents.chain, seq: auditEvents.seq, action: auditEvents.action })
    .from(auditEvents)
    .where(or(...at.map((x) => and(eq(auditEvents.chain, x.chain), eq(auditEvents.seq, x.seq)))));
  return new Map(rows.map((r) => [`${r.chain}:${r.seq}`, r.action]));
}

/** The SQL conditions of a filter (without the page's beforeId); bad combinations refused. */
export function filterConditions(filter: AuditFilter): SQL[] {
  const where: SQL[] = [];
  const projectChain = filter.projectId !== undefined ? `project:${filter.projectId}` : undefined;
  if (filter.chain !== undefined && projectChain !== undefined && filter.chain !== projectChain) {
    throw new AppError('VALIDATION', { zh: '所选项目与审计链不一致', en: 'The project and the chain disagree' }, { field: 'projectId', reason: 'CHAIN_MISMATCH' });
  }
  const chain = filter.chain ?? projectChain;
  if (chain !== undefined) where.push(eq(auditEvents.chain, chain));
  if (filter.actorUserId !== undefined) where.push(eq(auditEvents.actorUserId, filter.actorUserId));
  if (filter.action !== undefined) where.push(eq(auditEvents.action, filter.action));
  const from = filter.from !== undefined ? new Date(filter.from) : undefined;
  const to = filter.to !== undefined ? new Date(filter.to) : undefined;
  if (from && to && from.getTime() > to.getTime()) {
    throw new AppError('VALIDATION', { zh: '开始时间晚于结束时间', en: 'The start of the time range is after its end' }, { field: 'from', reason: 'RANGE_REVERSED' });
  }
  if (from) where.push(gte(auditEvents.at, from));
  if (to) where.push(lte(auditEvents.at, to));
  return where;
}

/** An event as this reader may see it (masked or whole), or null when the filter must leave it out. */
export interface Visible {
  entry: AuditEntryRaw;
  project: ChainProject | null;
}

/**
 * Reads the events matching `filter` below `beforeId`, newest first, and keeps those the reader may see
 * until `want` are kept or none are left. Returns the kept ones and the id to read on from (null: none left).
 */
export async function readVisible(
  deps: Pick<Deps, 'db' | 'clock'>,
  filter: AuditFilter,
  beforeId: number | undefined,
  want: number,
  projectsKnown: Map<string, ChainProject>,
  /** The reader's own limits (readerChainConditions). */
  readerConditions: SQL[] = [],
): Promise<{ kept: Visible[]; exhausted: boolean; lastReadId: number | null }> {
  const conditions = [...filterConditions(filter), ...readerConditions];
  const strict = filter.actorUserId !== undefined || filter.action !== undefined;
  const now = deps.clock.now();
  const batch = Math.min(Math.max(want, 50), 1000);
  const kept: Visible[] = [];
  let cursor = beforeId;
  for (;;) {
    const rows = await deps.db
      .select(eventColumns)
      .from(auditEvents)
      .where(and(...conditions, ...(cursor !== undefined ? [lt(auditEvents.id, cursor)] : [])))
      .orderBy(desc(auditEvents.id))
      .limit(batch);
    const events = rows.map(rowToEvent);
    await chainProjects(deps.db, events.map((e) => e.chain), projectsKnown);
    const preds = await actionsAt(
      deps.db,
      events.filter((e) => projectsKnown.has(e.chain) && e.seq > 1).map((e) => ({ chain: e.chain, seq: e.seq - 1 })),
    );
    for (const e of events) {
      cursor = e.id;
      const v = visible(e, projectsKnown.get(e.chain) ?? null, preds, now, strict, filter.actorUserId !== undefined);
      if (!v) continue;
      kept.push(v);
      if (kept.length === want) return { kept, exhausted: false, lastReadId: e.id };
    }
    if (rows.length < batch) return { kept, exhausted: true, lastReadId: cursor ?? null };
  }
}

function visible(e: AuditEvent, p: (SecrecySchedule & ChainProject) | null, preds: Map<string, string>, now: Date, strict: boolean, byActor: boolean): Visible | null {
  const secret = auditSecrecy(e.action, p, now);
  if (secret && strict) return null;
  if (byActor && actorWithheld(e, p, now)) return null;
  const shown: AuditEntryRaw = secret ? maskAuditEvent(e, secret.until) : { ...e, masked: false, maskedUntil: null };
  const pred = preds.get(`${e.chain}:${e.seq - 1}`);
  return { entry: pred && auditSecrecy(pred, p, now) ? { ...shown, prevHash: null } : shown, project: p };
}

export async function listAudit(deps: Pick<Deps, 'db' | 'clock'>, ctx: RequestContext, input: AuditListInput): Promise<AuditPage> {
  const actor = requireRole(ctx, ...AUDIT_READERS);
  const { beforeId, limit, ...filter } = input;
  const known = new Map<string, ChainProject>();
  const mine = await readerChainConditions(deps.db, actor, filter);
  // One more than the page: whether a next page exists is told by a visible event only.
  const { kept } = await readVisible(deps, filter, beforeId, limit + 1, known, mine);
  const page = kept.slice(0, limit);
  const events: AuditEntryShown[] = await describeEvents(deps, page);
  return { events, nextBeforeId: kept.length > limit ? (page[page.length - 1]?.entry.id ?? null) : null };
}

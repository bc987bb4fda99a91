/**
 * Staff views of the audit trail (issue 3 §4): per project chain or per user, verification (with roots
 * kept by outside witnesses, issue 13 §6), checkpoints.
 *
 * What is stored is never changed (the verifier checks it whole), but entries of registrants' and
 * bidders' acts are shown masked to every reader until the project's deadline (issue 13 §2; the table
 * in access/before-deadline.ts): who, on what, the payload and the hashes that would let a reader test
 * guesses — also the successor's prevHash and a chain head that is such an entry. Listing by a user
 * leaves them out altogether (the filter itself would name the actor).
 */
import { and, eq, inArray, or } from 'drizzle-orm';
import {
  listAuditEvents,
  parsePublishedRootList,
  platformSealVerifiers,
  verifyAudit,
  type AuditEvent,
  type ChainId,
  type ParsedPublishedRoot,
  type PublishedAuditRoot,
  type VerifyReport,
} from '@ebid/audit';
import type { AuditEntryShown, AuditListInput, AuditPage, AuditVerifyInput, AuditVerifyReport } from '@ebid/contracts';
import { AppError } from '@ebid/domain';
import { auditEvents, projects, type DbOrTx } from '@ebid/db';
import { verifyPlatformSeal } from '@ebid/pki';
import { auditSecrecy, maskAuditEvent, type SecrecySchedule } from '../access/before-deadline.ts';
import { requireRole, type RequestContext } from '../context.ts';
import type { Deps } from '../deps.ts';
import { runCheckpoint } from './checkpoints.ts';

const projectIdOf = (chain: string): number | null => {
  const m = /^project:(\d+)$/.exec(chain);
  return m ? Number(m[1]) : null;
};

/** The schedules of the projects whose chains these are (by chain). */
async function chainProjects(db: DbOrTx, chains: string[]): Promise<Map<string, SecrecySchedule>> {
  const ids = [...new Set(chains.map(projectIdOf).filter((x): x is number => x !== null))];
  if (ids.length === 0) return new Map();
  const rows = await db.select({ id: projects.id, prequalification: projects.prequalification, schedule: projects.schedule }).from(projects).where(inArray(projects.id, ids));
  return new Map(rows.map((r) => [`project:${r.id}`, r]));
}

/** The actions of the events at (chain, seq) pairs, keyed `chain:seq`. */
async function actionsAt(db: DbOrTx, at: { chain: string; seq: number }[]): Promise<Map<string, string>> {
  if (at.length === 0) return new Map();
  const rows = await db
    .select({ chain: auditEvents.chain, seq: auditEvents.seq, action: auditEvents.action })
    .from(auditEvents)
    .where(or(...at.map((x) => and(eq(auditEvents.chain, x.chain), eq(auditEvents.seq, x.seq)))));
  return new Map(rows.map((r) => [`${r.chain}:${r.seq}`, r.action]));
}

export async function listAudit(
  deps: Pick<Deps, 'db' | 'clock'>,
  ctx: RequestContext,
  filter: AuditListInput,
): Promise<AuditPage> {
  requireRole(ctx, 'staff', 'platform_admin', 'supervisor');
  const page = await listAuditEvents(deps.db, filter);
  const now = deps.clock.now();
  const schedules = await chainProjects(deps.db, page.events.map((e) => e.chain));
  const preds = await actionsAt(
    deps.db,
    page.events.filter((e) => schedules.has(e.chain) && e.seq > 1).map((e) => ({ chain: e.chain, seq: e.seq - 1 })),
  );
  const events = page.events.flatMap((e): AuditEntryShown[] => {
    const p = schedules.get(e.chain) ?? null;
    const secret = auditSecrecy(e.action, p, now);
    if (secret && filter.actorUserId !== undefined) return [];
    const shown = secret ? maskAuditEvent(e, secret.until) : { ...e, masked: false, maskedUntil: null };
    const pred = preds.get(`${e.chain}:${e.seq - 1}`);
    return [pred && auditSecrecy(pred, p, now) ? { ...shown, prevHash: null } : shown];
  });
  return { events, nextBeforeId: page.nextBeforeId };
}

/**
 * Recompute every chain, every referenced object and every checkpoint signature; with `roots` (published
 * roots an outside witness kept, issue 13 §6) also rebuild each from the recomputed chains.
 */
export async function verifyAuditTrail(
  deps: Pick<Deps, 'db' | 'storage' | 'pki' | 'clock'>,
  ctx: RequestContext,
  opts: AuditVerifyInput = {},
): Promise<AuditVerifyReport> {
  requireRole(ctx, 'staff', 'platform_admin', 'supervisor');
  let witnessedRoots: ParsedPublishedRoot[] | undefined;
  if (opts.roots) {
    try {
      witnessedRoots = parsePublishedRootList(opts.roots);
    } catch (e) {
      throw new AppError('VALIDATION', { zh: '见证的审计根格式错误', en: `Witnessed roots: ${e instanceof Error ? e.message : String(e)}` }, { field: 'roots' });
    }
  }
  const report = await verifyAuditWithPlatformKey(deps, { ...(opts.chains ? { chains: opts.chains } : {}), ...(witnessedRoots ? { witnessedRoots } : {}) });
  return maskReport(deps, report);
}

/** The verification report as a reader sees it: a chain head or object hash of a masked entry is not shown. */
async function maskReport(deps: Pick<Deps, 'db' | 'clock'>, report: VerifyReport): Promise<VerifyReport> {
  const now = deps.clock.now();
  const schedules = await chainProjects(deps.db, report.chains.map((c) => c.chain));
  const heads = await actionsAt(
    deps.db,
    report.chains.filter((c) => schedules.has(c.chain) && c.events > 0).map((c) => ({ chain: c.chain, seq: c.events })),
  );
  const ids = [...report.objects.missing, ...report.objects.corrupted].map((o) => o.eventId);
  const owners = ids.length
    ? await deps.db.select({ id: auditEvents.id, chain: auditEvents.chain, action: auditEvents.action }).from(auditEvents).where(inArray(auditEvents.id, ids))
    : [];
  const ownerSchedules = await chainProjects(deps.db, owners.map((o) => o.chain));
  const secretIds = new Set(owners.filter((o) => auditSecrecy(o.action, ownerSchedules.get(o.chain) ?? null, now) !== null).map((o) => o.id));
  const hide = (o: { sha256: string; eventId: number }) => (secretIds.has(o.eventId) ? { ...o, sha256: '' } : o);
  return {
    ...report,
    chains: report.chains.map((c) => {
      const head = heads.get(`${c.chain}:${c.events}`);
      return head && auditSecrecy(head, schedules.get(c.chain) ?? null, now) ? { ...c, headHash: null } : c;
    }),
    objects: { ...report.objects, missing: report.objects.missing.map(hide), corrupted: report.objects.corrupted.map(hide) },
  };
}

/** `witnessedRoots`: published roots kept outside (issue 13 §6), checked against the recomputed chains. */
export function verifyAuditWithPlatformKey(
  deps: Pick<Deps, 'db' | 'storage' | 'pki' | 'clock'>,
  opts: { chains?: ChainId[]; witnessedRoots?: ParsedPublishedRoot[] } = {},
): Promise<VerifyReport> {
  return verifyAudit(deps.db, deps.storage, {
    ...(opts.chains ? { chains: opts.chains } : {}),
    ...(opts.witnessedRoots ? { witnessedRoots: opts.witnessedRoots } : {}),
    // Checkpoints, their roots and the roots a witness brings: each judged at its own time and signed by
    // the platform seal itself (issue 14 §3) — users' certificates chain to the same root CA.
    ...platformSealVerifiers((signature, content, at) => verifyPlatformSeal(signature, content, { ...deps.pki.platform.sealTrust, ...(at ? { at } : {}) })),
  });
}

/**
 * Sign the chain heads with the platform key, store the checkpoint and publish its root (also run hourly
 * as a job, and at the legal moments through requestCheckpoint).
 */
export async function auditCheckpoint(
  deps: Pick<Deps, 'db' | 'storage' | 'pki' | 'clock'>,
  ctx: RequestContext,
): Promise<AuditEvent & { auditRoot: PublishedAuditRoot }> {
  if (ctx.actor) requireRole(ctx, 'staff', 'platform_admin');
  return runCheckpoint(deps);
}

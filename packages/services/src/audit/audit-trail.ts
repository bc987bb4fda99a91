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
import { inArray } from 'drizzle-orm';
import {
  parsePublishedRootList,
  platformSealVerifiers,
  verifyAudit,
  type AuditEvent,
  type ChainId,
  type ParsedPublishedRoot,
  type PublishedAuditRoot,
  type VerifyReport,
} from '@ebid/audit';
import type { AuditVerifyInput, AuditVerifyReport } from '@ebid/contracts';
import { AppError } from '@ebid/domain';
import { auditEvents } from '@ebid/db';
import { verifyPlatformSeal } from '@ebid/pki';
import { auditSecrecy } from '../access/before-deadline.ts';
import { requireRole, type RequestContext } from '../context.ts';
import type { Deps } from '../deps.ts';
import { runCheckpoint } from './checkpoints.ts';
import { actionsAt, AUDIT_READERS, chainProjects, readerChains } from './audit-list.ts';

/**
 * Recompute every chain, every referenced object and every checkpoint signature; with `roots` (published
 * roots an outside witness kept, issue 13 §6) also rebuild each from the recomputed chains.
 */
export async function verifyAuditTrail(
  deps: Pick<Deps, 'db' | 'storage' | 'pki' | 'clock'>,
  ctx: RequestContext,
  opts: AuditVerifyInput = {},
): Promise<AuditVerifyReport> {
  const actor = requireRole(ctx, ...AUDIT_READERS);
  // A supervisor verifies the chains of its projects only (issue 20 §4, M3); naming another is NOT_FOUND.
  const mine = await readerChains(deps.db, actor);
  if (mine && opts.chains?.some((c) => !mine.includes(c))) throw new AppError('NOT_FOUND');
  const chains = mine ? (opts.chains ?? (mine as ChainId[])) : opts.chains;
  let witnessedRoots: ParsedPublishedRoot[] | undefined;
  if (opts.roots) {
    try {
      witnessedRoots = parsePublishedRootList(opts.roots);
    } catch (e) {
      throw new AppError('VALIDATION', { zh: '见证的审计根格式错误', en: `Witnessed roots: ${e instanceof Error ? e.message : String(e)}` }, { field: 'roots' });
    }
  }
  const report = await verifyAuditWithPlatformKey(deps, { ...(chains ? { chains } : {}), ...(witnessedRoots ? { witnessedRoots } : {}) });
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

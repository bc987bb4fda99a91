/** Staff views of the audit trail (issue 3 §4): per project chain or per user, verification, checkpoints. */
import {
  listAuditEvents,
  parseAuditRootDocument,
  parsePublishedRootList,
  verifyAudit,
  type AuditEvent,
  type ChainId,
  type ParsedPublishedRoot,
  type PublishedAuditRoot,
  type VerifyReport,
} from '@ebid/audit';
import { AppError } from '@ebid/domain';
import { verifyCmsDetached } from '@ebid/pki';
import { requireRole, type RequestContext } from '../context.ts';
import type { Deps } from '../deps.ts';
import { runCheckpoint } from './checkpoints.ts';

export async function listAudit(
  deps: Pick<Deps, 'db'>,
  ctx: RequestContext,
  filter: { chain?: ChainId; actorUserId?: number; beforeId?: number; limit: number },
): Promise<{ events: AuditEvent[]; nextBeforeId: number | null }> {
  requireRole(ctx, 'staff', 'platform_admin', 'supervisor');
  return listAuditEvents(deps.db, filter);
}

/**
 * Recompute every chain, every referenced object and every checkpoint signature; with `roots` (published
 * roots an outside witness kept, issue 13 §6) also rebuild each from the recomputed chains.
 */
export async function verifyAuditTrail(
  deps: Pick<Deps, 'db' | 'storage' | 'pki' | 'clock'>,
  ctx: RequestContext,
  opts: { chains?: ChainId[]; roots?: { id?: number; document: string; signature: string }[] } = {},
): Promise<VerifyReport> {
  requireRole(ctx, 'staff', 'platform_admin', 'supervisor');
  let witnessedRoots: ParsedPublishedRoot[] | undefined;
  if (opts.roots) {
    try {
      witnessedRoots = parsePublishedRootList(opts.roots);
    } catch (e) {
      throw new AppError('VALIDATION', { zh: '见证的审计根格式错误', en: `Witnessed roots: ${e instanceof Error ? e.message : String(e)}` }, { field: 'roots' });
    }
  }
  return verifyAuditWithPlatformKey(deps, { ...(opts.chains ? { chains: opts.chains } : {}), ...(witnessedRoots ? { witnessedRoots } : {}) });
}

/** `witnessedRoots`: published roots kept outside (issue 13 §6), checked against the recomputed chains. */
export function verifyAuditWithPlatformKey(
  deps: Pick<Deps, 'db' | 'storage' | 'pki' | 'clock'>,
  opts: { chains?: ChainId[]; witnessedRoots?: ParsedPublishedRoot[] } = {},
): Promise<VerifyReport> {
  return verifyAudit(deps.db, deps.storage, {
    ...(opts.chains ? { chains: opts.chains } : {}),
    ...(opts.witnessedRoots ? { witnessedRoots: opts.witnessedRoots } : {}),
    verifyCheckpointSignature: (content, signature) =>
      verifyCmsDetached(signature, content, { trustedRootsPem: [deps.pki.platform.rootCertPem], at: deps.clock.now() }).ok,
    // A root a witness brings is outside input: judged at its own time, and signed by the platform itself
    // (users' certificates chain to the same root CA).
    verifyRootSignature: (content, signature) => {
      const at = parseAuditRootDocument(content)?.at;
      const r = verifyCmsDetached(signature, content, { trustedRootsPem: [deps.pki.platform.rootCertPem], at: at ? new Date(at) : deps.clock.now() });
      return r.ok && r.signer.subject.O === deps.pki.platform.rootInfo.subject.O;
    },
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

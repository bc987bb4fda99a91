/** Staff views of the audit trail (issue 3 §4): per project chain or per user, verification, checkpoints. */
import { listAuditEvents, verifyAudit, writeCheckpoint, type AuditEvent, type ChainId, type VerifyReport } from '@ebid/audit';
import { verifyCmsDetached } from '@ebid/pki';
import { requireRole, type RequestContext } from '../context.ts';
import type { Deps } from '../deps.ts';

export async function listAudit(
  deps: Pick<Deps, 'db'>,
  ctx: RequestContext,
  filter: { chain?: ChainId; actorUserId?: number; beforeId?: number; limit: number },
): Promise<{ events: AuditEvent[]; nextBeforeId: number | null }> {
  requireRole(ctx, 'staff', 'platform_admin', 'supervisor');
  return listAuditEvents(deps.db, filter);
}

/** Recompute every chain, every referenced object and every checkpoint signature. */
export async function verifyAuditTrail(
  deps: Pick<Deps, 'db' | 'storage' | 'pki' | 'clock'>,
  ctx: RequestContext,
  opts: { chains?: ChainId[] } = {},
): Promise<VerifyReport> {
  requireRole(ctx, 'staff', 'platform_admin', 'supervisor');
  return verifyAuditWithPlatformKey(deps, opts);
}

export function verifyAuditWithPlatformKey(
  deps: Pick<Deps, 'db' | 'storage' | 'pki' | 'clock'>,
  opts: { chains?: ChainId[] } = {},
): Promise<VerifyReport> {
  return verifyAudit(deps.db, deps.storage, {
    ...(opts.chains ? { chains: opts.chains } : {}),
    verifyCheckpointSignature: (content, signature) =>
      verifyCmsDetached(signature, content, { trustedRootsPem: [deps.pki.platform.rootCertPem], at: deps.clock.now() }).ok,
  });
}

/** Sign the chain heads with the platform key and store the checkpoint (also run hourly as a job). */
export async function auditCheckpoint(deps: Pick<Deps, 'db' | 'storage' | 'pki' | 'clock'>, ctx: RequestContext): Promise<AuditEvent> {
  if (ctx.actor) requireRole(ctx, 'staff', 'platform_admin');
  return writeCheckpoint(deps, (content) => deps.pki.platform.signDetached(content));
}

/** The certificate revocation list (RFC 5280 v2), signed by the platform CA and kept in the object store. */
import { desc, eq, max } from 'drizzle-orm';
import { certificates, crls } from '@ebid/db';
import { audit, type RequestContext } from '../context.ts';
import type { Deps } from '../deps.ts';

export const CRL_VALIDITY_MS = 7 * 24 * 60 * 60 * 1000;

/** Sign and store a new CRL of every revoked certificate (RFC 5280 v2, DER, in the object store). */
export async function publishCrl(
  deps: Pick<Deps, 'db' | 'clock' | 'pki' | 'storage'>,
  ctx: RequestContext,
): Promise<{ number: number; sha256: string }> {
  const now = deps.clock.now();
  const revoked = await deps.db
    .select({ serialHex: certificates.serialHex, revokedAt: certificates.revokedAt, reason: certificates.revocationReason })
    .from(certificates)
    .where(eq(certificates.status, 'revoked'));
  const [last] = await deps.db.select({ n: max(crls.number) }).from(crls);
  const number = (last?.n ?? 0) + 1;
  const der = deps.pki.platform.issueCrl({
    number,
    thisUpdate: now,
    nextUpdate: new Date(now.getTime() + CRL_VALIDITY_MS),
    revoked: revoked.map((r) => ({ serialHex: r.serialHex, revokedAt: r.revokedAt ?? now, reason: r.reason ?? 0 })),
  });
  // The object goes to the store before the transaction (no slow I/O inside a transaction).
  const { sha256 } = await deps.storage.put(der);
  await deps.db.transaction(async (tx) => {
    await tx
      .insert(crls)
      .values({ number, sha256, thisUpdate: now, nextUpdate: new Date(now.getTime() + CRL_VALIDITY_MS) })
      .onConflictDoNothing();
    await audit(tx, deps, ctx, { action: 'crl.publish', subject: { type: 'crl', id: number }, payload: { revoked: revoked.length }, objectHashes: [sha256] });
  });
  return { number, sha256 };
}

/** The latest CRL's DER, or null before the first revocation. */
export async function latestCrl(deps: Pick<Deps, 'db' | 'storage'>): Promise<NodeJS.ReadableStream | null> {
  const [row] = await deps.db.select().from(crls).orderBy(desc(crls.number)).limit(1);
  return row ? deps.storage.get(row.sha256) : null;
}

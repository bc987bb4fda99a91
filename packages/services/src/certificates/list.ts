/** The certificates of a user as the API shows them. */
import { desc, eq } from 'drizzle-orm';
import { certificates, type CertificateRow } from '@ebid/db';
import type { Certificate, CertificateListInput } from '@ebid/contracts';
import { AppError } from '@ebid/domain';
import { requireActor, type RequestContext } from '../context.ts';
import type { Deps } from '../deps.ts';

/** A certificate row as the API shows it. */
export const toCertificate = (c: CertificateRow): Certificate => ({
  id: c.id,
  userId: c.userId,
  usage: c.usage,
  serialHex: c.serialHex,
  subjectDn: c.subjectDn,
  issuerDn: c.issuerDn,
  notBefore: c.notBefore.toISOString(),
  notAfter: c.notAfter.toISOString(),
  fingerprintSha256: c.fingerprintSha256,
  status: c.status,
  revokedAt: c.revokedAt?.toISOString() ?? null,
  pem: c.pem,
});

/** The caller's certificates; staff may look at any user's. */
export async function listCertificates(
  deps: Pick<Deps, 'db'>,
  ctx: RequestContext,
  input: CertificateListInput,
): Promise<Certificate[]> {
  const actor = requireActor(ctx);
  const userId = input.userId ?? actor.userId;
  const center = actor.role === 'staff' || actor.role === 'platform_admin';
  if (userId !== actor.userId && !center) throw new AppError('NOT_FOUND');
  const rows = await deps.db.select().from(certificates).where(eq(certificates.userId, userId)).orderBy(desc(certificates.id));
  return rows.map(toCertificate);
}

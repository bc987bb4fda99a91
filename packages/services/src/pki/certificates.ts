/**
 * User certificates from the platform CA (DESIGN §5, issue 3 §3): a signing and an encryption
 * certificate per user, issued from CSRs (the private keys never reach the server); renewal supersedes
 * the previous certificate; revocation publishes a new CRL; certificate login verifies a CMS signature
 * over a single-use challenge.
 */
import { and, desc, eq, max } from 'drizzle-orm';
import { certificates, crls, organizations, users, type Tx } from '@ebid/db';
import { AppError, isAppError, type AppErrorCode } from '@ebid/domain';
import { parseCertificate, verifyCmsDetached, type CertInfo } from '@ebid/pki';
import { consumeLoginChallenge, loginFailed, openCertificateSession, type Actor } from '../auth/session.ts';
import { audit, requireActor, type RequestContext } from '../context.ts';
import type { Deps } from '../deps.ts';

export const CERT_VALIDITY_MS = 2 * 365 * 24 * 60 * 60 * 1000;
export const CRL_VALIDITY_MS = 7 * 24 * 60 * 60 * 1000;

export type CertUsage = 'signing' | 'encryption';

export interface CertificateView {
  id: number;
  userId: number;
  usage: CertUsage;
  serialHex: string;
  subjectDn: string;
  issuerDn: string;
  notBefore: string;
  notAfter: string;
  fingerprintSha256: string;
  status: 'active' | 'revoked' | 'superseded';
  revokedAt: string | null;
  pem: string;
}

const view = (c: typeof certificates.$inferSelect): CertificateView => ({
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

/** The reasons @ebid/pki gives, as the platform's stable error codes (issue 3: each its own code). */
const REASON_TO_CODE: Record<string, AppErrorCode> = {
  CERT_EXPIRED: 'CERT_EXPIRED',
  CERT_NOT_YET_VALID: 'CERT_NOT_YET_VALID',
  CERT_REVOKED: 'CERT_REVOKED',
  CERT_UNTRUSTED: 'CERT_UNTRUSTED',
  CERT_MALFORMED: 'CERT_INVALID',
  CERT_WRONG_USAGE: 'CERT_INVALID',
  SIGNATURE_INVALID: 'SIGNATURE_INVALID',
  CMS_MALFORMED: 'SIGNATURE_INVALID',
  CSR_BAD_SIGNATURE: 'CSR_INVALID',
  CSR_SUBJECT_MISMATCH: 'CSR_INVALID',
  CSR_WEAK_KEY: 'CSR_INVALID',
  CSR_MALFORMED: 'CSR_INVALID',
};

const CSR_MESSAGES: Record<string, { zh: string; en: string }> = {
  CSR_BAD_SIGNATURE: { zh: '证书请求的签名验证失败', en: 'The certificate request signature does not verify' },
  CSR_SUBJECT_MISMATCH: { zh: '证书请求的主体与当前用户不符', en: 'The certificate request subject is not this user' },
  CSR_WEAK_KEY: { zh: '证书请求的密钥强度不足（至少RSA 2048位）', en: 'The key in the request is too weak (RSA 2048 at least)' },
};

export function reasonError(reason: string, details: Record<string, unknown> = {}): AppError {
  const code = REASON_TO_CODE[reason] ?? 'CERT_INVALID';
  return new AppError(code, code === 'CSR_INVALID' ? CSR_MESSAGES[reason] : undefined, { reason, ...details });
}

/** Translate an AppError thrown by @ebid/pki (details.reason) into our stable code. */
function translatePkiError(e: unknown): never {
  if (isAppError(e) && typeof e.details?.reason === 'string' && REASON_TO_CODE[e.details.reason]) {
    throw reasonError(e.details.reason, { ...e.details });
  }
  throw e;
}

async function subjectFor(tx: Tx, actor: Actor) {
  const [row] = await tx
    .select({ displayName: users.displayName, orgName: organizations.name, creditCode: organizations.creditCode })
    .from(users)
    .innerJoin(organizations, eq(organizations.id, users.orgId))
    .where(eq(users.id, actor.userId));
  if (!row) throw new AppError('NOT_FOUND');
  return { commonName: row.displayName, organizationName: row.orgName, serialNumber: row.creditCode, countryName: 'CN' };
}

/**
 * Issue (or renew) the caller's signing and encryption certificates from two CSRs. Earlier active
 * certificates of the same usage become `superseded` (still valid for verifying old signatures and for
 * opening bids sealed to the old encryption key, DESIGN §5).
 */
export async function issueMyCertificates(
  deps: Pick<Deps, 'db' | 'clock' | 'pki'>,
  ctx: RequestContext,
  input: { signingCsrPem: string; encryptionCsrPem: string },
): Promise<{ signing: CertificateView; encryption: CertificateView; caCertPem: string }> {
  const actor = requireActor(ctx);
  return deps.db.transaction(async (tx) => {
    const expectedSubject = await subjectFor(tx, actor);
    const now = deps.clock.now();
    const out: Partial<Record<CertUsage, CertificateView>> = {};
    for (const usage of ['signing', 'encryption'] as const) {
      let issued: { pem: string; info: CertInfo };
      try {
        issued = deps.pki.platform.issueUserCertificate({
          csrPem: usage === 'signing' ? input.signingCsrPem : input.encryptionCsrPem,
          usage,
          expectedSubject,
          notBefore: now,
          notAfter: new Date(now.getTime() + CERT_VALIDITY_MS),
        });
      } catch (e) {
        translatePkiError(e);
      }
      const previous = await tx
        .update(certificates)
        .set({ status: 'superseded' })
        .where(and(eq(certificates.userId, actor.userId), eq(certificates.usage, usage), eq(certificates.status, 'active')))
        .returning({ id: certificates.id });
      const [row] = await tx
        .insert(certificates)
        .values({
          userId: actor.userId,
          orgId: actor.orgId,
          usage,
          serialHex: issued.info.serialHex,
          subjectDn: issued.info.subjectDn,
          issuerDn: issued.info.issuerDn,
          notBefore: issued.info.notBefore,
          notAfter: issued.info.notAfter,
          pem: issued.pem,
          fingerprintSha256: issued.info.fingerprintSha256,
          replacesId: previous[0]?.id ?? null,
        })
        .returning();
      if (!row) throw new AppError('INTERNAL');
      out[usage] = view(row);
      await audit(tx, deps, ctx, {
        action: previous.length ? 'cert.renew' : 'cert.issue',
        subject: { type: 'certificate', id: row.id },
        payload: { usage, serialHex: row.serialHex, subjectDn: row.subjectDn, notAfter: row.notAfter.toISOString(), replaces: previous.map((p) => p.id) },
      });
    }
    return { signing: out.signing!, encryption: out.encryption!, caCertPem: deps.pki.platform.rootCertPem };
  });
}

/** The caller's certificates; staff may look at any user's. */
export async function listCertificates(
  deps: Pick<Deps, 'db'>,
  ctx: RequestContext,
  input: { userId?: number },
): Promise<CertificateView[]> {
  const actor = requireActor(ctx);
  const userId = input.userId ?? actor.userId;
  const center = actor.role === 'staff' || actor.role === 'platform_admin';
  if (userId !== actor.userId && !center) throw new AppError('NOT_FOUND');
  const rows = await deps.db.select().from(certificates).where(eq(certificates.userId, userId)).orderBy(desc(certificates.id));
  return rows.map(view);
}

/** Revoke one's own certificate (key lost) or, as staff, anyone's; then publish a fresh CRL. */
export async function revokeCertificate(
  deps: Pick<Deps, 'db' | 'clock' | 'pki' | 'storage'>,
  ctx: RequestContext,
  input: { certificateId: number; reason: number },
): Promise<CertificateView> {
  const actor = requireActor(ctx);
  const center = actor.role === 'staff' || actor.role === 'platform_admin';
  const revoked = await deps.db.transaction(async (tx) => {
    const [c] = await tx.select().from(certificates).where(eq(certificates.id, input.certificateId));
    if (!c || (c.userId !== actor.userId && !center)) throw new AppError('NOT_FOUND');
    const [r] = await tx
      .update(certificates)
      .set({ status: 'revoked', revokedAt: deps.clock.now(), revocationReason: input.reason })
      .where(and(eq(certificates.id, c.id), eq(certificates.status, c.status)))
      .returning();
    if (!r || c.status === 'revoked') {
      throw new AppError('INVALID_STATE', { zh: '证书已被吊销', en: 'The certificate is already revoked' });
    }
    await audit(tx, deps, ctx, {
      action: 'cert.revoke',
      subject: { type: 'certificate', id: r.id },
      payload: { serialHex: r.serialHex, reason: input.reason },
    });
    return r;
  });
  await publishCrl(deps, ctx);
  return view(revoked);
}

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

/**
 * Certificate login: the browser (or ebid) signed the challenge with the user's signing key. The
 * certificate must chain to a trusted root, be valid now, not be revoked, and be the user's active
 * platform-issued signing certificate. Each certificate problem has its own code; nothing changes on
 * failure (the challenge stays unused).
 */
export async function loginWithCertificate(
  deps: Pick<Deps, 'db' | 'clock' | 'pki'>,
  ctx: RequestContext,
  input: { challenge: string; signatureBase64: string },
): Promise<{ token: string; expiresAt: Date; actor: Actor }> {
  const sig = Buffer.from(input.signatureBase64, 'base64');
  const revokedSerials = new Set(
    (await deps.db.select({ s: certificates.serialHex }).from(certificates).where(eq(certificates.status, 'revoked'))).map((r) => r.s),
  );
  const check = verifyCmsDetached(sig, Buffer.from(input.challenge, 'utf8'), {
    trustedRootsPem: deps.pki.trustedRootsPem,
    at: deps.clock.now(),
    isRevoked: (serial) => revokedSerials.has(serial),
    usage: 'signing',
  });
  if (!check.ok) throw reasonError(check.reason);
  const signer = check.signer;
  return deps.db.transaction(async (tx) => {
    const [cert] = await tx.select().from(certificates).where(eq(certificates.fingerprintSha256, signer.fingerprintSha256));
    if (!cert || cert.usage !== 'signing') {
      throw new AppError('CERT_INVALID', { zh: '该证书未绑定平台用户', en: 'This certificate is not registered to a platform user' }, { reason: 'CERT_NOT_REGISTERED' });
    }
    if (cert.status === 'revoked') throw reasonError('CERT_REVOKED');
    if (cert.status !== 'active') {
      throw new AppError('CERT_INVALID', { zh: '该证书已被新证书替换', en: 'This certificate was replaced by a newer one' }, { reason: 'CERT_SUPERSEDED' });
    }
    if (!(await consumeLoginChallenge(tx, deps.clock, input.challenge))) {
      throw new AppError('UNAUTHORIZED', { zh: '登录挑战无效或已过期，请重试', en: 'The login challenge is invalid or expired; try again' });
    }
    const session = await openCertificateSession(tx, deps.clock, cert.userId, {
      clientAddress: ctx.clientAddress ?? '',
      userAgent: ctx.userAgent ?? undefined,
      certSerial: cert.serialHex,
    }).catch((e: unknown) => {
      throw isAppError(e) ? e : loginFailed();
    });
    return session;
  });
}

/** Parse without trusting: used by the UI to show a .p12's certificate before login. */
export function describeCertificate(pem: string): CertInfo {
  try {
    return parseCertificate(pem);
  } catch (e) {
    translatePkiError(e);
  }
}

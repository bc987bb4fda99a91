/**
 * User certificates from the platform CA (DESIGN §5, issue 3 §3): a signing and an encryption
 * certificate per user, issued from CSRs (the private keys never reach the server); renewal supersedes
 * the previous certificate; revocation publishes a new CRL; certificate login verifies a CMS signature
 * over a single-use challenge.
 */
import { and, desc, eq, gt, isNull, max } from 'drizzle-orm';
import { certificateApprovals, certificates, crls, organizations, sessions, users, type CertificateRow, type DbOrTx, type Tx } from '@ebid/db';
import type {
  ApproveIssuanceInput,
  Certificate,
  CertificateDescription,
  CertificateListInput,
  CertUsage,
  IssuanceApproval,
  IssueCertificatesInput,
  IssuedCertificates,
  RevokeCertificateInput,
} from '@ebid/contracts';
import { AppError, isAppError, type AppErrorCode } from '@ebid/domain';
import { assertSignable, parseCertificate, verifyCmsDetached, type CertInfo } from '@ebid/pki';
import { consumeLoginChallenge, endCertificateSessions, loginFailed, loginOriginOf, openCertificateSession, type Actor, type LoginMeta, type LoginResult } from '../auth/session.ts';
import { audit, requireActor, type RequestContext } from '../context.ts';
import type { Deps } from '../deps.ts';
import { notify } from '../notifications/notify.ts';
import { centerWithContact } from '../identity/center.ts';

export const CERT_VALIDITY_MS = 2 * 365 * 24 * 60 * 60 * 1000;
export const CRL_VALIDITY_MS = 7 * 24 * 60 * 60 * 1000;
/** An approval to obtain certificates without a certificate login is used once, within this time. */
export const CERT_APPROVAL_TTL_MS = 24 * 60 * 60 * 1000;

const view = (c: CertificateRow): Certificate => ({
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
 * How the caller may obtain new certificates (issue 13 §4: a certificate comes from a certificate):
 * - 'first': the user has never held one — enrollment with the password session, as at registration;
 * - 'renewal': the session was opened by certificate login with the user's active signing certificate;
 * - 'approval': an unused approval by the company's administrator or center staff (a lost key);
 * anything else is refused with CERT_LOGIN_REQUIRED. A password alone never replaces a certificate.
 */
async function issuanceGround(
  tx: Tx,
  now: Date,
  actor: Actor,
): Promise<{ kind: 'first' } | { kind: 'renewal'; serial: string } | { kind: 'approval'; approvalId: number; approvedBy: number }> {
  const held = await tx.select().from(certificates).where(eq(certificates.userId, actor.userId));
  if (held.length === 0) return { kind: 'first' };
  const activeSigning = held.find((c) => c.usage === 'signing' && c.status === 'active' && c.notAfter.getTime() > now.getTime());
  if (activeSigning && actor.certSerial === activeSigning.serialHex) return { kind: 'renewal', serial: activeSigning.serialHex };
  const [approval] = await tx
    .select()
    .from(certificateApprovals)
    .where(and(eq(certificateApprovals.userId, actor.userId), isNull(certificateApprovals.usedAt), gt(certificateApprovals.expiresAt, now)))
    .orderBy(desc(certificateApprovals.id))
    .limit(1)
    .for('update');
  if (approval) return { kind: 'approval', approvalId: approval.id, approvedBy: approval.approvedBy };
  throw new AppError(
    'FORBIDDEN',
    activeSigning
      ? {
          zh: '您已持有有效的签名证书：请先使用该证书登录再申请新证书；证书私钥丢失的，请由本单位管理员或交易中心审核同意后申请',
          en: 'You hold a valid signing certificate: sign in with it before applying for new ones; if its key is lost, your company administrator or the center must approve the application',
        }
      : {
          zh: '重新申请证书须经本单位管理员或交易中心审核同意',
          en: 'A new application needs the approval of your company administrator or the center',
        },
    { reason: 'CERT_LOGIN_REQUIRED', hasActiveCertificate: activeSigning !== undefined },
  );
}

/**
 * Issue (or renew) the caller's signing and encryption certificates from two CSRs, on one of the grounds
 * of `issuanceGround`. Earlier active certificates of the same usage become `superseded` (still valid for
 * verifying old signatures and for opening bids sealed to the old encryption key, DESIGN §5). Sessions
 * opened with the superseded signing certificate end (issue 13 §1) — except the one that renewed, which
 * proved it holds both keys (its old certificate's login and the new CSR's signature) and moves to the
 * new certificate. The user is notified.
 */
export async function issueMyCertificates(
  deps: Pick<Deps, 'db' | 'clock' | 'pki' | 'config'>,
  ctx: RequestContext,
  input: IssueCertificatesInput,
): Promise<IssuedCertificates> {
  const actor = requireActor(ctx);
  return deps.db.transaction(async (tx) => {
    const now = deps.clock.now();
    const ground = await issuanceGround(tx, now, actor);
    const expectedSubject = await subjectFor(tx, actor);
    const out: Partial<Record<CertUsage, Certificate>> = {};
    const endedSessions: number[] = [];
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
        .returning({ id: certificates.id, serialHex: certificates.serialHex });
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
      if (usage === 'signing') {
        const old = previous.map((p) => p.serialHex);
        const renewing = ground.kind === 'renewal' && old.includes(ground.serial);
        endedSessions.push(...(await endCertificateSessions(tx, deps.clock, actor.userId, old, renewing ? actor.sessionId : undefined)));
        if (renewing) await tx.update(sessions).set({ certSerial: row.serialHex }).where(eq(sessions.id, actor.sessionId));
      }
      await audit(tx, deps, ctx, {
        action: previous.length ? 'cert.renew' : 'cert.issue',
        subject: { type: 'certificate', id: row.id },
        payload: {
          usage,
          serialHex: row.serialHex,
          subjectDn: row.subjectDn,
          notAfter: row.notAfter.toISOString(),
          replaces: previous.map((p) => p.id),
          ground: ground.kind,
          ...(ground.kind === 'approval' ? { approvalId: ground.approvalId, approvedBy: ground.approvedBy } : {}),
          ...(usage === 'signing' ? { endedSessions } : {}),
        },
      });
    }
    if (ground.kind === 'approval') await tx.update(certificateApprovals).set({ usedAt: now }).where(eq(certificateApprovals.id, ground.approvalId));
    await notify(tx, deps, {
      userIds: [actor.userId],
      kind: 'cert.issued',
      title: { zh: '您的数字证书已签发', en: 'Certificates were issued to you' },
      body: {
        zh: `已为您的账号签发新的签名证书（序列号 ${out.signing!.serialHex}）和加密证书。如非本人操作，请立即吊销并联系${centerWithContact(deps.config.center)}。`,
        en: `New signing (serial ${out.signing!.serialHex}) and encryption certificates were issued to your account. If this was not you, revoke them at once and call ${centerWithContact(deps.config.center)}.`,
      },
      link: '/certificates',
    });
    // The issuing CA up to the root (one PEM bundle): the .p12 backups carry the whole chain (issue 15 §2).
    return { signing: out.signing!, encryption: out.encryption!, caCertPem: deps.pki.platform.chainPem.join('') };
  });
}

/**
 * Approve a user's application for new certificates without a certificate login (a lost key): the
 * company's administrator (another person than the user) or center staff. Audited, single use, valid
 * for CERT_APPROVAL_TTL_MS; the user is notified.
 */
export async function approveCertificateIssuance(
  deps: Pick<Deps, 'db' | 'clock' | 'config'>,
  ctx: RequestContext,
  input: ApproveIssuanceInput,
): Promise<IssuanceApproval> {
  const actor = requireActor(ctx);
  const reason = input.reason.trim();
  if (reason.length < 2 || reason.length > 500) {
    throw new AppError('VALIDATION', { zh: '请填写审核同意的理由（2–500字）', en: 'Give the reason for the approval (2–500 characters)' }, { field: 'reason' });
  }
  const center = actor.role === 'staff' || actor.role === 'platform_admin';
  return deps.db.transaction(async (tx) => {
    const [u] = await tx.select().from(users).where(eq(users.id, input.userId));
    if (!u || (!center && !(actor.isOrgAdmin && actor.orgId === u.orgId))) throw new AppError('NOT_FOUND');
    if (u.id === actor.userId) {
      throw new AppError('FORBIDDEN', { zh: '不能审核同意自己的证书申请', en: 'You cannot approve your own certificate application' }, { reason: 'SELF_APPROVAL' });
    }
    const now = deps.clock.now();
    const expiresAt = new Date(now.getTime() + CERT_APPROVAL_TTL_MS);
    const [a] = await tx.insert(certificateApprovals).values({ userId: u.id, approvedBy: actor.userId, reason, expiresAt }).returning({ id: certificateApprovals.id });
    await audit(tx, deps, ctx, {
      action: 'cert.approve_issuance',
      subject: { type: 'user', id: u.id },
      payload: { approvalId: a!.id, reason, expiresAt: expiresAt.toISOString() },
    });
    await notify(tx, deps, {
      userIds: [u.id],
      kind: 'cert.approved',
      title: { zh: '证书申请已获同意', en: 'Your certificate application was approved' },
      body: {
        zh: `${actor.displayName}（${actor.orgName}）已同意您重新申请数字证书，24小时内有效，理由：${reason}。如非本人申请，请立即联系${centerWithContact(deps.config.center)}。`,
        en: `${actor.displayName} (${actor.orgName}) approved a new certificate application for you, valid for 24 hours; reason: ${reason}. If you did not ask for it, call ${centerWithContact(deps.config.center)} at once.`,
      },
      link: '/certificates',
    });
    return { approvalId: a!.id, expiresAt: expiresAt.toISOString() };
  });
}

/**
 * A certificate-gated act (opening sign-in, decryption, and every later act that needs the certificate
 * session): the caller's session must have been opened by certificate login, and that signing
 * certificate must be the user's active one and valid now — checked when the act runs, in its own
 * transaction (issue 13 §1), not only when the session was looked up.
 */
export async function requireCertificateSession(db: DbOrTx, deps: Pick<Deps, 'clock'>, actor: Actor, what: { zh: string; en: string }): Promise<CertificateRow> {
  if (!actor.certSerial) throw new AppError('FORBIDDEN', { zh: `请使用数字证书登录后再${what.zh}`, en: `${what.en} requires a certificate login` }, { reason: 'CERT_LOGIN_REQUIRED' });
  const [c] = await db
    .select()
    .from(certificates)
    .where(and(eq(certificates.serialHex, actor.certSerial), eq(certificates.userId, actor.userId), eq(certificates.usage, 'signing')));
  if (!c) throw new AppError('FORBIDDEN', { zh: `请使用数字证书登录后再${what.zh}`, en: `${what.en} requires a certificate login` }, { reason: 'CERT_LOGIN_REQUIRED' });
  if (c.status === 'revoked') throw reasonError('CERT_REVOKED', { certSerial: c.serialHex });
  if (c.status === 'superseded') {
    throw new AppError('CERT_INVALID', { zh: '登录所用证书已被新证书替换，请使用新证书登录', en: 'The certificate you signed in with was replaced; sign in with the new one' }, { reason: 'CERT_SUPERSEDED', certSerial: c.serialHex });
  }
  const now = deps.clock.now().getTime();
  if (now > c.notAfter.getTime()) throw reasonError('CERT_EXPIRED', { certSerial: c.serialHex });
  if (now < c.notBefore.getTime()) throw reasonError('CERT_NOT_YET_VALID', { certSerial: c.serialHex });
  return c;
}

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
  return rows.map(view);
}

/** Revoke one's own certificate (key lost) or, as staff, anyone's; then publish a fresh CRL. */
export async function revokeCertificate(
  deps: Pick<Deps, 'db' | 'clock' | 'pki' | 'storage' | 'config'>,
  ctx: RequestContext,
  input: RevokeCertificateInput,
): Promise<Certificate> {
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
    // Issue 13 §1: every session opened with a revoked signing certificate ends now.
    const endedSessions = r.usage === 'signing' ? await endCertificateSessions(tx, deps.clock, r.userId, [r.serialHex]) : [];
    await audit(tx, deps, ctx, {
      action: 'cert.revoke',
      subject: { type: 'certificate', id: r.id },
      payload: { serialHex: r.serialHex, usage: r.usage, reason: input.reason, endedSessions },
    });
    await notify(tx, deps, {
      userIds: [r.userId],
      kind: 'cert.revoked',
      title: { zh: '您的数字证书已被吊销', en: 'Your certificate was revoked' },
      body: {
        zh: `您的${r.usage === 'signing' ? '签名' : '加密'}证书（序列号 ${r.serialHex}）已由${r.userId === actor.userId ? '您本人' : `${actor.displayName}（${actor.orgName}）`}吊销${r.usage === 'signing' ? '，使用该证书登录的会话已全部结束' : ''}。如非本人知情，请立即联系${centerWithContact(deps.config.center)}。`,
        en: `Your ${r.usage} certificate (serial ${r.serialHex}) was revoked by ${r.userId === actor.userId ? 'you' : `${actor.displayName} (${actor.orgName})`}${r.usage === 'signing' ? '; every session opened with it has ended' : ''}. If you did not know of this, call ${centerWithContact(deps.config.center)} at once.`,
      },
      link: '/certificates',
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
  deps: Pick<Deps, 'db' | 'clock' | 'pki' | 'config'>,
  ctx: RequestContext,
  input: { challenge: string; signatureBase64: string; deviceToken?: string },
): Promise<LoginResult> {
  // A login signature is accepted only over a login challenge for this site (issue 14 §5): anything
  // else — an outer bid manifest, a record, another origin's challenge — is refused before any lookup.
  assertSignable('login', Buffer.from(input.challenge, 'utf8'), { origin: loginOriginOf(deps.config, ctx.origin) });
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
    const meta: LoginMeta & { certSerial: string } = {
      clientAddress: ctx.clientAddress ?? '',
      userAgent: ctx.userAgent ?? null,
      deviceFingerprint: ctx.deviceFingerprint ?? null,
      certSerial: cert.serialHex,
      ...(input.deviceToken ? { deviceToken: input.deviceToken } : {}),
    };
    const session = await openCertificateSession(tx, deps.clock, cert.userId, meta).catch((e: unknown) => {
      throw isAppError(e) ? e : loginFailed();
    });
    return session;
  });
}

/** Parse without trusting: used by the UI to show a .p12's certificate before login. */
export function describeCertificate(pem: string): CertificateDescription {
  let i: CertInfo;
  try {
    i = parseCertificate(pem);
  } catch (e) {
    translatePkiError(e);
  }
  return {
    serialHex: i.serialHex,
    subject: i.subject,
    subjectDn: i.subjectDn,
    issuerDn: i.issuerDn,
    notBefore: i.notBefore.toISOString(),
    notAfter: i.notAfter.toISOString(),
    fingerprintSha256: i.fingerprintSha256,
  };
}

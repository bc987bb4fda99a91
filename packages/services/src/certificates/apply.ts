/**
 * User certificates from the platform CA (DESIGN §5, issue 3 §3): a signing and an encryption
 * certificate per user, issued from CSRs (the private keys never reach the server); renewal supersedes
 * the previous certificate.
 */
import { and, desc, eq, gt, isNull } from 'drizzle-orm';
import { certificateApprovals, certificates, organizations, sessions, users, type Tx } from '@ebid/db';
import type { Certificate, CertUsage, IssueCertificatesInput, IssuedCertificates } from '@ebid/contracts';
import { AppError } from '@ebid/domain';
import type { CertInfo } from '@ebid/pki';
import { endCertificateSessions, type Actor } from '../auth/session.ts';
import { audit, requireActor, type RequestContext } from '../context.ts';
import type { Deps } from '../deps.ts';
import { centerWithContact } from '../identity/center.ts';
import { notify } from '../notifications/notify.ts';
import { translatePkiError } from './errors.ts';
import { toCertificate } from './list.ts';

export const CERT_VALIDITY_MS = 2 * 365 * 24 * 60 * 60 * 1000;

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
    const endedSessions: number[] = [];
    /** One certificate of the pair: issued from its CSR, superseding the previous one, audited. */
    const issue = async (usage: CertUsage): Promise<Certificate> => {
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
      return toCertificate(row);
    };
    const signing = await issue('signing');
    const encryption = await issue('encryption');
    if (ground.kind === 'approval') await tx.update(certificateApprovals).set({ usedAt: now }).where(eq(certificateApprovals.id, ground.approvalId));
    await notify(tx, deps, {
      userIds: [actor.userId],
      kind: 'cert.issued',
      title: { zh: '您的数字证书已签发', en: 'Certificates were issued to you' },
      body: {
        zh: `已为您的账号签发新的签名证书（序列号 ${signing.serialHex}）和加密证书。如非本人操作，请立即吊销并联系${centerWithContact(deps.config.center)}。`,
        en: `New signing (serial ${signing.serialHex}) and encryption certificates were issued to your account. If this was not you, revoke them at once and call ${centerWithContact(deps.config.center)}.`,
      },
      link: '/certificates',
    });
    // The issuing CA up to the root (one PEM bundle): the .p12 backups carry the whole chain (issue 15 §2).
    return { signing, encryption, caCertPem: deps.pki.platform.chainPem.join('') };
  });
}

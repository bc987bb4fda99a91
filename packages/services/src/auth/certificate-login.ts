/**
 * Certificate login (issue 3 §2, issue 14 §5): a CMS signature over a single-use challenge, by the
 * user's active platform-issued signing certificate; and the gate of the acts that need such a session.
 */
import { and, eq } from 'drizzle-orm';
import { certificates, type CertificateRow, type DbOrTx } from '@ebid/db';
import { AppError, isAppError } from '@ebid/domain';
import { assertSignable, verifyCmsDetached } from '@ebid/pki';
import { reasonError } from '../certificates/errors.ts';
import type { RequestContext } from '../context.ts';
import type { Deps } from '../deps.ts';
import { consumeLoginChallenge, loginFailed, loginOriginOf, openCertificateSession, type LoginMeta, type LoginResult } from './login.ts';
import type { Actor } from './session.ts';

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

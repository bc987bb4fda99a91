/** The reasons @ebid/pki gives for a certificate, CSR or signature problem, as the platform's stable error codes. */
import { AppError, isAppError, type AppErrorCode } from '@ebid/domain';

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
export function translatePkiError(e: unknown): never {
  if (isAppError(e) && typeof e.details?.reason === 'string' && REASON_TO_CODE[e.details.reason]) {
    throw reasonError(e.details.reason, { ...e.details });
  }
  throw e;
}

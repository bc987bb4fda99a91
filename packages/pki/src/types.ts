/** Public types shared by the Node and browser entries. */
import { AppError, type AppErrorCode } from '@ebid/domain/errors';

/**
 * The platform seal's identity (issue 14 §3): a certificate policy OID that only the platform's own seal
 * certificate carries (certificatePolicies extension, non-critical, so `openssl cms -verify` still
 * accepts the seal). A UUID OID (ITU-T X.667, arc 2.25; UUID 9ce1e85d-5c2b-4934-ab3f-6e07680c38d8) — no
 * registration is needed and no other issuer uses it by accident. The platform CA builds every user
 * certificate's extensions itself (nothing is copied from a CSR), so no user certificate carries it.
 * Verifiers of platform signatures (receipts, checkpoints, audit roots, PDF seals) require it, and a
 * chain to the platform's own root (never to a CA trusted by configuration).
 */
export const PLATFORM_SEAL_POLICY_OID = '2.25.208532547051389323821665834215991425240';

export interface DnInput {
  commonName: string;
  organizationName?: string;
  organizationalUnitName?: string;
  countryName?: string;
  /** e.g. the organization's 统一社会信用代码 */
  serialNumber?: string;
}

export type KeyUsageName =
  | 'digitalSignature'
  | 'nonRepudiation'
  | 'keyEncipherment'
  | 'dataEncipherment'
  | 'keyCertSign'
  | 'cRLSign';

export interface CertInfo {
  /** lower-case hex, no 0x, no leading zero bytes */
  serialHex: string;
  /** CN, O, OU, C, serialNumber (and any other attribute by its short name), decoded JS strings */
  subject: Record<string, string>;
  /** RFC 4514 order (most specific first), Chinese intact, e.g. `CN=张三,O=示范公司,C=CN` */
  subjectDn: string;
  issuerDn: string;
  notBefore: Date;
  notAfter: Date;
  /** lower-case hex SHA-256 of the certificate DER, no separators */
  fingerprintSha256: string;
  keyUsage: KeyUsageName[];
  isCa: boolean;
  publicKeyPem: string;
  /** certificatePolicies OIDs (dotted), in certificate order; [] without the extension */
  policies: string[];
}

export type CertFailReason =
  | 'CERT_EXPIRED'
  | 'CERT_NOT_YET_VALID'
  | 'CERT_REVOKED'
  | 'CERT_UNTRUSTED'
  | 'CERT_MALFORMED'
  | 'CERT_WRONG_USAGE';

export type CmsFailReason = 'SIGNATURE_INVALID' | 'CMS_MALFORMED' | 'NOT_PLATFORM_SEAL' | 'SIGNING_DOMAIN_MISMATCH' | CertFailReason;

export type CertCheck = { ok: true; info: CertInfo } | { ok: false; reason: CertFailReason };

export type CmsCheck = { ok: true; signer: CertInfo; signingTime?: Date } | { ok: false; reason: CmsFailReason };

/** Every `details.reason` this package puts on an AppError, plus the verification results' reasons. */
export const PKI_REASONS = [
  'CERT_EXPIRED',
  'CERT_NOT_YET_VALID',
  'CERT_REVOKED',
  'CERT_UNTRUSTED',
  'CERT_MALFORMED',
  'CERT_WRONG_USAGE',
  'SIGNATURE_INVALID',
  'CMS_MALFORMED',
  'CSR_MALFORMED',
  'CSR_BAD_SIGNATURE',
  'CSR_SUBJECT_MISMATCH',
  'CSR_WEAK_KEY',
  'P12_BAD_PASSPHRASE',
  'P12_MALFORMED',
  'P12_PASSPHRASE_UNSUPPORTED',
  'DN_INVALID',
  'KEY_INVALID',
  'KEY_CERT_MISMATCH',
  'VALIDITY_INVALID',
  'CRL_INVALID',
  'PKI_NOT_FOUND',
  'NOT_PLATFORM_SEAL',
  'SEAL_IDENTITY_MISSING',
  'SIGNING_DOMAIN_MISMATCH',
  'LOGIN_ORIGIN_MISMATCH',
  'PKI_FILE_PERMISSIONS',
  'PKI_PASSPHRASE_INVALID',
  'DEV_CA_IN_PRODUCTION',
  'PKI_EXISTS',
] as const;
export type PkiReason = (typeof PKI_REASONS)[number];

export const PKI_REASON_MESSAGES: Record<PkiReason, { zh: string; en: string }> = {
  CERT_EXPIRED: { zh: '证书已过期', en: 'The certificate has expired' },
  CERT_NOT_YET_VALID: { zh: '证书尚未生效', en: 'The certificate is not yet valid' },
  CERT_REVOKED: { zh: '证书已被吊销', en: 'The certificate has been revoked' },
  CERT_UNTRUSTED: { zh: '证书不是由受信任的CA签发', en: 'The certificate was not issued by a trusted CA' },
  CERT_MALFORMED: { zh: '证书格式错误', en: 'The certificate is malformed' },
  CERT_WRONG_USAGE: { zh: '证书用途不符', en: 'The certificate is not meant for this use' },
  SIGNATURE_INVALID: { zh: '签名验证失败', en: 'The signature does not verify' },
  CMS_MALFORMED: { zh: '签名数据格式错误', en: 'The signature data is malformed' },
  CSR_MALFORMED: { zh: '证书请求格式错误', en: 'The certificate request is malformed' },
  CSR_BAD_SIGNATURE: { zh: '证书请求的签名无效', en: 'The certificate request signature is invalid' },
  CSR_SUBJECT_MISMATCH: {
    zh: '证书请求的主体与账户信息不一致',
    en: 'The certificate request subject does not match the account',
  },
  CSR_WEAK_KEY: { zh: '密钥强度不足（需RSA 2048位及以上）', en: 'The key is too weak (RSA 2048 or more is required)' },
  P12_BAD_PASSPHRASE: { zh: '证书备份文件密码错误', en: 'Wrong passphrase for the .p12 file' },
  P12_MALFORMED: { zh: '证书备份文件格式错误', en: 'The .p12 file is malformed' },
  P12_PASSPHRASE_UNSUPPORTED: {
    zh: '备份密码只能包含英文字母、数字和符号',
    en: 'The passphrase may contain only printable ASCII characters',
  },
  DN_INVALID: { zh: '证书主体信息无效', en: 'The certificate subject is not valid' },
  KEY_INVALID: { zh: '密钥无效或类型不符', en: 'The key is invalid or of the wrong type' },
  KEY_CERT_MISMATCH: { zh: '私钥与证书不匹配', en: 'The private key does not match the certificate' },
  VALIDITY_INVALID: { zh: '证书有效期无效', en: 'The validity period is not valid' },
  CRL_INVALID: { zh: '吊销列表参数无效', en: 'The revocation list input is not valid' },
  PKI_NOT_FOUND: { zh: '未找到平台证书', en: 'The platform PKI files were not found' },
  NOT_PLATFORM_SEAL: {
    zh: '签名证书不是平台签章证书（缺少平台签章标识）',
    en: 'The signing certificate is not the platform seal (it lacks the platform seal identity)',
  },
  SEAL_IDENTITY_MISSING: {
    zh: '平台签章证书缺少平台签章标识，请重新签发',
    en: 'The platform seal certificate lacks the platform seal identity; issue a new one',
  },
  SIGNING_DOMAIN_MISMATCH: {
    zh: '拒绝签名：待签内容不是所要求的签名类型',
    en: 'Refused to sign or accept: the content is not of the kind this signature is for',
  },
  LOGIN_ORIGIN_MISMATCH: {
    zh: '登录挑战不是为本站签发的',
    en: 'The login challenge was not issued for this site',
  },
  PKI_FILE_PERMISSIONS: {
    zh: '平台证书目录或私钥文件的权限过宽（其他用户可以访问）',
    en: 'The PKI directory or a private key file is accessible by other users',
  },
  PKI_PASSPHRASE_INVALID: {
    zh: 'CA私钥的口令缺失或错误',
    en: 'The passphrase of the CA key is missing or wrong',
  },
  DEV_CA_IN_PRODUCTION: {
    zh: '生产环境不允许使用开发用CA',
    en: 'A development CA is not allowed in production',
  },
  PKI_EXISTS: {
    zh: '平台证书文件已存在，拒绝覆盖',
    en: 'The platform PKI files already exist; refusing to overwrite them',
  },
};

export function pkiError(
  code: AppErrorCode,
  reason: PkiReason,
  detail?: string,
  extra?: Record<string, unknown>,
  cause?: unknown,
): AppError {
  return new AppError(
    code,
    PKI_REASON_MESSAGES[reason],
    { reason, ...(detail ? { detail } : {}), ...extra },
    cause === undefined ? undefined : { cause },
  );
}

/**
 * The one error type of the platform (DESIGN §8). Services and pure rules throw AppError with a stable
 * code; the API maps the code to a transport status in one table (packages/api/src/errors.ts) and the
 * client shows `messageZh` or `messageEn` together with the code.
 */
export const APP_ERROR_CODES = [
  'VALIDATION',
  'UNAUTHORIZED',
  'FORBIDDEN',
  'NOT_FOUND',
  'CONFLICT',
  'INVALID_STATE',
  'DEADLINE_PASSED',
  'INTEGRITY_FAILED',
  'PAYLOAD_TOO_LARGE',
  'RATE_LIMITED',
  'UNAVAILABLE',
  'CONFIG_INVALID',
  'INTERNAL',
  // Certificates and signatures: each problem has its own code (issue 3 "bad input").
  'CERT_EXPIRED',
  'CERT_NOT_YET_VALID',
  'CERT_REVOKED',
  'CERT_UNTRUSTED',
  'CERT_INVALID',
  'SIGNATURE_INVALID',
  'CSR_INVALID',
] as const;

export type AppErrorCode = (typeof APP_ERROR_CODES)[number];

export interface LocalizedMessage {
  zh: string;
  en: string;
}

/** Default messages, used when a throw site gives none. */
export const DEFAULT_MESSAGES: Record<AppErrorCode, LocalizedMessage> = {
  VALIDATION: { zh: '输入不符合要求', en: 'The input is not valid' },
  UNAUTHORIZED: { zh: '请先登录', en: 'Please sign in first' },
  FORBIDDEN: { zh: '无权执行此操作', en: 'You are not allowed to do this' },
  NOT_FOUND: { zh: '未找到所请求的内容', en: 'The requested item was not found' },
  CONFLICT: { zh: '与现有数据冲突，请刷新后重试', en: 'This conflicts with existing data; refresh and retry' },
  INVALID_STATE: { zh: '当前状态不允许此操作', en: 'This is not allowed in the current state' },
  DEADLINE_PASSED: { zh: '已超过截止时间', en: 'The deadline has passed' },
  INTEGRITY_FAILED: { zh: '数据完整性校验失败', en: 'The data failed its integrity check' },
  PAYLOAD_TOO_LARGE: { zh: '请求内容超过允许的大小', en: 'The request body is larger than allowed' },
  RATE_LIMITED: { zh: '操作过于频繁，请稍后再试', en: 'Too many attempts; try again later' },
  UNAVAILABLE: { zh: '服务暂不可用', en: 'The service is temporarily unavailable' },
  CONFIG_INVALID: { zh: '配置无效', en: 'The configuration is not valid' },
  INTERNAL: { zh: '服务器内部错误', en: 'Internal server error' },
  CERT_EXPIRED: { zh: '证书已过期', en: 'The certificate has expired' },
  CERT_NOT_YET_VALID: { zh: '证书尚未生效', en: 'The certificate is not yet valid' },
  CERT_REVOKED: { zh: '证书已被吊销', en: 'The certificate has been revoked' },
  CERT_UNTRUSTED: { zh: '证书不是由受信任的CA签发', en: 'The certificate was not issued by a trusted CA' },
  CERT_INVALID: { zh: '证书无效或用途不符', en: 'The certificate is invalid or not for this use' },
  SIGNATURE_INVALID: { zh: '签名验证失败', en: 'The signature does not verify' },
  CSR_INVALID: { zh: '证书请求无效', en: 'The certificate request is invalid' },
};

export class AppError extends Error {
  readonly code: AppErrorCode;
  readonly messageZh: string;
  readonly messageEn: string;
  readonly details: Record<string, unknown> | undefined;

  constructor(
    code: AppErrorCode,
    message?: Partial<LocalizedMessage>,
    details?: Record<string, unknown>,
    options?: { cause?: unknown },
  ) {
    const def = DEFAULT_MESSAGES[code];
    const en = message?.en ?? def.en;
    super(en, options);
    this.name = 'AppError';
    this.code = code;
    this.messageZh = message?.zh ?? def.zh;
    this.messageEn = en;
    this.details = details;
  }

  toJSON(): { code: AppErrorCode; messageZh: string; messageEn: string; details?: Record<string, unknown> } {
    return {
      code: this.code,
      messageZh: this.messageZh,
      messageEn: this.messageEn,
      ...(this.details ? { details: this.details } : {}),
    };
  }
}

export function isAppError(e: unknown): e is AppError {
  return e instanceof AppError;
}

export function isAppErrorCode(v: unknown): v is AppErrorCode {
  return typeof v === 'string' && (APP_ERROR_CODES as readonly string[]).includes(v);
}

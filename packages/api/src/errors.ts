/**
 * The one table from AppError codes to tRPC codes (and so HTTP statuses), and the shape every error
 * takes on the wire: `error.data.appError = { code, messageZh, messageEn, details? }`.
 */
import { TRPCError } from '@trpc/server';
import { getHTTPStatusCodeFromError } from '@trpc/server/http';
import type { TRPC_ERROR_CODE_KEY } from '@trpc/server';
import { z } from 'zod';
import { AppError, isAppError, type AppErrorCode } from '@ebid/domain';

export const APP_TO_TRPC: Record<AppErrorCode, TRPC_ERROR_CODE_KEY> = {
  VALIDATION: 'BAD_REQUEST',
  UNAUTHORIZED: 'UNAUTHORIZED',
  FORBIDDEN: 'FORBIDDEN',
  NOT_FOUND: 'NOT_FOUND',
  CONFLICT: 'CONFLICT',
  INVALID_STATE: 'CONFLICT',
  DEADLINE_PASSED: 'FORBIDDEN',
  INTEGRITY_FAILED: 'UNPROCESSABLE_CONTENT',
  PAYLOAD_TOO_LARGE: 'PAYLOAD_TOO_LARGE',
  RATE_LIMITED: 'TOO_MANY_REQUESTS',
  UNAVAILABLE: 'SERVICE_UNAVAILABLE',
  CONFIG_INVALID: 'INTERNAL_SERVER_ERROR',
  INTERNAL: 'INTERNAL_SERVER_ERROR',
  CERT_EXPIRED: 'UNAUTHORIZED',
  CERT_NOT_YET_VALID: 'UNAUTHORIZED',
  CERT_REVOKED: 'UNAUTHORIZED',
  CERT_UNTRUSTED: 'UNAUTHORIZED',
  CERT_INVALID: 'UNAUTHORIZED',
  SIGNATURE_INVALID: 'UNAUTHORIZED',
  CSR_INVALID: 'BAD_REQUEST',
};

/** tRPC's own errors (bad JSON, unknown procedure …) expressed as AppErrors. */
const TRPC_TO_APP: Partial<Record<TRPC_ERROR_CODE_KEY, AppError>> = {
  PARSE_ERROR: new AppError('VALIDATION', { zh: '请求格式错误（无法解析）', en: 'Malformed request (cannot be parsed)' }),
  BAD_REQUEST: new AppError('VALIDATION', { zh: '请求格式错误', en: 'Malformed request' }),
  NOT_FOUND: new AppError('NOT_FOUND', { zh: '接口不存在', en: 'No such procedure' }),
  METHOD_NOT_SUPPORTED: new AppError('VALIDATION', { zh: '请求方法不支持', en: 'Method not supported' }),
  PAYLOAD_TOO_LARGE: new AppError('PAYLOAD_TOO_LARGE'),
  UNAUTHORIZED: new AppError('UNAUTHORIZED'),
  FORBIDDEN: new AppError('FORBIDDEN'),
  TOO_MANY_REQUESTS: new AppError('RATE_LIMITED'),
  // A POST without a body (no content type) or with a non-JSON one: the client's mistake, not ours.
  UNSUPPORTED_MEDIA_TYPE: new AppError('VALIDATION', { zh: '请求必须是JSON', en: 'The request must be JSON' }, { reason: 'CONTENT_TYPE' }),
  CONFLICT: new AppError('CONFLICT'),
  PRECONDITION_FAILED: new AppError('VALIDATION', { zh: '请求的前提条件不成立', en: 'A precondition of the request failed' }),
  UNPROCESSABLE_CONTENT: new AppError('VALIDATION'),
};

export function toTRPCError(e: unknown): TRPCError {
  if (e instanceof TRPCError) return e;
  if (isAppError(e)) return new TRPCError({ code: APP_TO_TRPC[e.code], message: e.messageEn, cause: e });
  return new TRPCError({ code: 'INTERNAL_SERVER_ERROR', message: 'Internal server error', cause: e });
}

export interface WireAppError {
  code: AppErrorCode;
  messageZh: string;
  messageEn: string;
  details?: Record<string, unknown>;
}

/** The AppError view of any error that reaches the formatter. Internal details never leave the server. */
export function wireAppError(error: TRPCError): WireAppError {
  const cause = error.cause;
  if (isAppError(cause)) return cause.toJSON();
  if (cause instanceof z.ZodError) {
    return {
      ...new AppError('VALIDATION').toJSON(),
      details: { issues: cause.issues.map((i) => ({ path: i.path.map(String).join('.'), message: i.message })) },
    };
  }
  const mapped = TRPC_TO_APP[error.code];
  if (mapped) return mapped.toJSON();
  return new AppError('INTERNAL').toJSON();
}

/** The HTTP status of an AppError, from the same table (for routes outside tRPC). */
export function httpStatusOf(e: AppError): number {
  return getHTTPStatusCodeFromError(toTRPCError(e));
}

/**
 * Every API error carries `error.data.appError = { code, messageZh, messageEn, details? }`. The UI shows
 * the message in the current language together with the stable code (ux.md "Errors").
 */
import { isTRPCClientError } from '@trpc/client';
import { DEFAULT_MESSAGES, isAppError, isAppErrorCode, type AppErrorCode } from '@ebid/domain';
import { DICTIONARIES, serverText, textPair, type Lang } from './i18n.ts';

export interface AppErrorView {
  code: AppErrorCode;
  messageZh: string;
  messageEn: string;
  details?: Record<string, unknown>;
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null;
}

function fromWire(v: unknown): AppErrorView | undefined {
  if (!isRecord(v) || !isAppErrorCode(v.code)) return undefined;
  const def = DEFAULT_MESSAGES[v.code];
  return {
    code: v.code,
    messageZh: typeof v.messageZh === 'string' ? v.messageZh : def.zh,
    messageEn: typeof v.messageEn === 'string' ? v.messageEn : def.en,
    ...(isRecord(v.details) ? { details: v.details } : {}),
  };
}

/** Is this the refusal of a list or count that stays secret until the bid deadline (SECRET_UNTIL_DEADLINE)? */
export function isSecretUntilDeadline(error: unknown): boolean {
  return error != null && toAppErrorView(error).details?.reason === 'SECRET_UNTIL_DEADLINE';
}

/** The AppError view of anything a call can throw: an API error, a network failure, or a bug. */
export function toAppErrorView(error: unknown): AppErrorView {
  if (isAppError(error)) return fromWire(error.toJSON()) ?? fallback('INTERNAL');
  if (isTRPCClientError(error)) {
    const data: unknown = error.data;
    const wire = isRecord(data) ? fromWire(data.appError) : undefined;
    if (wire) return wire;
    // No response body we understand: the server was unreachable or answered with something else.
    return {
      code: 'UNAVAILABLE',
      messageZh: DICTIONARIES.zh['error.network'],
      messageEn: DICTIONARIES.en['error.network'],
    };
  }
  return fallback('INTERNAL', textPair('error.unknown'));
}

function fallback(code: AppErrorCode, msg = DEFAULT_MESSAGES[code]): AppErrorView {
  return { code, messageZh: msg.zh, messageEn: msg.en };
}

/**
 * Errors that trying again can fix (issue 19 §6): the server or the network was away (UNAVAILABLE), a
 * fault on the server (INTERNAL), too many requests (RATE_LIMITED). Never what the same request will meet
 * again — not found, not allowed, bad input, a state or deadline that will not change by retrying.
 */
export const RETRYABLE_CODES: readonly AppErrorCode[] = ['UNAVAILABLE', 'INTERNAL', 'RATE_LIMITED'];

export function isRetryable(view: AppErrorView): boolean {
  return RETRYABLE_CODES.includes(view.code);
}

export function errorMessage(view: AppErrorView, lang: Lang): string {
  return serverText(lang, { zh: view.messageZh, en: view.messageEn });
}

/** Input-validation issues the server attached (`details.issues[].path`), keyed by field name. */
export function fieldIssues(view: AppErrorView): Record<string, string> {
  const out: Record<string, string> = {};
  const issues = view.details?.issues;
  if (view.code !== 'VALIDATION' || !Array.isArray(issues)) return out;
  for (const i of issues as unknown[]) {
    if (isRecord(i) && typeof i.path === 'string' && typeof i.message === 'string' && i.path && !out[i.path]) {
      out[i.path] = i.message;
    }
  }
  return out;
}

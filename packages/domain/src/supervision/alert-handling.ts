/**
 * The signed handling of a supervision alert (电子监察预警处理, issue 20 §2, domain §6.2, M1): whoever
 * handles a yellow or red alert records what was done (处理情况) and the result (处理结果) and signs them
 * with the certificate. The browser signs and the server verifies the SAME bytes, built here from the
 * alert id, the project's 统一交易标识码, the checkpoint kind, the level, the handling, the result and
 * the handler, so neither side can sign or accept anything else.
 *
 * The text is UTF-8, one `name: value` per line; free text is a JSON string (newlines and quotes
 * escaped, Chinese as is), so a handling cannot forge a line. It starts with `ebid-alert-handling:v1`,
 * which @ebid/pki's signing domains recognise as its own kind of signed object (issue 14 §5: a
 * signature means one thing). Pure: no I/O.
 */
import { AppError } from '../errors.ts';
import type { AlertLevel } from './checkpoint.ts';

/** The first line of every alert-handling text (its signing domain, @ebid/pki signing-domains.ts). */
export const ALERT_HANDLING_TEXT_PREFIX = 'ebid-alert-handling:v1\n';

/** Longest handling / result accepted (characters, after trimming). */
export const ALERT_HANDLING_MAX = 2000;

export interface AlertHandlingFacts {
  alertId: number;
  /** The project's 统一交易标识码. */
  projectCode: string;
  /** The checkpoint kind, e.g. 'objection.answer'. */
  checkpointKind: string;
  level: AlertLevel;
  /** 处理情况: what the handler did. */
  handling: string;
  /** 处理结果: the result. */
  result: string;
  handler: { userId: number; username: string; displayName: string };
}

/** Free text as it is signed and stored: CRLF/CR → LF, trimmed. */
export function normalizeHandlingText(s: string): string {
  return s.replace(/\r\n?/g, '\n').trim();
}

const CODE_RE = /^[A-Za-z0-9._:-]{1,100}$/;

/**
 * The canonical text a handler signs (issue 20 §2). Throws VALIDATION when a fact cannot be put into it
 * (an empty handling or result, a non-integer id, a code with characters outside [A-Za-z0-9._:-]).
 */
export function alertHandlingText(f: AlertHandlingFacts): string {
  const handling = normalizeHandlingText(f.handling);
  const result = normalizeHandlingText(f.result);
  if (!Number.isSafeInteger(f.alertId) || f.alertId <= 0) throw bad('alertId');
  if (!Number.isSafeInteger(f.handler.userId) || f.handler.userId <= 0) throw bad('handler');
  if (!CODE_RE.test(f.projectCode)) throw bad('projectCode');
  if (!CODE_RE.test(f.checkpointKind)) throw bad('checkpointKind');
  if (f.level !== 'yellow' && f.level !== 'red') throw bad('level');
  if (!CODE_RE.test(f.handler.username)) throw bad('handler');
  if (handling.length === 0) throw missing('handling', { zh: '请填写处理情况', en: 'Enter what was done' });
  if (result.length === 0) throw missing('result', { zh: '请填写处理结果', en: 'Enter the result' });
  if (handling.length > ALERT_HANDLING_MAX) throw tooLong('handling');
  if (result.length > ALERT_HANDLING_MAX) throw tooLong('result');
  return [
    ALERT_HANDLING_TEXT_PREFIX.trimEnd(),
    `alert: ${f.alertId}`,
    `project: ${f.projectCode}`,
    `checkpoint: ${f.checkpointKind}`,
    `level: ${f.level}`,
    `handler: ${f.handler.userId} ${f.handler.username} ${JSON.stringify(f.handler.displayName)}`,
    `handling: ${JSON.stringify(handling)}`,
    `result: ${JSON.stringify(result)}`,
    '',
  ].join('\n');
}

function bad(field: string): AppError {
  return new AppError('VALIDATION', { zh: '预警处理内容无效', en: 'The alert handling is invalid' }, { field, reason: 'HANDLING_INVALID' });
}

function missing(field: 'handling' | 'result', text: { zh: string; en: string }): AppError {
  return new AppError('VALIDATION', text, { field, reason: field === 'result' ? 'RESULT_MISSING' : 'HANDLING_MISSING' });
}

function tooLong(field: 'handling' | 'result'): AppError {
  return new AppError('VALIDATION', { zh: `内容过长（最多${ALERT_HANDLING_MAX}字）`, en: `Too long (at most ${ALERT_HANDLING_MAX} characters)` }, { field, reason: 'TOO_LONG' });
}

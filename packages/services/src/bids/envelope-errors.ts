/** Envelope errors (packages/pki EnvelopeError) as the platform's AppError. */
import { AppError } from '@ebid/domain';
import { ENVELOPE_ERROR_MESSAGES, EnvelopeError } from '@ebid/pki';

/** An EnvelopeError as the platform's VALIDATION error (details.reason = the envelope code). */
export function envelopeAppError(e: unknown, details: Record<string, unknown> = {}): AppError {
  if (e instanceof EnvelopeError) {
    const msg = ENVELOPE_ERROR_MESSAGES[e.code];
    return new AppError('VALIDATION', msg, { reason: e.code, ...(e.detail !== undefined ? { detail: e.detail } : {}), ...details });
  }
  if (e instanceof AppError) return e;
  return new AppError('VALIDATION', ENVELOPE_ERROR_MESSAGES.ENVELOPE_MALFORMED, { reason: 'ENVELOPE_MALFORMED', ...details });
}

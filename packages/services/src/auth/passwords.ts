/** Passwords (issue 3 §2, issue 15 §1): argon2id hashes, the platform's minimum strength, accounts without one. */
import crypto from 'node:crypto';
import { hash } from '@node-rs/argon2';
import { AppError } from '@ebid/domain';

export function hashPassword(password: string): Promise<string> {
  return hash(password); // argon2id with the library's OWASP defaults
}

export const sha256Hex = (s: string | Buffer) => crypto.createHash('sha256').update(s).digest('hex');

/**
 * The stored "hash" of an account that has no password yet (the first administrator before activation,
 * issue 15 §1). It is no PHC string, so no password can ever verify against it; password login treats it
 * like a wrong password (after the same dummy check), never as an error.
 */
export const NO_PASSWORD_HASH = '!no-password:activation-pending';

/** Whether a stored hash is a real password hash (anything starting with '!' is not). */
export const isUsablePasswordHash = (stored: string): boolean => !stored.startsWith('!');

/** A password that passes the platform's minimum (checked again by the API schema). */
export function assertPasswordStrength(password: string): void {
  const classes = [/[a-z]/, /[A-Z]/, /\d/, /[^A-Za-z0-9]/].filter((r) => r.test(password)).length;
  if (password.length < 8 || password.length > 128 || classes < 3) {
    throw new AppError(
      'VALIDATION',
      { zh: '密码至少8位，且包含大写字母、小写字母、数字、符号中的三类', en: 'The password needs at least 8 characters from three of: upper case, lower case, digits, symbols' },
      { field: 'password' },
    );
  }
}

/**
 * Form helpers shared by the account pages: the client-side checks that mirror the server's rules (so a
 * mistake shows on the field before a round trip), and placing a server error on the field it names
 * (ux.md "form errors appear on the field").
 */
import type { FormInstance, FormRule as Rule } from 'antd';
import { isValidCreditCode } from '@ebid/domain';
import { errorMessage, toAppErrorView, type AppErrorView } from './errors.ts';
import type { Lang, TFunction } from './i18n.ts';

export type FieldPath = string | (string | number)[];

/** The server's password rule (services/auth): 8–128 characters from three of four classes. */
export function isStrongPassword(password: string): boolean {
  if (password.length < 8 || password.length > 128) return false;
  return [/[a-z]/, /[A-Z]/, /\d/, /[^A-Za-z0-9]/].filter((r) => r.test(password)).length >= 3;
}

/** The server's username rule: 3–32 characters, letters, digits, . _ -, starting with a letter. */
export function isValidUsername(username: string): boolean {
  return /^[a-z][a-z0-9._-]{2,31}$/.test(username.trim().toLowerCase());
}

/** A .p12 passphrase must be printable ASCII (PKCS#12 BMPString passwords are read that way by every tool). */
export function isPrintableAscii(s: string): boolean {
  return /^[\x20-\x7e]*$/.test(s);
}

/** 统一社会信用代码 as typed: trimmed, upper case (the server does the same). */
export function normalizeCreditCode(code: string): string {
  return code.trim().toUpperCase();
}

/** Why a typed credit code is refused, or null when it is fine (format first, then the check character). */
export function creditCodeProblem(code: string): 'length' | 'format' | 'check' | null {
  const c = normalizeCreditCode(code);
  if (c.length !== 18) return 'length';
  if (!/^[0-9A-HJ-NPQRTUWXY]{2}\d{6}[0-9A-HJ-NPQRTUWXY]{10}$/.test(c)) return 'format';
  return isValidCreditCode(c) ? null : 'check';
}

export function creditCodeRule(t: TFunction): Rule {
  return {
    validator: (_rule, value: unknown) => {
      const problem = typeof value === 'string' && value.trim() ? creditCodeProblem(value) : 'empty';
      if (problem === null) return Promise.resolve();
      return Promise.reject(
        new Error(
          t(
            problem === 'empty'
              ? 'register.creditCode.required'
              : problem === 'length'
                ? 'register.creditCode.length'
                : problem === 'format'
                  ? 'register.creditCode.format'
                  : 'register.creditCode.check',
          ),
        ),
      );
    },
  };
}

export function passwordRules(t: TFunction): Rule[] {
  return [
    { required: true, message: t('form.password.required') },
    {
      validator: (_rule, value: unknown) =>
        typeof value !== 'string' || value === '' || isStrongPassword(value)
          ? Promise.resolve()
          : Promise.reject(new Error(t('form.password.weak'))),
    },
  ];
}

/** "Type it again" must equal the field `other`. */
export function sameAsRule(t: TFunction, other: FieldPath, key: 'form.password.mismatch' | 'cert.passphrase.mismatch'): Rule {
  return (form) => ({
    validator: (_rule, value: unknown) =>
      !value || form.getFieldValue(other) === value ? Promise.resolve() : Promise.reject(new Error(t(key))),
  });
}

export function usernameRules(t: TFunction): Rule[] {
  return [
    { required: true, whitespace: true, message: t('form.username.required') },
    {
      validator: (_rule, value: unknown) =>
        typeof value !== 'string' || value === '' || isValidUsername(value)
          ? Promise.resolve()
          : Promise.reject(new Error(t('form.username.format'))),
    },
  ];
}

/**
 * The fields a server error names: `details.field` (a service's own check, its message is the error's)
 * and `details.issues[].path` (input validation, the error's message with the issue's text).
 */
export function serverFieldMessages(view: AppErrorView, lang: Lang): Record<string, string> {
  const out: Record<string, string> = {};
  const message = errorMessage(view, lang);
  const field = view.details?.field;
  if (typeof field === 'string' && field) out[field] = message;
  const issues = view.details?.issues;
  if (view.code === 'VALIDATION' && Array.isArray(issues)) {
    for (const i of issues as unknown[]) {
      if (typeof i !== 'object' || i === null) continue;
      const { path, message: text } = i as { path?: unknown; message?: unknown };
      if (typeof path === 'string' && path && typeof text === 'string' && !out[path]) out[path] = `${message} (${text})`;
    }
  }
  return out;
}

/**
 * Put a server error on the form fields it names. `fields` maps the server's field names (and issue
 * paths) to the form's. Returns whether any field took it; if none did, the caller shows an alert.
 */
export function placeServerErrors<T>(
  form: FormInstance<T>,
  error: unknown,
  lang: Lang,
  fields: Record<string, FieldPath>,
): boolean {
  const messages = serverFieldMessages(toAppErrorView(error), lang);
  const placed: { name: FieldPath; errors: string[] }[] = [];
  for (const [serverName, message] of Object.entries(messages)) {
    const name = fields[serverName];
    if (name !== undefined && !placed.some((p) => String(p.name) === String(name))) placed.push({ name, errors: [message] });
  }
  if (placed.length === 0) return false;
  form.setFields(placed as Parameters<FormInstance<T>['setFields']>[0]);
  return true;
}

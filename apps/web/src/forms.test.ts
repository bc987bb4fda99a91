import { describe, expect, it } from 'vitest';
import { AppError, creditCodeCheckChar } from '@ebid/domain';
import { toAppErrorView } from './errors.ts';
import { creditCodeProblem, isPrintableAscii, isStrongPassword, isValidUsername, normalizeCreditCode, serverFieldMessages } from './forms.ts';

const BODY = '91330100MA0000001';
const VALID = BODY + creditCodeCheckChar(BODY)!;

describe('client-side checks (the same rules as the server)', () => {
  it.each([
    ['Demo#2026', true],
    ['demo#2026', true],
    ['Demo2026', true],
    ['demodemo', false],
    ['Dd#1', false],
    ['abcdefgh1', false],
  ])('password %s → %s', (pw, ok) => {
    expect(isStrongPassword(pw)).toBe(ok);
  });

  it.each([
    ['bidder1', true],
    ['Bidder.One', true],
    ['1bidder', false],
    ['ab', false],
    ['a'.repeat(33), false],
    ['张三', false],
  ])('username %s → %s', (u, ok) => {
    expect(isValidUsername(u)).toBe(ok);
  });

  it('accepts printable ASCII passphrases only', () => {
    expect(isPrintableAscii('P12-pass #1~')).toBe(true);
    expect(isPrintableAscii('密码123')).toBe(false);
    expect(isPrintableAscii('tab\there')).toBe(false);
  });
});

describe('统一社会信用代码', () => {
  it('accepts a code with the right check character, typed in lower case with spaces', () => {
    expect(creditCodeProblem(VALID)).toBeNull();
    expect(creditCodeProblem(`  ${VALID.toLowerCase()} `)).toBeNull();
    expect(normalizeCreditCode(` ${VALID.toLowerCase()}`)).toBe(VALID);
  });

  it('names the problem: length, format (I O S V Z, non-digit region), check character', () => {
    expect(creditCodeProblem(VALID.slice(0, 17))).toBe('length');
    expect(creditCodeProblem('91330100MA000000IG')).toBe('format');
    expect(creditCodeProblem('9133A100MA0000001G')).toBe('format');
    const wrong = BODY + (creditCodeCheckChar(BODY) === '0' ? '1' : '0');
    expect(creditCodeProblem(wrong)).toBe('check');
  });
});

describe('server errors on fields', () => {
  it('puts a service check (details.field) on its field with the error message', () => {
    const view = toAppErrorView(new AppError('CONFLICT', { zh: '用户名已被使用', en: 'This username is already taken' }, { field: 'username' }));
    expect(serverFieldMessages(view, 'zh')).toEqual({ username: '用户名已被使用' });
    expect(serverFieldMessages(view, 'en')).toEqual({ username: 'This username is already taken' });
  });

  it('puts input-validation issues on their paths, the first one per path', () => {
    const view = toAppErrorView(
      new AppError('VALIDATION', undefined, {
        issues: [
          { path: 'admin.username', message: 'too short' },
          { path: 'admin.username', message: 'second' },
          { path: '', message: 'root' },
        ],
      }),
    );
    expect(serverFieldMessages(view, 'zh')).toEqual({ 'admin.username': '输入不符合要求 (too short)' });
  });

  it('has nothing for an error without fields', () => {
    expect(serverFieldMessages(toAppErrorView(new AppError('FORBIDDEN')), 'zh')).toEqual({});
  });
});

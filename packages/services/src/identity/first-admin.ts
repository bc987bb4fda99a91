/**
 * The platform's first administrator (issue 15 §1). A production platform starts with no accounts; the
 * operator runs `ebid admin create` with the server's environment, which calls `createFirstAdmin`: in one
 * transaction, under an advisory lock so that two runs cannot both succeed, it refuses when any platform
 * administrator exists, else creates (or reuses) the trading center's own organization, the administrator
 * WITHOUT a usable password, and a single-use activation link (a password_reset_tokens row, stored as its
 * SHA-256) — each audited on the platform chain. The administrator sets a password by opening the link
 * (`activateAccount`), and from there creates staff and supervisors in the web.
 */
import crypto from 'node:crypto';
import { and, asc, eq, gt, inArray, isNull, sql } from 'drizzle-orm';
import { isUniqueViolation, organizations, passwordResetTokens, users, type Tx } from '@ebid/db';
import type { TokenPasswordInput } from '@ebid/contracts';
import { AppError, findForbiddenChar, USERNAME_PATTERN } from '@ebid/domain';
import { assertPasswordStrength, hashPassword, isUsablePasswordHash, NO_PASSWORD_HASH, sha256Hex } from '../auth/passwords.ts';
import { audit, SYSTEM_CONTEXT, type RequestContext } from '../context.ts';
import type { Deps } from '../deps.ts';
import { assertCreditCode, conflictingField } from './org-rules.ts';
import { invalidateOpenTokens } from './password-reset.ts';

/** How long an activation link works unless the operator says otherwise (`--valid-hours`). */
export const ACTIVATION_DEFAULT_HOURS = 72;
export const ACTIVATION_MIN_HOURS = 1;
export const ACTIVATION_MAX_HOURS = 168;
/** The web page that redeems an activation link. */
export const ACTIVATION_PATH = '/activate';

// An arbitrary constant (72_817_001 migrations, 002 notices, 003 seed): one first-admin run at a time.
const FIRST_ADMIN_LOCK = 72_817_004;

export interface FirstAdminInput {
  username: string;
  displayName: string;
  email?: string | null;
  /** The center's 统一社会信用代码. */
  creditCode: string;
  /** Validity of the activation link in hours, 1–168 (default 72). */
  validHours?: number;
  /** Who ran the command (e.g. `root@host`), recorded in the audit payloads. */
  operator?: string | null;
}

export interface FirstAdminResult {
  userId: number;
  username: string;
  displayName: string;
  orgId: number;
  orgName: string;
  creditCode: string;
  /** True when the center's organization existed already and was reused. */
  orgReused: boolean;
  /** `/activate?token=…`: the one place the token is ever shown. Prefix the platform's public URL. */
  activationPath: string;
  /** ISO 8601. */
  expiresAt: string;
}

const invalid = (field: string, zh: string, en: string) => new AppError('VALIDATION', { zh, en }, { field });

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

function checkValidHours(validHours: number | undefined): number {
  const hours = validHours ?? ACTIVATION_DEFAULT_HOURS;
  if (!Number.isInteger(hours) || hours < ACTIVATION_MIN_HOURS || hours > ACTIVATION_MAX_HOURS) {
    throw invalid('validHours', `激活链接有效期应为 ${ACTIVATION_MIN_HOURS}–${ACTIVATION_MAX_HOURS} 小时的整数`, `The activation link's validity is a whole number of hours, ${ACTIVATION_MIN_HOURS} to ${ACTIVATION_MAX_HOURS}`);
  }
  return hours;
}

/**
 * Validate and normalize the input (username lower-cased, credit code upper-cased); throws VALIDATION
 * naming the field. The CLI calls it before opening the database, `createFirstAdmin` again inside.
 */
export function checkFirstAdminInput(input: FirstAdminInput): Required<Omit<FirstAdminInput, 'operator'>> & { operator: string | null } {
  const username = input.username.trim().toLowerCase();
  if (!USERNAME_PATTERN.test(username)) {
    throw invalid('username', '用户名为 3–32 位字母、数字或 . _ -，以字母开头', 'The username has 3–32 characters: letters, digits, . _ -, starting with a letter');
  }
  const displayName = input.displayName.trim();
  if (displayName.length < 1 || displayName.length > 64 || findForbiddenChar(displayName, { invisible: true })) {
    throw invalid('displayName', '姓名为 1–64 个字符，不能含控制字符', 'The display name has 1–64 characters and no control characters');
  }
  const email = input.email?.trim() || null;
  if (email !== null && (email.length > 128 || !EMAIL.test(email))) {
    throw invalid('email', '电子邮箱格式不正确', 'This is not an e-mail address');
  }
  const creditCode = input.creditCode.trim().toUpperCase();
  assertCreditCode(creditCode);
  return { username, displayName, email, creditCode, validHours: checkValidHours(input.validHours), operator: input.operator ?? null };
}

/** Insert a fresh activation token for the user; returns the token (never stored) and its expiry. */
async function issueActivationToken(tx: Tx, deps: Pick<Deps, 'clock'>, userId: number, validHours: number): Promise<{ token: string; expiresAt: Date }> {
  const token = crypto.randomBytes(32).toString('base64url');
  const expiresAt = new Date(deps.clock.now().getTime() + validHours * 3600_000);
  await tx.insert(passwordResetTokens).values({ userId, tokenHash: sha256Hex(token), expiresAt });
  return { token, expiresAt };
}

const activationPathOf = (token: string) => `${ACTIVATION_PATH}?token=${token}`;

/**
 * Create the platform's first administrator and the center's organization (see the file comment).
 * CONFLICT / ADMIN_EXISTS (naming the administrators) when any platform administrator exists; CONFLICT
 * on `username` when the name is taken; CONFLICT on `creditCode` when the code belongs to another
 * organization or the center is registered under another code. A refusal writes nothing.
 */
export async function createFirstAdmin(
  deps: Pick<Deps, 'db' | 'clock' | 'config'>,
  input: FirstAdminInput,
  ctx: RequestContext = SYSTEM_CONTEXT,
): Promise<FirstAdminResult> {
  const v = checkFirstAdminInput(input);
  const { centerName, regionCode } = deps.config.center;
  return deps.db
    .transaction(async (tx) => {
      await tx.execute(sql`select pg_advisory_xact_lock(${FIRST_ADMIN_LOCK})`);
      const admins = await tx.select({ username: users.username }).from(users).where(eq(users.role, 'platform_admin')).orderBy(asc(users.id));
      if (admins.length > 0) {
        const names = admins.map((a) => a.username);
        throw new AppError(
          'CONFLICT',
          {
            zh: `平台管理员已存在（${names.join('、')}），未做任何更改；由该管理员在平台中创建其他账号`,
            en: `A platform administrator exists already (${names.join(', ')}); nothing was changed. That administrator creates the other accounts in the platform`,
          },
          { reason: 'ADMIN_EXISTS', administrators: names },
        );
      }
      const centers = await tx.select().from(organizations).where(eq(organizations.kind, 'center')).orderBy(asc(organizations.id));
      let org = centers.find((o) => o.creditCode === v.creditCode);
      const orgReused = org !== undefined;
      const [registered] = centers;
      if (!org && registered) {
        throw new AppError(
          'CONFLICT',
          {
            zh: `交易中心已以统一社会信用代码 ${registered.creditCode} 登记，与所给代码不符`,
            en: `The trading center is registered under the credit code ${registered.creditCode}, not the one given`,
          },
          { field: 'creditCode', reason: 'CENTER_CREDIT_CODE_MISMATCH' },
        );
      }
      if (!org) {
        [org] = await tx
          .insert(organizations)
          .values({ creditCode: v.creditCode, name: centerName, kind: 'center', status: 'active', regionCode, reviewedAt: deps.clock.now() })
          .returning();
        if (!org) throw new AppError('INTERNAL');
        await audit(tx, deps, ctx, {
          action: 'org.create',
          subject: { type: 'organization', id: org.id },
          payload: { creditCode: org.creditCode, name: org.name, kind: org.kind, regionCode, firstAdmin: true, operator: v.operator },
        });
      }
      const [u] = await tx
        .insert(users)
        .values({ orgId: org.id, username: v.username, displayName: v.displayName, role: 'platform_admin', passwordHash: NO_PASSWORD_HASH, email: v.email, isOrgAdmin: true })
        .returning();
      if (!u) throw new AppError('INTERNAL');
      await audit(tx, deps, ctx, {
        action: 'user.create',
        subject: { type: 'user', id: u.id },
        payload: { orgId: org.id, username: u.username, role: u.role, isOrgAdmin: true, firstAdmin: true, orgReused, operator: v.operator },
      });
      const { token, expiresAt } = await issueActivationToken(tx, deps, u.id, v.validHours);
      await audit(tx, deps, ctx, {
        action: 'user.activation_issue',
        subject: { type: 'user', id: u.id },
        payload: { expiresAt: expiresAt.toISOString(), validHours: v.validHours, firstAdmin: true, operator: v.operator },
      });
      return {
        userId: u.id,
        username: u.username,
        displayName: u.displayName,
        orgId: org.id,
        orgName: org.name,
        creditCode: org.creditCode,
        orgReused,
        activationPath: activationPathOf(token),
        expiresAt: expiresAt.toISOString(),
      };
    })
    .catch((e: unknown) => {
      if (!isUniqueViolation(e)) throw e;
      if (conflictingField(e) === 'username') throw new AppError('CONFLICT', { zh: '用户名已被使用', en: 'This username is already taken' }, { field: 'username' });
      throw new AppError('CONFLICT', { zh: '该统一社会信用代码已被其他机构使用', en: 'Another organization has this credit code' }, { field: 'creditCode' });
    });
}

/**
 * A new activation link for a platform administrator who has never set a password (the first link was
 * lost or expired): every earlier unused link of the account stops working. INVALID_STATE /
 * ALREADY_ACTIVATED once the account has a password — then the ordinary password reset applies.
 */
export async function reissueAdminActivation(
  deps: Pick<Deps, 'db' | 'clock'>,
  input: { username: string; validHours?: number; operator?: string | null },
  ctx: RequestContext = SYSTEM_CONTEXT,
): Promise<{ userId: number; username: string; activationPath: string; expiresAt: string }> {
  const validHours = checkValidHours(input.validHours);
  const username = input.username.trim().toLowerCase();
  return deps.db.transaction(async (tx) => {
    await tx.execute(sql`select pg_advisory_xact_lock(${FIRST_ADMIN_LOCK})`);
    const [u] = await tx
      .select()
      .from(users)
      .where(and(eq(users.username, username), eq(users.role, 'platform_admin')))
      .for('update');
    if (!u) throw new AppError('NOT_FOUND', { zh: `没有名为 ${username} 的平台管理员`, en: `There is no platform administrator named ${username}` }, { field: 'username' });
    if (isUsablePasswordHash(u.passwordHash)) {
      throw new AppError(
        'INVALID_STATE',
        { zh: `${u.username} 已激活（已设置密码）；请使用重置密码`, en: `${u.username} is activated already (has a password); use a password reset` },
        { reason: 'ALREADY_ACTIVATED' },
      );
    }
    const now = deps.clock.now();
    const invalidated = await invalidateOpenTokens(tx, u.id, now);
    const { token, expiresAt } = await issueActivationToken(tx, deps, u.id, validHours);
    await audit(tx, deps, ctx, {
      action: 'user.activation_issue',
      subject: { type: 'user', id: u.id },
      payload: { expiresAt: expiresAt.toISOString(), validHours, reissue: true, invalidated: invalidated.map((r) => r.id), operator: input.operator ?? null },
    });
    return { userId: u.id, username: u.username, activationPath: activationPathOf(token), expiresAt: expiresAt.toISOString() };
  });
}

const badActivationLink = () =>
  new AppError('VALIDATION', { zh: '激活链接无效、已使用或已过期', en: 'The activation link is invalid, used or expired' }, { field: 'token', reason: 'ACTIVATION_LINK_INVALID' });

/**
 * Redeem an activation link: sets the first password of an account that has none. Single use; an
 * unknown, used or expired link — or the reset link of an account that has a password — is VALIDATION
 * on `token` and changes nothing. Returns the username (the sign-in page shows it).
 */
export async function activateAccount(
  deps: Pick<Deps, 'db' | 'clock'>,
  ctx: RequestContext,
  input: TokenPasswordInput,
): Promise<{ username: string }> {
  if (!/^[A-Za-z0-9_-]{43}$/.test(input.token)) throw badActivationLink();
  assertPasswordStrength(input.newPassword);
  const passwordHash = await hashPassword(input.newPassword);
  return deps.db.transaction(async (tx) => {
    const now = deps.clock.now();
    const pending = tx.select({ id: users.id }).from(users).where(eq(users.passwordHash, NO_PASSWORD_HASH));
    const [t] = await tx
      .update(passwordResetTokens)
      .set({ usedAt: now })
      .where(
        and(
          eq(passwordResetTokens.tokenHash, sha256Hex(input.token)),
          isNull(passwordResetTokens.usedAt),
          gt(passwordResetTokens.expiresAt, now),
          inArray(passwordResetTokens.userId, pending),
        ),
      )
      .returning({ userId: passwordResetTokens.userId });
    if (!t) throw badActivationLink();
    const [u] = await tx
      .update(users)
      .set({ passwordHash })
      .where(and(eq(users.id, t.userId), eq(users.passwordHash, NO_PASSWORD_HASH)))
      .returning({ id: users.id, username: users.username });
    if (!u) throw badActivationLink();
    await audit(tx, deps, ctx, { action: 'user.activate_account', subject: { type: 'user', id: u.id }, payload: { username: u.username } });
    return { username: u.username };
  });
}

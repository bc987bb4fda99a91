/**
 * The access matrix (issue 3 §5): every procedure of the router × every role and anonymous, checked
 * against the one declared table (access.ts). A procedure without a rule fails here. The call uses an
 * empty input: where access is granted the call gets past the access check (and usually fails input
 * validation); where it is denied it fails with the access middleware's own FORBIDDEN/UNAUTHORIZED.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TRPCError } from '@trpc/server';
import { ROLES, type Role } from '@ebid/domain';
import type { Actor } from '@ebid/services';
import { createTestDatabase, createTestDeps, type TestDatabase } from '@ebid/testing';
import { BEFORE_DEADLINE } from '@ebid/services';
import { ACCESS, allows, type AccessRule } from './access.ts';
import { appRouter } from './root.ts';
import { createCallerFactory, type Context } from './trpc.ts';

let tdb: TestDatabase;
let deps: Awaited<ReturnType<typeof createTestDeps>>;

beforeAll(async () => {
  tdb = await createTestDatabase();
  deps = await createTestDeps(tdb.database);
});
afterAll(async () => {
  await deps?.close();
  await tdb?.drop();
});

const procedures = Object.keys(appRouter._def.procedures as Record<string, unknown>).sort();
const callers: (Role | null)[] = [null, ...ROLES];

function ctxFor(role: Role | null): Context {
  const actor: Actor | null = role
    ? { userId: 999_999, username: 'nobody', displayName: 'nobody', role, orgId: 999_999, orgName: 'x', isOrgAdmin: false, sessionId: 999_999, certSerial: null }
    : null;
  return {
    deps,
    actor,
    meta: { requestId: 'test', clientAddress: '127.0.0.1', userAgent: 'vitest' },
    cookies: { get: () => undefined, set: () => {}, clear: () => {} },
  };
}

async function accessDenied(path: string, role: Role | null): Promise<boolean> {
  const caller = createCallerFactory(appRouter)(ctxFor(role));
  const fn = path.split('.').reduce<unknown>((o, k) => (o as Record<string, unknown>)[k], caller) as (i: unknown) => Promise<unknown>;
  try {
    const r = await fn(undefined);
    // A subscription returns an iterable without running its body: consume nothing.
    void r;
    return false;
  } catch (e) {
    const cause = e instanceof TRPCError ? e.cause : undefined;
    return (cause as { details?: { rule?: string } } | undefined)?.details?.rule === 'access';
  }
}

describe('access matrix', () => {
  it('every procedure has a declared rule, and every rule a procedure', () => {
    const declared = Object.keys(ACCESS).sort();
    expect(procedures.filter((p) => !declared.includes(p)), 'procedures without a rule').toEqual([]);
    expect(declared.filter((p) => !procedures.includes(p)), 'rules without a procedure').toEqual([]);
  });

  const cases = procedures.flatMap((p) => callers.map((r) => [p, r ?? 'anonymous', r] as const));
  it.each(cases)('%s as %s', async (path, _label, role) => {
    const rule = (ACCESS as Record<string, AccessRule>)[path];
    expect(await accessDenied(path, role)).toBe(!allows(rule, role));
  });
});

/**
 * Issue 13 §2: the read paths of facts that are secret until the deadline. The access table settles who
 * may call them at all; the before-deadline table (services/access/before-deadline.ts) what they get
 * before the deadline. The one path that works before it for anyone but the company itself — finding a
 * security by reference — is declared for exactly the readers the table gives `lookup`.
 */
describe('read paths of secret facts (issue 13 §2)', () => {
  const rolesOf = (path: keyof typeof ACCESS) => callers.filter((r) => allows(ACCESS[path] as AccessRule, r));

  it('deposit.lookup: exactly the readers the table lets look a security up', () => {
    expect(rolesOf('deposit.lookup')).toEqual(ROLES.filter((r) => BEFORE_DEADLINE.deposits[r] === 'lookup'));
  });

  it('registration.saleApplicants and registration.review: exactly the readers the table gives `for_review` (issue 18 §4)', () => {
    const reviewers = ROLES.filter((r) => BEFORE_DEADLINE.sale_applicants[r] === 'for_review');
    expect(reviewers).toEqual(['staff']);
    for (const path of ['registration.saleApplicants', 'registration.review', 'registration.saleReviewQueue'] as const) expect(rolesOf(path), path).toEqual(reviewers);
  });

  it.each([
    ['registration.forProject', 'registrants'],
    ['registration.saleApplicants', 'sale_applicants'],
    ['deposit.list', 'deposits'],
    ['document.downloads', 'downloads'],
    ['qualification.applicants', 'prequal_applicants'],
    ['audit.list', 'audit_details'],
  ] as const)('%s: no anonymous caller, and no caller the table gives `own` (bidders use their own paths)', (path, fact) => {
    const roles = rolesOf(path);
    expect(roles).not.toContain(null);
    for (const r of roles) expect(BEFORE_DEADLINE[fact][r!], `${path} ${r}`).not.toBe('own');
  });
});

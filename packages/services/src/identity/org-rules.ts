/**
 * What every organization must satisfy (DESIGN §5, issue 3 §1, issue 14 §3): a valid 统一社会信用代码, a
 * name that does not take the platform's, and the role its users get; and how it is shown.
 */
import type { Organization, OrgKind } from '@ebid/contracts';
import type { OrganizationRow } from '@ebid/db';
import { AppError, isValidCreditCode, reservedNameTaken, type PlatformIdentity } from '@ebid/domain';

export function toOrganizationView(o: OrganizationRow): Organization {
  return {
    id: o.id,
    creditCode: o.creditCode,
    name: o.name,
    kind: o.kind,
    status: o.status,
    regionCode: o.regionCode,
    contactPhone: o.contactPhone,
    createdAt: o.createdAt.toISOString(),
    reviewNote: o.reviewNote,
  };
}

export function assertCreditCode(code: string): void {
  if (!isValidCreditCode(code)) {
    throw new AppError(
      'VALIDATION',
      { zh: '统一社会信用代码无效（校验位不符或格式错误）', en: 'Invalid unified social credit code (format or check character)' },
      { field: 'creditCode' },
    );
  }
}

/**
 * The platform's and the center's names — the configured ones, `config.center` (issue 15 §3) — are
 * reserved (issue 14 §3): no organization may be registered or created under a name that takes or
 * impersonates them (folded: NFKC, case, spaces and punctuation; @ebid/domain reservedNameTaken) — except
 * the center itself (kind 'center', by a platform administrator).
 */
export function assertOrganizationNameAllowed(name: string, kind: OrgKind, identity: PlatformIdentity): void {
  const reserved = reservedNameTaken(name, identity);
  if (reserved !== null && kind !== 'center') {
    throw new AppError(
      'VALIDATION',
      { zh: `机构名称不能使用或冒用平台名称“${reserved}”`, en: `The organization name may not take or imitate the platform's name “${reserved}”` },
      { field: 'name', reason: 'NAME_RESERVED' },
    );
  }
}

/**
 * Which field a unique violation on organizations or users hit: the username, or else the credit code
 * (from the violated constraint's name, or the error message when the driver gives none).
 */
export function conflictingField(e: unknown): 'username' | 'creditCode' {
  const cause = e instanceof Error ? e.cause : undefined;
  const constraint = typeof cause === 'object' && cause !== null && 'constraint_name' in cause ? cause.constraint_name : undefined;
  const text = String(constraint ?? (e instanceof Error ? e.message : undefined));
  return text.includes('users_username') ? 'username' : 'creditCode';
}

/** The role a user of an organization of this kind has. */
export function roleForOrgKind(kind: OrgKind): 'staff' | 'tenderee' | 'agent' | 'bidder' | 'supervisor' | 'expert' {
  switch (kind) {
    case 'center':
      return 'staff';
    case 'tenderee':
      return 'tenderee';
    case 'agent':
      return 'agent';
    case 'bidder':
      return 'bidder';
    case 'supervisor':
      return 'supervisor';
    case 'expert_pool':
      return 'expert';
  }
}

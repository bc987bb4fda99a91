/**
 * Identity contracts (issue 3 §1, issue 15 §1): organizations and their review, users and their
 * passwords, agents' mandates. The shared shapes (ZOrganization, ZUser, ZNewAdmin …) are in common.ts.
 */
import { z } from 'zod';
import { ZCreditCode, ZDisplayName, ZId, ZNewAdmin, ZOrganization, ZOrgKind, ZOrgName, ZPage, ZPassword, ZUsername, type ZUser } from './common.ts';
import { TRADE_TYPES } from '@ebid/domain';

// ------------------------------------------------------------------------------------ organizations

export type Organization = z.infer<typeof ZOrganization>;
export type OrgKind = z.infer<typeof ZOrgKind>;
export const ZOrgStatus = ZOrganization.shape.status;
export type OrgStatus = z.infer<typeof ZOrgStatus>;
export type NewAdmin = z.infer<typeof ZNewAdmin>;

const ZPhone = z.string().trim().regex(/^[0-9+\-() ]{6,20}$/).nullish();

/** org.get / org.setBasicAccount: the bidder's 基本账户 is included for its own users and the center. */
export const ZOrganizationDetail = ZOrganization.extend({ basicAccountBank: z.string().nullish(), basicAccountNo: z.string().nullish() });
export type OrganizationDetail = z.infer<typeof ZOrganizationDetail>;

/** Bidder self-registration (pending until staff approve). */
export const ZRegisterCompanyInput = z.object({ creditCode: ZCreditCode, name: ZOrgName, contactPhone: ZPhone, admin: ZNewAdmin });
export type RegisterCompanyInput = z.infer<typeof ZRegisterCompanyInput>;

export const ZCreateOrganizationInput = z.object({ creditCode: ZCreditCode, name: ZOrgName, kind: ZOrgKind, contactPhone: ZPhone, admin: ZNewAdmin.optional() });
export type CreateOrganizationInput = z.infer<typeof ZCreateOrganizationInput>;

export const ZReviewOrganizationInput = z.object({ orgId: ZId, decision: z.enum(['approve', 'reject']), note: z.string().trim().max(500).nullish() });
export type ReviewOrganizationInput = z.infer<typeof ZReviewOrganizationInput>;

export const ZOrganizationListInput = z.object({
  status: ZOrgStatus.optional(),
  kind: ZOrgKind.optional(),
  q: z.string().trim().min(1).max(64).optional(),
  ...ZPage,
});
export type OrganizationListInput = z.infer<typeof ZOrganizationListInput>;

export const ZOrganizationList = z.object({ items: z.array(ZOrganization), nextBeforeId: z.number().int().nullable() });
export type OrganizationList = z.infer<typeof ZOrganizationList>;

export const ZOrganizationIdInput = z.object({ orgId: ZId });

/**
 * The supplier choices of a single-source project (issue 18 §3): approved bidder companies by name or
 * credit code, as the owner side picks the one supplier — the public register data only (名称, 统一社会信用代码).
 */
export const ZSupplierChoicesInput = z.object({ q: z.string().trim().min(1).max(64).optional(), limit: z.number().int().min(1).max(50).default(20) });
export type SupplierChoicesInput = z.infer<typeof ZSupplierChoicesInput>;
export const ZSupplierChoice = z.object({ id: z.number().int(), name: z.string(), creditCode: z.string() });
export type SupplierChoice = z.infer<typeof ZSupplierChoice>;
export const ZSupplierChoices = z.array(ZSupplierChoice);

/** A bidder company's basic account (B7): its administrator, or center staff for any bidder org. */
export const ZSetBasicAccountInput = z.object({
  orgId: ZId.optional(),
  bank: z.string().trim().min(2).max(100),
  accountNo: z.string().trim().regex(/^[0-9][0-9 -]{4,38}[0-9]$/, 'digits, spaces and dashes, 6–40 characters'),
});
export type SetBasicAccountInput = z.infer<typeof ZSetBasicAccountInput>;

// -------------------------------------------------------------------------------------------- users

export type User = z.infer<typeof ZUser>;

/** Users of one organization (default: the caller's). */
export const ZUserListInput = z.object({ orgId: ZId.optional() });
export type UserListInput = z.infer<typeof ZUserListInput>;

export const ZCreateUserInput = z.object({
  orgId: ZId.optional(),
  username: ZUsername,
  displayName: ZDisplayName,
  password: ZPassword,
  email: z.email().max(128).nullish(),
  isOrgAdmin: z.boolean().optional(),
  specialties: z.array(z.string().trim().min(1).max(32)).max(10).optional(),
});
export type CreateUserInput = z.infer<typeof ZCreateUserInput>;

export const ZSetUserActiveInput = z.object({ userId: ZId, active: z.boolean() });
export type SetUserActiveInput = z.infer<typeof ZSetUserActiveInput>;

export const ZUserIdInput = z.object({ userId: ZId });
export type UserIdInput = z.infer<typeof ZUserIdInput>;

/**
 * One scope of a supervisor account (issue 20 §4, M3): a 6-digit 行政区划代码 (a city code covers its
 * districts), a trade type, and for engineering optionally one industry (null: every industry). The
 * region code and the industry are checked by the service (domain supervision/scope-rule.ts), with a
 * typed VALIDATION naming the scope.
 */
export const ZSupervisorScope = z.object({
  regionCode: z.string().trim().max(12),
  tradeType: z.enum(TRADE_TYPES),
  industry: z.string().max(32).nullable(),
});
export type SupervisorScopeView = z.infer<typeof ZSupervisorScope>;

/** Replace a supervisor user's scopes (the center only). An empty list: the account sees no project. */
export const ZSetSupervisorScopesInput = z.object({ userId: ZId, scopes: z.array(ZSupervisorScope).max(100) });
export type SetSupervisorScopesInput = z.infer<typeof ZSetSupervisorScopesInput>;

/** Where the reset link went (masked) and until when it works. */
export const ZPasswordResetIssued = z.object({ sentTo: z.string(), expiresAt: z.string() });
export type PasswordResetIssued = z.infer<typeof ZPasswordResetIssued>;

/** A single-use link's token (a password reset or an account activation) and the new password. */
export const ZTokenPasswordInput = z.object({ token: z.string().max(100), newPassword: ZPassword });
export type TokenPasswordInput = z.infer<typeof ZTokenPasswordInput>;

export const ZAccountActivated = z.object({ ok: z.literal(true), username: z.string() });

// ----------------------------------------------------------------------------------------- mandates

export const ZMandate = z.object({
  id: z.number().int(),
  agentOrgId: z.number().int(),
  tendereeOrgId: z.number().int(),
  scope: z.string(),
  validFrom: z.string(),
  validTo: z.string(),
  revokedAt: z.string().nullable(),
});
export type Mandate = z.infer<typeof ZMandate>;

export const ZRecordMandateInput = z.object({
  agentOrgId: ZId,
  tendereeOrgId: ZId,
  scope: z.string().trim().min(2).max(500),
  validFrom: z.iso.datetime({ offset: true }),
  validTo: z.iso.datetime({ offset: true }),
});
export type RecordMandateInput = z.infer<typeof ZRecordMandateInput>;

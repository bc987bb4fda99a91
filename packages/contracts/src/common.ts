/** Shared zod pieces of the API contracts: ids, names, paging, and the identity shapes. */
import { z } from 'zod';
import { ROLES, USERNAME_PATTERN } from '@ebid/domain';

export const ZId = z.number().int().positive().max(Number.MAX_SAFE_INTEGER);
export const ZUsername = z
  .string()
  .trim()
  .toLowerCase()
  .regex(USERNAME_PATTERN, '3–32 characters: letters, digits, . _ -, starting with a letter');
export const ZPassword = z.string().min(8).max(128);
export const ZDisplayName = z.string().trim().min(1).max(64);
export const ZCreditCode = z.string().trim().toUpperCase().length(18);
export const ZOrgName = z.string().trim().min(2).max(128);
export const ZPem = z.string().max(20_000).regex(/-----BEGIN [A-Z ]+-----/);
/** The answer of an act that returns nothing else. */
export const ZOk = z.object({ ok: z.literal(true) });
export const ZPage = { beforeId: ZId.optional(), limit: z.number().int().min(1).max(200).default(50) };

export const ZActor = z.object({
  userId: z.number().int(),
  username: z.string(),
  displayName: z.string(),
  role: z.enum(ROLES),
  orgId: z.number().int(),
  orgName: z.string(),
  isOrgAdmin: z.boolean(),
  certSerial: z.string().nullable(),
});

export const ZOrgKind = z.enum(['center', 'tenderee', 'agent', 'bidder', 'supervisor', 'expert_pool']);
export const ZOrganization = z.object({
  id: z.number().int(),
  creditCode: z.string(),
  name: z.string(),
  kind: ZOrgKind,
  status: z.enum(['pending', 'active', 'rejected']),
  regionCode: z.string().nullable(),
  contactPhone: z.string().nullable(),
  createdAt: z.string(),
  reviewNote: z.string().nullable(),
});

export const ZUser = z.object({
  id: z.number().int(),
  orgId: z.number().int(),
  username: z.string(),
  displayName: z.string(),
  role: z.enum(ROLES),
  email: z.string().nullable(),
  isOrgAdmin: z.boolean(),
  active: z.boolean(),
  specialties: z.array(z.string()),
  createdAt: z.string(),
});

export const ZCertificate = z.object({
  id: z.number().int(),
  userId: z.number().int(),
  usage: z.enum(['signing', 'encryption']),
  serialHex: z.string(),
  subjectDn: z.string(),
  issuerDn: z.string(),
  notBefore: z.string(),
  notAfter: z.string(),
  fingerprintSha256: z.string(),
  status: z.enum(['active', 'revoked', 'superseded']),
  revokedAt: z.string().nullable(),
  pem: z.string(),
});

export const ZNewAdmin = z.object({
  username: ZUsername,
  displayName: ZDisplayName,
  password: ZPassword,
  email: z.email().max(128).nullish(),
});

/** The input of a procedure about one project. */
export const ZProjectRef = z.object({ projectId: ZId });
export type ProjectRef = z.infer<typeof ZProjectRef>;

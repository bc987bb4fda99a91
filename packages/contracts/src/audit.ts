/** The audit trail as staff read and verify it (issue 3 §4, issue 13 §2 §6). */
import { z } from 'zod';
import { ZId, ZPage } from './common.ts';

/** A chain: 'platform' or 'project:<id>'. */
export const ZChain = z.union([z.literal('platform'), z.string().regex(/^project:\d{1,15}$/).pipe(z.custom<`project:${number}`>())]);

/**
 * An audit entry as a reader sees it. Entries of registrants' and bidders' acts are masked until the
 * project's deadline (issue 13 §2): `masked`, action 'masked', and null who / subject / payload / hashes.
 * The service gives `at` as a Date (`AuditEntryShown`); the API sends it as ISO 8601.
 */
export const ZAuditEvent = z.object({
  id: z.number().int(),
  chain: z.string(),
  seq: z.number().int(),
  prevHash: z.string().nullable(),
  hash: z.string().nullable(),
  at: z.date().transform((d) => d.toISOString()),
  actorUserId: z.number().int().nullable(),
  actorRole: z.string().nullable(),
  actorOrgId: z.number().int().nullable(),
  certSerial: z.string().nullable(),
  action: z.string(),
  subjectType: z.string(),
  subjectId: z.string().nullable(),
  payload: z.unknown(),
  payloadHash: z.string().nullable(),
  objectHashes: z.array(z.string()),
  clientAddress: z.string().nullable(),
  userAgent: z.string().nullable(),
  deviceFingerprint: z.string().nullable(),
  /** Shown masked (until the deadline). */
  masked: z.boolean(),
  /** The deadline the mask lifts at (null: not masked, or no deadline set yet). */
  maskedUntil: z.string().nullable(),
  /**
   * The event in words (issue 19 §4), resolved by the service for this reader: the actor's name and
   * company (both null for the platform's own acts, a masked event, or an identity withheld), the
   * project of its chain, and the subject's label (language-neutral: '#3 · 某公司', '《…》', '王芳'; the
   * kind of subject is a vocabulary word, `auditSubject.<type>`).
   */
  actorName: z.string().nullable(),
  actorOrgName: z.string().nullable(),
  /** Whose act it was is not shown to this reader yet (a bidder before the deadline, an expert before the result). */
  actorWithheld: z.boolean(),
  project: z.object({ id: z.number().int(), name: z.string(), code: z.string().nullable() }).nullable(),
  subjectLabel: z.string().nullable(),
});
/** An entry as the service gives it (`at` a Date). */
export type AuditEntryShown = z.input<typeof ZAuditEvent>;
/** An entry before it is put in words (the masking works on it). */
export type AuditEntryRaw = Omit<AuditEntryShown, 'actorName' | 'actorOrgName' | 'actorWithheld' | 'project' | 'subjectLabel'>;

/** A dotted action code as the trail stores it (the select offers the ones in words; older ones still filter). */
const ZActionCode = z.string().max(100).regex(/^[a-z][a-z0-9_]*(\.[a-z0-9_]+)+$/);
const ZInstant = z.string().datetime({ offset: true });

/**
 * Which events (issue 19 §4): a chain (platform or a project; `projectId` says the same), one user's
 * acts, one action, a time range [from, to] — all combinable. Filtering by actor or action leaves the
 * events still secret out altogether (the filter itself would name or count them).
 */
export const ZAuditFilter = z.object({
  chain: ZChain.optional(),
  projectId: ZId.optional(),
  actorUserId: ZId.optional(),
  action: ZActionCode.optional(),
  from: ZInstant.optional(),
  to: ZInstant.optional(),
});
export type AuditFilter = z.infer<typeof ZAuditFilter>;

/** Staff audit viewer: the filtered events, newest first, keyset-paged. */
export const ZAuditListInput = ZAuditFilter.extend({ ...ZPage });
export type AuditListInput = z.infer<typeof ZAuditListInput>;

export const ZAuditPage = z.object({ events: z.array(ZAuditEvent), nextBeforeId: z.number().int().nullable() });
export type AuditPage = z.input<typeof ZAuditPage>;

/** The export of a filtered view (GET /audit/export.csv): the filter, and the language of its words. */
export const ZAuditExportQuery = ZAuditFilter.extend({ lang: z.enum(['zh', 'en']).default('zh') });
export type AuditExportQuery = z.infer<typeof ZAuditExportQuery>;
/** At most this many rows in one export; beyond it the export is refused (EXPORT_TOO_LARGE): narrow the filter. */
export { AUDIT_EXPORT_MAX_ROWS } from '@ebid/domain';

/** The filter's choices: projects by name or code, users by name or username. */
export const ZAuditChoicesInput = z.object({ kind: z.enum(['project', 'actor']), query: z.string().trim().max(50).default('') });
export type AuditChoicesInput = z.infer<typeof ZAuditChoicesInput>;
export const ZAuditChoice = z.object({ value: z.number().int(), label: z.string(), detail: z.string().nullable() });
export type AuditChoice = z.infer<typeof ZAuditChoice>;

const ZBroken = z.object({
  seq: z.number().int(),
  eventId: z.number().int(),
  problem: z.string(),
});

const ZDivergence = z.object({
  rootId: z.number().int().nullable(),
  at: z.string(),
  root: z.string(),
  chain: z.string(),
  fromSeq: z.number().int(),
  toSeq: z.number().int(),
  witnessedHead: z.string(),
  recomputedHead: z.string().nullable(),
});

export const ZVerifyReport = z.object({
  ok: z.boolean(),
  chains: z.array(
    z.object({
      chain: z.string(),
      events: z.number().int(),
      headHash: z.string().nullable(),
      ok: z.boolean(),
      firstBroken: ZBroken.optional(),
    }),
  ),
  objects: z.object({
    checked: z.number().int(),
    missing: z.array(z.object({ sha256: z.string(), eventId: z.number().int() })),
    corrupted: z.array(z.object({ sha256: z.string(), eventId: z.number().int() })),
  }),
  checkpoints: z.object({
    checked: z.number().int(),
    problems: z.array(z.object({ eventId: z.number().int(), problem: z.string() })),
  }),
  /** Only when witnessed roots were given (issue 13 §6). */
  witness: z
    .object({
      checked: z.number().int(),
      problems: z.array(z.object({ rootId: z.number().int().nullable(), at: z.string().nullable(), problem: z.string() })),
      divergences: z.array(ZDivergence),
      firstDivergence: ZDivergence.nullable(),
    })
    .optional(),
});
export type AuditVerifyReport = z.infer<typeof ZVerifyReport>;

/** A published root as a witness kept it (portal.auditRoots): the signed document and its CMS. */
export const ZWitnessedRoot = z.object({ id: z.number().int().optional(), document: z.string().max(4096), signature: z.string().max(65_536) });

/** Recompute the trail; with `roots` (published roots kept outside, issue 13 §6) also check them. */
export const ZAuditVerifyInput = z.object({ chains: z.array(ZChain).max(100).optional(), roots: z.array(ZWitnessedRoot).max(10_000).optional() });
export type AuditVerifyInput = z.infer<typeof ZAuditVerifyInput>;

export const ZAuditCheckpointResult = z.object({ eventId: z.number().int(), objectHashes: z.array(z.string()), rootId: z.number().int() });
export type AuditCheckpointResult = z.infer<typeof ZAuditCheckpointResult>;

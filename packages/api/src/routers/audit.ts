import { z } from 'zod';
import { auditCheckpoint, listAudit, verifyAuditTrail } from '@ebid/services';
import { ZId, ZPage } from '@ebid/contracts';
import { createTRPCRouter, guardedProcedure, requestContext } from '../trpc.ts';

const ZChain = z.union([z.literal('platform'), z.string().regex(/^project:\d{1,15}$/)]) as z.ZodType<'platform' | `project:${number}`>;

/**
 * An audit entry as a reader sees it. Entries of registrants' and bidders' acts are masked until the
 * project's deadline (issue 13 §2): `masked`, action 'masked', and null who / subject / payload / hashes.
 */
const ZAuditEvent = z.object({
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
  masked: z.boolean(),
  maskedUntil: z.string().nullable(),
});

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

const ZVerifyReport = z.object({
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

/** A published root as a witness kept it (portal.auditRoots): the signed document and its CMS. */
const ZWitnessedRoot = z.object({ id: z.number().int().optional(), document: z.string().max(4096), signature: z.string().max(65_536) });

export const auditRouter = createTRPCRouter({
  /** Staff audit viewer: one chain (platform or a project) or one user's acts, newest first. */
  list: guardedProcedure
    .input(z.object({ chain: ZChain.optional(), actorUserId: ZId.optional(), ...ZPage }))
    .output(z.object({ events: z.array(ZAuditEvent), nextBeforeId: z.number().int().nullable() }))
    .query(({ ctx, input }) => listAudit(ctx.deps, requestContext(ctx), input)),

  /** Recompute the trail; with `roots` (published roots kept outside, issue 13 §6) also check them. */
  verify: guardedProcedure
    .input(z.object({ chains: z.array(ZChain).max(100).optional(), roots: z.array(ZWitnessedRoot).max(10_000).optional() }))
    .output(ZVerifyReport)
    .mutation(({ ctx, input }) => verifyAuditTrail(ctx.deps, requestContext(ctx), input)),

  checkpoint: guardedProcedure
    .input(z.void())
    .output(z.object({ eventId: z.number().int(), objectHashes: z.array(z.string()), rootId: z.number().int() }))
    .mutation(async ({ ctx }) => {
      const ev = await auditCheckpoint(ctx.deps, requestContext(ctx));
      return { eventId: ev.id, objectHashes: ev.objectHashes, rootId: ev.auditRoot.id };
    }),
});

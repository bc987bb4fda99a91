import { z } from 'zod';
import {
  answerOpeningObjection,
  closeOpening,
  confirmOpeningRecord,
  decryptOpeningBid,
  endDecryptionWindow,
  generateOpeningRecord,
  getOpening,
  myOpeningKeys,
  raiseOpeningObjection,
  recordDecryptionFailure,
  setOpeningRules,
  signInToOpening,
  startOpening,
} from '@ebid/services';
import { BID_PARTS } from '@ebid/pki';
import { ZId } from '@ebid/contracts';
import { ZDraw } from './draw.ts';
import { createTRPCRouter, guardedProcedure, requestContext } from '../trpc.ts';

const ZPart = z.enum(BID_PARTS);
const ZHash = z.string().regex(/^[0-9a-f]{64}$/);
const ZTime = z.string();
const ZText = z.string().max(4000);

const ZOpeningBid = z.object({
  id: z.number().int(),
  bidId: z.number().int().nullable(),
  label: z.string(),
  sectionId: z.number().int(),
  sectionCode: z.string(),
  bidderName: z.string().nullable(),
  mine: z.boolean(),
  receivedAt: ZTime,
  signedInAt: ZTime.nullable(),
  decryptStatus: z.enum(['pending', 'decrypted', 'revoked', 'withdrawn_external']),
  decryptedAt: ZTime.nullable(),
  failureCause: z.enum(['bidder', 'platform', 'third_party']).nullable(),
  failureNote: z.string().nullable(),
  priceFen: z.number().int().nullable(),
  aboveCeiling: z.boolean(),
  durationDays: z.number().int().nullable(),
  quality: z.string().nullable(),
  depositStatus: z.string().nullable(),
  confirmStatus: z.enum(['pending', 'confirmed', 'objected', 'deemed_accepted']),
  confirmedAt: ZTime.nullable(),
  confirmCertSerial: z.string().nullable(),
  confirmCmsBase64: z.string().nullable(),
  parts: z.array(z.object({ part: ZPart, plaintextSha256: z.string().nullable(), plaintextSize: z.number().int().nullable() })),
});

export const ZOpening = z.object({
  projectId: z.number().int(),
  projectName: z.string(),
  unifiedDealCode: z.string(),
  tradeType: z.string(),
  status: z.enum(['waiting', 'decrypting', 'published', 'closed', 'failed']),
  serverTime: ZTime,
  bidDeadline: ZTime.nullable(),
  signInOpensAt: ZTime.nullable(),
  openedAt: ZTime.nullable(),
  decryptDeadline: ZTime.nullable(),
  decryptWindowMinutes: z.number().int(),
  host: z.string().nullable(),
  publishedAt: ZTime.nullable(),
  closedAt: ZTime.nullable(),
  me: z.object({ role: z.string(), signedInAt: ZTime.nullable(), isParticipant: z.boolean(), contributed: z.boolean(), bidId: z.number().int().nullable() }),
  signIns: z.array(z.object({ bidderName: z.string().nullable(), at: ZTime })),
  secretUntil: ZTime.nullable(),
  ceilings: z.array(z.object({ sectionCode: z.string(), ceilingFen: z.number().int().nullable(), priceCeilingFen: z.number().int().nullable() })),
  k: z
    .object({
      floatPointsBp: z.array(z.number().int()),
      draw: ZDraw.nullable(),
      commitment: z.string().nullable(),
      contributions: z.array(z.object({ label: z.string(), at: ZTime, valueHex: z.string() })),
      drawnAt: ZTime.nullable(),
      seedHex: z.string().nullable(),
      resultIndex: z.number().int().nullable(),
      resultBp: z.number().int().nullable(),
      kValue: z.string().nullable(),
    })
    .nullable(),
  record: z.object({ version: z.number().int(), sha256: z.string(), size: z.number().int(), generatedAt: ZTime, url: z.string() }).nullable(),
  bids: z.array(ZOpeningBid),
  objections: z.array(
    z.object({
      id: z.number().int(),
      label: z.string(),
      bidderName: z.string().nullable(),
      mine: z.boolean(),
      text: z.string(),
      raisedAt: ZTime,
      answer: z.string().nullable(),
      answeredAt: ZTime.nullable(),
    }),
  ),
  failure: z.object({ reason: z.literal('too_few_bids'), bidCount: z.number().int() }).nullable(),
  failedSections: z.array(
    z.object({
      sectionId: z.number().int(),
      sectionCode: z.string(),
      sectionName: z.string(),
      reason: z.string().nullable(),
      failedAt: ZTime.nullable(),
      bidCount: z.number().int().nullable(),
      failureNoticeId: z.number().int().nullable(),
    }),
  ),
});

const ZProject = z.object({ projectId: ZId });

/**
 * Bid opening (issue 7, 不见面开标): the session, bidder-side decryption, the opening record
 * and its confirmations and objections. Who may do what is decided in the services (opening/*.ts); the
 * live room is the SSE topic `opening.<projectId>` of `live.events`. The K draw is a public draw
 * (router `draw`, issue 14 §2), shown in the opening view as `k.draw`.
 */
export const openingRouter = createTRPCRouter({
  get: guardedProcedure
    .input(ZProject)
    .output(ZOpening)
    .query(({ ctx, input }) => getOpening(ctx.deps, requestContext(ctx), input)),
  setRules: guardedProcedure
    .input(
      z.object({
        projectId: ZId,
        decryptWindowMinutes: z.number().int().optional(),
        signInLeadMinutes: z.number().int().optional(),
        floatPointsBp: z.array(z.number().int()).max(20).nullable().optional(),
      }),
    )
    .output(z.object({ decryptWindowMinutes: z.number().int(), signInLeadMinutes: z.number().int(), floatPointsBp: z.array(z.number().int()).nullable() }))
    .mutation(({ ctx, input }) => setOpeningRules(ctx.deps, requestContext(ctx), input)),
  signIn: guardedProcedure
    .input(ZProject)
    .output(ZOpening)
    .mutation(({ ctx, input }) => signInToOpening(ctx.deps, requestContext(ctx), input)),
  start: guardedProcedure
    .input(ZProject)
    .output(ZOpening)
    .mutation(({ ctx, input }) => startOpening(ctx.deps, requestContext(ctx), input)),
  myKeys: guardedProcedure
    .input(z.object({ projectId: ZId, bidId: ZId.optional() }))
    .output(
      z.object({
        bidId: z.number().int(),
        parts: z.array(z.object({ part: ZPart, headerSha256: z.string(), recipients: z.array(z.object({ certSha256: z.string(), certSerial: z.string(), wrappedKey: z.string() })) })),
      }),
    )
    .query(({ ctx, input }) => myOpeningKeys(ctx.deps, requestContext(ctx), input)),
  decrypt: guardedProcedure
    .input(z.object({ projectId: ZId, bidId: ZId, keys: z.array(z.object({ part: ZPart, contentKey: z.string().max(64) })).min(1).max(BID_PARTS.length) }))
    .output(
      z.object({
        projectId: z.number().int(),
        openingBidId: z.number().int(),
        bidId: z.number().int(),
        decryptStatus: z.literal('decrypted'),
        decryptedAt: ZTime,
        openingStatus: z.enum(['decrypting', 'published', 'closed', 'failed']),
        parts: z.array(z.object({ part: ZPart, plaintextSha256: z.string(), plaintextSize: z.number().int() })),
      }),
    )
    .mutation(({ ctx, input }) => decryptOpeningBid(ctx.deps, requestContext(ctx), input)),
  recordFailure: guardedProcedure
    .input(z.object({ projectId: ZId, openingBidId: ZId, cause: z.enum(['platform', 'third_party']), note: ZText }))
    .output(ZOpening)
    .mutation(({ ctx, input }) => recordDecryptionFailure(ctx.deps, requestContext(ctx), input)),
  endWindow: guardedProcedure
    .input(ZProject)
    .output(ZOpening)
    .mutation(({ ctx, input }) => endDecryptionWindow(ctx.deps, requestContext(ctx), input)),
  generateRecord: guardedProcedure
    .input(ZProject)
    .output(ZOpening)
    .mutation(({ ctx, input }) => generateOpeningRecord(ctx.deps, requestContext(ctx), input)),
  confirm: guardedProcedure
    .input(z.object({ projectId: ZId, recordSha256: ZHash, signatureBase64: z.string().max(65536) }))
    .output(ZOpening)
    .mutation(({ ctx, input }) => confirmOpeningRecord(ctx.deps, requestContext(ctx), input)),
  object: guardedProcedure
    .input(z.object({ projectId: ZId, text: ZText }))
    .output(ZOpening)
    .mutation(({ ctx, input }) => raiseOpeningObjection(ctx.deps, requestContext(ctx), input)),
  answer: guardedProcedure
    .input(z.object({ objectionId: ZId, answer: ZText }))
    .output(ZOpening)
    .mutation(({ ctx, input }) => answerOpeningObjection(ctx.deps, requestContext(ctx), input)),
  close: guardedProcedure
    .input(ZProject)
    .output(ZOpening)
    .mutation(({ ctx, input }) => closeOpening(ctx.deps, requestContext(ctx), input)),
});

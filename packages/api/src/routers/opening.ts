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
import {
  ZAnswerOpeningObjectionInput,
  ZConfirmOpeningRecordInput,
  ZDecryptOpeningBidInput,
  ZDecryptResult,
  ZMyOpeningKeys,
  ZMyOpeningKeysInput,
  ZOpening,
  ZOpeningProjectInput,
  ZOpeningRules,
  ZRaiseOpeningObjectionInput,
  ZRecordDecryptionFailureInput,
  ZSetOpeningRulesInput,
  ZStartOpeningInput,
} from '@ebid/contracts';
import { createTRPCRouter, guardedProcedure, requestContext } from '../trpc.ts';

/**
 * Bid opening (issue 7, 不见面开标): the session, bidder-side decryption, the opening record
 * and its confirmations and objections. Who may do what is decided in the services (opening/*.ts); the
 * live room is the SSE topic `opening.<projectId>` of `live.events`. The K draw is a public draw
 * (router `draw`, issue 14 §2), shown in the opening view as `k.draw`.
 */
export const openingRouter = createTRPCRouter({
  get: guardedProcedure
    .input(ZOpeningProjectInput)
    .output(ZOpening)
    .query(({ ctx, input }) => getOpening(ctx.deps, requestContext(ctx), input)),
  setRules: guardedProcedure
    .input(ZSetOpeningRulesInput)
    .output(ZOpeningRules)
    .mutation(({ ctx, input }) => setOpeningRules(ctx.deps, requestContext(ctx), input)),
  signIn: guardedProcedure
    .input(ZOpeningProjectInput)
    .output(ZOpening)
    .mutation(({ ctx, input }) => signInToOpening(ctx.deps, requestContext(ctx), input)),
  start: guardedProcedure
    .input(ZStartOpeningInput)
    .output(ZOpening)
    .mutation(({ ctx, input }) => startOpening(ctx.deps, requestContext(ctx), input)),
  myKeys: guardedProcedure
    .input(ZMyOpeningKeysInput)
    .output(ZMyOpeningKeys)
    .query(({ ctx, input }) => myOpeningKeys(ctx.deps, requestContext(ctx), input)),
  decrypt: guardedProcedure
    .input(ZDecryptOpeningBidInput)
    .output(ZDecryptResult)
    .mutation(({ ctx, input }) => decryptOpeningBid(ctx.deps, requestContext(ctx), input)),
  recordFailure: guardedProcedure
    .input(ZRecordDecryptionFailureInput)
    .output(ZOpening)
    .mutation(({ ctx, input }) => recordDecryptionFailure(ctx.deps, requestContext(ctx), input)),
  endWindow: guardedProcedure
    .input(ZOpeningProjectInput)
    .output(ZOpening)
    .mutation(({ ctx, input }) => endDecryptionWindow(ctx.deps, requestContext(ctx), input)),
  generateRecord: guardedProcedure
    .input(ZOpeningProjectInput)
    .output(ZOpening)
    .mutation(({ ctx, input }) => generateOpeningRecord(ctx.deps, requestContext(ctx), input)),
  confirm: guardedProcedure
    .input(ZConfirmOpeningRecordInput)
    .output(ZOpening)
    .mutation(({ ctx, input }) => confirmOpeningRecord(ctx.deps, requestContext(ctx), input)),
  object: guardedProcedure
    .input(ZRaiseOpeningObjectionInput)
    .output(ZOpening)
    .mutation(({ ctx, input }) => raiseOpeningObjection(ctx.deps, requestContext(ctx), input)),
  answer: guardedProcedure
    .input(ZAnswerOpeningObjectionInput)
    .output(ZOpening)
    .mutation(({ ctx, input }) => answerOpeningObjection(ctx.deps, requestContext(ctx), input)),
  close: guardedProcedure
    .input(ZOpeningProjectInput)
    .output(ZOpening)
    .mutation(({ ctx, input }) => closeOpening(ctx.deps, requestContext(ctx), input)),
});

import { z } from 'zod';
import {
  appointManually,
  committeeOfSection,
  committeeSections,
  committeeVerification,
  confirmSeat,
  declineSeat,
  getCommittee,
  myInvitations,
  publishCommittee,
  publishedCommittees,
  requestCommittee,
} from '@ebid/services';
import {
  ZCommittee,
  ZCommitteeIdInput,
  ZCommitteeInvitation,
  ZCommitteeManualInput,
  ZCommitteeOfSectionInput,
  ZCommitteeRequestInput,
  ZCommitteeSeatInput,
  ZCommitteeSection,
  ZCommitteeVerification,
  ZPublishedCommittee,
} from '@ebid/contracts';
import { createTRPCRouter, guardedProcedure, requestContext } from '../trpc.ts';

/**
 * The evaluation committee (issue 21 §3–§6): staff request the draw (composition, frozen list, public
 * draw), the witnesses commit and reveal through `draw.*`, the draw runs by itself; invited experts answer;
 * staff publish. Who sees names before publication is decided in the services (E4, committee/access.ts).
 */
export const committeeRouter = createTRPCRouter({
  request: guardedProcedure
    .input(ZCommitteeRequestInput)
    .output(ZCommittee)
    .mutation(({ ctx, input }) => requestCommittee(ctx.deps, requestContext(ctx), input)),
  get: guardedProcedure
    .input(ZCommitteeIdInput)
    .output(ZCommittee)
    .query(({ ctx, input }) => getCommittee(ctx.deps, requestContext(ctx), input)),
  ofSection: guardedProcedure
    .input(ZCommitteeOfSectionInput)
    .output(ZCommittee.nullable())
    .query(({ ctx, input }) => committeeOfSection(ctx.deps, requestContext(ctx), input)),
  verification: guardedProcedure
    .input(ZCommitteeIdInput)
    .output(ZCommitteeVerification)
    .query(({ ctx, input }) => committeeVerification(ctx.deps, requestContext(ctx), input)),
  /** The sections past their bid deadline with their committee, if any: staff and supervisors (sections.ts). */
  sections: guardedProcedure
    .input(z.object({}).optional())
    .output(z.array(ZCommitteeSection))
    .query(({ ctx }) => committeeSections(ctx.deps, requestContext(ctx))),
  myInvitations: guardedProcedure
    .input(z.object({}).optional())
    .output(z.array(ZCommitteeInvitation))
    .query(({ ctx }) => myInvitations(ctx.deps, requestContext(ctx))),
  confirm: guardedProcedure
    .input(ZCommitteeSeatInput)
    .output(ZCommitteeInvitation)
    .mutation(({ ctx, input }) => confirmSeat(ctx.deps, requestContext(ctx), input)),
  decline: guardedProcedure
    .input(ZCommitteeSeatInput)
    .output(ZCommitteeInvitation)
    .mutation(({ ctx, input }) => declineSeat(ctx.deps, requestContext(ctx), input)),
  appointManually: guardedProcedure
    .input(ZCommitteeManualInput)
    .output(ZCommittee)
    .mutation(({ ctx, input }) => appointManually(ctx.deps, requestContext(ctx), input)),
  publish: guardedProcedure
    .input(ZCommitteeIdInput)
    .output(ZCommittee)
    .mutation(({ ctx, input }) => publishCommittee(ctx.deps, requestContext(ctx), input)),
  /** The published committees for the portal (no expert named in the list; the roster is public once published). */
  published: guardedProcedure
    .input(z.object({}).optional())
    .output(z.array(ZPublishedCommittee))
    .query(({ ctx }) => publishedCommittees(ctx.deps)),
});

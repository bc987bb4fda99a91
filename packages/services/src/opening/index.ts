/**
 * Bid opening (issue 7, 不见面开标): the use cases. The rules frozen with the tender (rules.ts), the
 * session — sign-in, start, decryption window, publication (session.ts) — bidder-side decryption
 * (decrypt.ts), the record, its confirmations and objections, and closing (record.ts), and the one view
 * every role reads (view.ts). Who takes part is participants.ts, the live room live.ts, the session's
 * rows session-state.ts, the K draw k-draw-purpose.ts (the public draw) and k-draw.ts (the old protocol,
 * kept to verify openings drawn before issue 14).
 */
export { getOpening } from './view.ts';
export { setOpeningRules } from './rules.ts';
export { endDecryptionWindow, recordDecryptionFailure, runOpeningWindowEnd, signInToOpening, startOpening } from './session.ts';
/** Issue 18 §5: the platform opens the session at the deadline; the alert when it has not started or has no host after the grace. */
export { runOpeningAutoOpen, runOpeningGraceAlert } from './opening-timers.ts';
export { decryptOpeningBid, myOpeningKeys, storeOpeningPlaintext } from './decrypt.ts';
export { answerOpeningObjection, closeOpening, confirmOpeningRecord, generateOpeningRecord, openingRecordPdf, raiseOpeningObjection } from './record.ts';
/** The live room: may the actor follow the topic `opening.<projectId>` (live.events)? */
export { mayFollowOpening } from './participants.ts';
/** A decrypted part's plaintext, for the evaluation (and the tests that check what was stored). */
export { plaintextOf } from './decrypt.ts';
/** The old K draw's check, kept public so openings drawn before issue 14 stay verifiable. */
export { drawK, kCommitment, verifyKDraw } from './k-draw.ts';

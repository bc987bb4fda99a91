/**
 * Objections (异议, engineering) and challenges (质疑, government procurement) (issue 5 §3, issue 12 §7;
 * domain N8, C2, §1.1 step 5 / P2, §1.2). Any active bidder company files one inside its window (T1); an
 * engineering objection to the documents suspends the project until it is answered (ZTBT §22); the owner
 * side acknowledges, refuses or answers it; yellow and red alerts watch the answer's due date. The
 * filer's identity reaches only the owner side and the center.
 */
export { fileObjection } from './filing.ts';
export { acceptObjection, answerObjection, declineObjection } from './answering.ts';
export { getObjectionWindow, listObjections } from './reading.ts';
export { objectionDueSoonAlert, objectionOverdueAlert, recomputeObjectionDueDates } from './alerts.ts';

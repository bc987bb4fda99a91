/**
 * The evaluation committee (issue 21 §3–§6; domain E1, E2, E4, O7): the request (composition checked,
 * eligible list frozen, the public draw created), the draw's consequence (members and backups from the
 * digest), invitations and answers, backups, manual appointment with special approval, publication, the
 * read paths and the public re-run. The expert pool and eligibility are ../experts.
 */
export { committeeTopic, committeeViewer, mayFollowCommittee, type CommitteeViewer } from './access.ts';
export { COMMITTEE_DRAW, committeeDrawPurpose } from './draw-purpose.ts';
export { applyCommitteeDraw, callNextBackup, COMMITTEE_RESPOND_TIMEOUT_JOB } from './drawn.ts';
export { computeSelection, eligibleListSha256, nodeHmacSha256 } from './hashes.ts';
export { appointManually } from './manual.ts';
export { publishCommittee } from './publish.ts';
export { committeeOfSection, committeeVerification, getCommittee, myInvitations, PUBLISHED_LIST_LIMIT, publishedCommittees } from './read.ts';
export { committeeSections } from './sections.ts';
export { DEFAULT_COMMIT_MINUTES, DEFAULT_REVEAL_MINUTES, OPENING_PARTICIPANT_REASON, requestCommittee } from './request.ts';
export { confirmSeat, declineSeat, runCommitteeRespondTimeout } from './respond.ts';
export { verifyCommitteeDraw } from './verify.ts';

/**
 * Qualification (issue 5 §5; domain P1–P4, B8): criteria defined by the owner side with the documents,
 * answered by each applicant with evidence until the application deadline; for prequalification center
 * staff decide pass/fail per criterion with a written reason, and completing the review tells each
 * applicant its result, moves the procedure (or fails short sections / the project) and bars the failed
 * applicants from bidding (the bidding gate). For post-qualification the answers are kept for evaluation.
 */
export { setQualificationCriteria, listQualificationCriteria } from './criteria.ts';
export { answerQualification, myQualification, myProjectQualification } from './answers.ts';
export { qualificationEvidence } from './evidence.ts';
export { listQualificationApplicants, qualificationReviewQueue, decideQualification } from './review.ts';
export { completeQualificationReview } from './complete-review.ts';
export { assertMayBid } from './bidding-gate.ts';

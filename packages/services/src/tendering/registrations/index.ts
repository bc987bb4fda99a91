/**
 * Registrations (报名 / 竞买申请, issue 5 §4): a bidder company applies for a section until the
 * registration deadline (creating its pending security), withdraws or applies again; the owner side and
 * the center read a project's registrations once they may (B11).
 */
export { applyRegistration, withdrawRegistration } from './applying.ts';
export { myRegistrations, openProjectsForBidder, projectRegistrations } from './listing.ts';
export { reviewRegistration, saleApplicants, saleReviewQueue } from './review.ts';

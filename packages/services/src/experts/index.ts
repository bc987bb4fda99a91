/** The evaluation expert pool (issue 21 §1–§2): profiles, ties, and who is eligible for a section (E3). */
export {
  createExpertProfile,
  getExpert,
  listExperts,
  myExpertProfile,
  sanctionExpert,
  setExpertAvailability,
  setMyAvailability,
  unsanctionExpert,
  updateExpertProfile,
  updateMyExpertProfile,
} from './pool.ts';
export { declareTie, endTie } from './ties.ts';
export { eligibleExperts, sectionParties, type EligibilityResult } from './eligibility.ts';
export { assertNotFrozen, insertExpertProfile, newPseudonym } from './profile-rules.ts';

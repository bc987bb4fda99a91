/**
 * Identity (DESIGN §5, issue 3 §1, issue 15): organizations and their review, users and their passwords,
 * agents' mandates, the platform's first administrator, and the trading center's own identity.
 */
export { createOrganization, registerBidderCompany, reviewOrganization } from './org-registration.ts';
export { getOrganization, listOrganizations, supplierChoices } from './org-reads.ts';
export { setBasicAccount } from './basic-account.ts';
export { createOrgUser, listOrgUsers, setUserActive } from './users.ts';
export { issuePasswordReset, resetPassword } from './password-reset.ts';
export {
  ACTIVATION_DEFAULT_HOURS,
  ACTIVATION_MAX_HOURS,
  ACTIVATION_MIN_HOURS,
  activateAccount,
  checkFirstAdminInput,
  createFirstAdmin,
  reissueAdminActivation,
} from './first-admin.ts';
export { hasMandate, listMandates, recordMandate } from './mandates.ts';
export { assertCenterPrintable, centerWithContact, documentIssuer, type CenterIdentity } from './center.ts';

import { describe, expect, it } from 'vitest';
import { statusesOf, type StatusKind } from '@ebid/domain';
import {
  ZBid,
  ZClarification,
  ZConfirmStatus,
  ZDecryptStatus,
  ZDepositStatus,
  ZHolidayYear,
  ZNotice,
  ZObjection,
  ZOpeningStatus,
  ZOrganization,
  ZOutageAffectedItem,
  ZProject,
  ZProjectSection,
  ZRegistrationStatus,
} from './index.ts';

/**
 * Status at a glance (issue 19 §2): every status value an API answer can carry has a family in
 * domain `vocabulary/status-family.ts`. A value added to one of these enums without a family fails here
 * (and the web's `statusFamilyOf(kind, status)` call stops compiling).
 */
describe('every status of the API has a colour family', () => {
  it.each<[StatusKind, readonly string[]]>([
    ['procedure', ZProject.shape.status.options],
    ['section', ZProjectSection.shape.status.options],
    ['notice', ZNotice.shape.status.options],
    ['clarification', ZClarification.shape.status.options],
    ['registration', ZRegistrationStatus.options],
    ['deposit', ZDepositStatus.options],
    ['bid', ZBid.shape.status.options],
    ['opening', ZOpeningStatus.options],
    ['decrypt', ZDecryptStatus.options],
    ['confirm', ZConfirmStatus.options],
    ['objection', ZObjection.shape.status.options],
    ['organization', ZOrganization.shape.status.options],
    ['holidayYear', ZHolidayYear.shape.status.options],
    ['outage', ZOutageAffectedItem.shape.action.options],
  ])('%s', (kind, values) => {
    expect([...values].sort()).toEqual([...statusesOf(kind)].sort());
  });
});

import { describe, expect, it } from 'vitest';
import { statusesOf, type StatusKind } from '@ebid/domain';
import { bidStatus, clarificationStatus, depositStatus, noticeStatus, objectionStatus, openingConfirmStatus, openingDecryptStatus, openingStatus, orgStatus, projectStatus, registrationStatus, sectionStatus } from './index.ts';

/**
 * Status at a glance (issue 19 §2): every status the database can hold has a colour family in domain
 * `vocabulary/status-family.ts`; a value added to an enum without one fails here.
 */
describe('every stored status has a colour family', () => {
  it.each<[StatusKind, readonly string[]]>([
    ['procedure', projectStatus.enumValues],
    ['section', sectionStatus.enumValues],
    ['notice', noticeStatus.enumValues],
    ['clarification', clarificationStatus.enumValues],
    ['registration', registrationStatus.enumValues],
    ['deposit', depositStatus.enumValues],
    ['bid', bidStatus.enumValues],
    ['decrypt', openingDecryptStatus.enumValues],
    ['confirm', openingConfirmStatus.enumValues],
    ['objection', objectionStatus.enumValues],
    ['organization', orgStatus.enumValues],
  ])('%s', (kind, values) => {
    expect([...values].sort()).toEqual([...statusesOf(kind)].sort());
  });

  it('the opening session: the stored statuses and the room\'s "waiting" before the row exists', () => {
    expect([...openingStatus.enumValues, 'waiting'].sort()).toEqual([...statusesOf('opening')].sort());
  });
});

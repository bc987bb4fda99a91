/**
 * The one test calendar (2026, 北京时间): legal schedules the factories publish with, and the instants a
 * test moves the fake clock to. A test that needs other dates writes its own schedule beside its case.
 */

/** The clock at the start of a test deps (createTestDeps `clockStart`): the morning the notice is published. */
export const TEST_START = new Date('2026-02-25T02:00:00Z');

/** A legal open-tender engineering schedule: notice 2月25日, documents 3月2日–10日, deadline and opening 3月25日 09:30. */
export const TENDER_SCHEDULE = {
  noticePublishAt: '2026-02-25T09:00:00+08:00',
  docsIssueStart: '2026-03-02T09:00:00+08:00',
  docsIssueEnd: '2026-03-10T09:00:00+08:00',
  bidDeadline: '2026-03-25T09:30:00+08:00',
  openingAt: '2026-03-25T09:30:00+08:00',
} as const;

/** A legal engineering prequalification schedule (ZTBT §16, §17; ZTB §24): applications until 3月12日, deadline 4月8日. */
export const PREQUALIFICATION_SCHEDULE = {
  noticePublishAt: '2026-02-25T09:00:00+08:00',
  prequalDocsEnd: '2026-03-06T17:00:00+08:00',
  prequalApplicationDeadline: '2026-03-12T09:00:00+08:00',
  prequalReviewEnd: '2026-03-16T17:00:00+08:00',
  docsIssueStart: '2026-03-18T09:00:00+08:00',
  docsIssueEnd: '2026-03-25T17:00:00+08:00',
  bidDeadline: '2026-04-08T09:30:00+08:00',
  openingAt: '2026-04-08T09:30:00+08:00',
} as const;

/**
 * A legal land listing schedule (L1; issue 18 §4): notice 2月25日, listing 3月18日–4月3日 10:00 (≥ 20 d, ≥ 10
 * wd), applications and deposits until 3月30日 17:00 — before the listing end (domain §5.3).
 */
export const LAND_LISTING_SCHEDULE = {
  noticePublishAt: '2026-02-25T09:00:00+08:00',
  listingStart: '2026-03-18T09:00:00+08:00',
  depositDeadline: '2026-03-30T17:00:00+08:00',
  applicationDeadline: '2026-03-30T17:00:00+08:00',
  listingEnd: '2026-04-03T10:00:00+08:00',
} as const;

/**
 * A legal equity-transfer disclosure (L7: ≥ 20 wd; issue 18 §4): 2月25日 – 3月25日 17:00, applications and
 * deposits until its end, online bidding 3月27日 10:00.
 */
export const PROPERTY_SCHEDULE = {
  noticePublishAt: '2026-02-25T09:00:00+08:00',
  disclosureStart: '2026-02-25T09:00:00+08:00',
  depositDeadline: '2026-03-25T17:00:00+08:00',
  applicationDeadline: '2026-03-25T17:00:00+08:00',
  disclosureEnd: '2026-03-25T17:00:00+08:00',
  auctionStart: '2026-03-27T10:00:00+08:00',
} as const;

export type TestScheduleKind = 'tender' | 'prequalification' | 'land_listing' | 'property';

const SCHEDULES: Record<TestScheduleKind, Record<string, string>> = {
  tender: TENDER_SCHEDULE,
  prequalification: PREQUALIFICATION_SCHEDULE,
  land_listing: LAND_LISTING_SCHEDULE,
  property: PROPERTY_SCHEDULE,
};

/** A fresh copy of the test schedule of `kind` (the shape `project.saveSchedule` takes). */
export function testSchedule(kind: TestScheduleKind = 'tender'): Record<string, string> {
  return { ...SCHEDULES[kind] };
}

/** The bid deadline of the tender schedule (the opening starts then). */
export const TEST_DEADLINE = new Date(TENDER_SCHEDULE.bidDeadline);
/** A moment inside the bidding period of the tender schedule. */
export const TEST_IN_BIDDING = new Date('2026-03-10T02:00:00Z');

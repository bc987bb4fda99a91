/** The before-deadline table (issue 13 §2; N6, O4, B5, B11): every (fact × reader) cell, and the deadlines applied. */
import { describe, expect, it } from 'vitest';
import {
  AUDIT_SECRET_ACTIONS,
  auditSecrecy,
  BEFORE_DEADLINE,
  CHECKPOINT_SECRET_SUBJECTS,
  checkpointSecret,
  maskAuditEvent,
  READERS,
  readScope,
  SECRET_FACTS,
  secretBeforeDeadline,
  secretUntil,
  type BeforeDeadline,
  type ReadScope,
  type Reader,
  type SecretFact,
  type SecrecySchedule,
} from './before-deadline.ts';

const APP = '2026-03-10T09:30:00+08:00';
const BID = '2026-03-25T09:30:00+08:00';
const open = { prequalification: false, schedule: { bidDeadline: BID } };
const prequal = { prequalification: true, schedule: { prequalApplicationDeadline: APP, bidDeadline: BID } };
const BEFORE_APP = new Date('2026-03-01T00:00:00Z');
const AFTER_APP = new Date('2026-03-15T00:00:00Z');
const AT_BID = new Date(BID);
const AFTER_BID = new Date(new Date(BID).getTime() + 1);

/** The lawful minimum, written out once more by hand: the table must say exactly this. */
const EXPECTED: Record<SecretFact, Partial<Record<Reader, BeforeDeadline>>> = {
  registrants: { bidder: 'own' },
  prequal_applicants: { bidder: 'own', tenderee: 'after_application_deadline', agent: 'after_application_deadline', staff: 'after_application_deadline', platform_admin: 'after_application_deadline', supervisor: 'after_application_deadline' },
  // Issue 18 §4: land and property applicants — their own company, and the center's reviewers for the review.
  sale_applicants: { bidder: 'own', staff: 'for_review' },
  deposits: { bidder: 'own', staff: 'lookup' },
  downloads: { bidder: 'own' },
  bids: { bidder: 'own' },
  sign_ins: { bidder: 'own' },
  audit_details: {},
};

const cells = SECRET_FACTS.flatMap((f) => READERS.map((r) => [f, r, EXPECTED[f][r] ?? 'never'] as const));

describe('the table', () => {
  it.each(cells)('%s × %s → %s before the deadline', (fact, reader, expected) => {
    expect(BEFORE_DEADLINE[fact][reader]).toBe(expected);
  });

  it('no reader but the bidding company itself learns who uploaded, bid or signed in; nobody learns the downloaders (N6, B11)', () => {
    for (const f of ['bids', 'sign_ins', 'downloads', 'registrants'] as const) {
      for (const r of READERS) expect(BEFORE_DEADLINE[f][r] === 'own' || BEFORE_DEADLINE[f][r] === 'never', `${f} ${r}`).toBe(true);
    }
  });
});

const scopes: [SecretFact, Reader, SecrecySchedule, Date, ReadScope][] = [
  ['registrants', 'bidder', open, BEFORE_APP, 'own'],
  ['registrants', 'tenderee', open, AT_BID, 'none'], // the deadline instant itself is still bidding time
  ['registrants', 'tenderee', open, AFTER_BID, 'open'],
  ['registrants', 'staff', open, BEFORE_APP, 'none'],
  ['registrants', 'platform_admin', open, BEFORE_APP, 'none'],
  ['registrants', 'supervisor', open, AFTER_BID, 'open'],
  ['sale_applicants', 'staff', open, BEFORE_APP, 'open'], // the review runs before the sale
  ['sale_applicants', 'tenderee', open, BEFORE_APP, 'none'], // the owner side never learns who applied before the sale
  ['sale_applicants', 'agent', open, AT_BID, 'none'],
  ['sale_applicants', 'platform_admin', open, BEFORE_APP, 'none'],
  ['sale_applicants', 'supervisor', open, BEFORE_APP, 'none'],
  ['sale_applicants', 'anonymous', open, BEFORE_APP, 'none'],
  ['sale_applicants', 'bidder', open, BEFORE_APP, 'own'],
  ['sale_applicants', 'tenderee', open, AFTER_BID, 'open'],
  ['registrants', 'anonymous', open, BEFORE_APP, 'none'],
  ['prequal_applicants', 'staff', prequal, BEFORE_APP, 'none'],
  ['prequal_applicants', 'staff', prequal, AFTER_APP, 'open'],
  ['prequal_applicants', 'tenderee', prequal, AFTER_APP, 'open'],
  ['prequal_applicants', 'supervisor', prequal, BEFORE_APP, 'none'],
  ['prequal_applicants', 'expert', prequal, AFTER_APP, 'none'],
  ['prequal_applicants', 'staff', open, AFTER_APP, 'none'], // no application deadline: applicants are registrants
  ['deposits', 'staff', open, BEFORE_APP, 'lookup'],
  ['deposits', 'tenderee', open, BEFORE_APP, 'none'],
  ['deposits', 'supervisor', open, BEFORE_APP, 'none'],
  ['deposits', 'bidder', open, BEFORE_APP, 'own'],
  ['deposits', 'staff', open, AFTER_BID, 'open'],
  ['bids', 'platform_admin', open, AT_BID, 'none'],
  ['bids', 'bidder', open, AT_BID, 'own'],
  ['sign_ins', 'staff', open, AT_BID, 'none'],
  ['sign_ins', 'tenderee', open, AFTER_BID, 'open'],
  ['downloads', 'tenderee', open, BEFORE_APP, 'none'],
  ['audit_details', 'supervisor', open, BEFORE_APP, 'none'],
  ['audit_details', 'supervisor', open, AFTER_BID, 'open'],
  ['bids', 'staff', { prequalification: false, schedule: {} }, AFTER_BID, 'none'], // no deadline yet: secret
];

describe('readScope', () => {
  it.each(scopes)('%s × %s (%o) at %s → %s', (fact, reader, p, now, expected) => {
    expect(readScope(fact, reader, p, now)).toBe(expected);
  });

  it.each([
    [{ bidDeadline: BID }, BID],
    [{ listingEnd: '2026-04-01T10:00:00+08:00' }, '2026-04-01T10:00:00+08:00'],
    [{ disclosureEnd: '2026-05-01T10:00:00+08:00' }, '2026-05-01T10:00:00+08:00'],
    [{}, null],
  ])('secrecy ends at the bid deadline, else the listing or disclosure end: %o → %s', (schedule, expected) => {
    expect(secretUntil({ schedule })?.getTime() ?? null).toBe(expected ? new Date(expected).getTime() : null);
  });

  it('the refusal names the fact and the deadline, never a count', () => {
    const e = secretBeforeDeadline(open, 'registrants');
    expect(e.code).toBe('INVALID_STATE');
    expect(e.details).toEqual({ reason: 'SECRET_UNTIL_DEADLINE', fact: 'registrants', until: new Date(BID).toISOString() });
  });
});

describe('audit entries', () => {
  it.each([
    ['registration.apply', open, BEFORE_APP, BID],
    ['registration.apply', open, AFTER_BID, null],
    ['registration.apply', prequal, BEFORE_APP, APP], // a prequalification application: until the application deadline
    ['registration.apply', prequal, AFTER_APP, null],
    ['qualification.answer', prequal, BEFORE_APP, APP],
    ['deposit.record', prequal, AFTER_APP, BID], // securities stay secret until the bid deadline
    ['bid.finalize', open, AT_BID, BID],
    ['bid.finalize', open, AFTER_BID, null],
    ['bid.upload_start', prequal, AFTER_APP, BID],
    ['opening.sign_in', open, BEFORE_APP, BID],
    ['project.terminated', open, BEFORE_APP, BID],
    ['notice.publish', open, BEFORE_APP, null],
    ['document.add', open, BEFORE_APP, null],
  ] as const)('%s in %o at %s: masked until %s', (action, p, now, until) => {
    const s = auditSecrecy(action, p, now);
    expect(s === null ? null : s.until?.getTime()).toBe(until === null ? null : new Date(until).getTime());
  });

  it('platform-chain events are not project secrets; a project without a deadline keeps them masked', () => {
    expect(auditSecrecy('bid.finalize', null, BEFORE_APP)).toBeNull();
    expect(auditSecrecy('bid.finalize', { prequalification: false, schedule: {} }, AFTER_BID)).toEqual({ until: null });
  });

  const event = {
    id: 7,
    chain: 'project:3',
    seq: 4,
    prevHash: 'a'.repeat(64),
    hash: 'b'.repeat(64),
    at: new Date(BEFORE_APP),
    actorUserId: 11,
    actorRole: 'bidder',
    actorOrgId: 12,
    certSerial: 'ABC',
    action: 'bid.finalize',
    subjectType: 'bid',
    subjectId: '99',
    payload: { bidderOrgId: 12, parts: [{ size: 1234, partHash: 'c'.repeat(64) }] },
    payloadHash: 'd'.repeat(64),
    objectHashes: ['e'.repeat(64)],
    clientAddress: '10.0.0.1',
    userAgent: 'Mozilla/5.0 (bidder browser)',
    deviceFingerprint: `web:${'f'.repeat(64)}`,
  };

  it('a masked entry keeps id, chain, seq and time; who, what, on what, the payload and every hash are gone', () => {
    const m = maskAuditEvent(event, new Date(BID));
    expect(m).toEqual({
      id: 7,
      chain: 'project:3',
      seq: 4,
      prevHash: null,
      hash: null,
      at: event.at,
      actorUserId: null,
      actorRole: null,
      actorOrgId: null,
      certSerial: null,
      action: 'masked',
      subjectType: 'masked',
      subjectId: null,
      payload: null,
      payloadHash: null,
      objectHashes: [],
      clientAddress: null,
      userAgent: null,
      deviceFingerprint: null,
      masked: true,
      maskedUntil: new Date(BID).toISOString(),
    });
    expect(JSON.stringify(m)).not.toMatch(/1234|"12"|bidder|99|ABC|10\.0\.0\.1|aaaa|bbbb|cccc|dddd|eeee|ffff|Mozilla/);
  });

  it('a termination keeps its event but hides the number of securities it marked for refund', () => {
    const m = maskAuditEvent({ ...event, action: 'project.terminated', subjectType: 'project', subjectId: '3', payload: { reason: '资金未落实', depositsMarkedForRefund: 4 } }, new Date(BID));
    expect(m.action).toBe('project.terminated');
    expect(m.payload).toEqual({ reason: '资金未落实', depositsMarkedForRefund: null });
    expect(m.payloadHash).toBeNull();
    expect(m.masked).toBe(true);
  });

  it('every secret action names a fact of the table', () => {
    for (const [a, r] of Object.entries(AUDIT_SECRET_ACTIONS)) expect(SECRET_FACTS, a).toContain(r.fact);
  });
});

describe('checkpoints of one company (issue 20 §3)', () => {
  it.each([
    // [subject key, reader, schedule, now, hidden]
    ['deposit:5', 'supervisor', open, BEFORE_APP, true],
    ['deposit:5', 'staff', open, AT_BID, true], // staff find a security one at a time, never count them
    ['deposit:5', 'platform_admin', open, AFTER_BID, false],
    ['deposit:5', 'supervisor', open, AFTER_BID, false],
    ['registration:7', 'supervisor', open, AT_BID, true],
    ['bid:9', 'staff', open, BEFORE_APP, true],
    ['sign_in:9', 'supervisor', open, BEFORE_APP, true],
    ['project', 'supervisor', open, BEFORE_APP, false], // the project's own timers are not about a company
    ['objection:12', 'supervisor', open, BEFORE_APP, false],
    ['deposit:5', 'supervisor', { prequalification: false, schedule: {} }, AFTER_BID, true], // no deadline yet: secret
  ] as const)('%s for %s → hidden %s', (key, reader, p, now, hidden) => {
    expect(checkpointSecret(key, reader, p, now)).toBe(hidden);
  });

  it('every secret subject names a fact of the table', () => {
    for (const [k, f] of Object.entries(CHECKPOINT_SECRET_SUBJECTS)) expect(SECRET_FACTS, k).toContain(f);
  });
});

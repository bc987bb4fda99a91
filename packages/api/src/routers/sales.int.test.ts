/**
 * Land and property modelled as sales (issue 18 §4) through the real API on PostgreSQL: the land plot's
 * 起始价 and 加价幅度, the property item's deal kind, 评估值, 评估基准日 and 转让底价 as a floor (L7), the
 * schedule checks that use them (L1, L7, domain §5.3), and the review of applicants before the sale by
 * center staff. Every refusal is an AppError with a stable reason that changes nothing.
 */
import { beforeEach, describe, expect, it } from 'vitest';
import { and, count, eq } from 'drizzle-orm';
import { auditEvents, notifications, projects, registrations, sections, users } from '@ebid/db';
import { assertMayBid } from '@ebid/services';
import {
  callerAs,
  LAND_LISTING_SCHEDULE,
  PROPERTY_SCHEDULE,
  publishedProject,
  registeredBidder,
  TEST_LAND_PLOT,
  TEST_PROPERTY_ITEM,
  TEST_START,
  type TestDeps,
  useDemoTestDeps,
} from '@ebid/testing';
import { appCode, appError } from '../test-client.ts';

let deps: TestDeps;
useDemoTestDeps((d) => (deps = d), { clockStart: TEST_START });
const as = (u: string) => callerAs(deps, u);

beforeEach(() => deps.clock.set(TEST_START));

const projectCount = async () => (await deps.db.select({ n: count() }).from(projects))[0]!.n;
const land = (sections: object[], method: 'listing' | 'auction' | 'tender' = 'listing') => ({ tradeType: 'land' as const, method, name: '示范市滨江新区地块出让', sections: sections as never });
const property = (over: object = {}) => ({
  tradeType: 'property' as const,
  method: 'listing' as const,
  name: '示范市城投物业40%股权转让',
  propertyKind: 'equity_transfer' as const,
  sections: [{ ...TEST_PROPERTY_ITEM }],
  ...over,
});

describe('a land plot has its 起始价, 加价幅度 and 竞买保证金; no ceiling (issue 18 §4)', () => {
  it.each<[string, object, string, string]>([
    ['no starting price', { name: 'R21-07地块', incrementFen: 50_000_000 }, 'STARTING_PRICE_REQUIRED', 'sections.0.startingPriceFen'],
    ['no increment', { name: 'R21-07地块', startingPriceFen: 5_200_000_000 }, 'INCREMENT_REQUIRED', 'sections.0.incrementFen'],
    ['a zero increment', { ...TEST_LAND_PLOT, incrementFen: 0 }, 'INCREMENT_NOT_POSITIVE', 'sections.0.incrementFen'],
    ['a zero starting price', { ...TEST_LAND_PLOT, startingPriceFen: 0 }, 'STARTING_PRICE_NOT_POSITIVE', 'sections.0.startingPriceFen'],
    ['a ceiling', { ...TEST_LAND_PLOT, ceilingFen: 6_000_000_000 }, 'CEILING_NOT_APPLICABLE', 'sections.0.ceilingFen'],
    ['an appraisal (property only)', { ...TEST_LAND_PLOT, appraisalFen: 1 }, 'SALE_FIELD_NOT_APPLICABLE', 'sections.0.appraisalFen'],
  ])('%s → VALIDATION %s naming the plot and field; nothing is created', async (_, section, reason, field) => {
    const t = await as('tenderee');
    const before = await projectCount();
    const e = await appError(t.project.create(land([section])));
    expect(e).toMatchObject({ code: 'VALIDATION', details: { reason, field } });
    expect(e.messageZh).toContain('地块');
    expect(e.messageEn.length).toBeGreaterThan(10);
    expect(await projectCount()).toBe(before);
  });

  it('the second plot is named when it lacks its increment', async () => {
    const e = await appError((await as('tenderee')).project.create(land([{ ...TEST_LAND_PLOT }, { name: 'R21-08地块', startingPriceFen: 100 }], 'auction')));
    expect(e).toMatchObject({ details: { reason: 'INCREMENT_REQUIRED', field: 'sections.1.incrementFen' } });
    expect(e.messageZh).toBe('地块「R21-08地块」未填写加价幅度');
  });

  it('a complete plot is stored and shown; the audit event carries it', async () => {
    const p = await (await as('tenderee')).project.create(land([{ ...TEST_LAND_PLOT }]));
    expect(p.propertyKind).toBeNull();
    expect(p.sections[0]).toMatchObject({ ceilingFen: null, startingPriceFen: 5_200_000_000, incrementFen: 50_000_000, securityFen: 1_040_000_000, appraisalFen: null });
    const [ev] = await deps.db.select().from(auditEvents).where(and(eq(auditEvents.chain, `project:${p.id}`), eq(auditEvents.action, 'project.create')));
    expect(ev!.payload).toMatchObject({ sections: [{ startingPriceFen: 5_200_000_000, incrementFen: 50_000_000 }] });
  });

  it('a tender section carries none of the sale fields', async () => {
    const e = await appError((await as('tenderee')).project.create({ tradeType: 'engineering', method: 'open', name: '示范市道路工程', sections: [{ name: '一标段', ceilingFen: 100, startingPriceFen: 100 }] }));
    expect(e).toMatchObject({ code: 'VALIDATION', details: { reason: 'SALE_FIELD_NOT_APPLICABLE', field: 'sections.0.startingPriceFen' } });
  });

  it('the application and deposit deadlines: deposit by the application deadline, both before the listing end (domain §5.3)', async () => {
    const t = await as('tenderee');
    const p = await t.project.create(land([{ ...TEST_LAND_PLOT }]));
    const late = await appError(t.project.saveSchedule({ projectId: p.id, schedule: { ...LAND_LISTING_SCHEDULE, applicationDeadline: LAND_LISTING_SCHEDULE.listingEnd }, expectedVersion: p.version }));
    expect(late).toMatchObject({ code: 'VALIDATION', details: { reason: 'SCHEDULE_VIOLATION' } });
    expect((late.details as { violations: { limitId: string }[] }).violations.map((v) => v.limitId)).toEqual(['APPLICATION_BEFORE_LISTING_END']);
    const deposit = await appError(t.project.saveSchedule({ projectId: p.id, schedule: { ...LAND_LISTING_SCHEDULE, depositDeadline: '2026-03-31T09:00:00+08:00' }, expectedVersion: p.version }));
    expect((deposit.details as { violations: { limitId: string }[] }).violations.map((v) => v.limitId)).toEqual(['DEPOSIT_NOT_AFTER_APPLICATION']);
    expect((await t.project.get({ projectId: p.id })).schedule).toEqual({});
    const saved = await t.project.saveSchedule({ projectId: p.id, schedule: { ...LAND_LISTING_SCHEDULE }, expectedVersion: p.version });
    expect(saved.schedule.applicationDeadline).toBe(new Date(LAND_LISTING_SCHEDULE.applicationDeadline).toISOString());
  });
});

describe('a property item: deal kind, 评估值, 评估基准日, 转让底价 as a floor (L7)', () => {
  it.each<[string, object, string, string]>([
    ['no deal kind', { propertyKind: undefined }, 'PROPERTY_KIND_REQUIRED', 'propertyKind'],
    ['a floor one fen below the appraisal (first disclosure)', { sections: [{ ...TEST_PROPERTY_ITEM, startingPriceFen: TEST_PROPERTY_ITEM.appraisalFen - 1 }] }, 'FLOOR_BELOW_APPRAISAL', 'sections.0.startingPriceFen'],
    [
      'a floor at 85 % with an approval document is still below the appraisal on a first disclosure',
      { sections: [{ ...TEST_PROPERTY_ITEM, startingPriceFen: 3_128_000_000, floorApprovalRef: '示国资产权〔2026〕8号' }] },
      'FLOOR_BELOW_APPRAISAL',
      'sections.0.startingPriceFen',
    ],
    ['no appraisal', { sections: [{ ...TEST_PROPERTY_ITEM, appraisalFen: null }] }, 'APPRAISAL_REQUIRED', 'sections.0.appraisalFen'],
    ['no appraisal date', { sections: [{ ...TEST_PROPERTY_ITEM, appraisalDate: null }] }, 'APPRAISAL_DATE_REQUIRED', 'sections.0.appraisalDate'],
    ['an appraisal 12 months and a day old (clock 2026-02-25)', { sections: [{ ...TEST_PROPERTY_ITEM, appraisalDate: '2025-02-24' }] }, 'APPRAISAL_EXPIRED', 'sections.0.appraisalDate'],
    ['an appraisal dated after today', { sections: [{ ...TEST_PROPERTY_ITEM, appraisalDate: '2026-02-26' }] }, 'APPRAISAL_DATE_IN_FUTURE', 'sections.0.appraisalDate'],
    ['a ceiling', { sections: [{ ...TEST_PROPERTY_ITEM, ceilingFen: 1 }] }, 'CEILING_NOT_APPLICABLE', 'sections.0.ceilingFen'],
  ])('%s → VALIDATION %s; nothing is created', async (_, over, reason, field) => {
    const before = await projectCount();
    const e = await appError((await as('tenderee')).project.create(property(over)));
    expect(e).toMatchObject({ code: 'VALIDATION', details: { reason, field } });
    expect(await projectCount()).toBe(before);
  });

  it('exactly 12 months old is still usable; the item is stored and shown with its deal kind', async () => {
    const p = await (await as('tenderee')).project.create(property({ propertyKind: 'asset_transfer', sections: [{ ...TEST_PROPERTY_ITEM, appraisalDate: '2025-02-25' }] }));
    expect(p).toMatchObject({ propertyKind: 'asset_transfer' });
    expect(p.sections[0]).toMatchObject({ startingPriceFen: TEST_PROPERTY_ITEM.startingPriceFen, appraisalFen: TEST_PROPERTY_ITEM.appraisalFen, appraisalDate: '2025-02-25', floorApprovalRef: null, ceilingFen: null });
  });

  it('a deal kind on a land or engineering project is refused', async () => {
    const e = await appError((await as('tenderee')).project.create({ ...land([{ ...TEST_LAND_PLOT }]), propertyKind: 'equity_transfer' }));
    expect(e).toMatchObject({ code: 'VALIDATION', details: { reason: 'PROPERTY_KIND_NOT_APPLICABLE', field: 'propertyKind' } });
  });

  it('the deal kind decides the disclosure minimum on save, preview and review (L7: 20 / 40 / 10 wd)', async () => {
    const t = await as('tenderee');
    // 2月25日 → 3月25日 17:00: 20 working days, too short for a capital increase (40 wd), enough for the others.
    const schedule = { noticePublishAt: PROPERTY_SCHEDULE.noticePublishAt, disclosureStart: PROPERTY_SCHEDULE.disclosureStart, disclosureEnd: PROPERTY_SCHEDULE.disclosureEnd };
    const ci = await t.project.create(property({ propertyKind: 'capital_increase' }));
    const preview = await t.project.checkSchedule({ projectId: ci.id, schedule });
    expect(preview.violations.map((v) => v.limitId)).toEqual(['L7_PROPERTY_CAPITAL_INCREASE']);
    const e = await appError(t.project.saveSchedule({ projectId: ci.id, schedule, expectedVersion: ci.version }));
    expect(e).toMatchObject({ code: 'VALIDATION', details: { reason: 'SCHEDULE_VIOLATION' } });
    expect(e.messageZh).toContain('企业增资信息披露时间不少于40个工作日');
    for (const kind of ['equity_transfer', 'asset_transfer'] as const) {
      const p = await t.project.create(property({ propertyKind: kind }));
      expect((await t.project.saveSchedule({ projectId: p.id, schedule, expectedVersion: p.version })).propertyKind).toBe(kind);
    }
    // Asset transfer: 10 wd is enough (2月25日 → 3月11日 24:00).
    const at = await t.project.create(property({ propertyKind: 'asset_transfer' }));
    const short = { ...schedule, disclosureEnd: '2026-03-12T09:00:00+08:00' };
    expect((await t.project.checkSchedule({ projectId: at.id, schedule: short })).ok).toBe(true);
    const eq20 = await t.project.create(property());
    expect((await t.project.checkSchedule({ projectId: eq20.id, schedule: short })).violations.map((v) => v.limitId)).toEqual(['L7_PROPERTY_FORMAL_DISCLOSURE']);
  });

  it('an appraisal that is usable today but not at the disclosure start blocks the submission (L7)', async () => {
    const t = await as('tenderee');
    // Reference date 2025-03-10: usable through 2026-03-10; the disclosure is planned from 3月11日.
    const p = await t.project.create(property({ sections: [{ ...TEST_PROPERTY_ITEM, appraisalDate: '2025-03-10' }] }));
    await t.project.saveSchedule({
      projectId: p.id,
      schedule: { noticePublishAt: '2026-03-11T09:00:00+08:00', disclosureStart: '2026-03-11T09:00:00+08:00', disclosureEnd: '2026-04-10T17:00:00+08:00' },
      expectedVersion: p.version,
    });
    const n = await t.notice.draft({ projectId: p.id, kind: 'property_disclosure', title: '股权转让挂牌披露公告', body: '公告正文：转让标的、交易条件与受让方资格条件详见公告。' });
    const e = await appError(t.notice.submit({ noticeId: n.id }));
    expect(e).toMatchObject({ code: 'VALIDATION', details: { reason: 'APPRAISAL_EXPIRED', field: 'sections.0.appraisalDate', checkedAt: new Date('2026-03-11T09:00:00+08:00').toISOString() } });
    expect(e.messageZh).toContain('须重新评估');
    expect((await t.project.get({ projectId: p.id })).status).toBe('DRAFT');
    // A new appraisal is attached: the listing goes to review.
    const fresh = await t.project.get({ projectId: p.id });
    const s = fresh.sections[0]!;
    const updated = await t.project.setSaleTerms({ projectId: p.id, sectionId: s.id, expectedVersion: fresh.version, startingPriceFen: 3_700_000_000, appraisalFen: 3_700_000_000, appraisalDate: '2026-02-10' });
    expect(updated.sections[0]).toMatchObject({ appraisalDate: '2026-02-10', startingPriceFen: 3_700_000_000 });
    const [ev] = await deps.db.select().from(auditEvents).where(and(eq(auditEvents.chain, `project:${p.id}`), eq(auditEvents.action, 'project.sale_terms')));
    expect(ev!.payload).toMatchObject({ before: { appraisalDate: '2025-03-10' }, after: { appraisalDate: '2026-02-10' }, firstDisclosure: true });
    expect((await t.notice.submit({ noticeId: n.id })).status).toBe('pending_review');
  });

  it('setSaleTerms: a first disclosure keeps its floor at the appraisal; a re-disclosure may lower it, below 90 % only with the approval (L7)', async () => {
    const t = await as('tenderee');
    const p = await t.project.create(property());
    const s = p.sections[0]!;
    const terms = { appraisalFen: 10_000_000_00, appraisalDate: '2026-01-05' };
    // First disclosure: 95 % is below the appraisal.
    expect(await appError(t.project.setSaleTerms({ projectId: p.id, sectionId: s.id, expectedVersion: p.version, startingPriceFen: 9_500_000_00, ...terms }))).toMatchObject({ code: 'VALIDATION', details: { reason: 'FLOOR_BELOW_APPRAISAL' } });
    // Others may not touch it; a stale version is refused; a tender project has no sale terms.
    expect(await appCode((await as('tenderee2')).project.setSaleTerms({ projectId: p.id, sectionId: s.id, expectedVersion: p.version, startingPriceFen: 1, ...terms }))).toBe('NOT_FOUND');
    expect(await appCode(t.project.setSaleTerms({ projectId: p.id, sectionId: s.id, expectedVersion: p.version + 1, startingPriceFen: 10_000_000_00, ...terms }))).toBe('CONFLICT');
    const unchanged = await t.project.get({ projectId: p.id });
    expect(unchanged.sections[0]!.startingPriceFen).toBe(TEST_PROPERTY_ITEM.startingPriceFen);
    expect(unchanged.version).toBe(p.version);

    // The deal found no buyer (FAILED) and is re-tendered: a re-disclosure.
    await deps.db.update(projects).set({ status: 'FAILED' }).where(eq(projects.id, p.id));
    const re = await t.project.retender({ projectId: p.id });
    expect(re).toMatchObject({ propertyKind: 'equity_transfer', previousProjectId: p.id });
    expect(re.sections[0]).toMatchObject({ startingPriceFen: TEST_PROPERTY_ITEM.startingPriceFen, appraisalFen: TEST_PROPERTY_ITEM.appraisalFen, appraisalDate: TEST_PROPERTY_ITEM.appraisalDate });
    const rs = re.sections[0]!;
    const ninety = await t.project.setSaleTerms({ projectId: re.id, sectionId: rs.id, expectedVersion: re.version, startingPriceFen: 9_000_000_00, ...terms }); // exactly 90 %
    expect(ninety.sections[0]!.startingPriceFen).toBe(9_000_000_00);
    const e = await appError(t.project.setSaleTerms({ projectId: re.id, sectionId: rs.id, expectedVersion: ninety.version, startingPriceFen: 8_999_000_00, ...terms })); // 89.99 %
    expect(e).toMatchObject({ code: 'VALIDATION', details: { reason: 'FLOOR_APPROVAL_REQUIRED', field: 'floorApprovalRef' } });
    expect((await t.project.get({ projectId: re.id })).sections[0]!.startingPriceFen).toBe(9_000_000_00);
    const approved = await t.project.setSaleTerms({ projectId: re.id, sectionId: rs.id, expectedVersion: ninety.version, startingPriceFen: 8_999_000_00, floorApprovalRef: '示国资产权〔2026〕8号', ...terms });
    expect(approved.sections[0]).toMatchObject({ startingPriceFen: 8_999_000_00, floorApprovalRef: '示国资产权〔2026〕8号' });

    const eng = await t.project.create({ tradeType: 'engineering', method: 'open', name: '示范市道路工程（无出让条件）', sections: [{ name: '一标段' }] });
    expect(await appError(t.project.setSaleTerms({ projectId: eng.id, sectionId: eng.sections[0]!.id, expectedVersion: eng.version, startingPriceFen: 1 }))).toMatchObject({ code: 'INVALID_STATE', details: { reason: 'NOT_A_SALE' } });
  });
});

describe('the review of land and property applicants before the sale (issue 18 §4)', () => {
  async function landSale() {
    const p = await publishedProject(deps, { tradeType: 'land', method: 'listing', name: `示范市R21-07地块挂牌出让${Math.random().toString(36).slice(2, 6)}` });
    return { p, sectionId: p.sections[0]!.id };
  }
  const userIdsOf = async (orgOfUser: string) => {
    const [u] = await deps.db.select({ orgId: users.orgId }).from(users).where(eq(users.username, orgOfUser));
    return (await deps.db.select({ id: users.id }).from(users).where(eq(users.orgId, u!.orgId))).map((x) => x.id);
  };
  const reviewNotes = async (username: string) => {
    const [u] = await deps.db.select({ id: users.id }).from(users).where(eq(users.username, username));
    return deps.db.select().from(notifications).where(and(eq(notifications.userId, u!.id), eq(notifications.kind, 'registration.review')));
  };

  it('staff see the queue and the applicants; nobody else can (the owner side, supervisors, admins, bidders)', async () => {
    const { p, sectionId } = await landSale();
    const r1 = await registeredBidder(deps, sectionId, { username: 'bidder1' });
    await registeredBidder(deps, sectionId, { username: 'bidder2', security: false });
    const staff = await as('staff');
    const queue = await staff.registration.saleReviewQueue();
    expect(queue.find((q) => q.projectId === p.id)).toMatchObject({ pending: 2, tradeType: 'land', reviewClosesAt: new Date(LAND_LISTING_SCHEDULE.listingEnd).toISOString() });
    const list = await staff.registration.saleApplicants({ projectId: p.id });
    expect(list.map((r) => r.bidderName).sort()).toEqual(['华东建工集团有限公司', '江南路桥建设有限公司'].sort());
    expect(list.find((r) => r.id === r1.id)?.deposit?.status).toBe('received');
    for (const u of ['tenderee', 'agent', 'supervisor', 'admin', 'bidder1', 'bidder3']) {
      expect(await appCode((await as(u)).registration.saleApplicants({ projectId: p.id })), u).toBe('FORBIDDEN');
      expect(await appCode((await as(u)).registration.saleReviewQueue()), u).toBe('FORBIDDEN');
    }
    // The owner side's own list stays secret until the sale (B11).
    expect(await appError((await as('tenderee')).registration.forProject({ projectId: p.id }))).toMatchObject({ code: 'INVALID_STATE', details: { reason: 'SECRET_UNTIL_DEADLINE' } });
  });

  it('a refusal needs its reason; a refused applicant is told, with the reason, and may not bid', async () => {
    const { p, sectionId } = await landSale();
    const r = await registeredBidder(deps, sectionId, { username: 'bidder1' });
    const staff = await as('staff');
    const e = await appError(staff.registration.review({ registrationId: r.id, decision: 'disqualified', note: ' ' }));
    expect(e).toMatchObject({ code: 'VALIDATION', details: { reason: 'REASON_REQUIRED', field: 'note' } });
    const [unchanged] = await deps.db.select().from(registrations).where(eq(registrations.id, r.id));
    expect(unchanged).toMatchObject({ status: 'applied', decidedAt: null, decidedBy: null, version: r.version });

    const staffId = (await staff.auth.me()).actor!.userId;
    deps.clock.set(new Date('2026-03-20T02:00:00Z'));
    const v = await (await as('staff')).registration.review({ registrationId: r.id, decision: 'disqualified', note: '竞买申请书未加盖公章', expectedVersion: r.version });
    expect(v).toMatchObject({ status: 'disqualified', decisionNote: '竞买申请书未加盖公章', decidedAt: expect.stringMatching(/^2026-03-20T02:00:0/) });
    const [row] = await deps.db.select().from(registrations).where(eq(registrations.id, r.id));
    expect(row).toMatchObject({ status: 'disqualified', decidedBy: staffId });
    const [ev] = await deps.db.select().from(auditEvents).where(and(eq(auditEvents.action, 'registration.review'), eq(auditEvents.subjectId, String(r.id))));
    expect(ev).toMatchObject({ chain: `project:${p.id}`, payload: { decision: 'disqualified', note: '竞买申请书未加盖公章' } });
    const told = await reviewNotes('bidder1');
    expect(told.map((n) => n.titleZh)).toEqual(['竞买申请未通过审核']);
    expect(told[0]!.bodyZh).toContain('理由：竞买申请书未加盖公章');
    expect((await reviewNotes('bidder1b')).length).toBe(1); // the company's other user too
    expect(await reviewNotes('bidder2')).toEqual([]); // nobody else learns of it
    expect(await userIdsOf('bidder1')).toContain(told[0]!.userId);
    // The bidder reads its own result.
    expect((await (await as('bidder1')).registration.mine()).find((m) => m.id === r.id)).toMatchObject({ status: 'disqualified', decisionNote: '竞买申请书未加盖公章' });
    // The gate of every bid path refuses it.
    const [bidder] = await deps.db.select({ orgId: users.orgId }).from(users).where(eq(users.username, 'bidder1'));
    await expect(deps.db.transaction((tx) => assertMayBid(tx, { projectId: p.id, sectionId, bidderOrgId: bidder!.orgId }))).rejects.toMatchObject({ code: 'FORBIDDEN', details: { reason: 'APPLICATION_DISQUALIFIED' } });
    // Decided once: a second decision is refused.
    expect(await appError((await as('staff')).registration.review({ registrationId: r.id, decision: 'qualified' }))).toMatchObject({ code: 'INVALID_STATE', details: { reason: 'ALREADY_DECIDED' } });
  });

  it('qualifying needs the deposit to have arrived (L2); then the applicant may go on', async () => {
    const { p, sectionId } = await landSale();
    const r = await registeredBidder(deps, sectionId, { username: 'bidder2', security: false });
    const [bidder] = await deps.db.select({ orgId: users.orgId }).from(users).where(eq(users.username, 'bidder2'));
    const gate = () => deps.db.transaction((tx) => assertMayBid(tx, { projectId: p.id, sectionId, bidderOrgId: bidder!.orgId }));
    await expect(gate()).rejects.toMatchObject({ code: 'FORBIDDEN', details: { reason: 'NOT_QUALIFIED' } });
    const e = await appError((await as('staff')).registration.review({ registrationId: r.id, decision: 'qualified' }));
    expect(e).toMatchObject({ code: 'INVALID_STATE', details: { reason: 'DEPOSIT_NOT_RECEIVED' } });
    expect(e.messageZh).toContain('竞买保证金尚未到账');
    const staff = await as('staff');
    await staff.deposit.record({ depositId: r.deposit!.id, amountFen: r.deposit!.requiredFen, form: 'cash', payerName: '江南路桥建设有限公司', payerAccount: '330100 700002 100002', reference: 'HX-001', receivedAt: deps.clock.now().toISOString() });
    const v = await staff.registration.review({ registrationId: r.id, decision: 'qualified' });
    expect(v).toMatchObject({ status: 'qualified', decisionNote: null });
    await expect(gate()).resolves.toBeUndefined();
    expect((await reviewNotes('bidder2')).map((n) => n.titleZh)).toContain('竞买申请审核通过');
  });

  it('no review at or after the listing end, nor where qualification is not at registration', async () => {
    const { sectionId } = await landSale();
    const r = await registeredBidder(deps, sectionId, { username: 'bidder3' });
    deps.clock.set(new Date(LAND_LISTING_SCHEDULE.listingEnd));
    const e = await appError((await as('staff')).registration.review({ registrationId: r.id, decision: 'qualified' }));
    expect(e).toMatchObject({ code: 'DEADLINE_PASSED', details: { reason: 'REVIEW_CLOSED' } });
    const [row] = await deps.db.select().from(registrations).where(eq(registrations.id, r.id));
    expect(row!.status).toBe('applied');

    deps.clock.set(TEST_START);
    const eng = await publishedProject(deps, { name: '示范市道路工程（审核测试）' });
    const er = await registeredBidder(deps, eng.sections[0]!.id, { username: 'bidder3' });
    expect(await appError((await as('staff')).registration.review({ registrationId: er.id, decision: 'qualified' }))).toMatchObject({ code: 'INVALID_STATE', details: { reason: 'NO_APPLICATION_REVIEW' } });
    expect(await appCode((await as('staff')).registration.saleApplicants({ projectId: eng.id }))).toBe('INVALID_STATE');
  });

  it('a property transfer is reviewed the same way until its bidding starts', async () => {
    const p = await publishedProject(deps, { tradeType: 'property', method: 'listing', name: '示范市城投物业40%股权转让（审核测试）' });
    const r = await registeredBidder(deps, p.sections[0]!.id, { username: 'bidder1' });
    const v = await (await as('staff')).registration.review({ registrationId: r.id, decision: 'qualified' });
    expect(v.status).toBe('qualified');
    expect((await reviewNotes('bidder1')).map((n) => n.titleZh)).toContain('受让申请审核通过');
    const [s] = await deps.db.select().from(sections).where(eq(sections.projectId, p.id));
    expect(s).toMatchObject({ startingPriceFen: TEST_PROPERTY_ITEM.startingPriceFen, appraisalFen: TEST_PROPERTY_ITEM.appraisalFen });
  });
});

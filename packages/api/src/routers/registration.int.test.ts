/**
 * Registrations (报名, issue 5 §4) through the real API: one application per company per section (also
 * under a concurrent double submit), none after the deadline by server time (T1), withdrawal before it,
 * the pending deposit of the section's security, the bidder's basic account (B7), and the security cap at
 * project save (B6).
 */
import { beforeEach, describe, expect, it } from 'vitest';
import { and, eq } from 'drizzle-orm';
import { deposits, registrations } from '@ebid/db';
import { callerAs, publishedProject, registeredBidder, TEST_START, type TestDeps, useDemoTestDeps } from '@ebid/testing';
import { appCode, appError } from '../test-client.ts';

let deps: TestDeps;
useDemoTestDeps((d) => (deps = d), { clockStart: TEST_START });
const as = (u: string) => callerAs(deps, u);

beforeEach(() => deps.clock.set(TEST_START));

/** A project of two sections: the first with a 160,000 CNY security, the second without. */
const twoSections = (name: string) =>
  publishedProject(deps, {
    name,
    sections: [
      { name: '第一标段', ceilingFen: 800_000_000, securityFen: 16_000_000 },
      { name: '第二标段', ceilingFen: 500_000_000, securityFen: 0 },
    ],
  });

describe('registration (报名)', () => {
  it('a bidder company applies: registration applied, deposit pending with the section security', async () => {
    const project = await twoSections('示范市滨江大道改造工程（报名测试）');
    const b = await as('bidder1');
    const sec = project.sections[0]!;
    const open = await b.registration.openProjects();
    const listed = open.find((o) => o.id === project.id)!;
    expect(listed.deadline).toBe('2026-03-25T01:30:00.000Z');
    expect(listed.sections.map((s) => s.myRegistration)).toEqual([null, null]);

    const r = await b.registration.register({ sectionId: sec.id });
    expect(r).toMatchObject({ status: 'applied', sectionCode: '001', bidderName: '华东建工集团有限公司', deposit: { status: 'pending', requiredFen: 16_000_000, receivedFen: null } });

    const mine = await b.registration.mine();
    expect(mine.find((m) => m.id === r.id)).toMatchObject({
      project: { id: project.id, unifiedDealCode: project.unifiedDealCode, tradeType: 'engineering', deadline: '2026-03-25T01:30:00.000Z' },
      deposit: { status: 'pending' },
    });
    const again = (await b.registration.openProjects()).find((o) => o.id === project.id)!;
    expect(again.sections[0]!.myRegistration).toEqual({ id: r.id, status: 'applied' });

    // A section without a security: no deposit row.
    const r2 = await b.registration.register({ sectionId: project.sections[1]!.id });
    expect(r2.deposit).toBeNull();
  });

  it('a second application of the same company (another user) → CONFLICT ALREADY_REGISTERED', async () => {
    const project = await twoSections('示范市滨江大道改造工程（重复报名测试）');
    await registeredBidder(deps, project.sections[0]!.id, { username: 'bidder1', security: false });
    const e = await appError((await as('bidder1b')).registration.register({ sectionId: project.sections[0]!.id }));
    expect(e).toMatchObject({ code: 'CONFLICT', details: { reason: 'ALREADY_REGISTERED' } });
  });

  it('two concurrent applications of one company → exactly one registration', async () => {
    const project = await twoSections('示范市滨江大道改造工程（并发报名测试）');
    const [a, b] = await Promise.all([as('bidder2'), as('bidder2b')]);
    const sectionId = project.sections[0]!.id;
    const results = await Promise.allSettled([a.registration.register({ sectionId }), b.registration.register({ sectionId })]);
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    const failed = results.find((r) => r.status === 'rejected') as PromiseRejectedResult;
    expect(await appCode(Promise.reject(failed.reason))).toBe('CONFLICT');
    const orgId = (await a.auth.me()).actor!.orgId;
    const rows = await deps.db.select().from(registrations).where(and(eq(registrations.sectionId, sectionId), eq(registrations.bidderOrgId, orgId)));
    expect(rows).toHaveLength(1);
    expect(await deps.db.select().from(deposits).where(eq(deposits.registrationId, rows[0]!.id))).toHaveLength(1);
  });

  it('a tenderee cannot apply; an unpublished project is not found', async () => {
    const project = await twoSections('示范市滨江大道改造工程（报名权限测试）');
    expect(await appCode((await as('tenderee')).registration.register({ sectionId: project.sections[0]!.id }))).toBe('FORBIDDEN');
    const t = await as('tenderee');
    const draft = await t.project.create({ tradeType: 'engineering', method: 'open', name: '未发布项目', sections: [{ name: '一标段' }] });
    expect(await appCode((await as('bidder1')).registration.register({ sectionId: draft.sections[0]!.id }))).toBe('NOT_FOUND');
  });

  it('before the bid deadline nobody lists the registrants (issue 13 §2, B11); other tenderees and bidders cannot at all', async () => {
    const project = await twoSections('示范市滨江大道改造工程（报名名单测试）');
    for (const u of ['tenderee', 'supervisor', 'staff', 'admin']) {
      expect(await appError((await as(u)).registration.forProject({ projectId: project.id })), u).toMatchObject({ code: 'INVALID_STATE', details: { reason: 'SECRET_UNTIL_DEADLINE' } });
    }
    expect(await appCode((await as('tenderee2')).registration.forProject({ projectId: project.id }))).toBe('FORBIDDEN');
    expect(await appCode((await as('bidder1')).registration.forProject({ projectId: project.id }))).toBe('FORBIDDEN');
  });

  it('withdrawal before the deadline; another company cannot withdraw it', async () => {
    const project = await twoSections('示范市滨江大道改造工程（撤回报名测试）');
    const b3 = await as('bidder3');
    const r = await b3.registration.register({ sectionId: project.sections[0]!.id });
    expect(await appCode((await as('bidder4')).registration.withdraw({ registrationId: r.id }))).toBe('NOT_FOUND');
    const w = await b3.registration.withdraw({ registrationId: r.id });
    expect(w.status).toBe('withdrawn');
    expect(await appCode(b3.registration.withdraw({ registrationId: r.id }))).toBe('INVALID_STATE');
    // Staff cannot record a deposit for a withdrawn registration.
    expect(await appCode((await as('staff')).deposit.record({ depositId: w.deposit!.id, amountFen: 16_000_000, form: 'guarantee', payerName: '钱塘市政工程有限公司', reference: 'G-W-1' }))).toBe('INVALID_STATE');
 
    // Before the deadline the company may register again: the same registration, applied, deposit pending.
    const again = await b3.registration.register({ sectionId: project.sections[0]!.id });
    expect(again.id).toBe(r.id);
    expect(again.status).toBe('applied');
    expect(again.deposit?.status).toBe('pending');
    expect(await appCode(b3.registration.register({ sectionId: project.sections[0]!.id }))).toBe('CONFLICT');
  });

  it('after the deadline (server time) → VALIDATION REGISTRATION_CLOSED, nothing created; withdrawal closed too', async () => {
    const project = await twoSections('示范市滨江大道改造工程（报名截止测试）');
    // Before the deadline: 华东建工 in both sections (security pending), 江南路桥 in the first.
    await registeredBidder(deps, project.sections[0]!.id, { username: 'bidder1', security: false });
    await registeredBidder(deps, project.sections[1]!.id, { username: 'bidder1' });
    await registeredBidder(deps, project.sections[0]!.id, { username: 'bidder2', security: false });
    const b1 = await as('bidder1');
    const mine = (await b1.registration.mine()).find((m) => m.projectId === project.id)!;
    deps.clock.set(new Date('2026-03-25T01:29:58.000Z')); // just before the deadline: still in time
    const b5 = await as('bidder5');
    expect((await b5.registration.register({ sectionId: project.sections[1]!.id })).status).toBe('applied');
    deps.clock.set(new Date('2026-03-25T01:30:01.000Z'));
    const b4 = await as('bidder4');
    const e = await appError(b4.registration.register({ sectionId: project.sections[0]!.id }));
    expect(e).toMatchObject({ code: 'VALIDATION', details: { reason: 'REGISTRATION_CLOSED', deadline: '2026-03-25T01:30:00.000Z' } });
    const orgId = (await b4.auth.me()).actor!.orgId;
    expect(await deps.db.select().from(registrations).where(and(eq(registrations.projectId, project.id), eq(registrations.bidderOrgId, orgId)))).toEqual([]);
    expect((await appError((await as('bidder1')).registration.withdraw({ registrationId: mine.id }))).details?.reason).toBe('REGISTRATION_CLOSED');
    expect((await (await as('bidder4')).registration.openProjects()).find((o) => o.id === project.id)).toBeUndefined();
    // After the deadline the owner side and the center list the registrations with deposit status.
    const list = await (await as('tenderee')).registration.forProject({ projectId: project.id });
    expect(list.map((r) => r.bidderName)).toEqual(expect.arrayContaining(['华东建工集团有限公司', '江南路桥建设有限公司']));
    expect(list.find((r) => r.sectionCode === '001' && r.bidderName === '华东建工集团有限公司')!.deposit!.status).toBe('pending');
    expect((await (await as('supervisor')).registration.forProject({ projectId: project.id })).length).toBe(list.length);
  });
});

describe('B6 at project save', () => {
  it('a section security above 2% of its estimate → VALIDATION SECURITY_CAP naming the field and the cap; nothing saved', async () => {
    const t = await as('tenderee');
    const before = (await t.project.list({ limit: 200 })).length;
    const e = await appError(
      t.project.create({
        tradeType: 'engineering',
        method: 'open',
        name: '超额保证金项目',
        sections: [
          { name: '一标段', ceilingFen: 800_000_000, securityFen: 16_000_000 },
          { name: '二标段', ceilingFen: 800_000_000, securityFen: 16_000_001 },
        ],
      }),
    );
    expect(e).toMatchObject({ code: 'VALIDATION', details: { reason: 'SECURITY_CAP', field: 'sections.1.securityFen', capFen: 16_000_000 } });
    // 800,000 CNY absolute cap on a large estimate; GP: 2% of the budget when the section has no ceiling.
    expect(
      (await appError(t.project.create({ tradeType: 'engineering', method: 'open', name: '大型项目', sections: [{ name: '一标段', ceilingFen: 100_000_000_00, securityFen: 80_000_001 }] }))).details,
    ).toMatchObject({ capFen: 80_000_000 });
    const t2 = await as('tenderee2');
    expect(
      (await appError(t2.project.create({ tradeType: 'procurement', method: 'open', name: '采购项目', budgetFen: 1_000_000_00, sections: [{ name: '包1', securityFen: 2_000_001 }] }))).details,
    ).toMatchObject({ reason: 'SECURITY_CAP', field: 'sections.0.securityFen', capFen: 2_000_000 });
    expect((await t.project.list({ limit: 200 })).length).toBe(before);
    // Land: no statutory cap.
    const land = await t.project.create({ tradeType: 'land', method: 'listing', name: '地块', sections: [{ name: 'R1', startingPriceFen: 100_000_00, incrementFen: 1_000_00, securityFen: 50_000_00 }] });
    expect(land.sections[0]!.securityFen).toBe(50_000_00);
  });
});

describe('basic account (基本账户, B7)', () => {
  it('the company administrator records it; the company and the center see it; others do not; clerks cannot set it', async () => {
    const admin = await as('bidder3');
    const orgId = (await admin.auth.me()).actor!.orgId;
    expect((await admin.org.get({ orgId })).basicAccountNo).toBe('330100 700003 100003'); // seeded
    const o = await admin.org.setBasicAccount({ bank: '中国工商银行示范市支行', accountNo: '1202-0210 0900 1234 567' });
    expect(o).toMatchObject({ basicAccountBank: '中国工商银行示范市支行', basicAccountNo: '1202-0210 0900 1234 567' });
    expect((await (await as('bidder3b')).org.get({ orgId })).basicAccountNo).toBe('1202-0210 0900 1234 567');
    expect((await (await as('staff')).org.get({ orgId })).basicAccountBank).toBe('中国工商银行示范市支行');
    expect((await (await as('supervisor')).org.get({ orgId })).basicAccountNo).toBeUndefined();
    expect(await appCode((await as('bidder3b')).org.setBasicAccount({ bank: '某银行', accountNo: '123456' }))).toBe('FORBIDDEN');
    expect(await appCode((await as('bidder1')).org.setBasicAccount({ orgId, bank: '某银行', accountNo: '123456' }))).toBe('FORBIDDEN');
    expect(await appCode(admin.org.setBasicAccount({ bank: '某银行', accountNo: '12a456' }))).toBe('VALIDATION');
    expect(await appCode((await as('tenderee')).org.setBasicAccount({ bank: '某银行', accountNo: '123456' }))).toBe('FORBIDDEN');
    // Staff for any bidder org, not for a tenderee org.
    const s = await as('staff');
    expect((await s.org.setBasicAccount({ orgId, bank: '中国建设银行示范市分行', accountNo: '330100 700003 100003' })).basicAccountNo).toBe('330100 700003 100003');
    const tendereeOrg = (await (await as('tenderee')).auth.me()).actor!.orgId;
    expect(await appCode(s.org.setBasicAccount({ orgId: tendereeOrg, bank: '某银行', accountNo: '123456' }))).toBe('VALIDATION');
  });
});

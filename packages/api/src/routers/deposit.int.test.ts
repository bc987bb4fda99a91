/**
 * Securities / deposits (issue 5 §4) through the real API: staff record a receipt (B6 cap, required
 * amount, B7 form and payer), a bank-statement CSV imports all rows or none (every bad row reported),
 * refund due dates per B10, the overdue red alert, refund and forfeiture.
 */
import crypto from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { and, eq, inArray } from 'drizzle-orm';
import { auditEvents, checkpoints, depositImports, deposits, jobs, registrations, unmatchedPayments } from '@ebid/db';
import { markDepositsForRefund, SYSTEM_CONTEXT } from '@ebid/services';
import { callerAs, publishedProject, type PublishOptions, runTestJob, TEST_START, type TestDeps, useDemoTestDeps } from '@ebid/testing';
import { appCode, appError } from '../test-client.ts';

let deps: TestDeps;
useDemoTestDeps((d) => (deps = d), { clockStart: TEST_START });
const as = (u: string) => callerAs(deps, u);
const START = TEST_START;

const published = (owner: string, tradeType: 'engineering' | 'procurement', name: string, sections: PublishOptions['sections'], budgetFen: number, opts: { securityWaived?: boolean } = {}) =>
  publishedProject(deps, { owner, tradeType, name, sections, budgetFen, securityWaived: opts.securityWaived ?? false, noticeBody: '一、项目基本情况\n\n本项目已具备招标条件，现进行公开招标。' });

type Project = Awaited<ReturnType<typeof published>>;
let eng: Project; // engineering: ceiling 8,000,000 CNY → cap 160,000 CNY; required 160,000
let gp: Project; // procurement: budget 1,000,000 CNY → cap 20,000 CNY; required 20,000
let eng2: Project; // engineering again (issue 16 §5 tests): required 160,000
let waived: Project; // engineering, the security waived
const dep: Record<string, number> = {};
/** Payment references (付款附言) of the registrations, by user (eng/gp) and by user on eng2. */
const pref: Record<string, string> = {};
const dep2: Record<string, number> = {};
const pref2: Record<string, string> = {};

beforeAll(async () => {
  eng = await published('tenderee', 'engineering', '示范市滨江大道改造工程（保证金测试）', [{ name: '第一标段', ceilingFen: 800_000_000, securityFen: 16_000_000 }], 880_000_000);
  gp = await published('tenderee2', 'procurement', '示范市第一人民医院设备采购（保证金测试）', [{ name: '包1', securityFen: 2_000_000 }], 100_000_000);
  for (const [u, p] of [
    ['bidder1', eng],
    ['bidder2', eng],
    ['bidder3', eng],
    ['bidder4', gp],
    ['bidder5', gp],
  ] as const) {
    const r = await (await as(u)).registration.register({ sectionId: p.sections[0]!.id });
    dep[u] = r.deposit!.id;
    pref[u] = r.paymentReference!;
  }
  eng2 = await published('tenderee', 'engineering', '示范市江滨路排水管网工程（付款附言测试）', [{ name: '第一标段', ceilingFen: 800_000_000, securityFen: 16_000_000 }], 880_000_000);
  for (const u of ['bidder1', 'bidder2', 'bidder3']) {
    const r = await (await as(u)).registration.register({ sectionId: eng2.sections[0]!.id });
    dep2[u] = r.deposit!.id;
    pref2[u] = r.paymentReference!;
  }
  waived = await published('tenderee', 'engineering', '示范市老旧小区改造工程（免收保证金）', [{ name: '第一标段', ceilingFen: 800_000_000 }], 880_000_000, { securityWaived: true });
});

const row = async (id: number) => (await deps.db.select().from(deposits).where(eq(deposits.id, id)))[0]!;

describe('deposit.record (staff)', () => {
  it('an amount above the cap → VALIDATION SECURITY_CAP (B6), unchanged', async () => {
    const s = await as('staff');
    const before = await row(dep.bidder1!);
    const e = await appError(s.deposit.record({ depositId: dep.bidder1!, amountFen: 16_000_001, form: 'guarantee', payerName: '华东建工集团有限公司', reference: 'G-001' }));
    expect(e).toMatchObject({ code: 'VALIDATION', details: { reason: 'SECURITY_CAP', capFen: 16_000_000 } });
    expect(await row(dep.bidder1!)).toEqual(before);
    expect((await appError(s.deposit.record({ depositId: dep.bidder1!, amountFen: 15_999_999, form: 'guarantee', payerName: '华东建工集团有限公司', reference: 'G-001' }))).details?.reason).toBe(
      'BELOW_REQUIRED',
    );
  });

  it('government procurement in cash → VALIDATION SECURITY_FORM (B7)', async () => {
    const e = await appError((await as('staff')).deposit.record({ depositId: dep.bidder4!, amountFen: 2_000_000, form: 'cash', payerName: '之江智能科技有限公司', payerAccount: '330100 700004 100004', reference: 'T-004' }));
    expect(e).toMatchObject({ code: 'VALIDATION', details: { reason: 'SECURITY_FORM' } });
    expect((await row(dep.bidder4!)).status).toBe('pending');
  });

  it('engineering cash from another account → VALIDATION PAYER_NOT_BASIC_ACCOUNT (B7); from the basic account → received', async () => {
    const s = await as('staff');
    const e = await appError(s.deposit.record({ depositId: dep.bidder1!, amountFen: 16_000_000, form: 'cash', payerName: '华东建工集团有限公司', payerAccount: '6222 0000 1111 2222', reference: 'T-001' }));
    expect(e).toMatchObject({ code: 'VALIDATION', details: { reason: 'PAYER_NOT_BASIC_ACCOUNT', field: 'payerAccount' } });
    expect((await row(dep.bidder1!)).status).toBe('pending');
    const ok = await s.deposit.record({ depositId: dep.bidder1!, amountFen: 16_000_000, form: 'cash', payerName: '华东建工集团有限公司', payerAccount: '330100-700001-100001', reference: 'T-001' });
    expect(ok).toMatchObject({ status: 'received', receivedFen: 16_000_000, form: 'cash', source: 'manual', overdue: false, refundDueAt: null });
    expect(await appCode(s.deposit.record({ depositId: dep.bidder1!, amountFen: 16_000_000, form: 'cash', payerName: '华东建工集团有限公司', payerAccount: '330100700001100001', reference: 'T-002' }))).toBe('INVALID_STATE');
    expect(await appCode((await as('tenderee')).deposit.record({ depositId: dep.bidder2!, amountFen: 16_000_000, form: 'guarantee', payerName: 'x', reference: 'x' }))).toBe('FORBIDDEN');
  });
});

describe('deposit.import (bank statement CSV)', () => {
  it('one malformed amount and one unknown project → VALIDATION listing both lines; nothing imported', async () => {
    const csv = [
      '交易日期,付款人名称,付款账号,金额,交易流水号,附言,保证金形式',
      `2026-02-25 08:15,江南路桥建设有限公司,330100 700002 100002,"160,000.00",BANK-0001,${pref.bidder2},现金`,
      `2026-02-25,钱塘市政工程有限公司,330100 700003 100003,16万,BANK-0002,${pref.bidder3},现金`,
      `2026-02-25,西湖医疗设备有限公司,,"20,000.00",,${pref.bidder5},保函`,
    ].join('\n');
    const e = await appError((await as('staff')).deposit.import({ fileName: 'bad.csv', csv }));
    expect(e.code).toBe('VALIDATION');
    expect(e.details?.reason).toBe('IMPORT_ROWS');
    const rows = e.details?.rows as { line: number; field: string; reason: string; messageZh: string }[];
    expect(rows.map((r) => [r.line, r.field, r.reason])).toEqual([
      [3, 'amount', 'AMOUNT_FORMAT'],
      [4, 'reference', 'REQUIRED'],
      // a guarantee row names its issuer and how it was verified (issue 16 §5)
      [4, 'guaranteeIssuer', 'GUARANTEE_DETAILS'],
      [4, 'guaranteeVerification', 'GUARANTEE_DETAILS'],
    ]);
    expect(rows[0]!.messageZh).toContain('第3行');
    const all = await deps.db.select().from(deposits).where(inArray(deposits.id, [dep.bidder2!, dep.bidder3!, dep.bidder5!]));
    expect(all.map((d) => d.status)).toEqual(['pending', 'pending', 'pending']);
    expect(await deps.db.select().from(depositImports)).toEqual([]);
    expect(await deps.db.select().from(unmatchedPayments)).toEqual([]);
  });

  it('a statement without the remark (附言) column is refused: rows are matched by it', async () => {
    const csv = ['交易日期,付款人名称,付款账号,金额,交易流水号', '2026-02-25,江南路桥建设有限公司,330100 700002 100002,160000,BANK-0009'].join('\n');
    const e = await appError((await as('staff')).deposit.import({ fileName: 'old.csv', csv }));
    expect((e.details?.rows as { field: string; reason: string }[]).map((r) => [r.field, r.reason])).toEqual([['remark', 'MISSING_COLUMN']]);
  });

  it('rows checked against the database: above cap, B7 payer, wrong payer name, reference reuse and repeats', async () => {
    const csv = [
      'date,payer_name,payer_account,amount,reference,remark,form,guarantee_issuer,guarantee_verification',
      `2026-02-25,江南路桥建设有限公司,330100 700002 100002,160000.01,BANK-0101,保证金${pref.bidder2},cash`,
      `2026-02-25,钱塘市政工程有限公司,9999 8888,160000,BANK-0102,${pref.bidder3},cash`,
      `2026-02-25,江南路桥建设有限公司,330100 700002 100002,160000,BANK-0103,江南路桥建设有限公司投标保证金,cash`,
      `2026-02-25,西湖医疗设备有限公司,,20000,T-001,${pref.bidder5},guarantee,示范银行,函证`,
      `2026-02-25,之江智能科技有限公司,,20000,BANK-0105,${pref.bidder4},guarantee,示范银行,函证`,
      `2026-02-30,之江智能科技有限公司,,20000,BANK-0105,${pref.bidder4},guarantee,示范银行,函证`,
    ].join('\r\n');
    const e = await appError((await as('staff')).deposit.import({ fileName: 'bad2.csv', csv }));
    const rows = e.details?.rows as { line: number; reason: string }[];
    expect(rows.map((r) => [r.line, r.reason])).toEqual([
      [2, 'SECURITY_CAP'],
      [3, 'PAYER_NOT_BASIC_ACCOUNT'],
      [5, 'REFERENCE_USED'],
      [7, 'DATE_FORMAT'],
    ]); // line 4 names a registered company but carries no reference: not matched by name, not an error
    expect((await row(dep.bidder4!)).status).toBe('pending');
    expect(await deps.db.select().from(unmatchedPayments)).toEqual([]);
  });

  it('a good statement (BOM, Chinese header, quoted amounts): rows matched by the reference in the remark are received, the others listed as unmatched (issue 16 §5), the CSV kept by hash', async () => {
    const csv =
      '\uFEFF交易日期,付款人名称,付款账号,金额,交易流水号,附言,保证金形式,保函出具机构,保函核验\n' +
      `2026-02-25 08:15,江南路桥建设有限公司,330100 700002 100002,"160,000.00",BANK-0001,投标保证金${pref.bidder2}滨江大道,现金\n` +
      `2026-02-25,之江智能科技有限公司,,"20,000.00",BH-2026-0042,${pref.bidder4!.toLowerCase()},电子保函,示范财产保险股份有限公司,核验码 Q7K2\n` +
      // bidder3's company, and the amount it owes on eng2, but no reference: listed, never guessed by the name
      `2026-02-25 08:30,钱塘市政工程有限公司,330100 700003 100003,"160,000.00",BANK-0003,钱塘市政江滨路保证金,现金\n` +
      // a reference of the right shape that no registration has
      `2026-02-25 08:40,某某贸易有限公司,6222 0000 1111 2222,500.00,BANK-0004,BZJ0000000000,现金\n`;
    const r = await (await as('staff')).deposit.import({ fileName: '建设银行流水20260225.csv', csv });
    expect(r).toMatchObject({ imported: 2, unmatched: 2 });
    expect((await row(dep.bidder3!)).status).toBe('pending');
    expect((await row(dep2.bidder3!)).status).toBe('pending');
    const open = await (await as('staff')).deposit.unmatched({});
    expect(open.map((u) => [u.line, u.payerName, u.amountFen, u.reference, u.remark, u.status]).sort()).toEqual([
      [4, '钱塘市政工程有限公司', 16_000_000, 'BANK-0003', '钱塘市政江滨路保证金', 'open'],
      [5, '某某贸易有限公司', 50_000, 'BANK-0004', 'BZJ0000000000', 'open'],
    ]);
    expect(open[0]!.importId).toBe(r.importId);
    const d2 = await row(dep.bidder2!);
    expect(d2).toMatchObject({ status: 'received', amountFen: 16_000_000, form: 'cash', reference: 'BANK-0001', source: 'import', importId: r.importId });
    expect(d2.receivedAt!.toISOString()).toBe('2026-02-25T00:15:00.000Z');
    expect(await row(dep.bidder4!)).toMatchObject({ status: 'received', form: 'e_guarantee', amountFen: 2_000_000, guaranteeIssuer: '示范财产保险股份有限公司', guaranteeVerification: '核验码 Q7K2' });
    expect((await row(dep.bidder4!)).guaranteeVerifiedAt).not.toBeNull();
    const [imp] = await deps.db.select().from(depositImports).where(eq(depositImports.id, r.importId));
    const sha = crypto.createHash('sha256').update(Buffer.from(csv, 'utf8')).digest('hex');
    expect(imp).toMatchObject({ fileName: '建设银行流水20260225.csv', sha256: sha, rowCount: 2 });
    expect(await deps.storage.stat(sha)).toMatchObject({ size: Buffer.byteLength(csv) });
    // The same statement again: every bank transaction id is used, the unmatched ones too → nothing, no double count.
    const again = await appError((await as('staff')).deposit.import({ fileName: 'again.csv', csv }));
    expect((again.details?.rows as { reason: string }[]).map((x) => x.reason)).toEqual(['REFERENCE_USED', 'REFERENCE_USED', 'REFERENCE_USED', 'REFERENCE_USED']);
    expect(await deps.db.select().from(unmatchedPayments)).toHaveLength(2);
    expect(await appCode((await as('tenderee')).deposit.unmatched({}))).toBe('FORBIDDEN');
    expect(await appCode((await as('bidder3')).deposit.unmatched({}))).toBe('FORBIDDEN');
  });
});

describe('refund due dates (B10) and the overdue alert', () => {
  it('markDepositsForRefund: engineering 5 days vs GP 5 working days over a weekend; only received deposits', async () => {
    deps.clock.set(new Date('2026-03-05T10:00:00+08:00')); // a Thursday
    const n1 = await deps.db.transaction((tx) => markDepositsForRefund(tx, deps, SYSTEM_CONTEXT, { projectId: eng.id, trigger: 'termination' }));
    const n2 = await deps.db.transaction((tx) => markDepositsForRefund(tx, deps, SYSTEM_CONTEXT, { projectId: gp.id, trigger: 'failure' }));
    expect([n1, n2]).toEqual([2, 1]); // bidder1 + bidder2 (received), bidder3 pending; bidder4 received, bidder5 pending
    expect((await row(dep.bidder1!)).refundDueAt!.toISOString()).toBe('2026-03-10T16:00:00.000Z'); // end of Tue 3/10
    expect((await row(dep.bidder2!)).refundReason).toBe('termination');
    expect((await row(dep.bidder3!)).refundDueAt).toBeNull();
    expect((await row(dep.bidder4!)).refundDueAt!.toISOString()).toBe('2026-03-12T16:00:00.000Z'); // end of Thu 3/12
    // Each refund due is a checkpoint (issue 20 §1), evaluated at its warning start and its due instant.
    const cps = await deps.db.select().from(checkpoints).where(eq(checkpoints.kind, 'deposit.refund'));
    expect(cps.map((c) => c.subjectKey).sort()).toEqual([dep.bidder1!, dep.bidder2!, dep.bidder4!].map((id) => `deposit:${id}`).sort());
    const cp4 = cps.find((c) => c.subjectKey === `deposit:${dep.bidder4!}`)!;
    expect(cp4).toMatchObject({ dueAt: new Date('2026-03-12T16:00:00.000Z'), warnAt: new Date('2026-03-11T16:00:00.000Z'), responsibleOrgId: null, doneAt: null });
    const queued = await deps.db.select().from(jobs).where(and(eq(jobs.kind, 'checkpoint.evaluate'), eq(jobs.payload, { checkpointId: cp4.id })));
    expect(queued.map((j) => j.runAt.toISOString()).sort()).toEqual(['2026-03-11T16:00:00.000Z', '2026-03-12T16:00:00.000Z']);
    // Withdrawal later does not push an earlier due date back.
    deps.clock.set(new Date('2026-03-06T10:00:00+08:00'));
    expect(await deps.db.transaction((tx) => markDepositsForRefund(tx, deps, SYSTEM_CONTEXT, { projectId: eng.id, trigger: 'withdrawal', registrationIds: [] }))).toBe(0);
  });

  it('deposit.list shows due dates and overdue — after the bid deadline; before it staff find one by reference and the red alert names no company (issue 13 §2)', async () => {
    const s = await as('staff');
    expect((await s.deposit.list({ overdueOnly: true })).length).toBe(0);
    // Staff refund bidder2 in time.
    const refunded = await s.deposit.refund({ depositId: dep.bidder2!, reference: 'RF-1' });
    expect(refunded).toMatchObject({ status: 'refunded', overdue: false });
    expect(await appCode(s.deposit.refund({ depositId: dep.bidder2! }))).toBe('INVALID_STATE');

    deps.clock.set(new Date('2026-03-11T00:00:01+08:00')); // overdue, and still before the bid deadline
    const staff = await as('staff');
    expect(await staff.deposit.list({ overdueOnly: true })).toEqual([]);
    expect(await staff.deposit.lookup({ reference: 'T-001' })).toMatchObject({ id: dep.bidder1!, bidderName: '华东建工集团有限公司', projectCode: eng.unifiedDealCode, sectionCode: '001', overdue: true, status: 'received' });
    expect(await staff.deposit.lookup({ projectCode: eng.unifiedDealCode, sectionCode: '001', company: '江南路桥建设有限公司' })).toMatchObject({ id: dep.bidder2!, status: 'refunded' });
    expect(await appCode(staff.deposit.lookup({ reference: 'NO-SUCH' }))).toBe('NOT_FOUND');
    expect(await appCode(staff.deposit.lookup({ projectCode: eng.unifiedDealCode, sectionCode: '001', company: '之江智能科技有限公司' }))).toBe('NOT_FOUND');
    const t = await as('tenderee');
    expect(await appError(t.deposit.list({ projectId: eng.id }))).toMatchObject({ code: 'INVALID_STATE', details: { reason: 'SECRET_UNTIL_DEADLINE' } });
    expect(await appError(staff.deposit.list({ projectId: eng.id }))).toMatchObject({ code: 'INVALID_STATE', details: { reason: 'SECRET_UNTIL_DEADLINE' } });
    expect(await appCode(t.deposit.list({}))).toBe('VALIDATION');
    expect(await appCode(t.deposit.list({ projectId: gp.id }))).toBe('FORBIDDEN');
    expect(await appCode((await as('bidder1')).deposit.list({}))).toBe('FORBIDDEN');
    for (const u of ['tenderee', 'supervisor', 'admin', 'bidder1']) expect(await appCode((await as(u)).deposit.lookup({ reference: 'T-001' })), u).toBe('FORBIDDEN');

    const run = (depositId: number) => runTestJob(deps, 'deposit.refund_overdue', { depositId });
    expect(await run(dep.bidder1!)).toMatchObject({ alerted: true });
    expect(await run(dep.bidder2!)).toMatchObject({ alerted: false }); // refunded in time
    expect(await run(dep.bidder4!)).toMatchObject({ alerted: false }); // GP: not due until the end of 3/12
    const sup = await as('supervisor');
    const notes = (await sup.notification.list({ limit: 50 })).items.filter((n) => n.kind === 'deposit.refund_overdue');
    expect(notes.length).toBeGreaterThanOrEqual(1);
    expect(notes[0]!.titleZh).toContain('红色预警');
    expect(notes[0]!.bodyZh).toContain('流水号T-001');
    expect(notes[0]!.bodyZh).not.toContain('华东建工集团有限公司');

    // After the bid deadline the lists name the companies again.
    deps.clock.set(new Date('2026-03-25T09:31:00+08:00'));
    const overdue = await (await as('staff')).deposit.list({ overdueOnly: true });
    expect(overdue.map((d) => d.id).sort()).toEqual([dep.bidder1!, dep.bidder4!].sort()); // the GP one is overdue by now too
    expect(overdue.find((d) => d.id === dep.bidder1!)).toMatchObject({ bidderName: '华东建工集团有限公司', projectCode: eng.unifiedDealCode, sectionCode: '001', overdue: true, status: 'received' });
    expect((await (await as('tenderee')).deposit.list({ projectId: eng.id })).map((d) => d.id).sort()).toEqual([dep.bidder1!, dep.bidder2!, dep.bidder3!].sort());
    // The payment references stay with the bidders and the center (issue 16 §5).
    expect((await (await as('tenderee')).deposit.list({ projectId: eng.id })).map((d) => d.paymentReference)).toEqual([null, null, null]);
    expect((await (await as('supervisor')).deposit.list({ projectId: eng.id })).map((d) => d.paymentReference)).toEqual([null, null, null]);
    expect((await (await as('staff')).deposit.list({ projectId: eng.id })).map((d) => d.paymentReference).sort()).toEqual([pref.bidder1, pref.bidder2, pref.bidder3].sort());
    expect((await (await as('supervisor')).deposit.list({ status: 'refunded' })).map((d) => d.id)).toEqual([dep.bidder2!]);
    // A late refund is still possible and closes the alert state.
    expect((await (await as('staff')).deposit.refund({ depositId: dep.bidder1! })).overdue).toBe(false);
    expect(await run(dep.bidder1!)).toMatchObject({ alerted: false });
  });

  it('forfeiture needs a received deposit and a reason', async () => {
    const s = await as('staff');
    expect(await appCode(s.deposit.forfeit({ depositId: dep.bidder3!, reason: '中标后拒签合同' }))).toBe('INVALID_STATE'); // still pending
    const f = await s.deposit.forfeit({ depositId: dep.bidder4!, reason: '中标后无正当理由拒签合同' });
    expect(f).toMatchObject({ status: 'forfeited', forfeitReason: '中标后无正当理由拒签合同', overdue: false });
    expect(await appCode(s.deposit.refund({ depositId: dep.bidder4! }))).toBe('INVALID_STATE');
  });

  it('withdrawing a registration with a received deposit makes it due (B10 withdrawal)', async () => {
    deps.clock.set(new Date('2026-03-06T10:00:00+08:00')); // Friday, before the bid deadline
    const s = await as('staff');
    await s.deposit.record({ depositId: dep.bidder5!, amountFen: 2_000_000, form: 'guarantee', payerName: '西湖医疗设备有限公司', reference: 'BH-5', guaranteeIssuer: '示范银行示范市分行', guaranteeVerification: '银行函证 BH-5' });
    const b5 = await as('bidder5');
    const mine = (await b5.registration.mine()).find((m) => m.projectId === gp.id)!;
    const w = await b5.registration.withdraw({ registrationId: mine.id });
    expect(w.deposit).toMatchObject({ status: 'received', refundDueAt: '2026-03-13T16:00:00.000Z' }); // Fri + 5 wd
    deps.clock.set(START);
  });
});

describe('securities a bidder can pay (issue 16 §5)', () => {
  it('every registration gets its own payment reference (BZJ + 10, no count or id — B11), shown to its company and to staff only', async () => {
    const all = [...Object.values(pref), ...Object.values(pref2)];
    for (const r of all) expect(r).toMatch(/^BZJ[0-9A-HJKMNP-TV-Z]{10}$/);
    expect(new Set(all).size).toBe(all.length);
    const [reg] = await deps.db.select().from(registrations).where(eq(registrations.paymentReference, pref2.bidder1!));
    expect(reg!.bidderOrgId).toBe((await (await as('bidder1')).registration.mine())[0]!.bidderOrgId);
    const mine = (await (await as('bidder1')).registration.mine()).find((m) => m.projectId === eng2.id)!;
    expect(mine.paymentReference).toBe(pref2.bidder1);
    // After the bid deadline the owner side sees the registrants, but not their payment references; staff do.
    deps.clock.set(new Date('2026-03-25T09:31:00+08:00'));
    const owner = await (await as('tenderee')).registration.forProject({ projectId: eng2.id });
    expect(owner.map((r) => r.paymentReference)).toEqual([null, null, null]);
    const staff = await (await as('staff')).registration.forProject({ projectId: eng2.id });
    expect(staff.map((r) => r.paymentReference).sort()).toEqual([pref2.bidder1, pref2.bidder2, pref2.bidder3].sort());
    deps.clock.set(START);
    // Staff find a security by the payment reference the bidder reads out (any case).
    expect(await (await as('staff')).deposit.lookup({ reference: pref2.bidder2!.toLowerCase() })).toMatchObject({ id: dep2.bidder2!, paymentReference: pref2.bidder2 });
  });

  it("the bidder's security card: the amount, the forms its trade type allows (B7), the receiving account", async () => {
    const e = (await (await as('bidder1')).registration.mine()).find((m) => m.projectId === eng2.id)!;
    expect(e.deposit).toMatchObject({ requiredFen: 16_000_000, status: 'pending' });
    expect(e.security).toEqual({ waived: false, allowedForms: ['cash', 'guarantee', 'e_guarantee'], account: deps.config.depositAccount });
    expect(deps.config.depositAccount.accountNo).toMatch(/\d/);
    const g = (await (await as('bidder4')).registration.mine()).find((m) => m.projectId === gp.id)!;
    expect(g.security.allowedForms).toEqual(['guarantee', 'e_guarantee']);
  });

  it('a waived security: the registration creates no pending deposit, the card says so, nothing is due for refund', async () => {
    const b = await as('bidder1');
    const r = await b.registration.register({ sectionId: waived.sections[0]!.id });
    expect(r.deposit).toBeNull();
    expect(r.paymentReference).toMatch(/^BZJ/);
    expect(await deps.db.select().from(deposits).where(eq(deposits.projectId, waived.id))).toEqual([]);
    const mine = (await b.registration.mine()).find((m) => m.projectId === waived.id)!;
    expect(mine).toMatchObject({ deposit: null, security: { waived: true } });
    // Withdraw and register again: still no deposit; refunds skip the project.
    await b.registration.withdraw({ registrationId: r.id });
    expect((await b.registration.register({ sectionId: waived.sections[0]!.id })).deposit).toBeNull();
    expect(await deps.db.transaction((tx) => markDepositsForRefund(tx, deps, SYSTEM_CONTEXT, { projectId: waived.id, trigger: 'termination' }))).toBe(0);
    // A transfer carrying this registration's reference has nothing to pay: listed as unmatched, not received.
    const csv = ['交易日期,付款人名称,付款账号,金额,交易流水号,附言', `2026-02-25,华东建工集团有限公司,330100-700001-100001,160000,BANK-W01,${r.paymentReference}`].join('\n');
    expect(await (await as('staff')).deposit.import({ fileName: 'waived.csv', csv })).toMatchObject({ imported: 0, unmatched: 1 });
  });

  it('staff assign an unmatched payment to the security of a payment reference (B6/B7 checked, audited), or return it with a note', async () => {
    const s = await as('staff');
    const open = await s.deposit.unmatched({});
    const qiantang = open.find((u) => u.reference === 'BANK-0003')!;
    const stranger = open.find((u) => u.reference === 'BANK-0004')!;
    // 500 CNY is below the required 160,000: refused, nothing changes.
    expect(await appError(s.deposit.assignUnmatched({ unmatchedId: stranger.id, paymentReference: pref2.bidder2!, form: 'cash', expectedVersion: stranger.version }))).toMatchObject({ code: 'VALIDATION', details: { reason: 'BELOW_REQUIRED' } });
    // Cash from bidder3's basic account assigned to bidder2's security: B7 refuses it.
    expect(await appError(s.deposit.assignUnmatched({ unmatchedId: qiantang.id, paymentReference: pref2.bidder2!, form: 'cash', expectedVersion: qiantang.version }))).toMatchObject({ code: 'VALIDATION', details: { reason: 'PAYER_NOT_BASIC_ACCOUNT' } });
    expect(await appCode(s.deposit.assignUnmatched({ unmatchedId: qiantang.id, paymentReference: 'BZJ0000000000', form: 'cash', expectedVersion: qiantang.version }))).toBe('NOT_FOUND');
    expect(await appCode((await as('tenderee')).deposit.assignUnmatched({ unmatchedId: qiantang.id, paymentReference: pref2.bidder3!, form: 'cash', expectedVersion: qiantang.version }))).toBe('FORBIDDEN');
    // Assigned as a guarantee, it needs the issuer and the verification, like any guarantee.
    expect(await appError(s.deposit.assignUnmatched({ unmatchedId: qiantang.id, paymentReference: pref2.bidder2!, form: 'e_guarantee', expectedVersion: qiantang.version }))).toMatchObject({ code: 'VALIDATION', details: { reason: 'GUARANTEE_DETAILS', field: 'guaranteeIssuer' } });
    expect((await row(dep2.bidder2!)).status).toBe('pending');
    const d = await s.deposit.assignUnmatched({ unmatchedId: qiantang.id, paymentReference: pref2.bidder3!.toLowerCase(), form: 'cash', expectedVersion: qiantang.version });
    expect(d).toMatchObject({ id: dep2.bidder3!, status: 'received', receivedFen: 16_000_000, form: 'cash', reference: 'BANK-0003', source: 'import', importId: qiantang.importId, receivedAt: '2026-02-25T00:30:00.000Z' });
    expect(await appError(s.deposit.assignUnmatched({ unmatchedId: qiantang.id, paymentReference: pref2.bidder3!, form: 'cash', expectedVersion: qiantang.version + 1 }))).toMatchObject({ code: 'INVALID_STATE', details: { reason: 'UNMATCHED_NOT_OPEN' } });
    expect(await appCode(s.deposit.returnUnmatched({ unmatchedId: stranger.id, note: '已退', expectedVersion: stranger.version + 5 }))).toBe('CONFLICT');
    const ret = await s.deposit.returnUnmatched({ unmatchedId: stranger.id, note: '非保证金款项，已原路退回（退款流水 RT-0004）', expectedVersion: stranger.version });
    expect(ret).toMatchObject({ status: 'returned', note: '非保证金款项，已原路退回（退款流水 RT-0004）' });
    expect((await s.deposit.unmatched({})).map((u) => u.reference)).not.toContain('BANK-0003');
    expect((await s.deposit.unmatched({ status: 'assigned' })).map((u) => [u.reference, u.depositId])).toEqual([['BANK-0003', dep2.bidder3!]]);
    const events = await deps.db.select({ action: auditEvents.action }).from(auditEvents).where(inArray(auditEvents.action, ['deposit.assign_unmatched', 'unmatched_payment.return'])).orderBy(auditEvents.id);
    expect(events.map((e) => e.action)).toEqual(['deposit.assign_unmatched', 'unmatched_payment.return']);
  });

  it('an electronic guarantee is recorded with its issuer, number and verification, shown to staff and the bidder; the same number twice → DUPLICATE_GUARANTEE, nothing changes', async () => {
    const s = await as('staff');
    const base = { amountFen: 16_000_000, form: 'e_guarantee' as const, payerName: '华东建工集团有限公司', reference: 'EG-2026-000123' };
    expect(await appError(s.deposit.record({ depositId: dep2.bidder1!, ...base }))).toMatchObject({ code: 'VALIDATION', details: { reason: 'GUARANTEE_DETAILS', field: 'guaranteeIssuer' } });
    expect(await appError(s.deposit.record({ depositId: dep2.bidder1!, ...base, guaranteeIssuer: '示范财产保险股份有限公司' }))).toMatchObject({ code: 'VALIDATION', details: { reason: 'GUARANTEE_DETAILS', field: 'guaranteeVerification' } });
    expect((await row(dep2.bidder1!)).status).toBe('pending');
    const verification = 'https://verify.example-insurer.cn/eg/EG-2026-000123 核验码 7F3K9Q';
    const d = await s.deposit.record({ depositId: dep2.bidder1!, ...base, guaranteeIssuer: '示范财产保险股份有限公司', guaranteeVerification: verification, guaranteeVerifiedAt: '2026-02-25T09:45:00+08:00' });
    expect(d).toMatchObject({ status: 'received', form: 'e_guarantee', reference: 'EG-2026-000123', guaranteeIssuer: '示范财产保险股份有限公司', guaranteeVerification: verification, guaranteeVerifiedAt: '2026-02-25T01:45:00.000Z' });
    const mine = (await (await as('bidder1')).registration.mine()).find((m) => m.projectId === eng2.id)!;
    expect(mine.deposit).toMatchObject({ status: 'received', form: 'e_guarantee', reference: 'EG-2026-000123', guaranteeIssuer: '示范财产保险股份有限公司', guaranteeVerification: verification });
    // The same guarantee number for another bidder: typed error, that deposit unchanged.
    const before = await row(dep2.bidder2!);
    const e = await appError(s.deposit.record({ depositId: dep2.bidder2!, ...base, payerName: '江南路桥建设有限公司', guaranteeIssuer: '示范财产保险股份有限公司', guaranteeVerification: '核验码 7F3K9Q' }));
    expect(e).toMatchObject({ code: 'CONFLICT', details: { reason: 'DUPLICATE_GUARANTEE', field: 'reference' } });
    expect(await row(dep2.bidder2!)).toEqual(before);
    // A verification time in the future is refused.
    expect(await appError(s.deposit.record({ depositId: dep2.bidder2!, ...base, reference: 'EG-2026-000124', guaranteeIssuer: '示范银行', guaranteeVerification: '核验码 1', guaranteeVerifiedAt: '2027-01-01T00:00:00+08:00' }))).toMatchObject({ details: { field: 'guaranteeVerifiedAt' } });
  });
});

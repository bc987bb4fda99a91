/**
 * Demo stage "tendering" (issue 5 §7): two engineering projects driven through the real services, with
 * the clock shifted into the past where the story needs time to have passed:
 *
 * - 城北污水处理厂提标改造工程 (post-qualification): tender documents, qualification criteria, published
 *   eight days ago; three companies registered (a cash security matched by its payment reference from a
 *   bank statement, an electronic guarantee, a transfer without its reference waiting unmatched); a clarification
 *   that affects bid preparation published today with fewer than 15 days left, so it moved the bid
 *   deadline (N5); bidders answer the criteria and can still register.
 * - 第二中学新校区建设工程 (prequalification): published sixteen days ago; four companies registered and
 *   answered the criteria with evidence files; the application deadline passed yesterday, so the
 *   project is in the prequalification review for center staff — due in twelve hours, so its checkpoint
 *   is yellow (issue 20 §1); a fifth company registered two weeks ago, paid its security and withdrew
 *   within the hour, and the security was never refunded: that refund's checkpoint is red (staff see it;
 *   how many securities a project holds stays secret until the bid deadline, so supervisors do not).
 * - 人民医院门诊楼改造工程 (prequalification): the same story for three applicants, but staff let the
 *   review run past its deadline six hours ago: its checkpoint is red, to staff and the supervisors.
 *   The alerts are raised by the engine when the stage is seeded, so the supervisors have an open
 *   yellow and an open red alert on any day.
 *
 * Everything goes through the services (their checks included); the schedules are fitted to the limits
 * of the day the demo is seeded (`lawfulDemoSchedule`), so both stories seed on any day of the year.
 */
import { and, eq, isNull } from 'drizzle-orm';
import { checkpoints, deposits, organizations, sections, type SectionRow, type Tx } from '@ebid/db';
import { formatBeijingDateTime, formatYuan, isAppError } from '@ebid/domain';
import { requireActor, type RequestContext } from '../context.ts';
import type { Deps } from '../deps.ts';
import { createProject, draftNotice, publishNotice, saveSchedule, submitNotice } from '../projects/index.ts';
import { draftClarification, publishClarification } from '../tendering/clarifications/index.ts';
import { importDeposits, recordDeposit } from '../tendering/deposits/index.ts';
import { addDocument } from '../tendering/documents/index.ts';
import { answerQualification, setQualificationCriteria } from '../tendering/qualification/index.ts';
import { applyRegistration, withdrawRegistration } from '../tendering/registrations/index.ts';
import { evaluateIn } from '../supervision/engine.ts';
import { raiserFor } from '../checkpoint-raisers.ts';
import { runProjectTimer } from '../tendering/lifecycle/index.ts';
import { at0930, contextFor, demoPdf, demoUpload, lawfulDemoSchedule } from './demo-projects.ts';

const DAY = 86_400_000;

/** The deps of the seed transaction, with the clock read at `now + offsetMs`. */
export function shifted(deps: Deps, sp: Tx, offsetMs: number): Deps {
  const base = deps.clock;
  return { ...deps, db: sp as unknown as Deps['db'], clock: { now: () => new Date(base.now().getTime() + offsetMs), fake: base.fake } };
}

/** The one section of a demo project. */
async function onlySection(sp: Tx, projectId: number): Promise<SectionRow> {
  const [sec] = await sp.select().from(sections).where(eq(sections.projectId, projectId));
  if (!sec) throw new Error(`demo project ${projectId} has no section`);
  return sec;
}

const CRITERIA = [
  { code: 'Q1', category: 'licence' as const, title: '施工资质', requirement: '具备市政公用工程施工总承包二级及以上资质，提供资质证书扫描件。', minValue: null, unit: null, evidenceRequired: true },
  { code: 'Q2', category: 'experience' as const, title: '类似工程业绩', requirement: '近五年（2021年1月1日以来）完成过至少2项类似工程，提供中标通知书和合同关键页。', minValue: 2, unit: 'count' as const, evidenceRequired: true },
  { code: 'Q3', category: 'financial' as const, title: '财务状况', requirement: '近三年平均营业收入不低于5,000万元，提供经审计的财务报表。', minValue: 5_000_000_000, unit: 'fen' as const, evidenceRequired: true },
  { code: 'Q4', category: 'personnel' as const, title: '项目经理', requirement: '拟派项目经理具备市政公用工程专业一级注册建造师执业资格，且未担任其他在建工程项目经理。', minValue: null, unit: null, evidenceRequired: false },
];

/** The answers a demo bidder gives (values differ per company so the review has something to judge). */
function answersFor(i: number): Record<string, { statement: string; value: number | null }> {
  return {
    Q1: { statement: `本公司持有市政公用工程施工总承包${i === 3 ? '三' : '一'}级资质，证书有效。`, value: null },
    Q2: { statement: `近五年完成类似工程${i === 3 ? 1 : 3 + i}项，详见业绩证明材料。`, value: i === 3 ? 1 : 3 + i },
    Q3: { statement: '近三年经审计的平均营业收入见财务报表。', value: (8_000 + 1_500 * i) * 1_000_000 },
    Q4: { statement: '拟派项目经理：一级注册建造师（市政公用工程），无在建项目。', value: null },
  };
}

async function answerAll(deps: Deps, bidder: RequestContext, projectId: number, registrationId: number, criteria: { id: number; code: string }[], i: number, at: Date) {
  const answers = answersFor(i);
  const { orgName } = requireActor(bidder);
  const evidence = await demoUpload(deps, bidder, `资格证明材料-${orgName}.pdf`, await demoPdf(`EV-${projectId}-${i}`, '资格证明材料（示范）', [`${orgName}：资质证书、业绩证明和经审计的财务报表（示范扫描件）。`], at));
  for (const c of criteria) {
    const a = answers[c.code];
    if (!a) continue;
    await answerQualification(deps, bidder, {
      registrationId,
      criterionId: c.id,
      statement: a.statement,
      value: a.value,
      evidenceUploadIds: c.code === 'Q4' ? [] : [evidence],
    });
  }
}

async function postQualificationProject(sp: Tx, deps: Deps): Promise<void> {
  // The bid deadline is 14 days from today, so today's clarification moves it (N5); the story starts
  // eight days ago, or earlier when the 20 days of N1 reach over a holiday from there.
  const now = deps.clock.now();
  const { t0, schedule } = await lawfulDemoSchedule(sp, deps, {
    tradeType: 'engineering',
    method: 'open',
    t0: new Date(now.getTime() - 8 * DAY),
    draft: (t) => ({ noticePublishAt: t.toISOString(), docsIssueStart: at0930(t, 1), docsIssueEnd: at0930(t, 8), bidDeadline: at0930(t, 22), openingAt: at0930(t, 22) }),
    fixed: ['bidDeadline', 'openingAt'],
    maxBackDays: 20,
  });
  const past = shifted(deps, sp, t0.getTime() - now.getTime());
  // The tenderee itself (the agent's mandate starts when the demo is seeded, after this project's start).
  const agent = await contextFor(sp, 'tenderee');
  const staff = await contextFor(sp, 'staff');
  const p = await createProject(past, agent, {
    tradeType: 'engineering',
    method: 'open',
    name: '示范市城北污水处理厂提标改造工程施工',
    budgetFen: 64_500_000_00,
    sections: [{ name: '施工总承包', ceilingFen: 62_000_000_00, securityFen: 80_000_000 }],
  });
  await saveSchedule(past, agent, { projectId: p.id, schedule, expectedVersion: p.version });
  const criteria = await setQualificationCriteria(past, agent, { projectId: p.id, criteria: CRITERIA });
  const docId = await demoUpload(past, agent, '城北污水处理厂提标改造工程施工招标文件.pdf', await demoPdf(`ZB-${p.id}`, '示范市城北污水处理厂提标改造工程施工招标文件', [
    '第一章 招标公告。第二章 投标人须知：投标文件须在投标截止时间前通过交易平台加密上传，逾期上传的，交易平台予以拒收。',
    '第三章 评标办法（综合评估法）：投标报价40分，施工组织设计35分，项目管理机构15分，企业信誉与业绩10分。',
    '第四章 合同条款及格式。第五章 工程量清单。第六章 图纸。第七章 技术标准和要求。第八章 投标文件格式。',
  ], t0));
  await addDocument(past, agent, { projectId: p.id, uploadId: docId, kind: 'tender' });
  const drawings = await demoUpload(past, agent, '施工图纸（总图）.pdf', await demoPdf(`TZ-${p.id}`, '施工图纸（总图）', ['总平面布置图、工艺流程图及主要构筑物结构图（示范）。'], t0));
  await addDocument(past, agent, { projectId: p.id, uploadId: drawings, kind: 'attachment' });
  const n = await draftNotice(past, agent, {
    projectId: p.id,
    kind: 'tender',
    title: '示范市城北污水处理厂提标改造工程施工招标公告',
    body: '一、招标条件\n\n本项目已由示范市发展和改革委员会批准建设，资金来自财政资金，现对该项目的施工进行公开招标，资格审查采用资格后审。\n\n二、投标人资格要求\n\n具备市政公用工程施工总承包二级及以上资质，近五年完成过至少2项类似工程。\n\n三、招标文件的获取\n\n登录交易平台免费下载电子招标文件，无需报名。',
  });
  await submitNotice(past, agent, { noticeId: n.id });
  await publishNotice(past, staff, { noticeId: n.id });

  // Registrations two days after publication (issue 16 §5): 华东建工 pays cash from its basic account with
  // its payment reference in the transfer remark, and the statement staff import matches it by that
  // reference; 江南路桥 brings an electronic guarantee, recorded with its issuer and verification; 钱塘市政
  // forgot the reference: its transfer waits in 未匹配款项 for staff to assign it (never guessed by name).
  const reg = shifted(deps, sp, -6 * DAY);
  const sec = await onlySection(sp, p.id);
  const statement = ['交易日期,付款人名称,付款账号,金额,交易流水号,附言'];
  const paidAt = formatBeijingDateTime(reg.clock.now()).slice(0, 16);
  for (const [i, username] of (['bidder1', 'bidder2', 'bidder3'] as const).entries()) {
    const b = await contextFor(sp, username);
    const r = await applyRegistration(reg, b, { sectionId: sec.id });
    if (i < 2) await answerAll(reg, b, p.id, r.id, criteria, i + 1, reg.clock.now());
    const [d] = await sp.select().from(deposits).where(and(eq(deposits.registrationId, r.id)));
    const [org] = await sp.select().from(organizations).where(eq(organizations.id, requireActor(b).orgId));
    if (!d || !org) continue;
    const amount = `"${formatYuan(d.amountFen)}"`;
    if (i === 0 && org.basicAccountNo) statement.push(`${paidAt},${org.name},${org.basicAccountNo},${amount},DEMO-${p.id}-${r.id},投标保证金 ${r.paymentReference}`);
    if (i === 2 && org.basicAccountNo) statement.push(`${paidAt},${org.name},${org.basicAccountNo},${amount},DEMO-${p.id}-${r.id},投标保证金`);
    if (i === 1) {
      await recordDeposit(reg, staff, {
        depositId: d.id,
        amountFen: d.amountFen,
        form: 'e_guarantee',
        payerName: org.name,
        reference: `EG${p.id}${r.id}2026`,
        guaranteeIssuer: '示范市融资担保有限公司',
        guaranteeVerification: '保函验真码 7F3K-92QD（示范市电子保函服务平台核验通过）',
      });
    }
  }
  await importDeposits(reg, staff, { fileName: '银行流水（示范）.csv', csv: statement.join('\n') });

  // Today: a clarification that affects bid preparation, 14 days before the deadline → moved (N5).
  const today = shifted(deps, sp, 0);
  const c = await draftClarification(today, agent, {
    projectId: p.id,
    title: '关于工程量清单第3.2节的澄清与修改（第1号）',
    body: '一、招标文件第五章工程量清单第3.2节“沉淀池改造”中钢筋工程量由126.5吨修改为148.2吨。\n\n二、本次修改影响投标文件编制，投标截止时间相应顺延，以平台公布的时间为准。',
    affectsPreparation: true,
  });
  await publishClarification(today, agent, { clarificationId: c.id });
}

/** A prequalification story: the project, when its review is due (from now), who applies. */
interface PrequalStory {
  name: string;
  /** The documents' file stem and the notice's subject, e.g. '第二中学新校区建设工程'. */
  subject: string;
  budgetFen: number;
  ceilingFen: number;
  /** The review deadline relative to now: +12 h → yellow now; −6 h → red since (issue 20 §1). */
  reviewDueInMs: number;
  applicants: readonly string[];
  /** 西湖医疗设备 registers, pays and withdraws two weeks ago; its security is never refunded (red). */
  unrefundedWithdrawal: boolean;
}

const SECOND_SCHOOL: PrequalStory = {
  name: '示范市第二中学新校区建设工程施工（资格预审）',
  subject: '第二中学新校区建设工程',
  budgetFen: 152_000_000_00,
  ceilingFen: 148_000_000_00,
  reviewDueInMs: 12 * 3_600_000,
  applicants: ['bidder1', 'bidder2', 'bidder3', 'bidder4'],
  unrefundedWithdrawal: true,
};

/**
 * The review staff let run past its deadline: red since six hours ago, to staff and the supervisors of
 * the region — the demo's supervisor finds a red alert on the dashboard on any day (the refund of the
 * story above stays hidden from everyone but staff until the bid deadline).
 */
const HOSPITAL: PrequalStory = {
  name: '示范市人民医院门诊楼改造工程施工（资格预审）',
  subject: '人民医院门诊楼改造工程',
  budgetFen: 46_000_000_00,
  ceilingFen: 45_000_000_00,
  reviewDueInMs: -6 * 3_600_000,
  applicants: ['bidder2', 'bidder3', 'bidder5'],
  unrefundedWithdrawal: false,
};

async function prequalificationProject(sp: Tx, deps: Deps, story: PrequalStory): Promise<void> {
  // The application deadline passed yesterday (the review is on); the story starts 16 days ago, or earlier
  // when the periods before that deadline reach over a holiday.
  const now = deps.clock.now();
  const { t0, schedule } = await lawfulDemoSchedule(sp, deps, {
    tradeType: 'engineering',
    method: 'open',
    t0: new Date(now.getTime() - 16 * DAY),
    draft: (t) => ({
      noticePublishAt: t.toISOString(),
      docsIssueStart: at0930(t, 1),
      prequalDocsEnd: at0930(t, 7),
      prequalApplicationDeadline: at0930(t, 15),
      // The review's deadline is the story's: its checkpoint is yellow (due soon) or red (overdue) now.
      prequalReviewEnd: new Date(now.getTime() + story.reviewDueInMs).toISOString(),
      docsIssueEnd: at0930(t, 28),
      bidDeadline: at0930(t, 42),
      openingAt: at0930(t, 42),
    }),
    fixed: ['prequalApplicationDeadline', 'prequalReviewEnd'],
    maxBackDays: 20,
  });
  const past = shifted(deps, sp, t0.getTime() - now.getTime());
  const tenderee = await contextFor(sp, 'tenderee');
  const staff = await contextFor(sp, 'staff');
  const p = await createProject(past, tenderee, {
    tradeType: 'engineering',
    method: 'open',
    prequalification: true,
    name: story.name,
    budgetFen: story.budgetFen,
    sections: [{ name: '施工总承包', ceilingFen: story.ceilingFen, securityFen: 80_000_000 }],
  });
  await saveSchedule(past, tenderee, { projectId: p.id, schedule, expectedVersion: p.version });
  const criteria = await setQualificationCriteria(past, tenderee, { projectId: p.id, criteria: CRITERIA });
  const doc = await demoUpload(past, tenderee, `${story.subject}资格预审文件.pdf`, await demoPdf(`ZY-${p.id}`, `示范市${story.subject}施工资格预审文件`, [
    '第一章 资格预审公告。第二章 申请人须知：资格审查采用合格制，通过资格预审的申请人不少于3个。',
    '第三章 资格审查办法：按资格条件逐项审查，任一项不合格即不通过资格预审。第四章 资格预审申请文件格式。',
  ], t0));
  await addDocument(past, tenderee, { projectId: p.id, uploadId: doc, kind: 'prequalification' });
  const n = await draftNotice(past, tenderee, {
    projectId: p.id,
    kind: 'prequalification',
    title: `示范市${story.subject}施工资格预审公告`,
    body: '一、招标条件\n\n本项目已具备招标条件，现进行公开招标，特邀请有兴趣的潜在投标人提出资格预审申请。\n\n二、资格预审方法\n\n采用合格制。\n\n三、资格预审文件的获取\n\n登录交易平台免费下载电子资格预审文件。',
  });
  await submitNotice(past, tenderee, { noticeId: n.id });
  await publishNotice(past, staff, { noticeId: n.id });

  const reg = shifted(deps, sp, -10 * DAY);
  const sec = await onlySection(sp, p.id);
  for (const [i, username] of story.applicants.entries()) {
    const b = await contextFor(sp, username);
    const r = await applyRegistration(reg, b, { sectionId: sec.id });
    await answerAll(reg, b, p.id, r.id, criteria, i + 1, reg.clock.now());
  }
  // Two weeks ago 西湖医疗设备 registered, paid its security and withdrew within the hour: never refunded.
  if (story.unrefundedWithdrawal) await unrefundedWithdrawal(sp, deps, t0, sec.id, p.id, staff);
  // The application deadline passed yesterday: the timer starts the review now.
  await runProjectTimer(shifted(deps, sp, 0), { projectId: p.id, event: 'start_prequalification' });
  // Issue 20 §1: the engine raises what is yellow or red now (a running platform's jobs would do the same).
  await raiseDueCheckpoints(sp, shifted(deps, sp, 0), p.id);
}

/**
 * Two weeks ago 西湖医疗设备 registered, paid its security in cash from its basic account and withdrew
 * within the hour: the refund fell due five days later (B10) and was never made — its checkpoint is red.
 */
async function unrefundedWithdrawal(sp: Tx, deps: Deps, t0: Date, sectionId: number, projectId: number, staff: RequestContext): Promise<void> {
  const now = deps.clock.now();
  const early = shifted(deps, sp, Math.max(-14 * DAY, t0.getTime() + 2 * DAY - now.getTime()));
  const b5 = await contextFor(sp, 'bidder5');
  const r5 = await applyRegistration(early, b5, { sectionId });
  const [d5] = await sp.select().from(deposits).where(eq(deposits.registrationId, r5.id));
  const [org5] = await sp.select().from(organizations).where(eq(organizations.id, requireActor(b5).orgId));
  if (d5 && org5) {
    await recordDeposit(early, staff, { depositId: d5.id, amountFen: d5.amountFen, form: 'cash', payerName: org5.name, payerAccount: org5.basicAccountNo ?? null, reference: `DEMO-${projectId}-${r5.id}` });
  }
  await withdrawRegistration(shifted(deps, sp, early.clock.now().getTime() - now.getTime() + 3_600_000), b5, { registrationId: r5.id });
}

/** Evaluate the project's checkpoints now, in the seed transaction: the due yellow / red alerts are raised once. */
async function raiseDueCheckpoints(sp: Tx, deps: Deps, projectId: number): Promise<void> {
  const rows = await sp.select({ id: checkpoints.id }).from(checkpoints).where(and(eq(checkpoints.projectId, projectId), isNull(checkpoints.doneAt)));
  for (const r of rows) await evaluateIn(sp, deps, raiserFor, r.id);
}

/** Seeds what it can; returns the projects it skipped and why. */
export async function seedDemoTendering(tx: Tx, deps: Deps): Promise<{ seeded: string[]; skipped: { name: string; reason: string }[] }> {
  const seeded: string[] = [];
  const skipped: { name: string; reason: string }[] = [];
  for (const [name, run] of [
    ['post-qualification', postQualificationProject],
    ['prequalification', (sp: Tx, d: Deps) => prequalificationProject(sp, d, SECOND_SCHOOL)],
    ['prequalification, review overdue', (sp: Tx, d: Deps) => prequalificationProject(sp, d, HOSPITAL)],
  ] as const) {
    try {
      await tx.transaction((sp) => run(sp, deps));
      seeded.push(name);
    } catch (e) {
      if (!isAppError(e)) throw e;
      skipped.push({ name, reason: `${e.code}: ${e.messageZh} ${JSON.stringify(e.details ?? {})}` });
    }
  }
  return { seeded, skipped };
}

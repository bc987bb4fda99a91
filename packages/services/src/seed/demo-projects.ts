/**
 * Demo stage "projects" (issue 4 §7): one project of each trade type, scheduled legally from today,
 * its notice drafted by the owner side, submitted, and published by center staff — so the portal shows
 * four open notices with sealed PDFs. Everything goes through the real services (their checks included).
 * Every demo schedule is fitted to the statutory limits of the day it is seeded (`lawfulDemoSchedule`),
 * so the demo seeds on any day of the year, a year without a published calendar included (issue 12).
 */
import crypto from 'node:crypto';
import { asc, eq } from 'drizzle-orm';
import { organizations, projects, sections, users, type Tx } from '@ebid/db';
import {
  AppError,
  beijingDate,
  fitSchedule,
  isAppError,
  requiredDocumentKind,
  requiredDocumentLabel,
  SCHEDULE_FIELDS,
  scheduleToIso,
  type IsoSchedule,
  type ProcedureMethod,
  type PropertyKind,
  type Schedule,
  type ScheduleField,
  type TradeType,
} from '@ebid/domain';
import { renderDocument } from '@ebid/pdf';
import { loadHolidayTable } from '../projects/holidays.ts';
import type { Actor } from '../auth/session.ts';
import type { RequestContext } from '../context.ts';
import type { Deps } from '../deps.ts';
import type { DraftNoticeInput, NoticeKind, SectionInput } from '@ebid/contracts';
import { createProject, draftNotice, flagsOf, publishNotice, saveSchedule, submitNotice } from '../projects/index.ts';
import { addDocument, createUpload } from '../tendering/documents/index.ts';

const DAY = 86_400_000;

export async function contextFor(tx: Tx, username: string): Promise<RequestContext> {
  const [r] = await tx
    .select({ user: users, orgName: organizations.name })
    .from(users)
    .innerJoin(organizations, eq(organizations.id, users.orgId))
    .where(eq(users.username, username));
  if (!r) throw new Error(`seed: no user ${username}`);
  const actor: Actor = {
    userId: r.user.id,
    username: r.user.username,
    displayName: r.user.displayName,
    role: r.user.role,
    orgId: r.user.orgId,
    orgName: r.orgName,
    isOrgAdmin: r.user.isOrgAdmin,
    sessionId: 0,
    certSerial: null,
  };
  return { actor, clientAddress: '127.0.0.1' };
}

/**
 * The first section of the demo project `name`, which an earlier stage made. That stage skips a story a rule
 * refuses (e.g. the opening, with the clock not trusted, T3): then the stories built on it are skipped too,
 * with this reason — a start never fails for a story an earlier stage could not tell.
 */
export async function demoSectionOf(tx: Tx, name: string): Promise<{ projectId: number; sectionId: number }> {
  const [row] = await tx
    .select({ projectId: projects.id, sectionId: sections.id })
    .from(sections)
    .innerJoin(projects, eq(projects.id, sections.projectId))
    .where(eq(projects.name, name))
    .orderBy(asc(sections.id))
    .limit(1);
  if (!row) {
    throw new AppError(
      'NOT_FOUND',
      { zh: `前一阶段未生成示范项目“${name}”（已跳过），本情节随之跳过`, en: `An earlier stage skipped the demo project "${name}", so this story is skipped too` },
      { project: name },
    );
  }
  return row;
}

/** A small Chinese PDF standing in for a document or an evidence scan. */
export async function demoPdf(id: string, title: string, paragraphs: string[], at: Date): Promise<Uint8Array> {
  return renderDocument({
    documentId: id,
    title,
    metadata: { title, subject: title, author: '公共资源交易平台示范数据', keywords: ['demo'], creationDate: at },
    footerText: '公共资源交易平台（示范数据）',
    blocks: paragraphs.map((text) => ({ kind: 'paragraph' as const, text, indent: true })),
  });
}

/** Store the bytes as the actor's upload (what `POST /files` does); its upload id. */
export async function demoUpload(deps: Deps, ctx: RequestContext, fileName: string, bytes: Uint8Array): Promise<number> {
  const sha256 = crypto.createHash('sha256').update(bytes).digest('hex');
  const u = await createUpload(deps, ctx, { fileName, sha256, size: bytes.length, contentType: 'application/pdf', body: bytes });
  return u.uploadId;
}

/**
 * Issue 16 §1 (no tender without documents): the documents a demo notice issues — 招标文件, 资格预审文件 or
 * 出让文件, as the domain rule asks for this notice and method — uploaded and added before the notice is
 * submitted. A notice that issues none gets none.
 */
export async function addDemoDocuments(
  deps: Deps,
  ctx: RequestContext,
  p: { id: number; name: string } & Parameters<typeof flagsOf>[0],
  noticeKind: NoticeKind,
  paragraphs: string[] = [],
): Promise<void> {
  const kind = requiredDocumentKind(noticeKind, flagsOf(p));
  if (!kind) return;
  const label = requiredDocumentLabel(noticeKind, kind).zh;
  const title = `${p.name}${label}`;
  const body = paragraphs.length > 0 ? paragraphs : [`${title}（示范）：项目概况、申请人须知、资格条件、评审办法、合同条款及格式、文件格式，以交易平台发布的版本为准。`];
  const uploadId = await demoUpload(deps, ctx, `${title}.pdf`, await demoPdf(`DOC-${p.id}-${kind}`, title, body, deps.clock.now()));
  await addDocument(deps, ctx, { projectId: p.id, uploadId, kind });
}

/** 09:30 北京时间 on the Beijing day `days` after `from`. */
export function at0930(from: Date, days: number): string {
  const beijing = new Date(from.getTime() + 8 * 3600_000 + days * DAY);
  const y = beijing.getUTCFullYear();
  const m = String(beijing.getUTCMonth() + 1).padStart(2, '0');
  const d = String(beijing.getUTCDate()).padStart(2, '0');
  return `${y}-${m}-${d}T09:30:00+08:00`;
}

/**
 * A demo story's schedule made lawful for the day the demo is seeded. `draft(t0)` writes the schedule
 * relative to t0, the instant the notice is published. Fields in `fixed` are pinned by the story (a
 * deadline that must have passed already, or must still be ahead): they keep their place in `draft(t0)`
 * of the original t0, and when a limit cannot be met without moving them the story starts a day earlier,
 * up to `maxBackDays`. The other fields move to their earliest lawful instants (domain fitSchedule):
 * a deadline rolled off 国庆, a document sale kept open to 24:00 of its last day.
 */
export async function lawfulDemoSchedule(
  tx: Tx,
  deps: Pick<Deps, 'config'>,
  input: {
    tradeType: TradeType;
    method: ProcedureMethod;
    t0: Date;
    draft: (t0: Date) => Record<string, string>;
    fixed?: readonly ScheduleField[];
    maxBackDays?: number;
  },
): Promise<{ t0: Date; schedule: IsoSchedule }> {
  const table = await loadHolidayTable(tx);
  const pinned = input.draft(input.t0);
  for (let back = 0; back <= (input.maxBackDays ?? 0); back++) {
    const t0 = new Date(input.t0.getTime() - back * DAY);
    const draft: Schedule = {};
    for (const [k, v] of Object.entries(input.draft(t0))) {
      const field = SCHEDULE_FIELDS.find((f) => f === k);
      if (field) draft[field] = new Date(input.fixed?.includes(field) ? (pinned[field] ?? v) : v);
    }
    const fitted = fitSchedule(
      { tradeType: input.tradeType, method: input.method, schedule: draft, acceleration: deps.config.testing.acceleration },
      table,
      { fixed: input.fixed ?? [], publishedAt: t0 },
    );
    if (fitted) return { t0, schedule: scheduleToIso(fitted) };
  }
  throw new AppError('INVALID_STATE', { zh: '无法为示范项目排出合法的时间安排', en: 'No lawful schedule found for a demo project' }, { reason: 'DEMO_SCHEDULE', t0: input.t0.toISOString() });
}

interface DemoProject {
  owner: string;
  tradeType: TradeType;
  method: ProcedureMethod;
  name: string;
  budgetFen: number;
  sections: Omit<SectionInput, 'appraisalDate'>[];
  /** The tender waives the bid security (issue 16 §5). */
  securityWaived?: boolean;
  /** Property (issue 18 §4): the deal kind, and its items' appraisal this many days before the seed day. */
  propertyKind?: PropertyKind;
  appraisalDaysAgo?: number;
  noticeKind: DraftNoticeInput['kind'];
  title: string;
  body: string;
  schedule: (now: Date) => Record<string, string>;
}

const PROJECTS: DemoProject[] = [
  {
    owner: 'agent',
    tradeType: 'engineering',
    method: 'open',
    name: '示范市滨江大道综合改造工程（一期）施工',
    budgetFen: 186_000_000_00,
    sections: [
      { name: '第一标段：道路及排水工程', ceilingFen: 98_000_000_00, securityFen: 80_000_000 },
      { name: '第二标段：桥梁及附属工程', ceilingFen: 85_000_000_00, securityFen: 80_000_000 },
    ],
    noticeKind: 'tender',
    title: '示范市滨江大道综合改造工程（一期）施工招标公告',
    body:
      '一、招标条件\n\n本招标项目示范市滨江大道综合改造工程（一期）已由示范市发展和改革委员会批准建设，资金来自财政资金，招标人为示范市城市建设投资集团有限公司，招标代理机构为示范招标代理有限公司。项目已具备招标条件，现对该项目的施工进行公开招标。\n\n' +
      '二、投标人资格要求\n\n投标人须具备市政公用工程施工总承包二级及以上资质，并在人员、设备、资金等方面具有相应的施工能力。本次招标不接受联合体投标。\n\n' +
      '三、招标文件的获取\n\n请于招标文件发售期内登录公共资源交易平台免费下载电子招标文件。\n\n四、投标文件的递交\n\n投标文件须在投标截止时间前通过交易平台加密上传，逾期上传的投标文件，交易平台将予以拒收。开标采用不见面开标方式。',
    schedule: (now) => ({
      noticePublishAt: now.toISOString(),
      docsIssueStart: at0930(now, 1),
      docsIssueEnd: at0930(now, 9),
      bidDeadline: at0930(now, 26),
      openingAt: at0930(now, 26),
    }),
  },
  {
    owner: 'tenderee2',
    tradeType: 'procurement',
    method: 'open',
    name: '示范市第一人民医院医学影像设备采购项目',
    budgetFen: 23_600_000_00,
    sections: [
      { name: '包1：64排CT', ceilingFen: 12_000_000_00 },
      { name: '包2：数字化X线摄影系统', ceilingFen: 11_600_000_00 },
    ],
    securityWaived: true,
    noticeKind: 'tender',
    title: '示范市第一人民医院医学影像设备采购项目公开招标公告',
    body:
      '一、项目基本情况\n\n采购人：示范市第一人民医院。采购方式：公开招标。本项目分两个包，不接受进口产品以外的替代方案。\n\n二、申请人的资格要求\n\n满足《中华人民共和国政府采购法》第二十二条规定；本项目专门面向中小企业的预留份额按规定执行。\n\n三、获取招标文件\n\n在招标文件提供期限内登录交易平台下载。\n\n四、提交投标文件截止时间、开标时间和地点\n\n投标文件通过交易平台电子化提交，开标在交易平台不见面开标大厅进行。',
    schedule: (now) => ({
      noticePublishAt: now.toISOString(),
      docsIssueStart: at0930(now, 1),
      docsIssueEnd: at0930(now, 15),
      bidDeadline: at0930(now, 25),
      openingAt: at0930(now, 25),
    }),
  },
  {
    owner: 'tenderee',
    tradeType: 'land',
    method: 'listing',
    name: '示范市滨江新区R21-07地块国有建设用地使用权挂牌出让',
    budgetFen: 520_000_000_00,
    // Issue 18 §4: 起始价, 加价幅度 and 竞买保证金 (demo-sales.ts takes applications for it).
    sections: [{ name: 'R21-07地块（二类居住用地，38,560平方米）', startingPriceFen: 520_000_000_00, incrementFen: 500_000_00, securityFen: 104_000_000_00 }],
    noticeKind: 'land_sale',
    title: '示范市国有建设用地使用权挂牌出让公告（示范土挂〔2026〕7号）',
    body:
      '经示范市人民政府批准，示范市自然资源和规划局决定以挂牌方式出让一幅地块的国有建设用地使用权。\n\n一、挂牌出让地块的基本情况和规划指标要求：R21-07地块，出让面积38,560平方米，土地用途为二类居住用地，出让年限70年，容积率1.0—2.2。\n\n二、中华人民共和国境内外的法人、自然人和其他组织均可申请参加，申请人应当单独申请。\n\n三、本次挂牌出让采用网上交易方式，竞买保证金须在挂牌截止前足额到账。',
    schedule: (now) => ({
      noticePublishAt: now.toISOString(),
      listingStart: at0930(now, 21),
      depositDeadline: at0930(now, 33),
      applicationDeadline: at0930(now, 33),
      listingEnd: at0930(now, 36),
    }),
  },
  {
    owner: 'tenderee',
    tradeType: 'property',
    method: 'listing',
    name: '示范市城投物业管理有限公司40%股权转让',
    budgetFen: 36_800_000_00,
    // Issue 18 §4: 转让底价 = 评估值 (a first disclosure), its 评估基准日 two months back, the 交易保证金.
    propertyKind: 'equity_transfer',
    appraisalDaysAgo: 61,
    sections: [{ name: '示范市城投物业管理有限公司40%股权', startingPriceFen: 36_800_000_00, appraisalFen: 36_800_000_00, securityFen: 3_000_000_00 }],
    noticeKind: 'property_disclosure',
    title: '示范市城投物业管理有限公司40%股权转让挂牌披露公告',
    body:
      '一、转让标的：示范市城投物业管理有限公司40%股权，转让底价人民币36,800万元。\n\n二、转让方：示范市城市建设投资集团有限公司。本次转让已经国有资产监督管理机构批准。\n\n三、受让方资格条件：意向受让方应为依法设立并有效存续的企业法人，具有良好的财务状况和支付能力。\n\n四、交易方式：信息披露期满，产生两个及以上符合条件的意向受让方的，采取网络竞价方式确定受让方。',
    schedule: (now) => ({
      noticePublishAt: now.toISOString(),
      disclosureStart: now.toISOString(),
      depositDeadline: at0930(now, 32),
      applicationDeadline: at0930(now, 32),
      disclosureEnd: at0930(now, 32),
    }),
  },
];

/** Seeds what it can; returns the projects it skipped and why. */
export async function seedDemoProjects(tx: Tx, deps: Deps): Promise<{ published: string[]; skipped: { name: string; reason: string }[] }> {
  const staff = await contextFor(tx, 'staff');
  const published: string[] = [];
  const skipped: { name: string; reason: string }[] = [];
  for (const spec of PROJECTS) {
    try {
      await tx.transaction(async (sp) => {
        const dd: Deps = { ...deps, db: sp as unknown as Deps['db'] };
        const owner = await contextFor(sp, spec.owner);
        const tendereeOrgId =
          spec.owner === 'agent'
            ? (await sp.select({ id: organizations.id }).from(organizations).where(eq(organizations.name, '示范市城市建设投资集团有限公司')))[0]?.id
            : undefined;
        const p = await createProject(dd, owner, {
          tradeType: spec.tradeType,
          method: spec.method,
          name: spec.name,
          budgetFen: spec.budgetFen,
          sections: spec.sections.map((s) => (spec.appraisalDaysAgo === undefined ? s : { ...s, appraisalDate: beijingDate(new Date(deps.clock.now().getTime() - spec.appraisalDaysAgo * DAY)) })),
          ...(spec.propertyKind ? { propertyKind: spec.propertyKind } : {}),
          ...(spec.securityWaived ? { securityWaived: true } : {}),
          ...(tendereeOrgId ? { tendereeOrgId } : {}),
        });
        const { schedule } = await lawfulDemoSchedule(sp, deps, { tradeType: spec.tradeType, method: spec.method, t0: deps.clock.now(), draft: spec.schedule });
        await saveSchedule(dd, owner, { projectId: p.id, schedule, expectedVersion: p.version });
        await addDemoDocuments(dd, owner, p, spec.noticeKind);
        const n = await draftNotice(dd, owner, { projectId: p.id, kind: spec.noticeKind, title: spec.title, body: spec.body });
        await submitNotice(dd, owner, { noticeId: n.id });
        await publishNotice(dd, staff, { noticeId: n.id });
      });
      published.push(spec.name);
    } catch (e) {
      if (!isAppError(e)) throw e;
      skipped.push({ name: spec.name, reason: `${e.code}: ${e.messageZh}` });
    }
  }
  return { published, skipped };
}

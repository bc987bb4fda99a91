/**
 * Projects as the owner side makes them through the real API: a draft with sections, its documents
 * (uploaded through the use case behind `POST /files`, then `document.add`), a legal schedule and the
 * notice staff publish (issue 16 §1: no tender without documents).
 */
import crypto from 'node:crypto';
import { testPdf, type TestDocumentKind } from '../documents.ts';
import { callerAs, type Caller, type TestDeps } from './callers.ts';
import { uploadFile } from './uploads.ts';
import { testSchedule } from './schedule.ts';

export type ProjectInput = Parameters<Caller['project']['create']>[0];
export type SectionInput = ProjectInput['sections'][number];
export type NoticeKind = Parameters<Caller['notice']['draft']>[0]['kind'];
export type TestProject = Awaited<ReturnType<Caller['project']['get']>>;

/** The one engineering section most tests bid in: ceiling 8,000,000 CNY, security 160,000 CNY (2%). */
export const TEST_SECTION = { name: '第一标段', ceilingFen: 800_000_000, securityFen: 16_000_000 } as const;

/** A land plot (issue 18 §4): 起始价 52,000,000 CNY, 加价幅度 500,000 CNY, 竞买保证金 10,400,000 CNY; no ceiling. */
export const TEST_LAND_PLOT = { name: 'R21-07地块', startingPriceFen: 5_200_000_000, incrementFen: 50_000_000, securityFen: 1_040_000_000 } as const;

/**
 * A property item (issue 18 §4, L7): 转让底价 = 评估值 36,800,000 CNY (a first disclosure may not go below it),
 * 评估基准日 2025-12-31 (usable through 2026-12-31), 交易保证金 3,000,000 CNY.
 */
export const TEST_PROPERTY_ITEM = { name: '示范公司40%股权', startingPriceFen: 3_680_000_000, appraisalFen: 3_680_000_000, appraisalDate: '2025-12-31', securityFen: 300_000_000 } as const;

/** The default sections of a trade type: a tender section, a land plot or a property item. */
export function testSectionsFor(tradeType: ProjectInput['tradeType'] | undefined): SectionInput[] {
  if (tradeType === 'land') return [{ ...TEST_LAND_PLOT }];
  if (tradeType === 'property') return [{ ...TEST_PROPERTY_ITEM }];
  return [{ ...TEST_SECTION }];
}

export interface DraftOptions extends Partial<ProjectInput> {
  /** The demo owner-side user who creates it (default `tenderee`). */
  owner?: string;
}

/**
 * A DRAFT project: engineering, open, one section (TEST_SECTION) unless told otherwise; a land or property
 * project gets a plot / item with its sale terms (and property its deal kind, equity transfer).
 */
export async function draftProject(deps: TestDeps, opts: DraftOptions = {}): Promise<TestProject> {
  const { owner = 'tenderee', ...input } = opts;
  const t = await callerAs(deps, owner);
  const p = await t.project.create({
    tradeType: 'engineering',
    method: 'open',
    name: `测试项目${crypto.randomUUID().slice(0, 8)}`,
    budgetFen: 880_000_000,
    sections: testSectionsFor(input.tradeType),
    ...(input.tradeType === 'property' ? { propertyKind: 'equity_transfer' as const } : {}),
    ...input,
  });
  return p;
}

/**
 * Upload a small PDF as `username` (the use case `POST /files` calls) and add it to the project as its
 * documents of `kind` (default the tender documents, 招标文件).
 */
export async function addDocument(deps: TestDeps, username: string, projectId: number, kind: TestDocumentKind = 'tender', name?: string): Promise<{ uploadId: number; documentId: number }> {
  const fileName = name ?? { tender: '招标文件.pdf', prequalification: '资格预审文件.pdf', attachment: '图纸.pdf' }[kind];
  const uploadId = await uploadFile(deps, username, fileName, testPdf(`${kind}-${projectId}-${crypto.randomUUID()}`));
  const doc = await (await callerAs(deps, username)).document.add({ projectId, uploadId, kind });
  return { uploadId, documentId: doc.id };
}

export interface PublishOptions extends DraftOptions {
  /** The schedule saved before the notice (default testSchedule() of the project's kind). */
  schedule?: Record<string, string>;
  /** The notice kind (default `prequalification` with prequalification, else `tender`). */
  noticeKind?: NoticeKind;
  noticeTitle?: string;
  noticeBody?: string;
  /** The documents added before the notice (default one of the notice's kind). */
  documents?: TestDocumentKind[];
  /** More of the owner side's work on the DRAFT before its notice (e.g. qualification criteria). */
  beforeNotice?: (draft: TestProject) => Promise<void>;
}

/**
 * A project whose notice staff published (status PUBLISHED): sections, documents, a legal schedule.
 * Returns the project as its owner reads it and the published notice.
 */
export async function publishedProject(deps: TestDeps, opts: PublishOptions = {}): Promise<TestProject & { notice: Awaited<ReturnType<Caller['notice']['publish']>> }> {
  const { schedule, noticeKind, noticeTitle, noticeBody, documents, beforeNotice, ...draft } = opts;
  const owner = draft.owner ?? 'tenderee';
  const p = await draftProject(deps, draft);
  const prequal = p.prequalification;
  const t = await callerAs(deps, owner);
  const kind = p.tradeType === 'land' && p.method === 'listing' ? 'land_listing' : p.tradeType === 'property' ? 'property' : prequal ? 'prequalification' : 'tender';
  await t.project.saveSchedule({ projectId: p.id, schedule: schedule ?? testSchedule(kind), expectedVersion: p.version });
  // A sale's first notice is its own (issue 18 §4): 出让公告 (with 出让文件) or the 产权 disclosure.
  const saleNotice: NoticeKind | null = p.tradeType === 'land' ? 'land_sale' : p.tradeType === 'property' ? 'property_disclosure' : null;
  for (const kind of documents ?? (saleNotice === 'property_disclosure' ? [] : [prequal ? 'prequalification' : 'tender'])) await addDocument(deps, owner, p.id, kind);
  await beforeNotice?.(p);
  const n = await t.notice.draft({
    projectId: p.id,
    kind: noticeKind ?? saleNotice ?? (prequal ? 'prequalification' : 'tender'),
    title: noticeTitle ?? `${p.name}招标公告`,
    body: noticeBody ?? '一、招标条件\n\n本项目已具备招标条件，现对该项目的施工进行公开招标。',
  });
  await t.notice.submit({ noticeId: n.id });
  const notice = await (await callerAs(deps, 'staff')).notice.publish({ noticeId: n.id });
  return { ...(await t.project.get({ projectId: p.id })), notice };
}

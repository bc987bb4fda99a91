import { sql } from 'drizzle-orm';
import { bigint, boolean, check, date, index, integer, jsonb, pgEnum, pgTable, primaryKey, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core';
import { PROCEDURE_STATUSES, PROPERTY_KINDS, type Industry, type IsoSchedule, type ProcedureDetail, type ProcedureMethod, type StoredOpeningRules } from '@ebid/domain';
import type { EvaluationMethodSpec } from '@ebid/domain/evaluation';
import { createdAt } from './columns.ts';
import { organizations, users } from './identity.ts';

export const tradeType = pgEnum('trade_type', ['engineering', 'procurement', 'land', 'property']);
/** The procedure status (domain procedure/machine.ts), enforced by the database (issue 17 §3). */
export const projectStatus = pgEnum('project_status', PROCEDURE_STATUSES);
export const holidayKind = pgEnum('holiday_kind', ['holiday', 'workday']);
/**
 * What an engineering project buys (issue 16 §8): works, goods, or one of the services whose security cap
 * differs (survey and design: ≤ 100,000 CNY, R2; domain B6). null for the other trade types.
 */
export const projectSubject = pgEnum('project_subject', ['works', 'goods', 'survey', 'design', 'supervision', 'epc']);
/** How a bid states its price (issue 16 §2): an amount, or a fee rate (费率报价), which has no ceiling to exceed. */
export const priceKind = pgEnum('price_kind', ['amount', 'rate']);
/** Property deals only (issue 18 §4): what is transferred; decides the R32 disclosure minimum (L7). */
export const propertyKind = pgEnum('property_kind', PROPERTY_KINDS);

/**
 * The working-day calendar (domain §0): statutory days off and 调休 make-up working days, maintained by
 * center staff; seeded from the State Council notices (2025–2026). Rows of a year count only once its
 * `holiday_years` row is published; until then the year is computed on the provisional calendar.
 */
export const holidayDays = pgTable('holiday_days', {
  day: date({ mode: 'string' }).primaryKey(),
  kind: holidayKind().notNull(),
  name: text().notNull(),
  updatedBy: bigint({ mode: 'number' }),
  updatedAt: timestamp({ withTimezone: true, mode: 'date' }).notNull().defaultNow(),
});

export const holidayYearStatus = pgEnum('holiday_year_status', ['draft', 'published']);

/**
 * A year of the working-day calendar (issue 12 §2): `draft` while staff enter the State Council notice,
 * `published` once they publish it as complete. Only published years are the official calendar.
 */
export const holidayYears = pgTable('holiday_years', {
  year: integer().primaryKey(),
  status: holidayYearStatus().notNull().default('draft'),
  /** The notice it was entered from, e.g. 国办发明电〔2025〕7号. */
  source: text(),
  publishedAt: timestamp({ withTimezone: true, mode: 'date' }),
  publishedBy: bigint({ mode: 'number' }),
  version: integer().notNull().default(1),
  updatedAt: timestamp({ withTimezone: true, mode: 'date' }).notNull().defaultNow(),
});

/**
 * A trading matter (交易项目). Its procedure state is the domain state machine's (packages/domain
 * procedure/machine.ts); status updates are guarded with `WHERE status = expected`.
 */
export const projects = pgTable(
  'projects',
  {
    id: bigint({ mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    /** 统一交易标识码. */
    unifiedDealCode: text().notNull(),
    tradeType: tradeType().notNull(),
    method: text().$type<ProcedureMethod>().notNull(),
    prequalification: boolean().notNull().default(false),
    name: text().notNull(),
    tendereeOrgId: bigint({ mode: 'number' })
      .notNull()
      .references(() => organizations.id),
    agentOrgId: bigint({ mode: 'number' }).references(() => organizations.id),
    createdBy: bigint({ mode: 'number' })
      .notNull()
      .references(() => users.id),
    status: projectStatus().notNull().default('DRAFT'),
    /** The rest of the domain ProcedureState (suspendedFrom, suspension, failure, termination). */
    statusDetail: jsonb().$type<ProcedureDetail>().notNull().default({}),
    /** 行政区划代码 of the project location. */
    regionCode: text().notNull(),
    /** Budget / estimate in integer fen (money is never a float). */
    budgetFen: bigint({ mode: 'number' }),
    /** Engineering only: works, goods, survey, design … (issue 16 §8; decides the B6 security cap). */
    subject: projectSubject(),
    /**
     * Engineering only, and required there (issue 20 §4, M3): the industry (行业, domain supervision/scope-rule.ts
     * INDUSTRIES) whose supervisors see the project. null for the other trade types.
     */
    industry: text().$type<Industry>(),
    /** amount (default) or rate (费率报价, exempt from the price ceiling; issue 16 §2). */
    priceKind: priceKind().notNull().default('amount'),
    /** The tender waives the bid security (发改法规〔2023〕27号 encourages it; issue 16 §5). */
    securityWaived: boolean().notNull().default(false),
    /** The statutory schedule: field → ISO instant (see domain calendar/limits.ts SCHEDULE_FIELDS). */
    schedule: jsonb().$type<IsoSchedule>().notNull().default({}),
    /**
     * The counter's business hours end where the documents set them (`HH:MM` 北京时间, MFD §203 ¶2): a
     * window (document sale, listing, disclosure) then lasts until that time of its last day, not 24:00.
     */
    businessHoursEnd: text(),
    /** Opening rules frozen with the tender (issue 7): { decryptWindowMinutes?, signInLeadMinutes?, floatPointsBp? }. */
    openingRules: jsonb().$type<StoredOpeningRules>().notNull().default({}),
    /** Property only (issue 18 §4): 产权转让 / 资产转让 / 增资扩股; decides the disclosure minimum (L7). */
    propertyKind: propertyKind(),
    /**
     * Procurement single source only (issue 18 §3): the one supplier named in the publicity (CG §31, CGT
     * §38). Only this organization may register and respond.
     */
    singleSourceSupplierOrgId: bigint({ mode: 'number' }).references(() => organizations.id),
    /** The failed project this one re-tenders (流标后重新招标), if any. */
    previousProjectId: bigint({ mode: 'number' }),
    version: integer().notNull().default(1),
    createdAt: createdAt(),
    updatedAt: timestamp({ withTimezone: true, mode: 'date' }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('projects_unified_deal_code_uq').on(t.unifiedDealCode),
    index('projects_tenderee_idx').on(t.tendereeOrgId),
    index('projects_agent_idx').on(t.agentOrgId),
    index('projects_status_idx').on(t.status),
    check('projects_industry_chk', sql`(${t.tradeType} = 'engineering') = (${t.industry} IS NOT NULL) AND (${t.industry} IS NULL OR ${t.industry} IN ('housing', 'transport', 'water', 'other'))`),
  ],
);

/**
 * The last sequence number of 统一交易标识码 given out per region, year and trade type (issue 13 §9.7).
 * A project takes the next number by updating its row in the creating transaction: a refused or failed
 * create rolls the counter back with everything else, so the codes have no gaps, and concurrent creates
 * of one key wait for each other on the row lock (distinct, consecutive codes).
 */
export const dealCodeCounters = pgTable(
  'deal_code_counters',
  {
    regionCode: text().notNull(),
    year: integer().notNull(),
    tradeType: tradeType().notNull(),
    lastSeq: integer().notNull(),
  },
  (t) => [primaryKey({ columns: [t.regionCode, t.year, t.tradeType] })],
);

export const sectionStatus = pgEnum('section_status', ['open', 'failed']);

/** 标段 / 包 / 地块 / 标的: the unit that is bid on. */
export const sections = pgTable(
  'sections',
  {
    id: bigint({ mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    projectId: bigint({ mode: 'number' })
      .notNull()
      .references(() => projects.id),
    /** 标段编号 within the project: 001, 002 … */
    code: text().notNull(),
    name: text().notNull(),
    /**
     * Engineering and procurement: the price ceiling in fen (招标控制价 / 最高限价). Land and property
     * sales state a floor instead (`startingPriceFen`), never a ceiling (issue 18 §4).
     */
    ceilingFen: bigint({ mode: 'number' }),
    /**
     * Land and property sales (issue 18 §4): the floor the sale starts from, in fen — land 起始价, property
     * 转让底价 (挂牌价). Offers below it are refused; it is not a ceiling.
     */
    startingPriceFen: bigint({ mode: 'number' }),
    /** Land and property sales: the bidding increment (加价幅度) in fen. */
    incrementFen: bigint({ mode: 'number' }),
    /** Property only: the appraised value (评估值) in fen and its reference date (评估基准日). */
    appraisalFen: bigint({ mode: 'number' }),
    appraisalDate: date({ mode: 'string' }),
    /**
     * Property only: the approval document (批准文件 文号) that allows a 转让底价 below 90 % of the appraisal
     * (L7; R32 §18). Required exactly when the floor is below that.
     */
    floorApprovalRef: text(),
    /** Bid security / deposit in fen (caps checked: domain B6). */
    securityFen: bigint({ mode: 'number' }),
    /**
     * The evaluation method (issue 22 §3, S1): set while drafting, frozen when the tender notice is published
     * (a change after that is refused); its SHA-256 is audited at publication and copied into the evaluation.
     */
    evaluationMethod: jsonb().$type<EvaluationMethodSpec>(),
    evaluationMethodSha256: text(),
    /** The technical part is evaluated blind (暗标): shown under a random label until its scores are signed. */
    blindTechnical: boolean().notNull().default(false),
    /**
     * A section fails by itself (issue 16 §7, O2): too few bids at the deadline, or too few qualified after
     * prequalification. `open` otherwise. The project fails only when all its sections have.
     */
    status: sectionStatus().notNull().default('open'),
    failedAt: timestamp({ withTimezone: true, mode: 'date' }),
    /** too_few_bids | too_few_qualified | too_few_compliant (SectionFailureReason) */
    failureReason: text(),
    /** The section's own 流标公告. */
    failureNoticeId: bigint({ mode: 'number' }),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex('sections_project_code_uq').on(t.projectId, t.code)],
);

export const noticeKind = pgEnum('notice_kind', [
  'tender',
  'prequalification',
  'amendment',
  'land_sale',
  'property_disclosure',
  'single_source',
  'termination',
  'failure',
  'prequalification_result',
]);
export const noticeStatus = pgEnum('notice_status', ['draft', 'pending_review', 'scheduled', 'published', 'rejected']);

/**
 * Notices (公告): drafted by the tenderee or agent, reviewed and published by center staff as a sealed
 * PDF stored by hash. A published notice is never edited: an amendment notice changes it.
 */
export const notices = pgTable(
  'notices',
  {
    id: bigint({ mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    projectId: bigint({ mode: 'number' })
      .notNull()
      .references(() => projects.id),
    kind: noticeKind().notNull(),
    title: text().notNull(),
    body: text().notNull(),
    status: noticeStatus().notNull().default('draft'),
    amendsNoticeId: bigint({ mode: 'number' }),
    /** The section a notice is about alone (a section's failure notice, issue 16 §7); null = the project. */
    sectionId: bigint({ mode: 'number' }),
    /** SHA-256 of the canonical content (title + body + facts) and of the sealed PDF in the object store. */
    contentSha256: text(),
    pdfSha256: text(),
    pdfSize: integer(),
    submittedAt: timestamp({ withTimezone: true, mode: 'date' }),
    /** Approved before its 公告发布时间: published by a timer at this instant (status `scheduled`). */
    scheduledFor: timestamp({ withTimezone: true, mode: 'date' }),
    publishedAt: timestamp({ withTimezone: true, mode: 'date' }),
    publishedBy: bigint({ mode: 'number' }),
    reviewNote: text(),
    version: integer().notNull().default(1),
    createdBy: bigint({ mode: 'number' }).notNull(),
    createdAt: createdAt(),
  },
  (t) => [index('notices_project_idx').on(t.projectId), index('notices_status_published_idx').on(t.status, t.publishedAt)],
);

/** Where a notice was published, with the content hash published there (domain N9: identical everywhere). */
export const noticePublications = pgTable(
  'notice_publications',
  {
    id: bigint({ mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    noticeId: bigint({ mode: 'number' })
      .notNull()
      .references(() => notices.id),
    venue: text().notNull(),
    contentSha256: text().notNull(),
    publishedAt: timestamp({ withTimezone: true, mode: 'date' }).notNull(),
  },
  (t) => [uniqueIndex('notice_publications_notice_venue_uq').on(t.noticeId, t.venue)],
);

/**
 * The public change feed (ProZorro manner): one row per public change, ids allocated under a
 * transaction-scoped advisory lock so they are visible in id order; a reader polling `after=<last id>`
 * neither misses nor repeats a change.
 */
export const publicChanges = pgTable('public_changes', {
  id: bigint({ mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
  entity: text().notNull(),
  entityId: bigint({ mode: 'number' }).notNull(),
  change: text().notNull(),
  at: timestamp({ withTimezone: true, mode: 'date' }).notNull(),
});

/** Row types: what a select returns (issue 17 §3) — import these, do not re-declare them. */
export type HolidayDayRow = typeof holidayDays.$inferSelect;
export type HolidayYearRow = typeof holidayYears.$inferSelect;
export type ProjectRow = typeof projects.$inferSelect;
export type DealCodeCounterRow = typeof dealCodeCounters.$inferSelect;
export type SectionRow = typeof sections.$inferSelect;
export type NoticeRow = typeof notices.$inferSelect;
export type NoticePublicationRow = typeof noticePublications.$inferSelect;
export type PublicChangeRow = typeof publicChanges.$inferSelect;

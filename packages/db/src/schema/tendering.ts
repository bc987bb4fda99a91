/**
 * Tendering (issue 5): uploaded files, tender documents and their downloads, clarifications, objections,
 * registrations, securities/deposits and their bank-statement imports, qualification criteria, answers and
 * review decisions. Money is integer fen; instants are timestamptz.
 */
import { sql } from 'drizzle-orm';
import { bigint, boolean, index, integer, jsonb, pgEnum, pgTable, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core';
import type { CriterionUnit, ObjectionStage, ObjectionSubject, RefundTrigger } from '@ebid/domain';
import { createdAt } from './columns.ts';
import { organizations, users } from './identity.ts';
import { projects, sections } from './projects.ts';

const ts = () => timestamp({ withTimezone: true, mode: 'date' });
const id = () => bigint({ mode: 'number' }).primaryKey().generatedAlwaysAsIdentity();
const ref = () => bigint({ mode: 'number' });

/**
 * A file a user streamed to `POST /files` (declared SHA-256 and size checked while storing). Later
 * mutations refer to it by id (a tender document, a qualification evidence file); only the uploader's
 * organization may use it.
 */
export const uploads = pgTable(
  'uploads',
  {
    id: id(),
    userId: ref()
      .notNull()
      .references(() => users.id),
    orgId: ref()
      .notNull()
      .references(() => organizations.id),
    fileName: text().notNull(),
    sha256: text().notNull(),
    size: bigint({ mode: 'number' }).notNull(),
    contentType: text().notNull(),
    createdAt: createdAt(),
  },
  (t) => [index('uploads_user_idx').on(t.userId)],
);

export const documentKind = pgEnum('document_kind', ['tender', 'prequalification', 'attachment']);

/**
 * 招标文件 / 资格预审文件 and their attachments, versioned by name: a new version supersedes the old one,
 * which stays downloadable for the record. After the notice is published a new file or version can only
 * come with a clarification (S1, N5), and becomes visible when that clarification is published.
 */
export const tenderDocuments = pgTable(
  'tender_documents',
  {
    id: id(),
    projectId: ref()
      .notNull()
      .references(() => projects.id),
    /** null = every section. */
    sectionId: ref().references(() => sections.id),
    kind: documentKind().notNull(),
    name: text().notNull(),
    version: integer().notNull(),
    sha256: text().notNull(),
    size: bigint({ mode: 'number' }).notNull(),
    contentType: text().notNull(),
    supersedesId: ref(),
    supersededAt: ts(),
    /** The clarification that issues this version (set for versions added after publication). */
    clarificationId: ref(),
    createdBy: ref().notNull(),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex('tender_documents_name_version_uq').on(t.projectId, t.name, t.version), index('tender_documents_project_idx').on(t.projectId)],
);

/** Every download of a tender document (N6: never disclosed before the bid deadline, to anyone). */
export const documentDownloads = pgTable(
  'document_downloads',
  {
    id: id(),
    documentId: ref()
      .notNull()
      .references(() => tenderDocuments.id),
    projectId: ref().notNull(),
    userId: ref().notNull(),
    orgId: ref().notNull(),
    at: ts().notNull(),
  },
  (t) => [index('document_downloads_project_idx').on(t.projectId, t.orgId)],
);

export const clarificationStatus = pgEnum('clarification_status', ['draft', 'published']);

/** 澄清 / 修改, numbered per project; publishing may move the deadline (N5). */
export const clarifications = pgTable(
  'clarifications',
  {
    id: id(),
    projectId: ref()
      .notNull()
      .references(() => projects.id),
    seq: integer().notNull(),
    title: text().notNull(),
    body: text().notNull(),
    affectsPreparation: boolean().notNull(),
    status: clarificationStatus().notNull().default('draft'),
    /** The schedule field the clarification was judged against (bidDeadline or prequalApplicationDeadline). */
    deadlineField: text(),
    previousDeadline: ts(),
    /** Set when publishing moved the deadline (N5). */
    newDeadline: ts(),
    /** The moved deadline was computed on a provisional calendar (a year not yet published): 暂定. */
    newDeadlineProvisional: boolean().notNull().default(false),
    pdfSha256: text(),
    publishedAt: ts(),
    publishedBy: ref(),
    version: integer().notNull().default(1),
    createdBy: ref().notNull(),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex('clarifications_project_seq_uq').on(t.projectId, t.seq)],
);

export const objectionStatus = pgEnum('objection_status', ['filed', 'accepted', 'declined', 'answered']);

/** 异议 against the (prequalification) documents (N8). The filer's identity is shown only to the owner side and the center. */
export const objections = pgTable(
  'objections',
  {
    id: id(),
    projectId: ref()
      .notNull()
      .references(() => projects.id),
    /** 'prequalification' (资格预审文件) or 'tender' (招标文件); for process and result challenges, the stage at filing. */
    stage: text().$type<ObjectionStage>().notNull(),
    /** What is objected to: 'documents' (both trades), 'process' or 'result' (GP 质疑). */
    subject: text().$type<ObjectionSubject>().notNull().default('documents'),
    /** A process challenge: the step challenged (e.g. 'opening', 'prequalification'). */
    step: text(),
    /** Receiving it suspended the procedure (engineering documents, ZTBT §22). */
    suspends: boolean().notNull().default(false),
    filerOrgId: ref()
      .notNull()
      .references(() => organizations.id),
    filerUserId: ref().notNull(),
    title: text().notNull(),
    body: text().notNull(),
    status: objectionStatus().notNull().default('filed'),
    filedAt: ts().notNull(),
    decidedAt: ts(),
    decidedBy: ref(),
    declineReason: text(),
    /** From receipt: 3 days (ZTBT §22) or 7 working days (CG §53); the red alert fires here. */
    answerDueAt: ts(),
    /** The due date was computed on a provisional calendar: 暂定, recomputed when the year is published. */
    answerDueProvisional: boolean().notNull().default(false),
    answer: text(),
    answeredAt: ts(),
    answeredBy: ref(),
    version: integer().notNull().default(1),
  },
  (t) => [index('objections_project_idx').on(t.projectId)],
);

export const registrationStatus = pgEnum('registration_status', ['applied', 'qualified', 'disqualified', 'withdrawn']);

/** 报名 / 竞买申请: one per company per section. */
export const registrations = pgTable(
  'registrations',
  {
    id: id(),
    projectId: ref()
      .notNull()
      .references(() => projects.id),
    sectionId: ref()
      .notNull()
      .references(() => sections.id),
    bidderOrgId: ref()
      .notNull()
      .references(() => organizations.id),
    userId: ref().notNull(),
    status: registrationStatus().notNull().default('applied'),
    appliedAt: ts().notNull(),
    /**
     * When the qualification result was decided (prequalification, or the review of a land / property
     * application before the sale, issue 18 §4), by whom and why.
     */
    decidedAt: ts(),
    decidedBy: ref(),
    decisionNote: text(),
    /**
     * The bidder's own payment reference (付款附言) for its security (issue 16 §5): printed on its security
     * card, written in the bank transfer's remark; statement rows are matched by it, never by company name.
     */
    paymentReference: text(),
    version: integer().notNull().default(1),
  },
  (t) => [
    uniqueIndex('registrations_section_org_uq').on(t.sectionId, t.bidderOrgId),
    index('registrations_project_idx').on(t.projectId),
    uniqueIndex('registrations_payment_reference_uq').on(t.paymentReference).where(sql`${t.paymentReference} is not null`),
  ],
);

export const depositForm = pgEnum('deposit_form', ['cash', 'guarantee', 'e_guarantee']);
export const depositStatus = pgEnum('deposit_status', ['pending', 'received', 'refunded', 'forfeited']);

/** 投标保证金 / 竞买保证金 of one registration (B6, B7, B10). Created `pending` with the required amount. */
export const deposits = pgTable(
  'deposits',
  {
    id: id(),
    registrationId: ref()
      .notNull()
      .references(() => registrations.id),
    projectId: ref().notNull(),
    sectionId: ref().notNull(),
    bidderOrgId: ref().notNull(),
    /** Required amount (the section's), then the amount actually received. */
    amountFen: bigint({ mode: 'number' }).notNull(),
    form: depositForm(),
    payerName: text(),
    payerAccount: text(),
    /** Bank transaction id, guarantee number or e-guarantee number. */
    reference: text(),
    /** A (electronic) guarantee's issuer (bank or insurer) and how it was verified (issue 16 §5). */
    guaranteeIssuer: text(),
    /** e.g. the issuer's verification code or URL checked, and when. */
    guaranteeVerification: text(),
    guaranteeVerifiedAt: ts(),
    status: depositStatus().notNull().default('pending'),
    receivedAt: ts(),
    /** Set when a refund becomes due (B10): withdrawal, termination, failed qualification, award, contract. */
    refundDueAt: ts(),
    /** The instant the refund became due from (the trigger), to recompute refundDueAt when a year is published. */
    refundTriggeredAt: ts(),
    refundDueProvisional: boolean().notNull().default(false),
    refundReason: text().$type<RefundTrigger>(),
    refundedAt: ts(),
    forfeitedAt: ts(),
    forfeitReason: text(),
    source: text(),
    importId: ref(),
    recordedBy: ref(),
    version: integer().notNull().default(1),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex('deposits_registration_uq').on(t.registrationId),
    index('deposits_project_idx').on(t.projectId),
    // A bank transaction or guarantee is recorded once (concurrent imports cannot both use it).
    uniqueIndex('deposits_reference_uq').on(t.reference).where(sql`${t.reference} is not null`),
  ],
);

/** One bank-statement CSV import: all rows or none. The file itself is kept in the object store. */
export const depositImports = pgTable('deposit_imports', {
  id: id(),
  fileName: text().notNull(),
  sha256: text().notNull(),
  rowCount: integer().notNull(),
  importedBy: ref().notNull(),
  at: ts().notNull(),
});

/** What staff did with an unmatched payment: still open, assigned to a security, or returned to the payer. */
export type UnmatchedPaymentStatus = 'open' | 'assigned' | 'returned';

/**
 * A bank-statement row that matched no security by its payment reference (issue 16 §5): listed for staff,
 * never guessed. Resolved when staff assign it to a deposit or mark it returned to the payer.
 */
export const unmatchedPayments = pgTable(
  'unmatched_payments',
  {
    id: id(),
    importId: ref().notNull(),
    line: integer().notNull(),
    receivedAt: ts().notNull(),
    payerName: text().notNull(),
    payerAccount: text().notNull(),
    amountFen: bigint({ mode: 'number' }).notNull(),
    /** The bank transaction id. */
    reference: text().notNull(),
    /** The remark as written by the payer (the payment reference it should have carried). */
    remark: text(),
    status: text().$type<UnmatchedPaymentStatus>().notNull().default('open'),
    depositId: ref(),
    resolvedBy: ref(),
    resolvedAt: ts(),
    note: text(),
    version: integer().notNull().default(1),
  },
  (t) => [uniqueIndex('unmatched_payments_reference_uq').on(t.reference), index('unmatched_payments_status_idx').on(t.status)],
);

export const criterionCategory = pgEnum('criterion_category', ['licence', 'experience', 'financial', 'personnel', 'other']);

/** Structured qualification conditions, defined with the documents; frozen once the notice is published (S1). */
export const qualificationCriteria = pgTable(
  'qualification_criteria',
  {
    id: id(),
    projectId: ref()
      .notNull()
      .references(() => projects.id),
    /** null = every section. */
    sectionId: ref(),
    code: text().notNull(),
    category: criterionCategory().notNull(),
    title: text().notNull(),
    requirement: text().notNull(),
    /** A numeric threshold the answer's value must reach: fen for financial, a count for experience. */
    minValue: bigint({ mode: 'number' }),
    unit: text().$type<CriterionUnit>(),
    evidenceRequired: boolean().notNull().default(true),
    sortOrder: integer().notNull().default(0),
    createdBy: ref().notNull(),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex('qualification_criteria_code_uq').on(t.projectId, t.code)],
);

/** An evidence file of a qualification answer: an upload of the answering company, copied by hash. */
export interface EvidenceFile {
  uploadId: number;
  fileName: string;
  sha256: string;
  size: number;
}

/** A bidder's answer to one criterion, with evidence files (uploads by hash). */
export const qualificationAnswers = pgTable(
  'qualification_answers',
  {
    id: id(),
    registrationId: ref()
      .notNull()
      .references(() => registrations.id),
    criterionId: ref()
      .notNull()
      .references(() => qualificationCriteria.id),
    statement: text().notNull(),
    value: bigint({ mode: 'number' }),
    evidence: jsonb().$type<EvidenceFile[]>().notNull().default([]),
    submittedAt: ts().notNull(),
    submittedBy: ref().notNull(),
    version: integer().notNull().default(1),
  },
  (t) => [uniqueIndex('qualification_answers_uq').on(t.registrationId, t.criterionId)],
);

/** A reviewer's pass/fail on one criterion for one applicant, with the written reason. */
export const qualificationDecisions = pgTable(
  'qualification_decisions',
  {
    id: id(),
    registrationId: ref()
      .notNull()
      .references(() => registrations.id),
    criterionId: ref()
      .notNull()
      .references(() => qualificationCriteria.id),
    pass: boolean().notNull(),
    reason: text().notNull(),
    reviewerId: ref().notNull(),
    decidedAt: ts().notNull(),
  },
  (t) => [uniqueIndex('qualification_decisions_uq').on(t.registrationId, t.criterionId)],
);

/** Row types: what a select returns (issue 17 §3) — import these, do not re-declare them. */
export type UploadRow = typeof uploads.$inferSelect;
export type TenderDocumentRow = typeof tenderDocuments.$inferSelect;
export type DocumentDownloadRow = typeof documentDownloads.$inferSelect;
export type ClarificationRow = typeof clarifications.$inferSelect;
export type ObjectionRow = typeof objections.$inferSelect;
export type RegistrationRow = typeof registrations.$inferSelect;
export type DepositRow = typeof deposits.$inferSelect;
export type DepositImportRow = typeof depositImports.$inferSelect;
export type UnmatchedPaymentRow = typeof unmatchedPayments.$inferSelect;
export type QualificationCriterionRow = typeof qualificationCriteria.$inferSelect;
export type QualificationAnswerRow = typeof qualificationAnswers.$inferSelect;
export type QualificationDecisionRow = typeof qualificationDecisions.$inferSelect;

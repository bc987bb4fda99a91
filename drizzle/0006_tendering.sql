CREATE TYPE "public"."clarification_status" AS ENUM('draft', 'published');--> statement-breakpoint
CREATE TYPE "public"."criterion_category" AS ENUM('licence', 'experience', 'financial', 'personnel', 'other');--> statement-breakpoint
CREATE TYPE "public"."deposit_form" AS ENUM('cash', 'guarantee', 'e_guarantee');--> statement-breakpoint
CREATE TYPE "public"."deposit_status" AS ENUM('pending', 'received', 'refunded', 'forfeited');--> statement-breakpoint
CREATE TYPE "public"."document_kind" AS ENUM('tender', 'prequalification', 'attachment');--> statement-breakpoint
CREATE TYPE "public"."objection_status" AS ENUM('filed', 'accepted', 'declined', 'answered');--> statement-breakpoint
CREATE TYPE "public"."registration_status" AS ENUM('applied', 'qualified', 'disqualified', 'withdrawn');--> statement-breakpoint
ALTER TYPE "public"."notice_kind" ADD VALUE 'termination';--> statement-breakpoint
ALTER TYPE "public"."notice_kind" ADD VALUE 'failure';--> statement-breakpoint
CREATE TABLE "clarifications" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "clarifications_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"project_id" bigint NOT NULL,
	"seq" integer NOT NULL,
	"title" text NOT NULL,
	"body" text NOT NULL,
	"affects_preparation" boolean NOT NULL,
	"status" "clarification_status" DEFAULT 'draft' NOT NULL,
	"deadline_field" text,
	"previous_deadline" timestamp with time zone,
	"new_deadline" timestamp with time zone,
	"pdf_sha256" text,
	"published_at" timestamp with time zone,
	"published_by" bigint,
	"version" integer DEFAULT 1 NOT NULL,
	"created_by" bigint NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "deposit_imports" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "deposit_imports_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"file_name" text NOT NULL,
	"sha256" text NOT NULL,
	"row_count" integer NOT NULL,
	"imported_by" bigint NOT NULL,
	"at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "deposits" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "deposits_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"registration_id" bigint NOT NULL,
	"project_id" bigint NOT NULL,
	"section_id" bigint NOT NULL,
	"bidder_org_id" bigint NOT NULL,
	"amount_fen" bigint NOT NULL,
	"form" "deposit_form",
	"payer_name" text,
	"payer_account" text,
	"reference" text,
	"status" "deposit_status" DEFAULT 'pending' NOT NULL,
	"received_at" timestamp with time zone,
	"refund_due_at" timestamp with time zone,
	"refund_reason" text,
	"refunded_at" timestamp with time zone,
	"forfeited_at" timestamp with time zone,
	"forfeit_reason" text,
	"source" text,
	"import_id" bigint,
	"recorded_by" bigint,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "document_downloads" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "document_downloads_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"document_id" bigint NOT NULL,
	"project_id" bigint NOT NULL,
	"user_id" bigint NOT NULL,
	"org_id" bigint NOT NULL,
	"at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "objections" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "objections_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"project_id" bigint NOT NULL,
	"stage" text NOT NULL,
	"filer_org_id" bigint NOT NULL,
	"filer_user_id" bigint NOT NULL,
	"title" text NOT NULL,
	"body" text NOT NULL,
	"status" "objection_status" DEFAULT 'filed' NOT NULL,
	"filed_at" timestamp with time zone NOT NULL,
	"decided_at" timestamp with time zone,
	"decided_by" bigint,
	"decline_reason" text,
	"answer_due_at" timestamp with time zone,
	"answer" text,
	"answered_at" timestamp with time zone,
	"answered_by" bigint,
	"version" integer DEFAULT 1 NOT NULL
);
--> statement-breakpoint
CREATE TABLE "qualification_answers" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "qualification_answers_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"registration_id" bigint NOT NULL,
	"criterion_id" bigint NOT NULL,
	"statement" text NOT NULL,
	"value" bigint,
	"evidence" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"submitted_at" timestamp with time zone NOT NULL,
	"submitted_by" bigint NOT NULL,
	"version" integer DEFAULT 1 NOT NULL
);
--> statement-breakpoint
CREATE TABLE "qualification_criteria" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "qualification_criteria_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"project_id" bigint NOT NULL,
	"section_id" bigint,
	"code" text NOT NULL,
	"category" "criterion_category" NOT NULL,
	"title" text NOT NULL,
	"requirement" text NOT NULL,
	"min_value" bigint,
	"unit" text,
	"evidence_required" boolean DEFAULT true NOT NULL,
	"sort_order" integer DEFAULT 0 NOT NULL,
	"created_by" bigint NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "qualification_decisions" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "qualification_decisions_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"registration_id" bigint NOT NULL,
	"criterion_id" bigint NOT NULL,
	"pass" boolean NOT NULL,
	"reason" text NOT NULL,
	"reviewer_id" bigint NOT NULL,
	"decided_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "registrations" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "registrations_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"project_id" bigint NOT NULL,
	"section_id" bigint NOT NULL,
	"bidder_org_id" bigint NOT NULL,
	"user_id" bigint NOT NULL,
	"status" "registration_status" DEFAULT 'applied' NOT NULL,
	"applied_at" timestamp with time zone NOT NULL,
	"decided_at" timestamp with time zone,
	"decision_note" text,
	"version" integer DEFAULT 1 NOT NULL
);
--> statement-breakpoint
CREATE TABLE "tender_documents" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "tender_documents_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"project_id" bigint NOT NULL,
	"section_id" bigint,
	"kind" "document_kind" NOT NULL,
	"name" text NOT NULL,
	"version" integer NOT NULL,
	"sha256" text NOT NULL,
	"size" bigint NOT NULL,
	"content_type" text NOT NULL,
	"supersedes_id" bigint,
	"superseded_at" timestamp with time zone,
	"clarification_id" bigint,
	"created_by" bigint NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "uploads" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "uploads_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"user_id" bigint NOT NULL,
	"org_id" bigint NOT NULL,
	"file_name" text NOT NULL,
	"sha256" text NOT NULL,
	"size" bigint NOT NULL,
	"content_type" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "organizations" ADD COLUMN "basic_account_bank" text;--> statement-breakpoint
ALTER TABLE "organizations" ADD COLUMN "basic_account_no" text;--> statement-breakpoint
ALTER TABLE "projects" ADD COLUMN "previous_project_id" bigint;--> statement-breakpoint
ALTER TABLE "clarifications" ADD CONSTRAINT "clarifications_project_id_projects_id_fk" FOREIGN KEY ("project_id") REFERENCES "public"."projects"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "deposits" ADD CONSTRAINT "deposits_registration_id_registrations_id_fk" FOREIGN KEY ("registration_id") REFERENCES "public"."registrations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "document_downloads" ADD CONSTRAINT "document_downloads_document_id_tender_documents_id_fk" FOREIGN KEY ("document_id") REFERENCES "public"."tender_documents"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "objections" ADD CONSTRAINT "objections_project_id_projects_id_fk" FOREIGN KEY ("project_id") REFERENCES "public"."projects"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "objections" ADD CONSTRAINT "objections_filer_org_id_organizations_id_fk" FOREIGN KEY ("filer_org_id") REFERENCES "public"."organizations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "qualification_answers" ADD CONSTRAINT "qualification_answers_registration_id_registrations_id_fk" FOREIGN KEY ("registration_id") REFERENCES "public"."registrations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "qualification_answers" ADD CONSTRAINT "qualification_answers_criterion_id_qualification_criteria_id_fk" FOREIGN KEY ("criterion_id") REFERENCES "public"."qualification_criteria"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "qualification_criteria" ADD CONSTRAINT "qualification_criteria_project_id_projects_id_fk" FOREIGN KEY ("project_id") REFERENCES "public"."projects"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "qualification_decisions" ADD CONSTRAINT "qualification_decisions_registration_id_registrations_id_fk" FOREIGN KEY ("registration_id") REFERENCES "public"."registrations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "qualification_decisions" ADD CONSTRAINT "qualification_decisions_criterion_id_qualification_criteria_id_fk" FOREIGN KEY ("criterion_id") REFERENCES "public"."qualification_criteria"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "registrations" ADD CONSTRAINT "registrations_project_id_projects_id_fk" FOREIGN KEY ("project_id") REFERENCES "public"."projects"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "registrations" ADD CONSTRAINT "registrations_section_id_sections_id_fk" FOREIGN KEY ("section_id") REFERENCES "public"."sections"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "registrations" ADD CONSTRAINT "registrations_bidder_org_id_organizations_id_fk" FOREIGN KEY ("bidder_org_id") REFERENCES "public"."organizations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "tender_documents" ADD CONSTRAINT "tender_documents_project_id_projects_id_fk" FOREIGN KEY ("project_id") REFERENCES "public"."projects"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "tender_documents" ADD CONSTRAINT "tender_documents_section_id_sections_id_fk" FOREIGN KEY ("section_id") REFERENCES "public"."sections"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "uploads" ADD CONSTRAINT "uploads_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "uploads" ADD CONSTRAINT "uploads_org_id_organizations_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."organizations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "clarifications_project_seq_uq" ON "clarifications" USING btree ("project_id","seq");--> statement-breakpoint
CREATE UNIQUE INDEX "deposits_registration_uq" ON "deposits" USING btree ("registration_id");--> statement-breakpoint
CREATE INDEX "deposits_project_idx" ON "deposits" USING btree ("project_id");--> statement-breakpoint
CREATE INDEX "document_downloads_project_idx" ON "document_downloads" USING btree ("project_id","org_id");--> statement-breakpoint
CREATE INDEX "objections_project_idx" ON "objections" USING btree ("project_id");--> statement-breakpoint
CREATE UNIQUE INDEX "qualification_answers_uq" ON "qualification_answers" USING btree ("registration_id","criterion_id");--> statement-breakpoint
CREATE UNIQUE INDEX "qualification_criteria_code_uq" ON "qualification_criteria" USING btree ("project_id","code");--> statement-breakpoint
CREATE UNIQUE INDEX "qualification_decisions_uq" ON "qualification_decisions" USING btree ("registration_id","criterion_id");--> statement-breakpoint
CREATE UNIQUE INDEX "registrations_section_org_uq" ON "registrations" USING btree ("section_id","bidder_org_id");--> statement-breakpoint
CREATE INDEX "registrations_project_idx" ON "registrations" USING btree ("project_id");--> statement-breakpoint
CREATE UNIQUE INDEX "tender_documents_name_version_uq" ON "tender_documents" USING btree ("project_id","name","version");--> statement-breakpoint
CREATE INDEX "tender_documents_project_idx" ON "tender_documents" USING btree ("project_id");--> statement-breakpoint
CREATE INDEX "uploads_user_idx" ON "uploads" USING btree ("user_id");
-- Issue 22: the evaluation session. The method frozen in the tender (S1) and the blind technical flag on the
-- section; the evaluation, its members (sign-in, declaration E3, chair vote, replacement E5), the members'
-- sheets (drafts, then signed objects by hash, S11), the committee's decisions per bid (S3, S7, S8),
-- clarifications (S10), extension requests (E6) and the report signatures.
ALTER TABLE "sections" ADD COLUMN "evaluation_method" jsonb;--> statement-breakpoint
ALTER TABLE "sections" ADD COLUMN "evaluation_method_sha256" text;--> statement-breakpoint
ALTER TABLE "sections" ADD COLUMN "blind_technical" boolean DEFAULT false NOT NULL;--> statement-breakpoint
CREATE TYPE "public"."evaluation_member_status" AS ENUM('active', 'replaced');--> statement-breakpoint
CREATE TYPE "public"."evaluation_sheet_stage" AS ENUM('compliance', 'technical', 'scores');--> statement-breakpoint
CREATE TYPE "public"."evaluation_status" AS ENUM('preparing', 'compliance', 'technical', 'scoring', 'reporting', 'signed', 'failed');--> statement-breakpoint
CREATE TABLE "evaluation_bid_inputs" (
	"evaluation_id" bigint NOT NULL,
	"bid_id" bigint NOT NULL,
	"corrected_price_fen" bigint,
	"policy" jsonb,
	"adjustments_fen" jsonb,
	"cost_finding" text,
	"updated_at" timestamp with time zone NOT NULL,
	CONSTRAINT "evaluation_bid_inputs_evaluation_id_bid_id_pk" PRIMARY KEY("evaluation_id","bid_id")
);--> statement-breakpoint
CREATE TABLE "evaluation_clarifications" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "evaluation_clarifications_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"evaluation_id" bigint NOT NULL,
	"bid_id" bigint NOT NULL,
	"question" text NOT NULL,
	"asked_by" bigint NOT NULL,
	"asked_at" timestamp with time zone NOT NULL,
	"answer_by" timestamp with time zone NOT NULL,
	"answer" text,
	"answered_by" bigint,
	"answered_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "evaluation_clarifications_answer_chk" CHECK (("evaluation_clarifications"."answer" IS NULL) = ("evaluation_clarifications"."answered_at" IS NULL))
);--> statement-breakpoint
CREATE TABLE "evaluation_extension_requests" (
	"evaluation_id" bigint NOT NULL,
	"member_user_id" bigint NOT NULL,
	"ordinal" integer NOT NULL,
	"minutes" integer NOT NULL,
	"reason" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "evaluation_extension_requests_evaluation_id_member_user_id_ordinal_pk" PRIMARY KEY("evaluation_id","member_user_id","ordinal"),
	CONSTRAINT "evaluation_extension_minutes_chk" CHECK ("evaluation_extension_requests"."minutes" > 0)
);--> statement-breakpoint
CREATE TABLE "evaluation_members" (
	"evaluation_id" bigint NOT NULL,
	"user_id" bigint NOT NULL,
	"committee_member_id" bigint NOT NULL,
	"status" "evaluation_member_status" DEFAULT 'active' NOT NULL,
	"signed_in_at" timestamp with time zone,
	"sign_in_cert_serial" text,
	"declaration_sha256" text,
	"declaration_cms" text,
	"declared_at" timestamp with time zone,
	"chair_vote" bigint,
	"replaced_at" timestamp with time zone,
	"replaced_reason" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "evaluation_members_evaluation_id_user_id_pk" PRIMARY KEY("evaluation_id","user_id")
);--> statement-breakpoint
CREATE TABLE "evaluation_report_signatures" (
	"evaluation_id" bigint NOT NULL,
	"member_user_id" bigint NOT NULL,
	"report_sha256" text NOT NULL,
	"cms" text NOT NULL,
	"cert_serial" text NOT NULL,
	"dissent" text,
	"signed_at" timestamp with time zone NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "evaluation_report_signatures_evaluation_id_member_user_id_report_sha256_pk" PRIMARY KEY("evaluation_id","member_user_id","report_sha256")
);--> statement-breakpoint
CREATE TABLE "evaluation_sheets" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "evaluation_sheets_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"evaluation_id" bigint NOT NULL,
	"member_user_id" bigint NOT NULL,
	"stage" "evaluation_sheet_stage" NOT NULL,
	"round" integer DEFAULT 1 NOT NULL,
	"draft" jsonb NOT NULL,
	"sha256" text,
	"size" integer,
	"cms" text,
	"cert_serial" text,
	"signed_at" timestamp with time zone,
	"voided_at" timestamp with time zone,
	"void_reason" text,
	"updated_at" timestamp with time zone NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "evaluation_sheets_signed_chk" CHECK (("evaluation_sheets"."sha256" IS NULL) = ("evaluation_sheets"."signed_at" IS NULL) AND ("evaluation_sheets"."sha256" IS NULL) = ("evaluation_sheets"."cms" IS NULL))
);--> statement-breakpoint
CREATE TABLE "evaluations" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "evaluations_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"committee_id" bigint NOT NULL,
	"project_id" bigint NOT NULL,
	"section_id" bigint NOT NULL,
	"status" "evaluation_status" DEFAULT 'preparing' NOT NULL,
	"method" jsonb NOT NULL,
	"method_sha256" text NOT NULL,
	"blind_technical" boolean DEFAULT false NOT NULL,
	"labels" jsonb NOT NULL,
	"labels_sha256" text NOT NULL,
	"labels_salt" text NOT NULL,
	"chair_user_id" bigint,
	"chair_elected_at" timestamp with time zone,
	"due_at" timestamp with time zone NOT NULL,
	"extensions" integer DEFAULT 0 NOT NULL,
	"started_by" bigint NOT NULL,
	"started_at" timestamp with time zone NOT NULL,
	"compliance_decided_at" timestamp with time zone,
	"revealed_at" timestamp with time zone,
	"manifest_sha256" text,
	"result_sha256" text,
	"report_sha256" text,
	"report_size" integer,
	"report_sealed_at" timestamp with time zone,
	"signed_at" timestamp with time zone,
	"failed_at" timestamp with time zone,
	"failure_reason" text,
	"round" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "evaluations_committeeId_unique" UNIQUE("committee_id"),
	CONSTRAINT "evaluations_chair_chk" CHECK (("evaluations"."chair_user_id" IS NULL) = ("evaluations"."chair_elected_at" IS NULL)),
	CONSTRAINT "evaluations_round_chk" CHECK ("evaluations"."round" >= 1 AND "evaluations"."extensions" >= 0)
);--> statement-breakpoint
ALTER TABLE "evaluation_bid_inputs" ADD CONSTRAINT "evaluation_bid_inputs_evaluation_id_evaluations_id_fk" FOREIGN KEY ("evaluation_id") REFERENCES "public"."evaluations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "evaluation_bid_inputs" ADD CONSTRAINT "evaluation_bid_inputs_bid_id_bids_id_fk" FOREIGN KEY ("bid_id") REFERENCES "public"."bids"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "evaluation_clarifications" ADD CONSTRAINT "evaluation_clarifications_evaluation_id_evaluations_id_fk" FOREIGN KEY ("evaluation_id") REFERENCES "public"."evaluations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "evaluation_clarifications" ADD CONSTRAINT "evaluation_clarifications_bid_id_bids_id_fk" FOREIGN KEY ("bid_id") REFERENCES "public"."bids"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "evaluation_clarifications" ADD CONSTRAINT "evaluation_clarifications_asked_by_users_id_fk" FOREIGN KEY ("asked_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "evaluation_clarifications" ADD CONSTRAINT "evaluation_clarifications_answered_by_users_id_fk" FOREIGN KEY ("answered_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "evaluation_extension_requests" ADD CONSTRAINT "evaluation_extension_requests_evaluation_id_evaluations_id_fk" FOREIGN KEY ("evaluation_id") REFERENCES "public"."evaluations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "evaluation_extension_requests" ADD CONSTRAINT "evaluation_extension_requests_member_user_id_users_id_fk" FOREIGN KEY ("member_user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "evaluation_members" ADD CONSTRAINT "evaluation_members_evaluation_id_evaluations_id_fk" FOREIGN KEY ("evaluation_id") REFERENCES "public"."evaluations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "evaluation_members" ADD CONSTRAINT "evaluation_members_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "evaluation_members" ADD CONSTRAINT "evaluation_members_committee_member_id_committee_members_id_fk" FOREIGN KEY ("committee_member_id") REFERENCES "public"."committee_members"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "evaluation_members" ADD CONSTRAINT "evaluation_members_chair_vote_users_id_fk" FOREIGN KEY ("chair_vote") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "evaluation_report_signatures" ADD CONSTRAINT "evaluation_report_signatures_evaluation_id_evaluations_id_fk" FOREIGN KEY ("evaluation_id") REFERENCES "public"."evaluations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "evaluation_report_signatures" ADD CONSTRAINT "evaluation_report_signatures_member_user_id_users_id_fk" FOREIGN KEY ("member_user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "evaluation_sheets" ADD CONSTRAINT "evaluation_sheets_evaluation_id_evaluations_id_fk" FOREIGN KEY ("evaluation_id") REFERENCES "public"."evaluations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "evaluation_sheets" ADD CONSTRAINT "evaluation_sheets_member_user_id_users_id_fk" FOREIGN KEY ("member_user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "evaluations" ADD CONSTRAINT "evaluations_committee_id_committees_id_fk" FOREIGN KEY ("committee_id") REFERENCES "public"."committees"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "evaluations" ADD CONSTRAINT "evaluations_project_id_projects_id_fk" FOREIGN KEY ("project_id") REFERENCES "public"."projects"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "evaluations" ADD CONSTRAINT "evaluations_section_id_sections_id_fk" FOREIGN KEY ("section_id") REFERENCES "public"."sections"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "evaluations" ADD CONSTRAINT "evaluations_chair_user_id_users_id_fk" FOREIGN KEY ("chair_user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "evaluations" ADD CONSTRAINT "evaluations_started_by_users_id_fk" FOREIGN KEY ("started_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "evaluation_clarifications_eval_idx" ON "evaluation_clarifications" USING btree ("evaluation_id");--> statement-breakpoint
CREATE INDEX "evaluation_members_user_idx" ON "evaluation_members" USING btree ("user_id");--> statement-breakpoint
CREATE UNIQUE INDEX "evaluation_sheets_live_uq" ON "evaluation_sheets" USING btree ("evaluation_id","member_user_id","stage") WHERE "evaluation_sheets"."voided_at" IS NULL;--> statement-breakpoint
CREATE INDEX "evaluations_project_idx" ON "evaluations" USING btree ("project_id");

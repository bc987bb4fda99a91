CREATE TYPE "public"."price_kind" AS ENUM('amount', 'rate');--> statement-breakpoint
CREATE TYPE "public"."project_subject" AS ENUM('works', 'goods', 'survey', 'design', 'supervision', 'epc');--> statement-breakpoint
CREATE TYPE "public"."section_status" AS ENUM('open', 'failed');--> statement-breakpoint
CREATE TABLE "unmatched_payments" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "unmatched_payments_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"import_id" bigint NOT NULL,
	"line" integer NOT NULL,
	"received_at" timestamp with time zone NOT NULL,
	"payer_name" text NOT NULL,
	"payer_account" text NOT NULL,
	"amount_fen" bigint NOT NULL,
	"reference" text NOT NULL,
	"remark" text,
	"status" text DEFAULT 'open' NOT NULL,
	"deposit_id" bigint,
	"resolved_by" bigint,
	"resolved_at" timestamp with time zone,
	"note" text,
	"version" integer DEFAULT 1 NOT NULL
);
--> statement-breakpoint
ALTER TABLE "notices" ADD COLUMN "section_id" bigint;--> statement-breakpoint
ALTER TABLE "projects" ADD COLUMN "subject" "project_subject";--> statement-breakpoint
ALTER TABLE "projects" ADD COLUMN "price_kind" "price_kind" DEFAULT 'amount' NOT NULL;--> statement-breakpoint
ALTER TABLE "projects" ADD COLUMN "security_waived" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "sections" ADD COLUMN "status" "section_status" DEFAULT 'open' NOT NULL;--> statement-breakpoint
ALTER TABLE "sections" ADD COLUMN "failed_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "sections" ADD COLUMN "failure_reason" text;--> statement-breakpoint
ALTER TABLE "sections" ADD COLUMN "failure_notice_id" bigint;--> statement-breakpoint
ALTER TABLE "deposits" ADD COLUMN "guarantee_issuer" text;--> statement-breakpoint
ALTER TABLE "deposits" ADD COLUMN "guarantee_verification" text;--> statement-breakpoint
ALTER TABLE "deposits" ADD COLUMN "guarantee_verified_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "registrations" ADD COLUMN "payment_reference" text;--> statement-breakpoint
ALTER TABLE "bids" ADD COLUMN "receipt_pdf_sha256" text;--> statement-breakpoint
ALTER TABLE "bids" ADD COLUMN "receipt_pdf_size" integer;--> statement-breakpoint
CREATE UNIQUE INDEX "unmatched_payments_reference_uq" ON "unmatched_payments" USING btree ("reference");--> statement-breakpoint
CREATE INDEX "unmatched_payments_status_idx" ON "unmatched_payments" USING btree ("status");--> statement-breakpoint
CREATE UNIQUE INDEX "registrations_payment_reference_uq" ON "registrations" USING btree ("payment_reference") WHERE "registrations"."payment_reference" is not null;--> statement-breakpoint
UPDATE "registrations" SET "payment_reference" = 'BZJ' || upper(substr(md5(random()::text || "id"::text), 1, 10)) WHERE "payment_reference" IS NULL;

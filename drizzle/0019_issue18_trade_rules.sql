CREATE TYPE "public"."property_kind" AS ENUM('equity_transfer', 'asset_transfer', 'capital_increase');--> statement-breakpoint
ALTER TABLE "projects" ADD COLUMN "property_kind" "property_kind";--> statement-breakpoint
ALTER TABLE "projects" ADD COLUMN "single_source_supplier_org_id" bigint;--> statement-breakpoint
ALTER TABLE "projects" ADD CONSTRAINT "projects_single_source_supplier_org_id_organizations_id_fk" FOREIGN KEY ("single_source_supplier_org_id") REFERENCES "public"."organizations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "sections" ADD COLUMN "starting_price_fen" bigint;--> statement-breakpoint
ALTER TABLE "sections" ADD COLUMN "increment_fen" bigint;--> statement-breakpoint
ALTER TABLE "sections" ADD COLUMN "appraisal_fen" bigint;--> statement-breakpoint
ALTER TABLE "sections" ADD COLUMN "appraisal_date" date;--> statement-breakpoint
ALTER TABLE "sections" ADD COLUMN "floor_approval_ref" text;--> statement-breakpoint
ALTER TABLE "registrations" ADD COLUMN "decided_by" bigint;--> statement-breakpoint
ALTER TYPE "public"."notice_kind" ADD VALUE 'prequalification_result';

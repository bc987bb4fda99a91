CREATE TYPE "public"."holiday_year_status" AS ENUM('draft', 'published');--> statement-breakpoint
ALTER TYPE "public"."notice_status" ADD VALUE 'scheduled' BEFORE 'published';--> statement-breakpoint
CREATE TABLE "platform_outages" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "platform_outages_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"starts_at" timestamp with time zone NOT NULL,
	"ends_at" timestamp with time zone NOT NULL,
	"description" text NOT NULL,
	"margin_minutes" integer NOT NULL,
	"extension_hours" integer NOT NULL,
	"result" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"recorded_by" bigint NOT NULL,
	"recorded_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "holiday_years" (
	"year" integer PRIMARY KEY NOT NULL,
	"status" "holiday_year_status" DEFAULT 'draft' NOT NULL,
	"source" text,
	"published_at" timestamp with time zone,
	"published_by" bigint,
	"version" integer DEFAULT 1 NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "notices" ADD COLUMN "scheduled_for" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "projects" ADD COLUMN "business_hours_end" text;--> statement-breakpoint
ALTER TABLE "clarifications" ADD COLUMN "new_deadline_provisional" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "deposits" ADD COLUMN "refund_triggered_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "deposits" ADD COLUMN "refund_due_provisional" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "objections" ADD COLUMN "subject" text DEFAULT 'documents' NOT NULL;--> statement-breakpoint
ALTER TABLE "objections" ADD COLUMN "step" text;--> statement-breakpoint
ALTER TABLE "objections" ADD COLUMN "suspends" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "objections" ADD COLUMN "answer_due_provisional" boolean DEFAULT false NOT NULL;--> statement-breakpoint
CREATE INDEX "platform_outages_ends_idx" ON "platform_outages" USING btree ("ends_at");--> statement-breakpoint
-- Issue 12 §2: a year counts as announced only when staff publish it. The 2025 and 2026 schedules were
-- seeded from the State Council notices and are official; any other year entered so far is a draft.
INSERT INTO "holiday_years" ("year", "status", "source", "published_at")
SELECT y, CASE WHEN y IN (2025, 2026) THEN 'published'::"holiday_year_status" ELSE 'draft'::"holiday_year_status" END,
       CASE WHEN y IN (2025, 2026) THEN '国务院办公厅关于' || y || '年部分节假日安排的通知' END,
       CASE WHEN y IN (2025, 2026) THEN now() END
FROM (SELECT DISTINCT extract(year FROM "day")::int AS y FROM "holiday_days") AS years;
--> statement-breakpoint
-- Objections accepted before this change had suspended their project (engineering, ZTBT §22).
UPDATE "objections" SET "suspends" = true WHERE "status" = 'accepted';

CREATE TYPE "public"."opening_opened_by" AS ENUM('timer', 'staff');--> statement-breakpoint
ALTER TABLE "openings" ALTER COLUMN "host_user_id" DROP NOT NULL;--> statement-breakpoint
ALTER TABLE "openings" ADD COLUMN "opened_by" "opening_opened_by" DEFAULT 'staff' NOT NULL;--> statement-breakpoint
ALTER TABLE "openings" ADD COLUMN "hosted_at" timestamp with time zone;--> statement-breakpoint
UPDATE "openings" SET "hosted_at" = "opened_at" WHERE "host_user_id" IS NOT NULL;--> statement-breakpoint
ALTER TABLE "openings" ADD COLUMN "late" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "openings" ADD COLUMN "late_reason" text;--> statement-breakpoint
ALTER TABLE "openings" ADD CONSTRAINT "openings_host_chk" CHECK (("host_user_id" IS NULL) = ("hosted_at" IS NULL));--> statement-breakpoint
ALTER TABLE "openings" ADD CONSTRAINT "openings_late_chk" CHECK ("late" = ("late_reason" IS NOT NULL));--> statement-breakpoint
ALTER TABLE "opening_records" ADD COLUMN "confirm_deadline" timestamp with time zone;--> statement-breakpoint
UPDATE "opening_records" SET "confirm_deadline" = "generated_at";--> statement-breakpoint
ALTER TABLE "opening_records" ALTER COLUMN "confirm_deadline" SET NOT NULL;--> statement-breakpoint
CREATE TABLE "opening_start_alerts" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "opening_start_alerts_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"project_id" bigint NOT NULL,
	"bid_deadline" timestamp with time zone NOT NULL,
	"reason" text NOT NULL,
	"raised_at" timestamp with time zone NOT NULL,
	"notified" integer NOT NULL,
	CONSTRAINT "opening_start_alerts_reason_chk" CHECK ("reason" IN ('not_opened', 'no_host'))
);--> statement-breakpoint
ALTER TABLE "opening_start_alerts" ADD CONSTRAINT "opening_start_alerts_project_id_projects_id_fk" FOREIGN KEY ("project_id") REFERENCES "public"."projects"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "opening_start_alerts_uq" ON "opening_start_alerts" USING btree ("project_id","bid_deadline");

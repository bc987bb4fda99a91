-- Issue 21 §1–§3 (domain §3, E1–E4, O7): the evaluation expert pool (profiles with a random pseudonym, declared
-- ties), and committees: the request per specialty, the eligible list frozen at the commitment, the drawn
-- members and backups.
CREATE TYPE "public"."committee_member_kind" AS ENUM('member', 'backup');--> statement-breakpoint
CREATE TYPE "public"."committee_member_status" AS ENUM('invited', 'confirmed', 'declined', 'timed_out', 'standby', 'replaced');--> statement-breakpoint
CREATE TYPE "public"."committee_status" AS ENUM('requested', 'committed', 'drawn', 'published', 'cancelled');--> statement-breakpoint
CREATE TYPE "public"."expert_tie_kind" AS ENUM('employment', 'board', 'control', 'relative_employer');--> statement-breakpoint
CREATE TABLE "committee_candidates" (
	"committee_id" bigint NOT NULL,
	"specialty" text NOT NULL,
	"position" integer,
	"expert_user_id" bigint NOT NULL,
	"pseudonym" text NOT NULL,
	"excluded_reason" text,
	CONSTRAINT "committee_candidates_committee_id_specialty_expert_user_id_pk" PRIMARY KEY("committee_id","specialty","expert_user_id"),
	CONSTRAINT "committee_candidates_position_chk" CHECK (("committee_candidates"."position" IS NULL) = ("committee_candidates"."excluded_reason" IS NOT NULL) AND ("committee_candidates"."position" IS NULL OR "committee_candidates"."position" >= 0))
);--> statement-breakpoint
CREATE TABLE "committee_members" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "committee_members_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"committee_id" bigint NOT NULL,
	"expert_user_id" bigint NOT NULL,
	"specialty" text NOT NULL,
	"kind" "committee_member_kind" NOT NULL,
	"rank" integer NOT NULL,
	"status" "committee_member_status" NOT NULL,
	"invited_at" timestamp with time zone,
	"respond_by" timestamp with time zone,
	"responded_at" timestamp with time zone,
	"note" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "committee_members_rank_chk" CHECK ("committee_members"."rank" >= 0),
	CONSTRAINT "committee_members_invited_chk" CHECK (("committee_members"."invited_at" IS NULL) = ("committee_members"."respond_by" IS NULL))
);--> statement-breakpoint
CREATE TABLE "committee_specialties" (
	"committee_id" bigint NOT NULL,
	"specialty" text NOT NULL,
	"members" integer NOT NULL,
	"backups" integer DEFAULT 0 NOT NULL,
	CONSTRAINT "committee_specialties_committee_id_specialty_pk" PRIMARY KEY("committee_id","specialty"),
	CONSTRAINT "committee_specialties_counts_chk" CHECK ("committee_specialties"."members" > 0 AND "committee_specialties"."backups" >= 0)
);--> statement-breakpoint
CREATE TABLE "committees" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "committees_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"project_id" bigint NOT NULL,
	"section_id" bigint NOT NULL,
	"status" "committee_status" DEFAULT 'requested' NOT NULL,
	"owner_reps" integer DEFAULT 0 NOT NULL,
	"size" integer NOT NULL,
	"draw_id" bigint,
	"eligible_sha256" text,
	"manual" boolean DEFAULT false NOT NULL,
	"manual_approval_note" text,
	"manual_approved_by" bigint,
	"respond_minutes" integer NOT NULL,
	"created_by" bigint NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"published_at" timestamp with time zone,
	CONSTRAINT "committees_size_chk" CHECK ("committees"."size" > 0 AND "committees"."owner_reps" >= 0 AND "committees"."owner_reps" < "committees"."size"),
	CONSTRAINT "committees_respond_chk" CHECK ("committees"."respond_minutes" > 0),
	CONSTRAINT "committees_manual_chk" CHECK (NOT "committees"."manual" OR ("committees"."manual_approval_note" IS NOT NULL AND "committees"."manual_approved_by" IS NOT NULL)),
	CONSTRAINT "committees_published_chk" CHECK (("committees"."status" = 'published') <= ("committees"."published_at" IS NOT NULL))
);--> statement-breakpoint
CREATE TABLE "expert_profiles" (
	"user_id" bigint PRIMARY KEY NOT NULL,
	"pseudonym" text NOT NULL,
	"region_code" text,
	"title" text,
	"employer" text,
	"employer_credit_code" text,
	"years_in_field" integer,
	"phone" text,
	"available" boolean DEFAULT true NOT NULL,
	"unavailable_reason" text,
	"sanctioned_until" timestamp with time zone,
	"sanction_reason" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "expert_profiles_pseudonym_chk" CHECK ("expert_profiles"."pseudonym" ~ '^EXP-[0-9A-F]{8}$'),
	CONSTRAINT "expert_profiles_region_chk" CHECK ("expert_profiles"."region_code" IS NULL OR "expert_profiles"."region_code" ~ '^[0-9]{6}$'),
	CONSTRAINT "expert_profiles_years_chk" CHECK ("expert_profiles"."years_in_field" IS NULL OR "expert_profiles"."years_in_field" BETWEEN 0 AND 80),
	CONSTRAINT "expert_profiles_unavailable_chk" CHECK ("expert_profiles"."available" OR "expert_profiles"."unavailable_reason" IS NOT NULL),
	CONSTRAINT "expert_profiles_sanction_chk" CHECK (("expert_profiles"."sanctioned_until" IS NULL) = ("expert_profiles"."sanction_reason" IS NULL))
);--> statement-breakpoint
CREATE TABLE "expert_ties" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "expert_ties_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"expert_user_id" bigint NOT NULL,
	"org_credit_code" text NOT NULL,
	"org_name" text NOT NULL,
	"kind" "expert_tie_kind" NOT NULL,
	"started_on" date,
	"ended_on" date,
	"declared_by" bigint NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "expert_ties_credit_code_chk" CHECK (length("expert_ties"."org_credit_code") = 18),
	CONSTRAINT "expert_ties_dates_chk" CHECK ("expert_ties"."ended_on" IS NULL OR "expert_ties"."started_on" IS NULL OR "expert_ties"."ended_on" >= "expert_ties"."started_on")
);--> statement-breakpoint
ALTER TABLE "committee_candidates" ADD CONSTRAINT "committee_candidates_committee_id_committees_id_fk" FOREIGN KEY ("committee_id") REFERENCES "public"."committees"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "committee_candidates" ADD CONSTRAINT "committee_candidates_expert_user_id_users_id_fk" FOREIGN KEY ("expert_user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "committee_members" ADD CONSTRAINT "committee_members_committee_id_committees_id_fk" FOREIGN KEY ("committee_id") REFERENCES "public"."committees"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "committee_members" ADD CONSTRAINT "committee_members_expert_user_id_users_id_fk" FOREIGN KEY ("expert_user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "committee_specialties" ADD CONSTRAINT "committee_specialties_committee_id_committees_id_fk" FOREIGN KEY ("committee_id") REFERENCES "public"."committees"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "committees" ADD CONSTRAINT "committees_project_id_projects_id_fk" FOREIGN KEY ("project_id") REFERENCES "public"."projects"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "committees" ADD CONSTRAINT "committees_section_id_sections_id_fk" FOREIGN KEY ("section_id") REFERENCES "public"."sections"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "committees" ADD CONSTRAINT "committees_draw_id_draws_id_fk" FOREIGN KEY ("draw_id") REFERENCES "public"."draws"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "committees" ADD CONSTRAINT "committees_manual_approved_by_users_id_fk" FOREIGN KEY ("manual_approved_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "committees" ADD CONSTRAINT "committees_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "expert_profiles" ADD CONSTRAINT "expert_profiles_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "expert_ties" ADD CONSTRAINT "expert_ties_expert_user_id_users_id_fk" FOREIGN KEY ("expert_user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "expert_ties" ADD CONSTRAINT "expert_ties_declared_by_users_id_fk" FOREIGN KEY ("declared_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "committee_candidates_position_uq" ON "committee_candidates" USING btree ("committee_id","specialty","position");--> statement-breakpoint
CREATE UNIQUE INDEX "committee_members_expert_uq" ON "committee_members" USING btree ("committee_id","expert_user_id");--> statement-breakpoint
CREATE UNIQUE INDEX "committee_members_rank_uq" ON "committee_members" USING btree ("committee_id","specialty","rank");--> statement-breakpoint
CREATE INDEX "committee_members_expert_idx" ON "committee_members" USING btree ("expert_user_id");--> statement-breakpoint
CREATE UNIQUE INDEX "committees_active_section_uq" ON "committees" USING btree ("section_id") WHERE "committees"."status" <> 'cancelled';--> statement-breakpoint
CREATE INDEX "committees_project_idx" ON "committees" USING btree ("project_id");--> statement-breakpoint
CREATE UNIQUE INDEX "expert_profiles_pseudonym_uq" ON "expert_profiles" USING btree ("pseudonym");--> statement-breakpoint
CREATE INDEX "expert_ties_expert_idx" ON "expert_ties" USING btree ("expert_user_id");--> statement-breakpoint
CREATE INDEX "expert_ties_org_idx" ON "expert_ties" USING btree ("org_credit_code");--> statement-breakpoint
-- Specialties become codes of the domain vocabulary (packages/domain committee/specialties.ts).
UPDATE "users" SET "specialties" = ARRAY(
  SELECT CASE u.s
    WHEN '房屋建筑' THEN 'housing' WHEN '市政工程' THEN 'municipal' WHEN '公路工程' THEN 'highway'
    WHEN '水利工程' THEN 'water' WHEN '信息化' THEN 'it' WHEN '医疗设备' THEN 'medical'
    WHEN '造价' THEN 'cost' WHEN '法律' THEN 'legal' WHEN '电气工程' THEN 'electrical' WHEN '园林绿化' THEN 'landscape'
    ELSE u.s END
  FROM unnest("users"."specialties") WITH ORDINALITY AS u(s, n) ORDER BY u.n)
WHERE cardinality("specialties") > 0;--> statement-breakpoint
-- Every expert that exists already gets a profile with a random pseudonym (never derived from who it is).
INSERT INTO "expert_profiles" ("user_id", "pseudonym")
SELECT "id", 'EXP-' || upper(substr(replace(gen_random_uuid()::text, '-', ''), 1, 8))
FROM "users" WHERE "role" = 'expert'
ON CONFLICT DO NOTHING;

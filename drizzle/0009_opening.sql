CREATE TYPE "public"."opening_confirm_status" AS ENUM('pending', 'confirmed', 'objected', 'deemed_accepted');--> statement-breakpoint
CREATE TYPE "public"."opening_decrypt_status" AS ENUM('pending', 'decrypted', 'revoked', 'withdrawn_external');--> statement-breakpoint
CREATE TYPE "public"."opening_status" AS ENUM('decrypting', 'published', 'closed', 'failed');--> statement-breakpoint
CREATE TABLE "opening_bids" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "opening_bids_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"opening_id" bigint NOT NULL,
	"bid_id" bigint NOT NULL,
	"bidder_org_id" bigint NOT NULL,
	"section_id" bigint NOT NULL,
	"ordinal" integer NOT NULL,
	"decrypt_status" "opening_decrypt_status" DEFAULT 'pending' NOT NULL,
	"decrypt_started_at" timestamp with time zone,
	"decrypted_at" timestamp with time zone,
	"decrypted_by" bigint,
	"failure_cause" text,
	"failure_note" text,
	"summary" jsonb,
	"deposit_status" text,
	"confirm_status" "opening_confirm_status" DEFAULT 'pending' NOT NULL,
	"confirmed_at" timestamp with time zone,
	"confirmed_by" bigint,
	"confirm_record_sha256" text,
	"confirm_cert_serial" text,
	"confirm_cms" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "opening_bids_bidId_unique" UNIQUE("bid_id")
);
--> statement-breakpoint
CREATE TABLE "opening_contributions" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "opening_contributions_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"opening_id" bigint NOT NULL,
	"user_id" bigint NOT NULL,
	"value_hex" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "opening_objections" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "opening_objections_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"opening_id" bigint NOT NULL,
	"opening_bid_id" bigint NOT NULL,
	"user_id" bigint NOT NULL,
	"text" text NOT NULL,
	"raised_at" timestamp with time zone NOT NULL,
	"answer" text,
	"answered_by" bigint,
	"answered_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "opening_records" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "opening_records_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"opening_id" bigint NOT NULL,
	"version" integer NOT NULL,
	"sha256" text NOT NULL,
	"size" integer NOT NULL,
	"generated_at" timestamp with time zone NOT NULL,
	"generated_by" bigint NOT NULL
);
--> statement-breakpoint
CREATE TABLE "opening_sign_ins" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "opening_sign_ins_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"project_id" bigint NOT NULL,
	"bidder_org_id" bigint NOT NULL,
	"user_id" bigint NOT NULL,
	"cert_serial" text NOT NULL,
	"signed_in_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "openings" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "openings_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"project_id" bigint NOT NULL,
	"status" "opening_status" NOT NULL,
	"host_user_id" bigint NOT NULL,
	"opened_at" timestamp with time zone NOT NULL,
	"decrypt_window_minutes" integer NOT NULL,
	"decrypt_deadline" timestamp with time zone NOT NULL,
	"bid_counts" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"float_points_bp" jsonb,
	"k_commitment" text,
	"k_seed" text,
	"k_drawn_at" timestamp with time zone,
	"k_index" integer,
	"k_result_bp" integer,
	"k_value" text,
	"k_inputs_sha256" text,
	"published_at" timestamp with time zone,
	"closed_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "openings_projectId_unique" UNIQUE("project_id")
);
--> statement-breakpoint
ALTER TABLE "projects" ADD COLUMN "opening_rules" jsonb DEFAULT '{}'::jsonb NOT NULL;--> statement-breakpoint
ALTER TABLE "bid_parts" ADD COLUMN "plaintext_sha256" text;--> statement-breakpoint
ALTER TABLE "bid_parts" ADD COLUMN "plaintext_size" bigint;--> statement-breakpoint
ALTER TABLE "bid_parts" ADD COLUMN "plaintext_name" text;--> statement-breakpoint
ALTER TABLE "opening_bids" ADD CONSTRAINT "opening_bids_opening_id_openings_id_fk" FOREIGN KEY ("opening_id") REFERENCES "public"."openings"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "opening_bids" ADD CONSTRAINT "opening_bids_bid_id_bids_id_fk" FOREIGN KEY ("bid_id") REFERENCES "public"."bids"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "opening_bids" ADD CONSTRAINT "opening_bids_bidder_org_id_organizations_id_fk" FOREIGN KEY ("bidder_org_id") REFERENCES "public"."organizations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "opening_bids" ADD CONSTRAINT "opening_bids_section_id_sections_id_fk" FOREIGN KEY ("section_id") REFERENCES "public"."sections"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "opening_bids" ADD CONSTRAINT "opening_bids_decrypted_by_users_id_fk" FOREIGN KEY ("decrypted_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "opening_bids" ADD CONSTRAINT "opening_bids_confirmed_by_users_id_fk" FOREIGN KEY ("confirmed_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "opening_contributions" ADD CONSTRAINT "opening_contributions_opening_id_openings_id_fk" FOREIGN KEY ("opening_id") REFERENCES "public"."openings"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "opening_contributions" ADD CONSTRAINT "opening_contributions_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "opening_objections" ADD CONSTRAINT "opening_objections_opening_id_openings_id_fk" FOREIGN KEY ("opening_id") REFERENCES "public"."openings"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "opening_objections" ADD CONSTRAINT "opening_objections_opening_bid_id_opening_bids_id_fk" FOREIGN KEY ("opening_bid_id") REFERENCES "public"."opening_bids"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "opening_objections" ADD CONSTRAINT "opening_objections_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "opening_objections" ADD CONSTRAINT "opening_objections_answered_by_users_id_fk" FOREIGN KEY ("answered_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "opening_records" ADD CONSTRAINT "opening_records_opening_id_openings_id_fk" FOREIGN KEY ("opening_id") REFERENCES "public"."openings"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "opening_records" ADD CONSTRAINT "opening_records_generated_by_users_id_fk" FOREIGN KEY ("generated_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "opening_sign_ins" ADD CONSTRAINT "opening_sign_ins_project_id_projects_id_fk" FOREIGN KEY ("project_id") REFERENCES "public"."projects"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "opening_sign_ins" ADD CONSTRAINT "opening_sign_ins_bidder_org_id_organizations_id_fk" FOREIGN KEY ("bidder_org_id") REFERENCES "public"."organizations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "opening_sign_ins" ADD CONSTRAINT "opening_sign_ins_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "openings" ADD CONSTRAINT "openings_project_id_projects_id_fk" FOREIGN KEY ("project_id") REFERENCES "public"."projects"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "openings" ADD CONSTRAINT "openings_host_user_id_users_id_fk" FOREIGN KEY ("host_user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "opening_bids_opening_idx" ON "opening_bids" USING btree ("opening_id");--> statement-breakpoint
CREATE UNIQUE INDEX "opening_bids_ordinal_uq" ON "opening_bids" USING btree ("opening_id","ordinal");--> statement-breakpoint
CREATE UNIQUE INDEX "opening_contributions_uq" ON "opening_contributions" USING btree ("opening_id","user_id");--> statement-breakpoint
CREATE INDEX "opening_objections_opening_idx" ON "opening_objections" USING btree ("opening_id");--> statement-breakpoint
CREATE UNIQUE INDEX "opening_records_version_uq" ON "opening_records" USING btree ("opening_id","version");--> statement-breakpoint
CREATE UNIQUE INDEX "opening_sign_ins_uq" ON "opening_sign_ins" USING btree ("project_id","bidder_org_id");
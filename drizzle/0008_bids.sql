CREATE TYPE "public"."bid_status" AS ENUM('current', 'superseded', 'withdrawn');--> statement-breakpoint
CREATE TYPE "public"."bid_upload_status" AS ENUM('open', 'finalized', 'abandoned');--> statement-breakpoint
CREATE TABLE "bid_parts" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "bid_parts_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"bid_id" bigint NOT NULL,
	"upload_id" bigint NOT NULL,
	"part" text NOT NULL,
	"size" bigint NOT NULL,
	"part_hash" text NOT NULL,
	"header_sha256" text NOT NULL,
	"pieces" jsonb NOT NULL,
	"outer_signature" text NOT NULL,
	"recipients" jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "bid_upload_pieces" (
	"upload_id" bigint NOT NULL,
	"index" integer NOT NULL,
	"sha256" text NOT NULL,
	"size" integer NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "bid_uploads" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "bid_uploads_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"project_id" bigint NOT NULL,
	"section_id" bigint NOT NULL,
	"bidder_org_id" bigint NOT NULL,
	"user_id" bigint NOT NULL,
	"part" text NOT NULL,
	"size" bigint NOT NULL,
	"part_hash" text NOT NULL,
	"piece_count" integer NOT NULL,
	"status" "bid_upload_status" DEFAULT 'open' NOT NULL,
	"header_sha256" text,
	"recipients" jsonb,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "bids" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "bids_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"project_id" bigint NOT NULL,
	"section_id" bigint NOT NULL,
	"bidder_org_id" bigint NOT NULL,
	"registration_id" bigint NOT NULL,
	"version" integer NOT NULL,
	"status" "bid_status" DEFAULT 'current' NOT NULL,
	"submitted_by" bigint NOT NULL,
	"signer_cert_serial" text NOT NULL,
	"received_at" timestamp with time zone NOT NULL,
	"receipt_json" text NOT NULL,
	"receipt_cms" text NOT NULL,
	"client_address" text,
	"user_agent" text,
	"self_reported" jsonb,
	"withdrawn_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "bid_parts" ADD CONSTRAINT "bid_parts_bid_id_bids_id_fk" FOREIGN KEY ("bid_id") REFERENCES "public"."bids"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "bid_parts" ADD CONSTRAINT "bid_parts_upload_id_bid_uploads_id_fk" FOREIGN KEY ("upload_id") REFERENCES "public"."bid_uploads"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "bid_upload_pieces" ADD CONSTRAINT "bid_upload_pieces_upload_id_bid_uploads_id_fk" FOREIGN KEY ("upload_id") REFERENCES "public"."bid_uploads"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "bid_uploads" ADD CONSTRAINT "bid_uploads_project_id_projects_id_fk" FOREIGN KEY ("project_id") REFERENCES "public"."projects"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "bid_uploads" ADD CONSTRAINT "bid_uploads_section_id_sections_id_fk" FOREIGN KEY ("section_id") REFERENCES "public"."sections"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "bid_uploads" ADD CONSTRAINT "bid_uploads_bidder_org_id_organizations_id_fk" FOREIGN KEY ("bidder_org_id") REFERENCES "public"."organizations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "bid_uploads" ADD CONSTRAINT "bid_uploads_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "bids" ADD CONSTRAINT "bids_project_id_projects_id_fk" FOREIGN KEY ("project_id") REFERENCES "public"."projects"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "bids" ADD CONSTRAINT "bids_section_id_sections_id_fk" FOREIGN KEY ("section_id") REFERENCES "public"."sections"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "bids" ADD CONSTRAINT "bids_bidder_org_id_organizations_id_fk" FOREIGN KEY ("bidder_org_id") REFERENCES "public"."organizations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "bids" ADD CONSTRAINT "bids_registration_id_registrations_id_fk" FOREIGN KEY ("registration_id") REFERENCES "public"."registrations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "bids" ADD CONSTRAINT "bids_submitted_by_users_id_fk" FOREIGN KEY ("submitted_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "bid_parts_bid_part_uq" ON "bid_parts" USING btree ("bid_id","part");--> statement-breakpoint
CREATE UNIQUE INDEX "bid_upload_pieces_uq" ON "bid_upload_pieces" USING btree ("upload_id","index");--> statement-breakpoint
CREATE INDEX "bid_upload_pieces_sha_idx" ON "bid_upload_pieces" USING btree ("sha256");--> statement-breakpoint
CREATE INDEX "bid_uploads_section_org_idx" ON "bid_uploads" USING btree ("section_id","bidder_org_id");--> statement-breakpoint
CREATE INDEX "bid_uploads_status_idx" ON "bid_uploads" USING btree ("status","updated_at");--> statement-breakpoint
CREATE UNIQUE INDEX "bid_uploads_open_uq" ON "bid_uploads" USING btree ("bidder_org_id","section_id","part","part_hash","size") WHERE "bid_uploads"."status" = 'open';--> statement-breakpoint
CREATE UNIQUE INDEX "bids_section_org_version_uq" ON "bids" USING btree ("section_id","bidder_org_id","version");--> statement-breakpoint
CREATE UNIQUE INDEX "bids_current_uq" ON "bids" USING btree ("section_id","bidder_org_id") WHERE "bids"."status" = 'current';--> statement-breakpoint
CREATE INDEX "bids_project_idx" ON "bids" USING btree ("project_id");
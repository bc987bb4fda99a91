-- Issue 14 §2: public commit-reveal draws (the opening K draw, later the expert committee), keyed by purpose and
-- subject; the platform share is stored only with the result (its secret lives outside the database).
CREATE TYPE "public"."draw_status" AS ENUM('open', 'drawn');--> statement-breakpoint
CREATE TABLE "draw_commitments" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "draw_commitments_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"draw_id" bigint NOT NULL,
	"user_id" bigint NOT NULL,
	"commitment" text NOT NULL,
	"committed_at" timestamp with time zone NOT NULL,
	"value_hex" text,
	"revealed_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "draws" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "draws_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"purpose" text NOT NULL,
	"subject_type" text NOT NULL,
	"subject_id" bigint NOT NULL,
	"chain" text NOT NULL,
	"topic" text NOT NULL,
	"options" jsonb NOT NULL,
	"status" "draw_status" DEFAULT 'open' NOT NULL,
	"commit_close_at" timestamp with time zone NOT NULL,
	"reveal_close_at" timestamp with time zone NOT NULL,
	"platform_commitment" text NOT NULL,
	"platform_share" text,
	"drawn_at" timestamp with time zone,
	"result_index" integer,
	"inputs_sha256" text,
	"digest_hex" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "draw_commitments" ADD CONSTRAINT "draw_commitments_draw_id_draws_id_fk" FOREIGN KEY ("draw_id") REFERENCES "public"."draws"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "draw_commitments" ADD CONSTRAINT "draw_commitments_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "draw_commitments_uq" ON "draw_commitments" USING btree ("draw_id","user_id");--> statement-breakpoint
CREATE INDEX "draw_commitments_draw_idx" ON "draw_commitments" USING btree ("draw_id");--> statement-breakpoint
CREATE UNIQUE INDEX "draws_subject_uq" ON "draws" USING btree ("purpose","subject_type","subject_id");
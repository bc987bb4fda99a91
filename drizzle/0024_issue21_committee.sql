-- Issue 21 §5, §6 (E1, E4): the evaluation session a committee is drawn for — the time and place an invited
-- expert is told (never the bidders) — and the complex flag its composition was checked with.
CREATE TABLE "committee_sessions" (
	"committee_id" bigint PRIMARY KEY NOT NULL,
	"complex" boolean DEFAULT false NOT NULL,
	"session_at" timestamp with time zone NOT NULL,
	"session_place" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);--> statement-breakpoint
ALTER TABLE "committee_sessions" ADD CONSTRAINT "committee_sessions_committee_id_committees_id_fk" FOREIGN KEY ("committee_id") REFERENCES "public"."committees"("id") ON DELETE no action ON UPDATE no action;

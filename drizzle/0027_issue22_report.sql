-- Issue 22 §5 (S11): a member's written dissent from the evaluation's conclusion, recorded while the report
-- awaits the members' signatures. The report prints it, so recording or withdrawing one re-seals the report
-- (a new report SHA-256: signatures over the earlier bytes no longer count). A reopening (R87 §64) clears it;
-- the earlier report and its audit record keep it.
ALTER TABLE "evaluation_members" ADD COLUMN "dissent" text;--> statement-breakpoint
ALTER TABLE "evaluation_members" ADD COLUMN "dissent_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "evaluation_members" ADD CONSTRAINT "evaluation_members_dissent_chk" CHECK (("evaluation_members"."dissent" IS NULL) = ("evaluation_members"."dissent_at" IS NULL));

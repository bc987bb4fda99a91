CREATE TYPE "public"."project_status" AS ENUM('DRAFT', 'PENDING_REVIEW', 'PUBLISHED', 'PREQUALIFICATION', 'PREQUALIFIED', 'BIDDING', 'OPENING', 'EVALUATION', 'NEGOTIATION', 'AUCTION', 'CANDIDATE_PUBLICITY', 'AWARD_PENDING', 'AWARDED', 'CONTRACTED', 'ARCHIVED', 'SUSPENDED', 'FAILED', 'TERMINATED');--> statement-breakpoint
ALTER TABLE "projects" ALTER COLUMN "status" DROP DEFAULT;--> statement-breakpoint
ALTER TABLE "projects" ALTER COLUMN "status" SET DATA TYPE "public"."project_status" USING "status"::"public"."project_status";--> statement-breakpoint
ALTER TABLE "projects" ALTER COLUMN "status" SET DEFAULT 'DRAFT'::"public"."project_status";

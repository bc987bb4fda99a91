CREATE TYPE "public"."holiday_kind" AS ENUM('holiday', 'workday');--> statement-breakpoint
CREATE TYPE "public"."trade_type" AS ENUM('engineering', 'procurement', 'land', 'property');--> statement-breakpoint
CREATE TABLE "holiday_days" (
	"day" date PRIMARY KEY NOT NULL,
	"kind" "holiday_kind" NOT NULL,
	"name" text NOT NULL,
	"updated_by" bigint,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "projects" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "projects_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"unified_deal_code" text NOT NULL,
	"trade_type" "trade_type" NOT NULL,
	"method" text NOT NULL,
	"prequalification" boolean DEFAULT false NOT NULL,
	"name" text NOT NULL,
	"tenderee_org_id" bigint NOT NULL,
	"agent_org_id" bigint,
	"created_by" bigint NOT NULL,
	"status" text DEFAULT 'DRAFT' NOT NULL,
	"status_detail" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"region_code" text NOT NULL,
	"budget_fen" bigint,
	"schedule" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "sections" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "sections_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"project_id" bigint NOT NULL,
	"code" text NOT NULL,
	"name" text NOT NULL,
	"ceiling_fen" bigint,
	"security_fen" bigint,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "projects" ADD CONSTRAINT "projects_tenderee_org_id_organizations_id_fk" FOREIGN KEY ("tenderee_org_id") REFERENCES "public"."organizations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "projects" ADD CONSTRAINT "projects_agent_org_id_organizations_id_fk" FOREIGN KEY ("agent_org_id") REFERENCES "public"."organizations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "projects" ADD CONSTRAINT "projects_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "sections" ADD CONSTRAINT "sections_project_id_projects_id_fk" FOREIGN KEY ("project_id") REFERENCES "public"."projects"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "projects_unified_deal_code_uq" ON "projects" USING btree ("unified_deal_code");--> statement-breakpoint
CREATE INDEX "projects_tenderee_idx" ON "projects" USING btree ("tenderee_org_id");--> statement-breakpoint
CREATE INDEX "projects_agent_idx" ON "projects" USING btree ("agent_org_id");--> statement-breakpoint
CREATE INDEX "projects_status_idx" ON "projects" USING btree ("status");--> statement-breakpoint
CREATE UNIQUE INDEX "sections_project_code_uq" ON "sections" USING btree ("project_id","code");
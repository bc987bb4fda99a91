-- Issue 20 §4 (M3): an engineering project's industry (行业) decides which supervisors see it. Engineering
-- projects have one (existing ones: 房屋建筑和市政基础设施, the commonest); the other trade types have none.
ALTER TABLE "projects" ADD COLUMN "industry" text;--> statement-breakpoint
UPDATE "projects" SET "industry" = 'housing' WHERE "trade_type" = 'engineering';--> statement-breakpoint
ALTER TABLE "projects" ADD CONSTRAINT "projects_industry_chk" CHECK (("trade_type" = 'engineering') = ("industry" IS NOT NULL) AND ("industry" IS NULL OR "industry" IN ('housing', 'transport', 'water', 'other')));--> statement-breakpoint
ALTER TABLE "supervisor_scopes" ADD CONSTRAINT "supervisor_scopes_industry_value_chk" CHECK ("industry" IS NULL OR "industry" IN ('housing', 'transport', 'water', 'other'));--> statement-breakpoint
ALTER TABLE "supervisor_scopes" ADD CONSTRAINT "supervisor_scopes_region_chk" CHECK ("region_code" ~ '^[0-9]{6}$' AND "region_code" NOT LIKE '00%');
--> statement-breakpoint
-- Supervisor accounts that exist already keep seeing their own organization's region, every trade type
-- (a fresh database has none; the demo seed and the center set scopes explicitly).
INSERT INTO "supervisor_scopes" ("user_id", "region_code", "trade_type", "industry")
SELECT u."id", o."region_code", t."trade_type", NULL
FROM "users" u
JOIN "organizations" o ON o."id" = u."org_id"
CROSS JOIN unnest(enum_range(NULL::"trade_type")) AS t("trade_type")
WHERE u."role" = 'supervisor' AND o."region_code" ~ '^[0-9]{6}$' AND o."region_code" NOT LIKE '00%'
ON CONFLICT DO NOTHING;

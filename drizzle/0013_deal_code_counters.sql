CREATE TABLE "deal_code_counters" (
	"region_code" text NOT NULL,
	"year" integer NOT NULL,
	"trade_type" "trade_type" NOT NULL,
	"last_seq" integer NOT NULL,
	CONSTRAINT "deal_code_counters_region_code_year_trade_type_pk" PRIMARY KEY("region_code","year","trade_type")
);
--> statement-breakpoint
-- Issue 13 §9.7: existing projects keep their codes (<region>-<year>-<trade letter><sequence>); each
-- counter starts from the highest sequence already given out for its region, year and trade type.
INSERT INTO "deal_code_counters" ("region_code", "year", "trade_type", "last_seq")
SELECT split_part("unified_deal_code", '-', 1), split_part("unified_deal_code", '-', 2)::integer, "trade_type",
       max(substring(split_part("unified_deal_code", '-', 3) FROM 2)::integer)
FROM "projects"
WHERE "unified_deal_code" ~ '^[^-]+-[0-9]{4}-[EPLR][0-9]{1,9}$'
GROUP BY 1, 2, 3;

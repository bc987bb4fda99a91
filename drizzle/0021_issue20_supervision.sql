CREATE TABLE "checkpoints" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "checkpoints_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"project_id" bigint NOT NULL,
	"kind" text NOT NULL,
	"subject_key" text NOT NULL,
	"warn_at" timestamp with time zone NOT NULL,
	"due_at" timestamp with time zone NOT NULL,
	"provisional" boolean DEFAULT false NOT NULL,
	"responsible_org_id" bigint,
	"done_at" timestamp with time zone,
	"done_act" text,
	"yellow_raised_at" timestamp with time zone,
	"red_raised_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "checkpoints_order_chk" CHECK ("checkpoints"."warn_at" <= "checkpoints"."due_at"),
	CONSTRAINT "checkpoints_done_chk" CHECK (("checkpoints"."done_at" IS NULL) = ("checkpoints"."done_act" IS NULL))
);--> statement-breakpoint
CREATE TABLE "supervision_alerts" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "supervision_alerts_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"checkpoint_id" bigint NOT NULL,
	"project_id" bigint NOT NULL,
	"level" text NOT NULL,
	"raised_at" timestamp with time zone NOT NULL,
	"notified" integer NOT NULL,
	"handled_at" timestamp with time zone,
	"handled_by" bigint,
	"handling" text,
	"result" text,
	"signed_text" text,
	"signature_cms" text,
	"signer_cert_serial" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "supervision_alerts_level_chk" CHECK ("supervision_alerts"."level" IN ('yellow', 'red')),
	CONSTRAINT "supervision_alerts_handled_chk" CHECK (("supervision_alerts"."handled_at" IS NULL) = ("supervision_alerts"."handled_by" IS NULL) AND ("supervision_alerts"."handled_at" IS NULL) = ("supervision_alerts"."handling" IS NULL) AND ("supervision_alerts"."handled_at" IS NULL) = ("supervision_alerts"."result" IS NULL) AND ("supervision_alerts"."handled_at" IS NULL) = ("supervision_alerts"."signature_cms" IS NULL) AND ("supervision_alerts"."handled_at" IS NULL) = ("supervision_alerts"."signed_text" IS NULL))
);--> statement-breakpoint
CREATE TABLE "supervisor_scopes" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "supervisor_scopes_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"user_id" bigint NOT NULL,
	"region_code" text NOT NULL,
	"trade_type" "trade_type" NOT NULL,
	"industry" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "supervisor_scopes_industry_chk" CHECK ("supervisor_scopes"."industry" IS NULL OR "supervisor_scopes"."trade_type" = 'engineering')
);--> statement-breakpoint
ALTER TABLE "checkpoints" ADD CONSTRAINT "checkpoints_project_id_projects_id_fk" FOREIGN KEY ("project_id") REFERENCES "public"."projects"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "checkpoints" ADD CONSTRAINT "checkpoints_responsible_org_id_organizations_id_fk" FOREIGN KEY ("responsible_org_id") REFERENCES "public"."organizations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "supervision_alerts" ADD CONSTRAINT "supervision_alerts_checkpoint_id_checkpoints_id_fk" FOREIGN KEY ("checkpoint_id") REFERENCES "public"."checkpoints"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "supervision_alerts" ADD CONSTRAINT "supervision_alerts_project_id_projects_id_fk" FOREIGN KEY ("project_id") REFERENCES "public"."projects"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "supervision_alerts" ADD CONSTRAINT "supervision_alerts_handled_by_users_id_fk" FOREIGN KEY ("handled_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "supervisor_scopes" ADD CONSTRAINT "supervisor_scopes_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "checkpoints_instance_uq" ON "checkpoints" USING btree ("project_id","kind","subject_key");--> statement-breakpoint
CREATE INDEX "checkpoints_open_due_idx" ON "checkpoints" USING btree ("due_at") WHERE "checkpoints"."done_at" IS NULL;--> statement-breakpoint
CREATE UNIQUE INDEX "supervision_alerts_level_uq" ON "supervision_alerts" USING btree ("checkpoint_id","level");--> statement-breakpoint
CREATE INDEX "supervision_alerts_project_idx" ON "supervision_alerts" USING btree ("project_id");--> statement-breakpoint
CREATE UNIQUE INDEX "supervisor_scopes_uq" ON "supervisor_scopes" USING btree ("user_id","region_code","trade_type",coalesce("industry", ''));

CREATE TABLE "audit_roots" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "audit_roots_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"at" timestamp with time zone NOT NULL,
	"tree_size" integer NOT NULL,
	"root" text NOT NULL,
	"checkpoint_sha256" text NOT NULL,
	"document" text NOT NULL,
	"signature" text NOT NULL,
	"doc_sha256" text NOT NULL,
	"sig_sha256" text NOT NULL,
	"checkpoint_event_id" bigint NOT NULL
);
--> statement-breakpoint
CREATE INDEX "audit_roots_at_idx" ON "audit_roots" USING btree ("at");--> statement-breakpoint
CREATE UNIQUE INDEX "audit_roots_checkpoint_uq" ON "audit_roots" USING btree ("checkpoint_sha256");--> statement-breakpoint
-- Published roots are append-only like the audit events (issue 13 §6): a witness compares what it kept
-- with this list, and the database refuses to change it (bypassable only by a superuser who disables
-- triggers — which the witness then catches).
CREATE FUNCTION audit_roots_append_only() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'audit_roots is append-only: % refused', TG_OP USING ERRCODE = 'insufficient_privilege';
END
$$;
--> statement-breakpoint
CREATE TRIGGER audit_roots_no_update_delete BEFORE UPDATE OR DELETE ON audit_roots
  FOR EACH ROW EXECUTE FUNCTION audit_roots_append_only();
--> statement-breakpoint
CREATE TRIGGER audit_roots_no_truncate BEFORE TRUNCATE ON audit_roots
  FOR EACH STATEMENT EXECUTE FUNCTION audit_roots_append_only();

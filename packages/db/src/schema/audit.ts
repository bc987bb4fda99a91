import { bigint, index, integer, jsonb, pgTable, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core';

/**
 * The audit trail (DESIGN §7): append-only, hash-chained per project; the `platform` chain holds the
 * events that belong to no project and the checkpoints. The database refuses UPDATE, DELETE and
 * TRUNCATE on this table (trigger in migration 0002_audit_guard.sql), whatever the application does.
 */
export const auditEvents = pgTable(
  'audit_events',
  {
    id: bigint({ mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    /** 'platform' or 'project:<id>'. */
    chain: text().notNull(),
    /** 1, 2, 3 … within the chain. */
    seq: integer().notNull(),
    prevHash: text().notNull(),
    hash: text().notNull(),
    at: timestamp({ withTimezone: true, mode: 'date' }).notNull(),
    actorUserId: bigint({ mode: 'number' }),
    actorRole: text(),
    actorOrgId: bigint({ mode: 'number' }),
    certSerial: text(),
    action: text().notNull(),
    subjectType: text().notNull(),
    subjectId: text().notNull(),
    /** The event's payload as recorded (personal secrets never go in) and its SHA-256. */
    payload: jsonb().notNull(),
    payloadHash: text().notNull(),
    /** SHA-256 of every stored object the event refers to (documents, signatures, checkpoints). */
    objectHashes: text().array().notNull().default([]),
    clientAddress: text(),
    /** The client's User-Agent and self-reported device fingerprint (X3, X4); hashed only when set. */
    userAgent: text(),
    deviceFingerprint: text(),
  },
  (t) => [
    uniqueIndex('audit_events_chain_seq_uq').on(t.chain, t.seq),
    index('audit_events_actor_idx').on(t.actorUserId, t.id),
    index('audit_events_subject_idx').on(t.subjectType, t.subjectId),
  ],
);

/** The head of each chain; appends lock this row so a chain grows one event at a time. */
export const auditChainHeads = pgTable('audit_chain_heads', {
  chain: text().primaryKey(),
  seq: integer().notNull(),
  hash: text().notNull(),
  updatedAt: timestamp({ withTimezone: true, mode: 'date' }).notNull(),
});

/**
 * The published audit roots (issue 13 §6): one per checkpoint, the signed RFC 6962 root over every chain
 * head (no seqs), listed on the portal for outside witnesses and in the public change feed. Append-only
 * like audit_events (trigger in migration 0014). `document` is the exact signed text and `signature` the
 * platform's detached CMS (base64); both are also in the object store (docSha256, sigSha256).
 */
export const auditRoots = pgTable(
  'audit_roots',
  {
    id: bigint({ mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    at: timestamp({ withTimezone: true, mode: 'date' }).notNull(),
    treeSize: integer().notNull(),
    root: text().notNull(),
    /** SHA-256 of the internal checkpoint document (heads with seqs) this root was built from. */
    checkpointSha256: text().notNull(),
    document: text().notNull(),
    signature: text().notNull(),
    docSha256: text().notNull(),
    sigSha256: text().notNull(),
    /** The 'audit.checkpoint' event of the platform chain that recorded it. */
    checkpointEventId: bigint({ mode: 'number' }).notNull(),
  },
  (t) => [index('audit_roots_at_idx').on(t.at), uniqueIndex('audit_roots_checkpoint_uq').on(t.checkpointSha256)],
);

/** Row types: what a select returns (issue 17 §3) — import these, do not re-declare them. */
export type AuditEventRow = typeof auditEvents.$inferSelect;
export type AuditChainHeadRow = typeof auditChainHeads.$inferSelect;
export type AuditRootRow = typeof auditRoots.$inferSelect;

/**
 * Appending to a chain (DESIGN §7). The append runs IN THE CALLER'S TRANSACTION, so the event commits or
 * rolls back with the change it records, and it uses only that `tx` handle (PGlite has one connection).
 *
 * Concurrency: the chain's row in `audit_chain_heads` is locked FOR UPDATE, so appends to one chain
 * serialize on that row (until the caller's transaction ends) and appends to different chains never wait
 * on each other. The first append to a chain inserts the head row (seq 0, genesis hash) with
 * ON CONFLICT DO NOTHING and then locks it again: if two transactions race to create the chain, the
 * second's insert waits for the first to commit, does nothing, and its re-lock then reads the committed
 * head (READ COMMITTED, the default isolation; under REPEATABLE READ / SERIALIZABLE a concurrent append
 * to the same chain fails with a serialization error the caller must retry).
 */
import { eq, sql } from 'drizzle-orm';
import { auditChainHeads, auditEvents, type DbOrTx, type Tx } from '@ebid/db';
import { AppError, FINGERPRINT_RE } from '@ebid/domain';
import { GENESIS_HASH, canonicalJson, eventHash, sha256Hex } from './canonical.ts';
import { isChainId, type AuditEvent, type AuditInput, type ChainId } from './types.ts';

const ACTION_RE = /^[a-z][a-z0-9_]*(\.[a-z0-9_]+)+$/;
const SUBJECT_TYPE_RE = /^[a-zA-Z][a-zA-Z0-9_.-]{0,63}$/;
const SHA256_RE = /^[0-9a-f]{64}$/;
// eslint-disable-next-line no-control-regex -- control characters in audit fields are refused on purpose
const CONTROL_RE = /[\u0000-\u001f\u007f]/;
/** The same characters, all of them: stripped from a User-Agent before it is stored. */
const CONTROL_RE_G = new RegExp(CONTROL_RE.source, 'g');


function invalid(field: string, en: string, zh: string, value?: unknown): never {
  throw new AppError(
    'VALIDATION',
    { zh: `审计事件无效：${zh}`, en: `Invalid audit event: ${en}` },
    value === undefined ? { field } : { field, value: typeof value === 'string' ? value.slice(0, 100) : value },
  );
}

function optText(v: unknown, field: string, max: number): string | null {
  if (v === undefined || v === null) return null;
  if (typeof v !== 'string' || v.length === 0 || v.length > max || CONTROL_RE.test(v)) {
    invalid(field, `${field} must be a non-empty string of at most ${max} characters`, `${field} 格式无效`, v);
  }
  return v;
}

function optId(v: unknown, field: string): number | null {
  if (v === undefined || v === null) return null;
  if (typeof v !== 'number' || !Number.isSafeInteger(v)) invalid(field, `${field} must be an integer`, `${field} 必须为整数`, v);
  return v;
}

/** The validated, normalized event fields (everything but id, seq, prevHash, hash). */
interface Prepared {
  chain: ChainId;
  at: Date;
  actorUserId: number | null;
  actorRole: string | null;
  actorOrgId: number | null;
  certSerial: string | null;
  action: string;
  subjectType: string;
  subjectId: string;
  /** The payload as it will read back from jsonb: JSON.parse(canonical). */
  payload: unknown;
  /** Its canonical JSON text (what is stored, cast to jsonb). */
  canonical: string;
  payloadHash: string;
  objectHashes: string[];
  clientAddress: string | null;
  userAgent: string | null;
  deviceFingerprint: string | null;
}

export function prepareAuditInput(input: AuditInput): Prepared {
  if (!isChainId(input.chain)) invalid('chain', "chain must be 'platform' or 'project:<id>'", '链标识无效', input.chain);
  if (typeof input.action !== 'string' || input.action.length > 100 || !ACTION_RE.test(input.action)) {
    invalid('action', 'action must be a dotted lowercase verb such as "org.register"', '操作名称格式无效', input.action);
  }
  if (!(input.at instanceof Date) || Number.isNaN(input.at.getTime())) invalid('at', 'at must be a valid Date', '时间无效');
  const actor = input.actor;
  let actorUserId: number | null = null;
  let actorRole: string | null = null;
  let actorOrgId: number | null = null;
  let certSerial: string | null = null;
  if (actor !== null) {
    if (typeof actor !== 'object' || actor === undefined) invalid('actor', 'actor must be an object or null', '操作者无效');
    actorUserId = optId(actor.userId, 'actor.userId');
    if (actorUserId === null) invalid('actor.userId', 'actor.userId is required', '缺少操作者用户');
    actorRole = optText(actor.role, 'actor.role', 64);
    if (actorRole === null) invalid('actor.role', 'actor.role is required', '缺少操作者角色');
    actorOrgId = optId(actor.orgId, 'actor.orgId');
    certSerial = optText(actor.certSerial, 'actor.certSerial', 128);
  }
  const subject = input.subject as { type?: unknown; id?: unknown } | null | undefined;
  if (!subject || typeof subject !== 'object') invalid('subject', 'subject is required', '缺少操作对象');
  if (typeof subject.type !== 'string' || !SUBJECT_TYPE_RE.test(subject.type)) {
    invalid('subject.type', 'subject.type must be an identifier of at most 64 characters', '对象类型无效', subject.type);
  }
  let subjectId: string;
  if (typeof subject.id === 'number' && Number.isSafeInteger(subject.id)) subjectId = String(subject.id);
  else if (typeof subject.id === 'string' && subject.id.length > 0 && subject.id.length <= 200 && !CONTROL_RE.test(subject.id)) {
    subjectId = subject.id;
  } else invalid('subject.id', 'subject.id must be an integer or a non-empty string of at most 200 characters', '对象编号无效', subject.id);
  const hashes = input.objectHashes ?? [];
  if (!Array.isArray(hashes) || hashes.length > 1000) invalid('objectHashes', 'objectHashes must be an array (at most 1000)', '对象摘要列表无效');
  for (const h of hashes) {
    if (typeof h !== 'string' || !SHA256_RE.test(h)) invalid('objectHashes', 'each object hash must be 64 lowercase hex', '对象摘要格式无效', h);
  }
  const clientAddress = optText(input.clientAddress, 'clientAddress', 200);
  // A User-Agent is whatever the client sent: kept (bounded, control characters dropped), never refused.
  const ua = typeof input.userAgent === 'string' ? input.userAgent.replace(CONTROL_RE_G, '').slice(0, 500) : '';
  const userAgent = ua.length > 0 ? ua : null;
  const deviceFingerprint = optText(input.deviceFingerprint, 'deviceFingerprint', 128);
  if (deviceFingerprint !== null && !FINGERPRINT_RE.test(deviceFingerprint)) {
    invalid('deviceFingerprint', 'deviceFingerprint must be 16–128 characters of [A-Za-z0-9_:.-]', '设备指纹格式无效', deviceFingerprint);
  }
  if (input.payload === undefined) invalid('payload', 'payload is required (use null or {} for none)', '缺少事件内容');
  const canonical = canonicalJson(input.payload); // VALIDATION if not JSON-serializable
  return {
    chain: input.chain,
    at: new Date(input.at.getTime()),
    actorUserId,
    actorRole,
    actorOrgId,
    certSerial,
    action: input.action,
    subjectType: subject.type,
    subjectId,
    payload: JSON.parse(canonical) as unknown,
    canonical,
    payloadHash: sha256Hex(canonical),
    objectHashes: [...hashes],
    clientAddress,
    userAgent,
    deviceFingerprint,
  };
}

/** Lock the chain's head row, creating it (seq 0, genesis hash) on first use. */
async function lockHead(tx: DbOrTx, chain: ChainId, at: Date): Promise<{ seq: number; hash: string }> {
  const lock = () =>
    tx
      .select({ seq: auditChainHeads.seq, hash: auditChainHeads.hash })
      .from(auditChainHeads)
      .where(eq(auditChainHeads.chain, chain))
      .for('update');
  const found = (await lock())[0];
  if (found) return found;
  await tx.insert(auditChainHeads).values({ chain, seq: 0, hash: GENESIS_HASH, updatedAt: at }).onConflictDoNothing();
  const again = (await lock())[0];
  if (!again) throw new AppError('INTERNAL', { en: `audit chain head "${chain}" vanished while being created` });
  return again;
}

/**
 * Append one event in the caller's transaction: lock the head, seq = head.seq + 1, prevHash = head.hash,
 * hash = eventHash(...), insert, move the head. Throws AppError VALIDATION for bad input (before any
 * query runs).
 */
export async function appendAuditEvent(tx: Tx, input: AuditInput): Promise<AuditEvent> {
  const { canonical, ...p } = prepareAuditInput(input);
  const head = await lockHead(tx, p.chain, p.at);
  const fields = { ...p, seq: head.seq + 1, prevHash: head.hash };
  const hash = eventHash(fields);
  const inserted = await tx
    .insert(auditEvents)
    // The payload goes in as its canonical text cast to jsonb: a JSON null stays the JSON value null
    // (drizzle would write SQL NULL) and no driver re-encodes it.
    .values({ ...fields, payload: sql`${canonical}::jsonb`, hash })
    .returning({ id: auditEvents.id });
  const id = inserted[0]?.id;
  if (id === undefined) throw new AppError('INTERNAL', { en: 'audit event insert returned no id' });
  await tx
    .update(auditChainHeads)
    .set({ seq: fields.seq, hash, updatedAt: p.at })
    .where(eq(auditChainHeads.chain, p.chain));
  return { id, ...fields, hash };
}

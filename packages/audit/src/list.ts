/** Staff viewer queries over the audit trail: newest first, keyset paging by id. */
import { and, desc, eq, getTableColumns, lt, sql, type SQL } from 'drizzle-orm';
import { auditEvents, type DbOrTx } from '@ebid/db';
import { AppError } from '@ebid/domain';
import { isChainId, type AuditEvent, type ChainId } from './types.ts';

/**
 * The columns of an event, with the payload read as jsonb TEXT and parsed here: the drivers' own json
 * parsing (postgres.js parses, then drizzle parses again any string that looks like JSON) would turn a
 * payload that is the JSON string "123" into the number 123 and break its hash.
 */
export const eventColumns = {
  ...getTableColumns(auditEvents),
  payload: sql<string>`${auditEvents.payload}::text`,
};

type Row = Omit<typeof auditEvents.$inferSelect, 'payload'> & { payload: string };

export function rowToEvent(r: Row): AuditEvent {
  return {
    id: r.id,
    chain: r.chain as ChainId,
    seq: r.seq,
    prevHash: r.prevHash,
    hash: r.hash,
    at: r.at,
    actorUserId: r.actorUserId,
    actorRole: r.actorRole,
    actorOrgId: r.actorOrgId,
    certSerial: r.certSerial,
    action: r.action,
    subjectType: r.subjectType,
    subjectId: r.subjectId,
    payload: JSON.parse(r.payload) as unknown,
    payloadHash: r.payloadHash,
    objectHashes: r.objectHashes,
    clientAddress: r.clientAddress,
    userAgent: r.userAgent,
    deviceFingerprint: r.deviceFingerprint,
  };
}

export const MAX_LIST_LIMIT = 500;

export interface AuditEventFilter {
  chain?: ChainId;
  actorUserId?: number;
  subject?: { type: string; id: string };
  /** Only events with id < beforeId (the previous page's nextBeforeId). */
  beforeId?: number;
  /** 1 … 500. */
  limit: number;
}

/**
 * Events matching every given filter, newest first (by id). `nextBeforeId` is the id to pass as
 * `beforeId` for the next page, or null when this page is the last.
 */
export async function listAuditEvents(
  db: DbOrTx,
  filter: AuditEventFilter,
): Promise<{ events: AuditEvent[]; nextBeforeId: number | null }> {
  const { limit } = filter;
  if (!Number.isSafeInteger(limit) || limit < 1 || limit > MAX_LIST_LIMIT) {
    throw new AppError('VALIDATION', { zh: '分页大小无效', en: `limit must be 1 … ${MAX_LIST_LIMIT}` }, { limit });
  }
  const where: SQL[] = [];
  if (filter.chain !== undefined) {
    if (!isChainId(filter.chain)) throw new AppError('VALIDATION', { zh: '链标识无效', en: 'Invalid chain' }, { chain: filter.chain });
    where.push(eq(auditEvents.chain, filter.chain));
  }
  if (filter.actorUserId !== undefined) {
    if (!Number.isSafeInteger(filter.actorUserId)) throw new AppError('VALIDATION', { en: 'Invalid actorUserId' });
    where.push(eq(auditEvents.actorUserId, filter.actorUserId));
  }
  if (filter.subject !== undefined) {
    where.push(eq(auditEvents.subjectType, filter.subject.type), eq(auditEvents.subjectId, String(filter.subject.id)));
  }
  if (filter.beforeId !== undefined) {
    if (!Number.isSafeInteger(filter.beforeId)) throw new AppError('VALIDATION', { en: 'Invalid beforeId' });
    where.push(lt(auditEvents.id, filter.beforeId));
  }
  const rows = await db
    .select(eventColumns)
    .from(auditEvents)
    .where(where.length ? and(...where) : undefined)
    .orderBy(desc(auditEvents.id))
    .limit(limit + 1);
  const more = rows.length > limit;
  const page = (more ? rows.slice(0, limit) : rows).map(rowToEvent);
  return { events: page, nextBeforeId: more ? (page[page.length - 1]?.id ?? null) : null };
}

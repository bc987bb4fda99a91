import { appendAuditEvent, PLATFORM_CHAIN, type AuditEvent, type ChainId } from '@ebid/audit';
import type { Tx } from '@ebid/db';
import { AppError, type AuditAction, type Role } from '@ebid/domain';
import type { Actor } from './auth/session.ts';
import type { Deps } from './deps.ts';

/** Who is asking and from where: passed to every use case (authorization lives in the services). */
export interface RequestContext {
  actor: Actor | null;
  /** The client's address, from the socket or the configured trusted proxy hops only. */
  clientAddress: string | null;
  userAgent?: string | null;
  /** What the client says identifies its device (header x-ebid-device; X4): recorded, never trusted. */
  deviceFingerprint?: string | null;
  /**
   * Server time at which the request was fully received (domain T1, DESIGN §4), taken at the edge by the
   * HTTP server once the body is in. Deadline-bound acts are judged by it and record it.
   */
  receivedAt?: Date | null;
  /**
   * The origin the client connected to (its Origin header, else scheme://Host), set by the HTTP edge;
   * login challenges are bound to it (issue 14 §5).
   */
  origin?: string | null;
}

/** The system itself (seed, jobs): no actor. */
export const SYSTEM_CONTEXT: RequestContext = { actor: null, clientAddress: null };

/**
 * When the act arrived (T1): the edge's receipt instant of the request, or — for acts of the platform
 * itself (jobs, seed) and in-process callers without one — the server clock now. Judge every deadline with
 * this, never with the time the transaction happens to commit.
 */
export function arrivalOf(ctx: RequestContext, deps: Pick<Deps, 'clock'>): Date {
  return ctx.receivedAt ?? deps.clock.now();
}

export function requireActor(ctx: RequestContext): Actor {
  if (!ctx.actor) throw new AppError('UNAUTHORIZED');
  return ctx.actor;
}

export function requireRole(ctx: RequestContext, ...roles: Role[]): Actor {
  const actor = requireActor(ctx);
  if (!roles.includes(actor.role)) throw new AppError('FORBIDDEN');
  return actor;
}

/** Write the audit event of a mutation, in the mutation's own transaction (DESIGN §7). */
export function audit(
  tx: Tx,
  deps: Pick<Deps, 'clock'>,
  ctx: RequestContext,
  event: {
    /** One of the actions the audit log has words for (domain vocabulary/audit-actions.ts, issue 19 §4). */
    action: AuditAction;
    subject: { type: string; id: string | number };
    payload?: unknown;
    objectHashes?: string[];
    chain?: ChainId;
    /** The actor when the context has none yet (e.g. the user who just logged in). */
    actorOverride?: Actor;
  },
): Promise<AuditEvent> {
  const actor = event.actorOverride ?? ctx.actor;
  return appendAuditEvent(tx, {
    chain: event.chain ?? PLATFORM_CHAIN,
    actor: actor ? { userId: actor.userId, role: actor.role, orgId: actor.orgId, certSerial: actor.certSerial ?? null } : null,
    action: event.action,
    subject: event.subject,
    payload: event.payload ?? {},
    objectHashes: event.objectHashes ?? [],
    clientAddress: ctx.clientAddress,
    userAgent: ctx.userAgent ?? null,
    deviceFingerprint: ctx.deviceFingerprint ?? null,
    at: deps.clock.now(),
  });
}

/** The signed-in user's own sessions. */
import { audit, requireActor, type RequestContext } from '../context.ts';
import type { Deps } from '../deps.ts';
import { revokeAllSessions } from './session.ts';

/** The signed-in user ends all of their sessions (this one included). */
export async function revokeMySessions(deps: Pick<Deps, 'db' | 'clock'>, ctx: RequestContext): Promise<number> {
  const actor = requireActor(ctx);
  return deps.db.transaction(async (tx) => {
    const n = await revokeAllSessions(tx, deps.clock, actor.userId);
    await audit(tx, deps, ctx, { action: 'auth.revoke_all', subject: { type: 'user', id: actor.userId }, payload: { revokedSessions: n } });
    return n;
  });
}


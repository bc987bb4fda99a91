import type { TimeSourceStatus } from '@ebid/contracts';
import { requireRole, type RequestContext } from '../../context.ts';
import type { Deps } from '../../deps.ts';

/** The time source of the instance answering (staff console, issue 20 §5): center staff and administrators. */
export function timeSourceStatus(deps: Pick<Deps, 'timeSource'>, ctx: RequestContext): TimeSourceStatus {
  requireRole(ctx, 'staff', 'platform_admin');
  return deps.timeSource.status();
}

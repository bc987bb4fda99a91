/**
 * Moving the fake clock (issue 13 §9.6): tests and rehearsals only. It exists only where the config
 * switched it on (EBID_FAKE_CLOCK, refused in production), and only the center — staff or the platform
 * admin — may move it: the clock decides every deadline of every project on the server.
 */
import type { FakeClockMoved, SetFakeClockInput } from '@ebid/contracts';
import { AppError } from '@ebid/domain';
import { FakeClock } from '../clock.ts';
import { audit, requireRole, type RequestContext } from '../context.ts';
import type { Deps } from '../deps.ts';
import { publishLiveEvent } from '../live/hub.ts';

/** The live event (topic `system`) that tells open pages the server clock jumped, so they re-measure it at once. */
export const CLOCK_MOVED_EVENT = 'clock.moved';

export async function moveFakeClock(deps: Pick<Deps, 'db' | 'clock'>, ctx: RequestContext, input: SetFakeClockInput): Promise<FakeClockMoved> {
  requireRole(ctx, 'staff', 'platform_admin');
  const to = new Date(input.iso);
  const clock = deps.clock;
  if (!(clock instanceof FakeClock)) {
    throw new AppError('FORBIDDEN', { zh: '未启用测试时钟', en: 'The fake clock is not enabled' }, { reason: 'NO_FAKE_CLOCK' });
  }
  // Audited before the move, at the instant it happens on the clock being left.
  await deps.db.transaction(async (tx) => {
    await audit(tx, deps, ctx, {
      action: 'system.fake_clock.set',
      subject: { type: 'clock', id: 'fake' },
      payload: { from: clock.now().toISOString(), to: to.toISOString() },
    });
  });
  clock.set(to);
  // After the move: a page that re-measures on this event reads the new time (issue 16 §4).
  await publishLiveEvent(deps.db, { topic: 'system', type: CLOCK_MOVED_EVENT, data: { to: to.toISOString() }, at: clock.now() });
  const now = clock.now();
  return { epochMs: now.getTime(), iso: now.toISOString() };
}

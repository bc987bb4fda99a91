/**
 * Forms only when they can succeed (issue 16 §4): the domain's availability rule (the one the services
 * refuse with) evaluated at the server's now, re-evaluated every server second, and a notice that says
 * why a form is disabled and when it opens.
 */
import { useEffect } from 'react';
import { Alert } from 'antd';
import { useQueryClient } from '@tanstack/react-query';
import { actionWindow, availability, type ActionProject, type Availability, type GuardedAction } from '@ebid/domain';
import { serverText, useLang } from '../i18n.ts';
import { useServerNow } from './ServerClock.tsx';

/** While the time a form waits for has come but the project has not moved yet (the server's timer), re-read it this often. */
export const AVAILABILITY_RECHECK_MS = 5_000;

/**
 * `action`'s availability at the server's now (undefined until the server clock is known). When its
 * opening instant has passed but the project is not yet in the required state, the project is re-read
 * until the server's timer has moved it, so the form enables itself without a reload.
 */
export function useAvailability(action: GuardedAction, project: ActionProject): Availability | undefined {
  const now = useServerNow();
  const queryClient = useQueryClient();
  const a = now === undefined ? undefined : availability(action, project, now);
  const opensAt = actionWindow(action, project).opensAt?.getTime();
  const waiting = a !== undefined && !a.enabled && a.opensAt === undefined && opensAt !== undefined && now! >= opensAt && (a.closesAt === null || now! <= a.closesAt.getTime());
  useEffect(() => {
    if (!waiting) return;
    const reread = () => void queryClient.invalidateQueries({ queryKey: ['project', 'get'] });
    reread();
    const id = setInterval(reread, AVAILABILITY_RECHECK_MS);
    return () => clearInterval(id);
  }, [waiting, queryClient]);
  return a;
}

/** Why the form is disabled and when it opens, visible without hovering; nothing while it is available. */
export function AvailabilityNotice({ availability: a, testId }: { availability: Availability | undefined; testId: string }) {
  const { lang } = useLang();
  if (!a || a.enabled || !a.message) return null;
  return <Alert type={a.opensAt ? 'info' : 'warning'} showIcon className="ebid-gap" data-testid={testId} title={serverText(lang, a.message)} />;
}

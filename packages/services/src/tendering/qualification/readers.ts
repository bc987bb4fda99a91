/** Who may read a project's applicants and their answers: the center, the owner side after the review. */
import type { ProjectRow, RegistrationRow, Tx } from '@ebid/db';
import type { SecretFact } from '../../access/before-deadline.ts';
import type { Actor } from '../../auth/session.ts';
import type { Deps } from '../../deps.ts';
import { assertOwnerSide, isCenterFor } from '../../projects/index.ts';

export const CENTER_ROLES = ['staff', 'platform_admin', 'supervisor'] as const;

/** The center, or a supervisor whose scope covers the project (issue 20 §4, M3). */
export const isCenter = (a: Actor, p: Pick<ProjectRow, 'regionCode' | 'tradeType' | 'industry'>) => isCenterFor(a, p);

/** The secret fact the applicants of a project are: prequalification applicants, or (post-qualification) registrants. */
export const applicantsFact = (p: Pick<ProjectRow, 'prequalification'>): SecretFact => (p.prequalification ? 'prequal_applicants' : 'registrants');

export async function isOwnerSide(tx: Tx, deps: Pick<Deps, 'clock'>, actor: Actor, p: ProjectRow): Promise<boolean> {
  try {
    await assertOwnerSide(tx, deps, actor, p);
    return true;
  } catch {
    return false;
  }
}

/** The review of a project is complete: it has applicants and every one still in it was decided. */
export function reviewCompleteOf(regs: Pick<RegistrationRow, 'status'>[]): boolean {
  const live = regs.filter((r) => r.status !== 'withdrawn');
  return live.length > 0 && live.every((r) => r.status === 'qualified' || r.status === 'disqualified');
}

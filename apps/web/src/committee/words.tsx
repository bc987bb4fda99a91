/** The committee's statuses and reasons in words (issue 21 §7), each a status tag of its family (issue 19 §2). */
import type { StatusFamily } from '@ebid/domain';
import { AVOIDANCE_REASON_WORDS } from '@ebid/domain';
import { StatusTag } from '../components/StatusTag.tsx';
import { pick, useLang, useT, type MessageKey } from '../i18n.ts';
import type { CommitteeView } from './rerun.ts';

export type CommitteeStatus = CommitteeView['status'];
export type SeatStatus = CommitteeView['seats'][number]['status'];

const COMMITTEE_FAMILY: Record<CommitteeStatus, StatusFamily> = {
  requested: 'progress',
  committed: 'open',
  drawn: 'progress',
  published: 'done',
  cancelled: 'neutral',
};

const SEAT_FAMILY: Record<SeatStatus, StatusFamily> = {
  invited: 'progress',
  confirmed: 'done',
  declined: 'failed',
  timed_out: 'failed',
  standby: 'neutral',
  replaced: 'neutral',
  avoided: 'failed',
};

export function CommitteeStatusTag({ status }: { status: CommitteeStatus }) {
  const t = useT();
  return (
    <StatusTag family={COMMITTEE_FAMILY[status]} testId="committee-status">
      {t(`committee.status.${status}` as MessageKey)}
    </StatusTag>
  );
}

export function SeatStatusTag({ status }: { status: SeatStatus }) {
  const t = useT();
  return (
    <StatusTag family={SEAT_FAMILY[status]} testId={`seat-status-${status}`}>
      {t(`committee.seat.${status}` as MessageKey)}
    </StatusTag>
  );
}

/** An exclusion reason (E3 avoidance, O7 opening participant) in words; an unknown code as itself. */
export function useExclusionReason(): (code: string) => string {
  const { lang } = useLang();
  const t = useT();
  return (code) => {
    if (code === 'opening_participant') return t('committee.reason.openingParticipant');
    const w = (AVOIDANCE_REASON_WORDS as Record<string, { zh: string; en: string } | undefined>)[code];
    return w ? pick(lang, w) : code;
  };
}

/** A seat's place in words: 抽中 for a member, 候补 n for the n-th backup of its specialty (drawn order). */
export function useSeatKind(): (committee: Pick<CommitteeView, 'specialties'>, seat: Pick<CommitteeView['seats'][number], 'kind' | 'rank' | 'specialty'>) => string {
  const t = useT();
  return (committee, seat) =>
    seat.kind === 'member' ? t('committee.seat.member') : t('committee.seat.backup', { n: seat.rank - (committee.specialties.find((x) => x.specialty === seat.specialty)?.members ?? 0) + 1 });
}

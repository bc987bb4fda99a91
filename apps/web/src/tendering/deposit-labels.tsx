/** Words and tags for registrations and deposits (issue 5 §4): always icon + text, never colour alone. */
import { Space } from 'antd';
import { statusFamilyOf } from '@ebid/domain';
import { formatBeijing } from '../clock.ts';
import { ProvisionalTag } from '../components/ProvisionalTag.tsx';
import { StatusTag } from '../components/StatusTag.tsx';
import { formatFen } from '../money.ts';
import { translate, useT, type Lang, type MessageKey } from '../i18n.ts';

export type DepositStatus = 'pending' | 'received' | 'refunded' | 'forfeited';
export type RegistrationStatus = 'applied' | 'qualified' | 'disqualified' | 'withdrawn';
export type DepositForm = 'cash' | 'guarantee' | 'e_guarantee';

const DEPOSIT_STATUS: Record<DepositStatus, MessageKey> = {
  pending: 'deposit.status.pending',
  received: 'deposit.status.received',
  refunded: 'deposit.status.refunded',
  forfeited: 'deposit.status.forfeited',
};

const REGISTRATION_STATUS: Record<RegistrationStatus, MessageKey> = {
  applied: 'registrations.status.applied',
  qualified: 'registrations.status.qualified',
  disqualified: 'registrations.status.disqualified',
  withdrawn: 'registrations.status.withdrawn',
};

export const DEPOSIT_FORM_LABELS: Record<DepositForm, MessageKey> = {
  cash: 'deposit.form.cash',
  guarantee: 'deposit.form.guarantee',
  e_guarantee: 'deposit.form.e_guarantee',
};

export function depositStatusLabel(lang: Lang, s: DepositStatus): string {
  return translate(lang, DEPOSIT_STATUS[s]);
}

export function DepositStatusTag({ status }: { status: DepositStatus }) {
  const t = useT();
  return (
    <StatusTag family={statusFamilyOf('deposit', status)} testId={`deposit-status-${status}`}>
      {t(DEPOSIT_STATUS[status])}
    </StatusTag>
  );
}

/** The "overdue" tag of a refund past its due date (B10): the failed family (red, as 超期 everywhere), icon and words. */
export function OverdueTag() {
  const t = useT();
  return (
    <StatusTag family="failed" testId="deposit-overdue">
      {t('deposits.overdueTag.overdue')}
    </StatusTag>
  );
}

export function RegistrationStatusTag({ status }: { status: RegistrationStatus }) {
  const t = useT();
  return (
    <StatusTag family={statusFamilyOf('registration', status)} testId={`registration-status-${status}`}>
      {t(REGISTRATION_STATUS[status])}
    </StatusTag>
  );
}

/** The registration deadline of a project, as the server computes it (registrations.ts). */
export function registrationDeadlineOf(p: { prequalification: boolean; schedule: Partial<Record<string, string>> }): string | null {
  const s = p.schedule;
  return (p.prequalification ? s.prequalApplicationDeadline : (s.bidDeadline ?? s.listingEnd ?? s.disclosureEnd)) ?? null;
}

/** A deposit in one table cell: amount (optional), status, overdue and the refund due date. */
export function DepositSummary({
  deposit,
  showAmount = true,
}: {
  deposit: { status: DepositStatus; overdue: boolean; refundDueAt: string | null; refundDueProvisional?: boolean; receivedFen?: number | null; requiredFen?: number | null };
  showAmount?: boolean;
}) {
  const t = useT();
  return (
    <Space wrap size={4}>
      {showAmount && <span>{formatFen(deposit.receivedFen ?? deposit.requiredFen ?? null)}</span>}
      <DepositStatusTag status={deposit.status} />
      {deposit.overdue && <OverdueTag />}
      {deposit.refundDueAt && (
        <span>
          {t('deposits.summary.refundDue')}
          {/* refundDueAt is the exclusive 24:00 end; show the last day it covers */}
          {formatBeijing(Date.parse(deposit.refundDueAt) - 1, 'YYYY-MM-DD')}
          <ProvisionalTag on={deposit.refundDueProvisional ?? false} kind="due" />
        </span>
      )}
    </Space>
  );
}

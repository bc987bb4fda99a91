import type { ReactNode } from 'react';
import { Tag } from 'antd';
import {
  CheckCircleOutlined,
  ClockCircleOutlined,
  FieldTimeOutlined,
  CloseCircleOutlined,
  ExclamationCircleOutlined,
  MinusCircleOutlined,
  StopOutlined,
  SwapOutlined,
} from '@ant-design/icons';
import type { CertState } from '../certs.ts';
import { PROCEDURE_STATUSES, type ProcedureStatus } from '@ebid/domain';
import { useT, type MessageKey } from '../i18n.ts';

/** antd's orange and green tag texts are under 4.5:1 on their tints; these darker ones pass WCAG AA. */
const AA = {
  green: { color: '#135200' },
  orange: { color: '#ad4e00' },
  red: { color: '#a8071a' },
  blue: { color: '#003eb3' },
} as const;

export type Tone = 'green' | 'orange' | 'red' | 'blue' | 'default';

/** A status as a coloured tag with an icon and words: never colour alone (ux.md). */
export function StatusTag({ tone, icon, children, testId }: { tone: Tone; icon?: ReactNode; children: ReactNode; testId?: string }) {
  return (
    <Tag
      color={tone === 'default' ? undefined : tone}
      style={tone === 'default' ? undefined : AA[tone]}
      icon={icon}
      data-testid={testId}
    >
      {children}
    </Tag>
  );
}

const CERT_STATES: Record<CertState, { tone: Tone; icon: ReactNode; key: MessageKey }> = {
  valid: { tone: 'green', icon: <CheckCircleOutlined aria-hidden />, key: 'cert.state.valid' },
  expiring: { tone: 'orange', icon: <ClockCircleOutlined aria-hidden />, key: 'cert.state.expiring' },
  expired: { tone: 'red', icon: <CloseCircleOutlined aria-hidden />, key: 'cert.state.expired' },
  notYetValid: { tone: 'orange', icon: <ExclamationCircleOutlined aria-hidden />, key: 'cert.state.notYetValid' },
  revoked: { tone: 'red', icon: <StopOutlined aria-hidden />, key: 'cert.state.revoked' },
  superseded: { tone: 'default', icon: <SwapOutlined aria-hidden />, key: 'cert.state.superseded' },
};

export function CertStateTag({ state }: { state: CertState }) {
  const t = useT();
  const s = CERT_STATES[state];
  return (
    <StatusTag tone={s.tone} icon={s.icon} testId="cert-state">
      {t(s.key)}
    </StatusTag>
  );
}

export type OrgStatus = 'pending' | 'active' | 'rejected';

const ORG_STATES: Record<OrgStatus, { tone: Tone; icon: ReactNode; key: MessageKey }> = {
  pending: { tone: 'orange', icon: <ClockCircleOutlined aria-hidden />, key: 'org.status.pending' },
  active: { tone: 'green', icon: <CheckCircleOutlined aria-hidden />, key: 'org.status.active' },
  rejected: { tone: 'red', icon: <CloseCircleOutlined aria-hidden />, key: 'org.status.rejected' },
};

export function OrgStatusTag({ status }: { status: OrgStatus }) {
  const t = useT();
  const s = ORG_STATES[status];
  return (
    <StatusTag tone={s.tone} icon={s.icon} testId="org-status">
      {t(s.key)}
    </StatusTag>
  );
}

export function ActiveTag({ active }: { active: boolean }) {
  const t = useT();
  return active ? (
    <StatusTag tone="green" icon={<CheckCircleOutlined aria-hidden />} testId="user-active">
      {t('users.active')}
    </StatusTag>
  ) : (
    <StatusTag tone="default" icon={<MinusCircleOutlined aria-hidden />} testId="user-active">
      {t('users.inactive')}
    </StatusTag>
  );
}

const PROJECT_TONES: Partial<Record<string, Tone>> = {
  DRAFT: 'default',
  PENDING_REVIEW: 'orange',
  SUSPENDED: 'orange',
  FAILED: 'red',
  TERMINATED: 'red',
  ARCHIVED: 'default',
  AWARDED: 'green',
  CONTRACTED: 'green',
};

const isProcedureStatus = (s: string): s is ProcedureStatus => (PROCEDURE_STATUSES as readonly string[]).includes(s);

/** A project's procedure status in the shared vocabulary's words (`status.<STATUS>`); an unknown status as it is. */
export function ProjectStatusTag({ status }: { status: string }) {
  const t = useT();
  const label = isProcedureStatus(status) ? t(`status.${status}`) : status;
  const tone = PROJECT_TONES[status] ?? 'blue';
  const icon =
    tone === 'red' ? <CloseCircleOutlined aria-hidden /> : tone === 'orange' ? <ClockCircleOutlined aria-hidden /> : tone === 'green' ? <CheckCircleOutlined aria-hidden /> : <MinusCircleOutlined aria-hidden />;
  return (
    <StatusTag tone={tone} icon={icon} testId="project-status">
      {label}
    </StatusTag>
  );
}

export type NoticeStatus = 'draft' | 'pending_review' | 'scheduled' | 'published' | 'rejected';

const NOTICE_STATES: Record<NoticeStatus, { tone: Tone; icon: ReactNode; key: MessageKey }> = {
  draft: { tone: 'default', icon: <MinusCircleOutlined aria-hidden />, key: 'notice.status.draft' },
  pending_review: { tone: 'orange', icon: <ClockCircleOutlined aria-hidden />, key: 'notice.status.pending_review' },
  scheduled: { tone: 'blue', icon: <FieldTimeOutlined aria-hidden />, key: 'notice.status.scheduled' },
  published: { tone: 'green', icon: <CheckCircleOutlined aria-hidden />, key: 'notice.status.published' },
  rejected: { tone: 'red', icon: <CloseCircleOutlined aria-hidden />, key: 'notice.status.rejected' },
};

export function NoticeStatusTag({ status }: { status: NoticeStatus }) {
  const t = useT();
  const s = NOTICE_STATES[status];
  return (
    <StatusTag tone={s.tone} icon={s.icon} testId="notice-status">
      {t(s.key)}
    </StatusTag>
  );
}

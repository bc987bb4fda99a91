import type { CSSProperties, ReactNode } from 'react';
import { Tag } from 'antd';
import { CheckCircleOutlined, ClockCircleOutlined, CloseCircleOutlined, MinusCircleOutlined, PauseCircleOutlined, UnlockOutlined } from '@ant-design/icons';
import type { CertState } from '../certs.ts';
import { PROCEDURE_STATUSES, statusFamilyOf, statusFamilyOrNeutral, type ProcedureStatus, type StatusFamily } from '@ebid/domain';
import { useT, type MessageKey } from '../i18n.ts';
import { FAMILY_PALETTE } from './status-palette.ts';

/** One icon per family (issue 19 §2): with the words, colour is never the only sign. */
export const FAMILY_ICONS: Readonly<Record<StatusFamily, ReactNode>> = {
  open: <UnlockOutlined aria-hidden />,
  progress: <ClockCircleOutlined aria-hidden />,
  done: <CheckCircleOutlined aria-hidden />,
  failed: <CloseCircleOutlined aria-hidden />,
  suspended: <PauseCircleOutlined aria-hidden />,
  neutral: <MinusCircleOutlined aria-hidden />,
};

/**
 * A status as a tag of its family (issue 19 §2): the family's colours (status-palette.ts), its icon and the
 * words. Every status tag of the web is one of these; the family comes from domain `statusFamilyOf`.
 */
export function StatusTag({
  family,
  children,
  testId,
  title,
  layout,
}: {
  family: StatusFamily;
  children: ReactNode;
  testId?: string;
  title?: string;
  /** Spacing only (margins); the colours are the family's. */
  layout?: Pick<CSSProperties, 'marginInlineStart' | 'marginInlineEnd'>;
}) {
  const c = FAMILY_PALETTE[family];
  return (
    <Tag
      className={`ebid-status ebid-family-${family}`}
      style={{ ...layout, color: c.fg, background: c.bg, borderColor: c.border }}
      icon={FAMILY_ICONS[family]}
      data-testid={testId}
      data-family={family}
      title={title}
    >
      {children}
    </Tag>
  );
}

const CERT_KEYS: Record<CertState, MessageKey> = {
  valid: 'cert.state.valid',
  expiring: 'cert.state.expiring',
  expired: 'cert.state.expired',
  notYetValid: 'cert.state.notYetValid',
  revoked: 'cert.state.revoked',
  superseded: 'cert.state.superseded',
};

export function CertStateTag({ state }: { state: CertState }) {
  const t = useT();
  return (
    <StatusTag family={statusFamilyOf('certificate', state)} testId="cert-state">
      {t(CERT_KEYS[state])}
    </StatusTag>
  );
}

export type OrgStatus = 'pending' | 'active' | 'rejected';

const ORG_KEYS: Record<OrgStatus, MessageKey> = { pending: 'org.status.pending', active: 'org.status.active', rejected: 'org.status.rejected' };

export function OrgStatusTag({ status }: { status: OrgStatus }) {
  const t = useT();
  return (
    <StatusTag family={statusFamilyOf('organization', status)} testId="org-status">
      {t(ORG_KEYS[status])}
    </StatusTag>
  );
}

export function ActiveTag({ active }: { active: boolean }) {
  const t = useT();
  return (
    <StatusTag family={statusFamilyOf('user', active ? 'active' : 'inactive')} testId="user-active">
      {t(active ? 'users.active' : 'users.inactive')}
    </StatusTag>
  );
}

const isProcedureStatus = (s: string): s is ProcedureStatus => (PROCEDURE_STATUSES as readonly string[]).includes(s);

/** A project's procedure status in the shared vocabulary's words (`status.<STATUS>`); an unknown status as it is, grey. */
export function ProjectStatusTag({ status }: { status: string }) {
  const t = useT();
  const label = isProcedureStatus(status) ? t(`status.${status}`) : status;
  return (
    <StatusTag family={statusFamilyOrNeutral('procedure', status)} testId="project-status">
      {label}
    </StatusTag>
  );
}

export type NoticeStatus = 'draft' | 'pending_review' | 'scheduled' | 'published' | 'rejected';

const NOTICE_KEYS: Record<NoticeStatus, MessageKey> = {
  draft: 'notice.status.draft',
  pending_review: 'notice.status.pending_review',
  scheduled: 'notice.status.scheduled',
  published: 'notice.status.published',
  rejected: 'notice.status.rejected',
};

export function NoticeStatusTag({ status }: { status: NoticeStatus }) {
  const t = useT();
  return (
    <StatusTag family={statusFamilyOf('notice', status)} testId="notice-status">
      {t(NOTICE_KEYS[status])}
    </StatusTag>
  );
}

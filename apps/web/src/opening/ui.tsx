/** Small shared pieces of the opening screens: error box with its reason code, tags, times. */
import { Typography } from 'antd';
import { CheckCircleOutlined, ClockCircleOutlined, CloseCircleOutlined, MinusCircleOutlined, RollbackOutlined, SyncOutlined } from '@ant-design/icons';
import type { ReactNode } from 'react';
import { formatBeijingDateTime } from '../clock.ts';
import { AppErrorAlert } from '../components/AppErrorAlert.tsx';
import { StatusTag } from '../components/StatusTag.tsx';
import { toAppErrorView } from '../errors.ts';
import { useT } from '../i18n.ts';
import { CONFIRM_LABELS, DECRYPT_LABELS, OPENING_STATUS_LABELS, type ConfirmStatus, type DecryptStatus, type OpeningStatus } from './model.ts';

/** A plain list (bullets, one item per line) and user-written text with its line breaks. */
export const LIST_STYLE = { margin: 0, paddingInlineStart: 20 } as const;
export const TEXT_STYLE = { whiteSpace: 'pre-wrap', margin: 0 } as const;

export function fmtTime(iso: string | null | undefined): string {
  return iso ? formatBeijingDateTime(Date.parse(iso)) : '—';
}

/** The API error (message in the UI language + code) and, under it, its reason (e.g. OPENING_TOO_EARLY). */
export function ErrorBox({ error, title }: { error: unknown; title?: string }) {
  const reason = toAppErrorView(error).details?.reason;
  return (
    <div className="ebid-gap-top">
      <AppErrorAlert error={error} {...(title ? { title } : {})} />
      {typeof reason === 'string' && (
        <Typography.Text type="secondary" className="ebid-small" data-testid="error-reason">
          {reason}
        </Typography.Text>
      )}
    </div>
  );
}

const DECRYPT_ICONS: Record<DecryptStatus, ReactNode> = {
  pending: <ClockCircleOutlined aria-hidden />,
  decrypted: <CheckCircleOutlined aria-hidden />,
  revoked: <CloseCircleOutlined aria-hidden />,
  withdrawn_external: <RollbackOutlined aria-hidden />,
};

export function DecryptTag({ status, busy }: { status: DecryptStatus; busy?: boolean }) {
  const t = useT();
  const l = DECRYPT_LABELS[status];
  return (
    <StatusTag tone={busy ? 'blue' : l.tone} icon={busy ? <SyncOutlined spin aria-hidden /> : DECRYPT_ICONS[status]} testId="decrypt-status">
      {busy ? t('opening.decryptTag.decrypting') : t(l.label)}
    </StatusTag>
  );
}

export function ConfirmTag({ status }: { status: ConfirmStatus }) {
  const t = useT();
  const l = CONFIRM_LABELS[status];
  const icon = status === 'confirmed' ? <CheckCircleOutlined aria-hidden /> : status === 'objected' ? <CloseCircleOutlined aria-hidden /> : status === 'pending' ? <ClockCircleOutlined aria-hidden /> : <MinusCircleOutlined aria-hidden />;
  return (
    <StatusTag tone={l.tone} icon={icon} testId="confirm-status">
      {t(l.label)}
    </StatusTag>
  );
}

export function OpeningStatusTag({ status }: { status: OpeningStatus }) {
  const t = useT();
  const l = OPENING_STATUS_LABELS[status];
  return (
    <span data-testid="opening-status" data-status={status}>
      <StatusTag tone={l.tone}>{t(l.label)}</StatusTag>
    </span>
  );
}

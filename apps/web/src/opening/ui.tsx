/** Small shared pieces of the opening screens: error box with its reason code, tags, times. */
import { Typography } from 'antd';
import { statusFamilyOf } from '@ebid/domain';
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

export function DecryptTag({ status, busy }: { status: DecryptStatus; busy?: boolean }) {
  const t = useT();
  const l = DECRYPT_LABELS[status];
  return (
    <StatusTag family={busy ? 'progress' : statusFamilyOf('decrypt', status)} testId="decrypt-status">
      {busy ? t('opening.decryptTag.decrypting') : t(l.label)}
    </StatusTag>
  );
}

export function ConfirmTag({ status }: { status: ConfirmStatus }) {
  const t = useT();
  const l = CONFIRM_LABELS[status];
  return (
    <StatusTag family={statusFamilyOf('confirm', status)} testId="confirm-status">
      {t(l.label)}
    </StatusTag>
  );
}

export function OpeningStatusTag({ status }: { status: OpeningStatus }) {
  const t = useT();
  const l = OPENING_STATUS_LABELS[status];
  return (
    <span data-testid="opening-status" data-status={status}>
      <StatusTag family={statusFamilyOf('opening', status)}>{t(l.label)}</StatusTag>
    </span>
  );
}

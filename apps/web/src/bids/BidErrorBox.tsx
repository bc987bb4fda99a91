import { Typography } from 'antd';
import { AppErrorAlert } from '../components/AppErrorAlert.tsx';
import { toAppErrorView } from '../errors.ts';

/** The reason code of an error (e.g. ENVELOPE_NOT_SEALED, DEADLINE_PASSED, PREQUAL_FAILED), shown under its message. */
function ReasonLine({ error }: { error: unknown }) {
  const reason = toAppErrorView(error).details?.reason;
  return typeof reason === 'string' ? (
    <Typography.Text type="secondary" className="ebid-small" data-testid="error-reason">
      {reason}
    </Typography.Text>
  ) : null;
}

/** An error of the bid views: the message in the current language, and its reason code below it. */
export function BidErrorBox({ error, title }: { error: unknown; title?: string }) {
  return (
    <div className="ebid-gap">
      <AppErrorAlert error={error} {...(title ? { title } : {})} />
      <ReasonLine error={error} />
    </div>
  );
}

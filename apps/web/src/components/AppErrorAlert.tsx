import { Alert, Button } from 'antd';
import { errorMessage, toAppErrorView } from '../errors.ts';
import { useLang, useT } from '../i18n.ts';

/**
 * An API error as the user sees it: the message in the current language and the stable code, both as
 * text (never by colour alone).
 */
export function AppErrorAlert({
  error,
  title,
  onRetry,
}: {
  error: unknown;
  /** A heading for what failed; the error's own message then goes in the description. */
  title?: string;
  onRetry?: () => void;
}) {
  const t = useT();
  const { lang } = useLang();
  const view = toAppErrorView(error);
  const message = errorMessage(view, lang);
  const code = (
    <span className="ebid-error-code">
      {t('error.code')}: <code data-testid="error-code">{view.code}</code>
    </span>
  );
  return (
    <Alert
      type="error"
      showIcon
      role="alert"
      data-testid="app-error"
      title={title ?? message}
      description={
        title ? (
          <>
            <div>{message}</div>
            {code}
          </>
        ) : (
          code
        )
      }
      action={
        onRetry ? (
          <Button size="small" onClick={onRetry}>
            {t('error.retry')}
          </Button>
        ) : undefined
      }
    />
  );
}

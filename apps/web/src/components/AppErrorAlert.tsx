import { useEffect, useRef } from 'react';
import { Alert, Button } from 'antd';
import { errorMessage, isRetryable, toAppErrorView } from '../errors.ts';
import { useLang, useT } from '../i18n.ts';

/**
 * An API error as the user sees it: the message in the current language and the stable code, both as
 * text (never by colour alone). 重试 only for errors a retry can fix (`isRetryable`: the server or the
 * network away, a server fault) — never for not found, not allowed or bad input (issue 19 §6).
 * `focus`: move the keyboard focus to the alert when it appears or the error changes (after a failed
 * sign-in, so a keyboard or screen-reader user lands on what went wrong).
 */
export function AppErrorAlert({
  error,
  title,
  onRetry,
  focus = false,
}: {
  error: unknown;
  /** A heading for what failed; the error's own message then goes in the description. */
  title?: string;
  onRetry?: () => void;
  focus?: boolean;
}) {
  const t = useT();
  const { lang } = useLang();
  const ref = useRef<HTMLDivElement>(null);
  const view = toAppErrorView(error);
  const message = errorMessage(view, lang);

  useEffect(() => {
    if (!focus) return;
    const el = ref.current?.querySelector<HTMLElement>('[role="alert"]');
    if (!el) return;
    el.setAttribute('tabindex', '-1');
    el.focus();
  }, [focus, error]);

  const code = (
    <span className="ebid-error-code">
      {t('error.code')}: <code data-testid="error-code">{view.code}</code>
    </span>
  );
  return (
    <div ref={ref}>
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
          onRetry && isRetryable(view) ? (
            <Button size="small" onClick={onRetry} data-testid="error-retry">
              {t('error.retry')}
            </Button>
          ) : undefined
        }
      />
    </div>
  );
}

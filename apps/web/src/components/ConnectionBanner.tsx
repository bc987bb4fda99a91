import { useCallback, useEffect, useState } from 'react';
import { Alert, Button } from 'antd';
import { useQueryClient } from '@tanstack/react-query';
import { useApi } from '../api.ts';
import { connection, useConnection } from '../connection.ts';
import { useT } from '../i18n.ts';

/** While the connection is down the banner asks the server every few seconds whether it is back. */
const RETRY_MS = 5_000;

/**
 * A lost connection says what is happening and what to do (issue 19 §6): 与服务器的连接已中断，正在重试…
 * 请检查网络；已填写的内容不会丢失 and a 重新连接 button. Shown from the browser's offline event and from
 * requests or the live channel that got no answer (connection.ts); gone as soon as the server answers,
 * and what failed meanwhile is fetched again. Announced (role="alert") when it appears.
 */
export function ConnectionBanner() {
  const t = useT();
  const api = useApi();
  const queryClient = useQueryClient();
  const state = useConnection();
  const [checking, setChecking] = useState(false);

  const ping = useCallback(async () => {
    setChecking(true);
    try {
      await api.system.time.query();
      // The link reported the answer; fetch again what failed while the server was away.
      await queryClient.refetchQueries({ predicate: (q) => q.state.status === 'error' });
    } catch {
      // Still down: the link has reported it.
    } finally {
      setChecking(false);
    }
  }, [api, queryClient]);

  useEffect(() => {
    const offline = () => connection.reportDown('offline');
    const online = () => void ping();
    if (typeof navigator !== 'undefined' && navigator.onLine === false) offline();
    window.addEventListener('offline', offline);
    window.addEventListener('online', online);
    return () => {
      window.removeEventListener('offline', offline);
      window.removeEventListener('online', online);
    };
  }, [ping]);

  const down = state.down;
  useEffect(() => {
    if (!down) return;
    const timer = window.setInterval(() => {
      if (navigator.onLine !== false) void ping();
    }, RETRY_MS);
    return () => window.clearInterval(timer);
  }, [down, ping]);

  if (!state.down) return null;
  return (
    <div className="ebid-connection-banner" data-testid="connection-banner" style={{ position: 'sticky', top: 0, zIndex: 1000 }}>
      <Alert
        type="warning"
        showIcon
        banner
        role="alert"
        title={t('connection.lost')}
        description={t('connection.whatToDo')}
        action={
          <Button size="small" onClick={() => void ping()} loading={checking} data-testid="connection-reconnect">
            {checking ? t('connection.checking') : t('connection.reconnect')}
          </Button>
        }
      />
    </div>
  );
}

import { Card, Descriptions, Empty, Skeleton, Table, Typography } from 'antd';
import { statusFamilyOf } from '@ebid/domain';
import { useSystemInfo, type SystemInfo } from '../api.ts';
import { formatBeijingDateTime } from '../clock.ts';
import { useT, type MessageKey, type TFunction } from '../i18n.ts';
import { useLiveEvents, type LiveEvent, type LiveState } from '../live.ts';
import { AppErrorAlert } from './AppErrorAlert.tsx';
import { StatusTag } from './StatusTag.tsx';
import { useServerNow } from './ServerClock.tsx';

const FEED_SIZE = 8;

export function modeLabel(t: TFunction, mode: SystemInfo['mode']): string {
  return t(mode === 'embedded' ? 'about.mode.embedded' : 'about.mode.production');
}

/** system.info, the server clock, and the live `system` topic: proof that the API and SSE work. */
export function SystemStatus() {
  const t = useT();
  const info = useSystemInfo();
  const now = useServerNow();
  return (
    <div className="ebid-stack">
      <Card title={<h2 className="ebid-card-title">{t('about.info')}</h2>}>
        {info.isPending ? (
          <Skeleton active paragraph={{ rows: 3 }} />
        ) : info.isError ? (
          <AppErrorAlert error={info.error} onRetry={() => void info.refetch()} />
        ) : (
          <Descriptions
            column={{ xs: 1, md: 2 }}
            data-testid="system-info"
            items={[
              { key: 'name', label: t('about.name'), children: info.data.name },
              { key: 'version', label: t('about.version'), children: info.data.version },
              { key: 'mode', label: t('about.mode'), children: `${modeLabel(t, info.data.mode)} (${info.data.mode})` },
              { key: 'database', label: t('about.database'), children: info.data.database },
              { key: 'objectStore', label: t('about.objectStore'), children: info.data.objectStore },
              { key: 'instance', label: t('about.instance'), children: info.data.instance },
              {
                key: 'time',
                label: t('about.serverTime'),
                children: now === undefined ? '—' : `${formatBeijingDateTime(now)} (Asia/Shanghai)`,
              },
            ]}
          />
        )}
      </Card>
      <LiveFeed />
    </div>
  );
}

const STATE_KEYS: Record<LiveState, MessageKey> = {
  connecting: 'live.state.connecting',
  connected: 'live.state.connected',
  reconnecting: 'live.state.reconnecting',
  closed: 'live.state.closed',
};

function LiveStateTag({ state }: { state: LiveState }) {
  const t = useT();
  return (
    <span data-testid="live-state" data-state={state}>
      <StatusTag family={statusFamilyOf('connection', state)}>{t(STATE_KEYS[state])}</StatusTag>
    </span>
  );
}

export function LiveFeed() {
  const t = useT();
  const feed = useLiveEvents(['system'], FEED_SIZE);
  return (
    <Card
      title={<h2 className="ebid-card-title">{t('about.live')}</h2>}
      extra={<LiveStateTag state={feed.state} />}
      data-testid="live-feed"
    >
      <Typography.Paragraph type="secondary">{t('about.live.intro', { n: FEED_SIZE })}</Typography.Paragraph>
      {feed.state === 'closed' && feed.error != null && <AppErrorAlert error={feed.error} />}
      <Table<LiveEvent>
        size="small"
        rowKey="id"
        pagination={false}
        dataSource={feed.events}
        locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('about.live.empty')} /> }}
        columns={[
          { key: 'id', title: t('about.live.id'), dataIndex: 'id', width: 90 },
          { key: 'type', title: t('about.live.type'), dataIndex: 'type', render: (v: string) => <code>{v}</code> },
          {
            key: 'at',
            title: t('about.live.time'),
            dataIndex: 'at',
            render: (v: string) => formatBeijingDateTime(Date.parse(v)),
          },
        ]}
      />
    </Card>
  );
}

/**
 * The time source on the operations page (issue 20 §5, domain §4.3, T3): the server clock's offset from
 * NTP time, its state as a status tag, the servers and each one's answer, the latest sample and poll.
 * Center staff and platform administrators only (system.timeSource).
 */
import { Alert, Card, Descriptions, Skeleton, Typography } from 'antd';
import { statusFamilyOf } from '@ebid/domain';
import { useTimeSource, type TimeSourceStatus } from '../api.ts';
import { AppErrorAlert } from '../components/AppErrorAlert.tsx';
import { DenseTable } from '../components/DenseTable.tsx';
import { StatusTag } from '../components/StatusTag.tsx';
import { SystemStatus } from '../components/SystemStatus.tsx';
import { formatBeijingDateTime } from '../clock.ts';
import { useT, type MessageKey, type TFunction } from '../i18n.ts';

type State = TimeSourceStatus['state'];
type Result = TimeSourceStatus['results'][number];

const STATE_KEYS: Record<State, MessageKey> = {
  unmonitored: 'timeSource.state.unmonitored',
  ok: 'timeSource.state.ok',
  warn: 'timeSource.state.warn',
  blocked: 'timeSource.state.blocked',
  unknown: 'timeSource.state.unknown',
};

const seconds = (ms: number) => (ms / 1000).toFixed(3);
const at = (iso: string | null, t: TFunction) => (iso ? formatBeijingDateTime(Date.parse(iso)) : t('timeSource.none'));

export function TimeSourceStateTag({ state }: { state: State }) {
  const t = useT();
  return (
    <StatusTag family={statusFamilyOf('timeSource', state)} testId="time-source-state">
      {t(STATE_KEYS[state])}
    </StatusTag>
  );
}

function offsetText(t: TFunction, ms: number | null): string {
  if (ms === null) return t('timeSource.none');
  return t('timeSource.offsetValue', { s: seconds(ms), dir: t(ms > 0 ? 'timeSource.serverBehind' : 'timeSource.serverAhead') });
}

export function TimeSourceCard() {
  const t = useT();
  const q = useTimeSource();
  return (
    <Card title={<h2 className="ebid-card-title">{t('timeSource.title')}</h2>} extra={q.data ? <TimeSourceStateTag state={q.data.state} /> : null} data-testid="time-source">
      {q.isPending ? (
        <Skeleton active paragraph={{ rows: 3 }} />
      ) : q.isError ? (
        <AppErrorAlert error={q.error} onRetry={() => void q.refetch()} />
      ) : (
        <div className="ebid-stack">
          <Typography.Paragraph type="secondary">{t('timeSource.intro', { warn: seconds(q.data.warnOffsetMs), max: seconds(q.data.maxOffsetMs) })}</Typography.Paragraph>
          {q.data.state === 'unmonitored' && <Alert type="info" showIcon title={t('timeSource.unmonitored')} />}
          {q.data.blocking && <Alert type="error" showIcon title={t('timeSource.blocking')} data-testid="time-source-blocking" />}
          <Descriptions
            column={{ xs: 1, md: 2 }}
            data-testid="time-source-facts"
            items={[
              { key: 'offset', label: t('timeSource.offset'), children: <span data-testid="time-source-offset">{offsetText(t, q.data.offsetMs)}</span> },
              { key: 'limits', label: t('timeSource.limits'), children: t('timeSource.limitsValue', { warn: seconds(q.data.warnOffsetMs), max: seconds(q.data.maxOffsetMs) }) },
              { key: 'roundTrip', label: t('timeSource.roundTrip'), children: q.data.roundTripMs === null ? t('timeSource.none') : t('timeSource.ms', { n: q.data.roundTripMs }) },
              { key: 'lastSample', label: t('timeSource.lastSample'), children: at(q.data.lastSampleAt, t) },
              { key: 'lastPoll', label: t('timeSource.lastPoll'), children: at(q.data.lastPollAt, t) },
              { key: 'poll', label: t('timeSource.poll'), children: t('timeSource.pollValue', { s: Math.round(q.data.pollMs / 1000) }) },
              { key: 'instance', label: t('timeSource.instance'), children: q.data.instance },
              { key: 'servers', label: t('timeSource.servers'), children: q.data.servers.length ? q.data.servers.join(', ') : t('timeSource.none') },
            ]}
          />
          {q.data.results.length > 0 && (
            <DenseTable<Result>
              rowKey="server"
              testId="time-source-results"
              pagination={false}
              dataSource={q.data.results}
              empty={t('timeSource.none')}
              columns={[
                { title: t('timeSource.server'), dataIndex: 'server' },
                { title: t('timeSource.address'), render: (_, r) => r.address ?? t('timeSource.none') },
                { title: t('timeSource.offset'), render: (_, r) => (r.offsetMs === null ? t('timeSource.none') : `${seconds(r.offsetMs)} s`) },
                { title: t('timeSource.answer'), render: (_, r) => (r.ok ? t('timeSource.answer.ok') : t('timeSource.answer.rejected', { reason: [r.rejection, r.detail].filter(Boolean).join(' ') })) },
              ]}
            />
          )}
        </div>
      )}
    </Card>
  );
}

/** 运行状态 (staff and platform administrators): the platform's facts and live feed, and the time source. */
export function OperationsPage() {
  return (
    <div className="ebid-stack">
      <TimeSourceCard />
      <SystemStatus />
    </div>
  );
}

/**
 * 监管看板 (issue 20 §3; domain §6.1 dashboard counters; M1, M3): where the supervisor lands. Yellow and
 * red counts of the open checkpoints (their state now, computed by the server), 处理超期数, the alerts
 * raised per Beijing day, the counts by trade type, region and agency, and the list of alerts — each
 * alert leading to its project's timeline. Read-only: no action here.
 *
 * The charts are a lazily loaded chunk (LevelBarChart.tsx, ECharts); each has its numbers as a table
 * (the trend's visually hidden, the trade types' visible) for screen readers.
 */
import { lazy, Suspense, useMemo, useState } from 'react';
import { Card, Col, Descriptions, Row, Segmented, Space, Spin, Statistic, Switch, Typography } from 'antd';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { Link, useOutletContext } from 'react-router';
import { DASHBOARD_DEFAULT_DAYS, TRADE_TYPES, type TradeType } from '@ebid/domain';
import { useApi, type Actor, type RouterOutputs } from '../api.ts';
import { formatBeijingDateTime } from '../clock.ts';
import { AppErrorAlert } from '../components/AppErrorAlert.tsx';
import { DenseTable } from '../components/DenseTable.tsx';
import { KeysetPager, useKeyset } from '../components/KeysetPager.tsx';
import { useLang, useT, type TFunction } from '../i18n.ts';
import { TRADE_KEYS } from '../labels.ts';
import { workspaceBase } from '../menus.ts';
import { CHART_COLOURS, kindWord, LevelTag, STATE_PALETTE, StateTag } from './words.tsx';

const LevelBarChart = lazy(() => import('./LevelBarChart.tsx'));

type Dashboard = RouterOutputs['supervision']['dashboard'];
type DashboardAlert = RouterOutputs['supervision']['dashboardAlerts']['alerts'][number];
interface GroupRow {
  key: string;
  label: string;
  yellow: number;
  red: number;
}

const DAY_CHOICES = [7, DASHBOARD_DEFAULT_DAYS, 90] as const;
const PAGE_SIZE = 10;

/** Where the timeline of a project is. */
export function timelinePath(actor: Pick<Actor, 'role'>, projectId: number): string {
  return `${workspaceBase(actor)}/timeline?projectId=${projectId}`;
}

export function responsibleText(t: TFunction, r: { orgId: number | null; name: string | null }): string {
  return r.orgId === null ? t('supervisionDash.responsible.center') : (r.name ?? `#${r.orgId}`);
}

function ChartFallback() {
  const t = useT();
  return <Spin description={t('supervisionDash.chart.loading')} className="ebid-center" />;
}

function GroupTable({ rows, firstColumn, testId }: { rows: GroupRow[]; firstColumn: string; testId: string }) {
  const t = useT();
  return (
    <DenseTable<GroupRow>
      rowKey="key"
      testId={testId}
      pagination={false}
      dataSource={rows}
      empty={t('supervisionDash.group.empty')}
      columns={[
        { key: 'label', title: firstColumn, ellipsis: true, render: (_v, r) => r.label },
        { key: 'yellow', title: t('supervisionDash.totals.yellow'), width: 110, align: 'right', render: (_v, r) => <span data-testid={`${testId}-yellow`}>{r.yellow}</span> },
        { key: 'red', title: t('supervisionDash.totals.red'), width: 110, align: 'right', render: (_v, r) => <span data-testid={`${testId}-red`}>{r.red}</span> },
      ]}
    />
  );
}

export function DashboardPage() {
  const t = useT();
  const { lang } = useLang();
  const api = useApi();
  const actor = useOutletContext<Actor>();
  const [days, setDays] = useState<number>(DASHBOARD_DEFAULT_DAYS);
  const [openOnly, setOpenOnly] = useState(true);
  const paging = useKeyset();
  const dashboard = useQuery({
    queryKey: ['supervision', 'dashboard', days],
    queryFn: () => api.supervision.dashboard.query({ days }),
    placeholderData: keepPreviousData,
  });
  const alertsInput = { openOnly, limit: PAGE_SIZE, ...(paging.beforeId ? { beforeId: paging.beforeId } : {}) };
  const alerts = useQuery({
    queryKey: ['supervision', 'dashboardAlerts', alertsInput],
    queryFn: () => api.supervision.dashboardAlerts.query(alertsInput),
    placeholderData: keepPreviousData,
  });

  return (
    <div className="ebid-stack" data-testid="supervision-dashboard">
      {dashboard.isError ? <AppErrorAlert error={dashboard.error} onRetry={() => void dashboard.refetch()} /> : <Overview data={dashboard.data} days={days} setDays={setDays} loading={dashboard.isFetching} />}
      <Card
        title={<h2 className="ebid-card-title">{t('supervisionDash.alerts.title')}</h2>}
        extra={
          <Space>
            <Switch
              checked={openOnly}
              onChange={(v) => {
                setOpenOnly(v);
                paging.reset();
              }}
              aria-label={t('supervisionDash.alerts.openOnly')}
              data-testid="alerts-open-only"
            />
            <span aria-hidden>{t('supervisionDash.alerts.openOnly')}</span>
          </Space>
        }
      >
        {alerts.isError ? (
          <AppErrorAlert error={alerts.error} onRetry={() => void alerts.refetch()} />
        ) : (
          <>
            <DenseTable<DashboardAlert>
              rowKey="id"
              testId="supervision-alerts"
              pagination={false}
              loading={alerts.isFetching}
              dataSource={alerts.data?.alerts ?? []}
              empty={t('supervisionDash.alerts.empty')}
              onRow={(a) => ({ 'data-alert-id': a.id, 'data-level': a.level }) as React.HTMLAttributes<HTMLElement>}
              columns={[
                { key: 'raisedAt', title: t('supervisionDash.alerts.raisedAt'), width: 140, render: (_v, a) => formatBeijingDateTime(Date.parse(a.raisedAt)) },
                { key: 'level', title: t('supervisionDash.alerts.level'), width: 120, render: (_v, a) => <LevelTag level={a.level} t={t} /> },
                {
                  key: 'project',
                  title: t('supervisionDash.alerts.project'),
                  ellipsis: true,
                  render: (_v, a) => (
                    <Link to={timelinePath(actor, a.project.id)} data-testid="alert-timeline-link" title={`${a.project.name}（${a.project.code}）`}>
                      {a.project.name}
                    </Link>
                  ),
                },
                { key: 'checkpoint', title: t('supervisionDash.alerts.checkpoint'), width: 140, ellipsis: true, render: (_v, a) => kindWord(lang, a.checkpoint.kind) },
                { key: 'state', title: t('supervisionDash.alerts.state'), width: 100, render: (_v, a) => <StateTag state={a.checkpoint.state} t={t} /> },
                { key: 'responsible', title: t('supervisionDash.alerts.responsible'), width: 160, ellipsis: true, render: (_v, a) => responsibleText(t, a.responsible) },
                {
                  key: 'handled',
                  title: t('supervisionDash.alerts.handled'),
                  width: 90,
                  render: (_v, a) => (a.handled ? t('supervisionDash.alerts.handledYes') : t('supervisionDash.alerts.handledNo')),
                },
              ]}
              details={{
                title: (a) => t('supervisionDash.alerts.details', { id: a.id }),
                render: (a) => (
                  <Descriptions
                    size="small"
                    column={1}
                    bordered
                    items={[
                      { key: 'project', label: t('supervisionDash.alerts.project'), children: <Link to={timelinePath(actor, a.project.id)}>{`${a.project.name}（${a.project.code}）`}</Link> },
                      { key: 'trade', label: t('supervisionDash.group.trade'), children: t(TRADE_KEYS[a.project.tradeType]) },
                      { key: 'region', label: t('supervisionDash.group.region'), children: a.project.regionCode },
                      { key: 'checkpoint', label: t('supervisionDash.alerts.checkpoint'), children: kindWord(lang, a.checkpoint.kind) },
                      { key: 'level', label: t('supervisionDash.alerts.level'), children: <LevelTag level={a.level} t={t} /> },
                      { key: 'raisedAt', label: t('supervisionDash.alerts.raisedAt'), children: formatBeijingDateTime(Date.parse(a.raisedAt)) },
                      { key: 'dueAt', label: t('supervisionDash.alerts.dueAt'), children: formatBeijingDateTime(Date.parse(a.checkpoint.dueAt)) },
                      { key: 'state', label: t('supervisionDash.alerts.state'), children: <StateTag state={a.checkpoint.state} t={t} /> },
                      { key: 'responsible', label: t('supervisionDash.alerts.responsible'), children: responsibleText(t, a.responsible) },
                      {
                        key: 'handled',
                        label: t('supervisionDash.alerts.handled'),
                        children: a.handledAt ? t('supervisionDash.item.handled', { at: formatBeijingDateTime(Date.parse(a.handledAt)) }) : t('supervisionDash.alerts.handledNo'),
                      },
                    ]}
                  />
                ),
              }}
            />
            <KeysetPager page={paging.page} nextBeforeId={alerts.data?.nextBeforeId} onPrev={paging.prev} onNext={paging.next} disabled={alerts.isFetching} />
          </>
        )}
      </Card>
    </div>
  );
}

function Overview({ data, days, setDays, loading }: { data: Dashboard | undefined; days: number; setDays: (d: number) => void; loading: boolean }) {
  const t = useT();
  const trade = useMemo(() => {
    const by = new Map((data?.byTradeType ?? []).map((g) => [g.key, g]));
    return TRADE_TYPES.map((k: TradeType) => ({ key: k, label: t(TRADE_KEYS[k]), yellow: by.get(k)?.yellow ?? 0, red: by.get(k)?.red ?? 0 }));
  }, [data, t]);
  const trendSeries = useMemo(
    () => [
      { name: t('supervisionDash.level.yellow'), color: CHART_COLOURS.yellow, data: (data?.trend ?? []).map((p) => p.yellow) },
      { name: t('supervisionDash.level.red'), color: CHART_COLOURS.red, data: (data?.trend ?? []).map((p) => p.red) },
    ],
    [data, t],
  );
  const trendDates = useMemo(() => (data?.trend ?? []).map((p) => p.date.slice(5)), [data]);
  const tradeSeries = useMemo(
    () => [
      { name: t('supervisionDash.totals.yellow'), color: CHART_COLOURS.yellow, data: trade.map((g) => g.yellow) },
      { name: t('supervisionDash.totals.red'), color: CHART_COLOURS.red, data: trade.map((g) => g.red) },
    ],
    [trade, t],
  );
  const tradeNames = useMemo(() => trade.map((g) => g.label), [trade]);
  if (!data) return <Spin description={t('loading')} className="ebid-center" />;
  const stat = (key: string, title: string, value: number, colour: string, hint?: string) => (
    <Col xs={12} lg={6}>
      <Card size="small" data-testid={`stat-${key}`}>
        <Statistic title={<span title={hint}>{title}</span>} value={value} styles={{ content: { color: colour } }} />
      </Card>
    </Col>
  );
  return (
    <>
      <Card
        title={<h2 className="ebid-card-title">{t('supervisionDash.overview.title')}</h2>}
        extra={
          <Space>
            <span id="dashboard-days-label">{t('supervisionDash.days')}</span>
            <Segmented<number>
              aria-labelledby="dashboard-days-label"
              value={days}
              onChange={setDays}
              options={DAY_CHOICES.map((n) => ({ value: n, label: t('supervisionDash.days.n', { n }) }))}
              data-testid="dashboard-days"
            />
          </Space>
        }
      >
        <Row gutter={[12, 12]}>
          {stat('yellow', t('supervisionDash.totals.yellow'), data.totals.yellow, STATE_PALETTE.yellow.fg)}
          {stat('red', t('supervisionDash.totals.red'), data.totals.red, STATE_PALETTE.red.fg)}
          {stat('overdue', t('supervisionDash.totals.overdueUnhandled'), data.totals.overdueUnhandled, STATE_PALETTE.red.fg, t('supervisionDash.totals.overdueUnhandled.hint'))}
          {stat('open', t('supervisionDash.totals.openAlerts'), data.totals.openAlerts, STATE_PALETTE.done.fg)}
        </Row>
        <Typography.Paragraph type="secondary" className="ebid-small" style={{ marginTop: 8, marginBottom: 0 }} aria-live="polite">
          {t('supervisionDash.totals.at', { at: formatBeijingDateTime(Date.parse(data.at)) })}
          {loading ? ' …' : ''}
        </Typography.Paragraph>
      </Card>
      <Row gutter={[16, 16]}>
        <Col xs={24} xl={14}>
          <Card title={<h2 className="ebid-card-title">{t('supervisionDash.trend.title')}</h2>} data-testid="trend-card">
            <Suspense fallback={<ChartFallback />}>
              <LevelBarChart categories={trendDates} series={trendSeries} stacked testId="trend-chart" />
            </Suspense>
            <table className="ebid-visually-hidden" data-testid="trend-table">
              <caption>{t('supervisionDash.trend.table')}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('supervisionDash.trend.date')}</th>
                  <th scope="col">{t('supervisionDash.level.yellow')}</th>
                  <th scope="col">{t('supervisionDash.level.red')}</th>
                </tr>
              </thead>
              <tbody>
                {data.trend.map((p) => (
                  <tr key={p.date}>
                    <th scope="row">{p.date}</th>
                    <td>{p.yellow}</td>
                    <td>{p.red}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </Card>
        </Col>
        <Col xs={24} xl={10}>
          <Card title={<h2 className="ebid-card-title">{t('supervisionDash.byTrade.title')}</h2>} data-testid="trade-card">
            <Suspense fallback={<ChartFallback />}>
              <LevelBarChart categories={tradeNames} series={tradeSeries} height={160} testId="trade-chart" />
            </Suspense>
            <GroupTable rows={trade} firstColumn={t('supervisionDash.group.trade')} testId="by-trade" />
          </Card>
        </Col>
      </Row>
      <Row gutter={[16, 16]}>
        <Col xs={24} xl={12}>
          <Card title={<h2 className="ebid-card-title">{t('supervisionDash.byRegion.title')}</h2>}>
            <GroupTable rows={data.byRegion.map((g) => ({ ...g, label: g.key }))} firstColumn={t('supervisionDash.group.region')} testId="by-region" />
          </Card>
        </Col>
        <Col xs={24} xl={12}>
          <Card title={<h2 className="ebid-card-title">{t('supervisionDash.byAgency.title')}</h2>}>
            <GroupTable
              rows={data.byAgency.map((g) => ({ key: g.key, label: g.selfRun ? `${g.name}（${t('supervisionDash.group.selfRun')}）` : g.name, yellow: g.yellow, red: g.red }))}
              firstColumn={t('supervisionDash.group.agency')}
              testId="by-agency"
            />
          </Card>
        </Col>
      </Row>
    </>
  );
}

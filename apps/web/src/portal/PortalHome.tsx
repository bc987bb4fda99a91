import { useState } from 'react';
import { Button, Card, DatePicker, Form, Input, Radio, Select, Table, Typography } from 'antd';
import { SearchOutlined } from '@ant-design/icons';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import dayjs, { type Dayjs } from 'dayjs';
import { Link } from 'react-router';
import { METHODS_BY_TRADE_TYPE, noticeKindWord, STATUS_LABELS, TRADE_TYPES, type ProcedureStatus, type TradeType } from '@ebid/domain';
import { useApi, type RouterOutputs } from '../api.ts';
import { formatBeijingDateTime, PLATFORM_TIME_ZONE } from '../clock.ts';
import { AppErrorAlert } from '../components/AppErrorAlert.tsx';
import { KeysetPager, useKeyset } from '../components/KeysetPager.tsx';
import { PageHeader } from '../components/PageHeader.tsx';
import { ProjectStatusTag } from '../components/StatusTag.tsx';
import { PublishedCommitteesTable } from './CommitteesPage.tsx';
import { useLang, useT } from '../i18n.ts';
import { methodKey, TRADE_KEYS } from '../labels.ts';

export { TRADE_TYPES, type TradeType };
export type PublicNotice = RouterOutputs['portal']['notices']['items'][number];

const PAGE_SIZE = 20;

/** A picked calendar day as the Beijing instant at its start (or end). */
export function beijingDayBound(d: Dayjs, end: boolean): string {
  const day = dayjs.tz(d.format('YYYY-MM-DD'), PLATFORM_TIME_ZONE);
  return (end ? day.endOf('day') : day.startOf('day')).format('YYYY-MM-DDTHH:mm:ss.SSSZ');
}

/** Public portal home: the 交易公告 list (filters, keyword, date range, keyset paging). */
/** The procedure states a published notice's project can be in. */
const PUBLIC_STATUSES: ProcedureStatus[] = ['PUBLISHED', 'PREQUALIFICATION', 'BIDDING', 'OPENING', 'EVALUATION', 'CANDIDATE_PUBLICITY', 'AWARDED', 'SUSPENDED', 'FAILED', 'TERMINATED'];

export function PortalHome() {
  const t = useT();
  const { lang } = useLang();
  const api = useApi();
  const [tradeType, setTradeType] = useState<TradeType | 'all'>('all');
  const [keyword, setKeyword] = useState('');
  const [range, setRange] = useState<[Dayjs | null, Dayjs | null] | null>(null);
  const [method, setMethod] = useState<string | undefined>(undefined);
  const [region, setRegion] = useState('');
  const [status, setStatus] = useState<ProcedureStatus | undefined>(undefined);
  const [applied, setApplied] = useState<{ q?: string; from?: string; to?: string; regionCode?: string }>({});
  const paging = useKeyset();

  const input = {
    ...(tradeType === 'all' ? {} : { tradeType }),
    ...(method && tradeType !== 'all' ? { method: method as (typeof METHODS_BY_TRADE_TYPE)[TradeType][number] } : {}),
    ...(status ? { status } : {}),
    ...applied,
    ...(paging.beforeId ? { beforeId: paging.beforeId } : {}),
    limit: PAGE_SIZE,
  };
  const notices = useQuery({
    queryKey: ['portal', 'notices', input],
    queryFn: () => api.portal.notices.query(input),
    placeholderData: keepPreviousData,
  });

  const apply = () => {
    const q = keyword.trim();
    setApplied({
      ...(q ? { q } : {}),
      ...(/^\d{6}$/.test(region.trim()) ? { regionCode: region.trim() } : {}),
      ...(range?.[0] ? { from: beijingDayBound(range[0], false) } : {}),
      ...(range?.[1] ? { to: beijingDayBound(range[1], true) } : {}),
    });
    paging.reset();
  };

  return (
    <>
      <PageHeader crumbs={[{ title: t('nav.home'), to: '/' }, { title: t('portal.notices') }]} title={t('portal.notices')} />
      <Typography.Paragraph type="secondary">
        {t('portal.notices.intro')} {t('portal.notices.order')}
      </Typography.Paragraph>
      <div className="ebid-stack">
        <Card>
          <Form layout="inline" className="ebid-filters" aria-label={t('portal.notices')} onFinish={apply}>
            <Form.Item label={t('portal.filter.tradeType')}>
              <Radio.Group
                optionType="button"
                value={tradeType}
                onChange={(e) => {
                  setTradeType(e.target.value as TradeType | 'all');
                  setMethod(undefined);
                  paging.reset();
                }}
                aria-label={t('portal.filter.tradeType')}
                options={[
                  { value: 'all', label: t('portal.filter.all') },
                  ...TRADE_TYPES.map((tt) => ({ value: tt, label: t(TRADE_KEYS[tt]) })),
                ]}
                data-testid="trade-type-filter"
              />
            </Form.Item>
            {tradeType !== 'all' && (
              <Form.Item label={t('portal.filter.method')} htmlFor="filter-method">
                <Select
                  id="filter-method"
                  allowClear
                  style={{ width: 140 }}
                  value={method}
                  onChange={(v: string | undefined) => {
                    setMethod(v);
                    paging.reset();
                  }}
                  options={METHODS_BY_TRADE_TYPE[tradeType].map((m) => {
                    const k = methodKey(m);
                    return { value: m, label: k ? t(k) : m };
                  })}
                />
              </Form.Item>
            )}
            <Form.Item label={t('portal.filter.status')} htmlFor="filter-status">
              <Select
                id="filter-status"
                allowClear
                style={{ width: 140 }}
                value={status}
                onChange={(v: ProcedureStatus | undefined) => {
                  setStatus(v);
                  paging.reset();
                }}
                options={PUBLIC_STATUSES.map((st) => ({ value: st, label: lang === 'zh' ? STATUS_LABELS[st].zh : STATUS_LABELS[st].en }))}
              />
            </Form.Item>
            <Form.Item label={t('portal.filter.region')} htmlFor="filter-region">
              <Input id="filter-region" allowClear style={{ width: 110 }} maxLength={6} inputMode="numeric" value={region} onChange={(e) => setRegion(e.target.value)} placeholder="330100" />
            </Form.Item>
            <Form.Item label={t('portal.filter.keyword')} htmlFor="filter-keyword">
              <Input
                id="filter-keyword"
                allowClear
                value={keyword}
                maxLength={64}
                onChange={(e) => setKeyword(e.target.value)}
                placeholder={t('portal.filter.keywordPlaceholder')}
              />
            </Form.Item>
            <Form.Item label={t('portal.filter.date')} htmlFor="filter-date">
              <DatePicker.RangePicker
                id={{ start: 'filter-date' }}
                value={range}
                onChange={(v) => setRange(v)}
                placeholder={[t('portal.filter.from'), t('portal.filter.to')]}
              />
            </Form.Item>
            <Form.Item>
              <Button htmlType="submit" type="primary" icon={<SearchOutlined aria-hidden />} data-testid="notice-search">
                {t('portal.filter.search')}
              </Button>
            </Form.Item>
          </Form>
        </Card>
        <Card>
          {notices.isError ? (
            <AppErrorAlert error={notices.error} onRetry={() => void notices.refetch()} />
          ) : (
            <>
              <Table<PublicNotice>
                rowKey="id"
                loading={notices.isFetching}
                dataSource={notices.data?.items ?? []}
                pagination={false}
                scroll={{ x: 1000 }}
                data-testid="notice-table"
                locale={{ emptyText: t('portal.empty') }}
                columns={[
                  {
                    key: 'title',
                    title: t('portal.col.title'),
                    render: (_v, n) => (
                      <div>
                        <Link to={`/notices/${n.id}`} data-testid="notice-link">
                          {n.title}
                        </Link>
                        <div className="ebid-small">
                          <Typography.Text type="secondary">
                            {noticeKindWord(lang, n.kind, n.project.tradeType, n.project.method)} · {n.project.tendereeName}
                          </Typography.Text>
                        </div>
                      </div>
                    ),
                  },
                  { key: 'code', title: t('portal.col.code'), render: (_v, n) => <span className="ebid-mono">{n.project.unifiedDealCode}</span> },
                  {
                    key: 'trade',
                    title: t('portal.col.trade'),
                    render: (_v, n) => {
                      const mk = methodKey(n.project.method);
                      return `${t(TRADE_KEYS[n.project.tradeType])} / ${mk ? t(mk) : n.project.method}`;
                    },
                  },
                  { key: 'status', title: t('project.status'), render: (_v, n) => <ProjectStatusTag status={n.project.status} /> },
                  { key: 'publishedAt', title: t('portal.col.publishedAt'), render: (_v, n) => formatBeijingDateTime(Date.parse(n.publishedAt)) },
                  {
                    key: 'deadline',
                    title: t('portal.col.deadline'),
                    render: (_v, n) => (n.project.bidDeadline ? formatBeijingDateTime(Date.parse(n.project.bidDeadline)) : '—'),
                  },
                ]}
              />
              <KeysetPager
                page={paging.page}
                nextBeforeId={notices.data?.nextBeforeId}
                onPrev={paging.prev}
                onNext={paging.next}
                disabled={notices.isFetching}
              />
            </>
          )}
        </Card>
        <Card
          title={<h2 className="ebid-card-title">{t('portal.committees')}</h2>}
          extra={<Link to="/committees">{t('portal.committees.all')}</Link>}
          data-testid="portal-committees"
        >
          <Typography.Paragraph type="secondary">{t('portal.committees.intro')}</Typography.Paragraph>
          <PublishedCommitteesTable limit={5} />
        </Card>
      </div>
    </>
  );
}

import { useState } from 'react';
import { Card, DatePicker, Empty, Form, Input, Radio, Typography } from 'antd';
import type { Dayjs } from 'dayjs';
import { useT, type MessageKey } from '../i18n.ts';
import { PageHeader } from '../components/PageHeader.tsx';

/** The four trade types of ux.md, in their code names. */
export const TRADE_TYPES = ['engineering', 'procurement', 'land', 'property'] as const;
export type TradeType = (typeof TRADE_TYPES)[number];
const TRADE_KEYS: Record<TradeType, MessageKey> = {
  engineering: 'trade.engineering',
  procurement: 'trade.procurement',
  land: 'trade.land',
  property: 'trade.property',
};

/** Public portal home: the 交易公告 list's filters; the list itself arrives with the notices capability. */
export function PortalHome() {
  const t = useT();
  const [tradeType, setTradeType] = useState<TradeType | 'all'>('all');
  const [keyword, setKeyword] = useState('');
  const [range, setRange] = useState<[Dayjs | null, Dayjs | null] | null>(null);
  return (
    <>
      <PageHeader crumbs={[{ title: t('nav.home'), to: '/' }, { title: t('portal.notices') }]} title={t('portal.notices')} />
      <Typography.Paragraph type="secondary">{t('portal.notices.intro')}</Typography.Paragraph>
      <Card>
        <Form layout="inline" className="ebid-filters" aria-label={t('portal.notices')} onFinish={() => {}}>
          <Form.Item label={t('portal.filter.tradeType')}>
            <Radio.Group
              optionType="button"
              value={tradeType}
              onChange={(e) => setTradeType(e.target.value as TradeType | 'all')}
              aria-label={t('portal.filter.tradeType')}
              options={[
                { value: 'all', label: t('portal.filter.all') },
                ...TRADE_TYPES.map((tt) => ({ value: tt, label: t(TRADE_KEYS[tt]) })),
              ]}
              data-testid="trade-type-filter"
            />
          </Form.Item>
          <Form.Item label={t('portal.filter.keyword')} htmlFor="filter-keyword">
            <Input
              id="filter-keyword"
              allowClear
              value={keyword}
              onChange={(e) => setKeyword(e.target.value)}
              placeholder={t('portal.filter.keywordPlaceholder')}
            />
          </Form.Item>
          <Form.Item label={t('portal.filter.date')} htmlFor="filter-date">
            <DatePicker.RangePicker id={{ start: 'filter-date' }} value={range} onChange={(v) => setRange(v)} />
          </Form.Item>
        </Form>
        <Empty
          className="ebid-wip-empty"
          image={Empty.PRESENTED_IMAGE_SIMPLE}
          description={
            <>
              <strong data-testid="wip-status">{t('wip.status')}</strong>
              <br />
              {t('wip.notices')}
            </>
          }
        />
      </Card>
    </>
  );
}

import { App as AntApp, Alert, Button, Card, DatePicker, Form, Input, Space, Typography} from 'antd';
import { WarningOutlined } from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Link, useOutletContext } from 'react-router';
import type { Dayjs } from 'dayjs';
import { statusFamilyOf } from '@ebid/domain';
import { useApi, type Actor, type RouterOutputs } from '../api.ts';
import { beijingIso } from '../beijing-picker.ts';
import { formatBeijingDateTime } from '../clock.ts';
import { AppErrorAlert } from '../components/AppErrorAlert.tsx';
import { ProvisionalTag } from '../components/ProvisionalTag.tsx';
import { StatusTag } from '../components/StatusTag.tsx';
import { useLang, useT, type MessageKey } from '../i18n.ts';
import { workspaceBase } from '../menus.ts';
import { DenseTable } from '../components/DenseTable.tsx';

type Outage = RouterOutputs['outage']['list'][number];
type Item = Outage['affected'][number];

const at = (iso: string) => formatBeijingDateTime(Date.parse(iso));

const KIND: Record<Item['kind'], MessageKey> = {
  bid_deadline: 'system.outages.kind.bid_deadline',
  application_deadline: 'system.outages.kind.application_deadline',
  decryption_window: 'system.outages.kind.decryption_window',
  decryption_expired: 'system.outages.kind.decryption_expired',
};
const ACTION: Record<Item['action'], { key: MessageKey }> = {
  extended: { key: 'system.outages.action.extended' },
  reclassified: { key: 'system.outages.action.reclassified' },
  not_extended: { key: 'system.outages.action.not_extended' },
};

interface Values {
  startsAt: Dayjs;
  endsAt: Dayjs;
  description: string;
}

/**
 * 平台故障登记 (issue 12 §8): center staff record an outage once it is over; every bid deadline, opening
 * or decryption window it hit is extended by a sealed 变更公告 and every registered company is told.
 * Supervisors see the same record, read-only.
 */
export function OutagesPage() {
  const { lang } = useLang();
  const t = useT();
  const api = useApi();
  const qc = useQueryClient();
  const actor = useOutletContext<Actor>();
  const { message, modal } = AntApp.useApp();
  const [form] = Form.useForm<Values>();
  const staff = actor.role === 'staff' || actor.role === 'platform_admin';
  const list = useQuery({ queryKey: ['outage', 'list'], queryFn: () => api.outage.list.query({}) });
  const record = useMutation({
    mutationFn: (v: Values) => api.outage.record.mutate({ startsAt: beijingIso(v.startsAt), endsAt: beijingIso(v.endsAt), description: v.description.trim() }),
    onSuccess: async (o) => {
      form.resetFields();
      const extended = o.affected.filter((a) => a.action !== 'not_extended').length;
      void message.success(t('system.outages.recorded', { n: extended }));
      await qc.invalidateQueries({ queryKey: ['outage'] });
    },
  });
  const confirm = (v: Values) =>
    modal.confirm({
      title: t('system.outages.confirmTitle'),
      content: t('system.outages.confirmBody'),
      okText: t('system.outages.confirmOk'),
      cancelText: t('common.cancel'),
      onOk: () => record.mutateAsync(v).catch(() => undefined),
    });
  const base = workspaceBase(actor);
  return (
    <div className="ebid-stack">
      {staff && (
        <Card title={<h2 className="ebid-card-title">{t('system.outages.recordTitle')}</h2>}>
          <Typography.Paragraph>
            {t('system.outages.intro')}
          </Typography.Paragraph>
          {record.isError && <AppErrorAlert error={record.error} title={t('system.outages.notRecorded')} />}
          <Form<Values> form={form} layout="vertical" onFinish={confirm} style={{ maxWidth: 640 }}>
            <Space wrap align="start">
              <Form.Item name="startsAt" label={t('system.outages.start')} rules={[{ required: true, message: t('system.outages.startRequired') }]}>
                <DatePicker showTime={{ format: 'HH:mm' }} format="YYYY-MM-DD HH:mm" data-testid="outage-start" />
              </Form.Item>
              <Form.Item name="endsAt" label={t('system.outages.end')} rules={[{ required: true, message: t('system.outages.endRequired') }]}>
                <DatePicker showTime={{ format: 'HH:mm' }} format="YYYY-MM-DD HH:mm" data-testid="outage-end" />
              </Form.Item>
            </Space>
            <Form.Item name="description" label={t('system.outages.description')} rules={[{ required: true, whitespace: true, min: 2, max: 500, message: t('system.outages.descriptionRule') }]}>
              <Input.TextArea rows={3} maxLength={500} showCount />
            </Form.Item>
            <Button type="primary" danger htmlType="submit" icon={<WarningOutlined aria-hidden />} loading={record.isPending} data-testid="outage-record">
              {t('system.outages.record')}
            </Button>
          </Form>
        </Card>
      )}
      <Card title={<h2 className="ebid-card-title">{t('system.outages.listTitle')}</h2>}>
        {list.isError && <AppErrorAlert error={list.error} onRetry={() => void list.refetch()} />}
        <DenseTable<Outage>
          rowKey="id"
          loading={list.isPending}
          dataSource={list.data ?? []}
          pagination={false}
          empty={t('system.outages.empty')}
          expandable={{
            rowExpandable: (o) => o.affected.length > 0,
            expandedRowRender: (o) => (
              <DenseTable<Item>
                rowKey={(a) => `${a.projectId}-${a.kind}`}
                pagination={false}
                dataSource={o.affected}
                columns={[
                  { title: t('system.outages.project'), render: (_, a) => <Link to={`${base}/projects/${a.projectId}`}>{a.name}</Link> },
                  { title: t('system.outages.what'), render: (_, a) => t(KIND[a.kind]) },
                  { title: t('system.outages.outcome'), render: (_, a) => <StatusTag family={statusFamilyOf('outage', a.action)}>{t(ACTION[a.action].key)}</StatusTag> },
                  {
                    title: t('system.outages.wasNow'),
                    render: (_, a) => (
                      <span>
                        {at(a.from)} {a.to ? `→ ${at(a.to)}` : ''}
                        <ProvisionalTag on={a.provisional} />
                        {/* the note is the server's, in both languages */}
                        {a.noteZh && <div>{lang === 'zh' ? a.noteZh : (a.noteEn ?? a.noteZh)}</div>}
                      </span>
                    ),
                  },
                ]}
              />
            ),
          }}
          columns={[
            { title: t('system.outages.period'), render: (_, o) => `${at(o.startsAt)} — ${at(o.endsAt)}` },
            { title: t('system.outages.description'), dataIndex: 'description' },
            {
              title: t('system.outages.affected'),
              render: (_, o) =>
                o.affected.length === 0 ? (
                  t('system.outages.nothingDue')
                ) : (
                  <Space size={4} wrap>
                    {(['extended', 'reclassified', 'not_extended'] as const).map((k) => {
                      const n = o.affected.filter((a) => a.action === k).length;
                      return n ? <StatusTag key={k} family={statusFamilyOf('outage', k)}>{`${t(ACTION[k].key)} ${n}`}</StatusTag> : null;
                    })}
                  </Space>
                ),
            },
            { title: t('system.outages.recordedAt'), render: (_, o) => at(o.recordedAt) },
          ]}
        />
        {list.data?.some((o) => o.affected.some((a) => a.action === 'not_extended')) && (
          <Alert className="ebid-gap" type="warning" showIcon title={t('system.outages.notExtendedWarning')} />
        )}
      </Card>
    </div>
  );
}

import { App as AntApp, Alert, Button, Card, DatePicker, Form, Input, Space, Table, Tag, Typography } from 'antd';
import { WarningOutlined } from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Link, useOutletContext } from 'react-router';
import type { Dayjs } from 'dayjs';
import { useApi, type Actor, type RouterOutputs } from '../api.ts';
import { beijingIso } from '../beijing-picker.ts';
import { formatBeijingDateTime } from '../clock.ts';
import { AppErrorAlert } from '../components/AppErrorAlert.tsx';
import { ProvisionalTag } from '../components/ProvisionalTag.tsx';
import { pick, useLang } from '../i18n.ts';
import { workspaceBase } from '../menus.ts';

type Outage = RouterOutputs['outage']['list'][number];
type Item = Outage['affected'][number];

const at = (iso: string) => formatBeijingDateTime(Date.parse(iso));

const KIND: Record<Item['kind'], { zh: string; en: string }> = {
  bid_deadline: { zh: '投标截止时间（开标）', en: 'Bid deadline (opening)' },
  application_deadline: { zh: '资格预审申请截止', en: 'Application deadline' },
  decryption_window: { zh: '解密时限', en: 'Decryption window' },
  decryption_expired: { zh: '已结束的解密时限', en: 'Ended decryption window' },
};
const ACTION: Record<Item['action'], { zh: string; en: string; color: string }> = {
  extended: { zh: '已顺延', en: 'Extended', color: 'green' },
  reclassified: { zh: '改为平台原因撤回', en: 'Reclassified (platform cause)', color: 'blue' },
  not_extended: { zh: '未顺延，需另行处理', en: 'Not extended: decide separately', color: 'red' },
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
      void message.success(pick(lang, { zh: `已登记：${extended} 项时间已顺延`, en: `Recorded: ${extended} item(s) extended` }));
      await qc.invalidateQueries({ queryKey: ['outage'] });
    },
  });
  const confirm = (v: Values) =>
    modal.confirm({
      title: pick(lang, { zh: '登记平台故障？', en: 'Record the outage?' }),
      content: pick(lang, {
        zh: '故障期间及其后一段时间内到期的投标截止时间和解密时限将依法顺延，并发布变更公告、通知所有报名单位。登记后不能撤销。',
        en: 'Bid deadlines and decryption windows that fell inside it or shortly after are extended by a published amendment and every registered company is told. This cannot be undone.',
      }),
      okText: pick(lang, { zh: '确认登记', en: 'Record' }),
      cancelText: pick(lang, { zh: '取消', en: 'Cancel' }),
      onOk: () => record.mutateAsync(v).catch(() => undefined),
    });
  const base = workspaceBase(actor);
  return (
    <div className="ebid-stack">
      {staff && (
        <Card title={<h2 className="ebid-card-title">{pick(lang, { zh: '登记平台故障', en: 'Record a platform outage' })}</h2>}>
          <Typography.Paragraph>
            {pick(lang, {
              zh: '交易平台的故障不由投标人承担（《电子招标投标办法》）。故障结束后登记起止时间（北京时间）和故障情况：在故障期间或结束后规定时间内到期的投标截止时间、资格预审申请截止时间和解密时限，平台将顺延至故障结束后至少规定小时数的工作日同一时刻，并发布加盖平台电子签章的变更公告。',
              en: 'Bidders must not bear the platform’s faults. Once an outage is over, record its start and end (Beijing time) and what failed: bid and application deadlines and decryption windows that fell inside it or shortly after are extended to the same time of a working day at least the configured hours after its end, by a sealed amendment notice.',
            })}
          </Typography.Paragraph>
          {record.isError && <AppErrorAlert error={record.error} title={pick(lang, { zh: '登记失败', en: 'Not recorded' })} />}
          <Form<Values> form={form} layout="vertical" onFinish={confirm} style={{ maxWidth: 640 }}>
            <Space wrap align="start">
              <Form.Item name="startsAt" label={pick(lang, { zh: '故障开始时间', en: 'Outage start' })} rules={[{ required: true, message: pick(lang, { zh: '请选择开始时间', en: 'Choose the start' }) }]}>
                <DatePicker showTime={{ format: 'HH:mm' }} format="YYYY-MM-DD HH:mm" data-testid="outage-start" />
              </Form.Item>
              <Form.Item name="endsAt" label={pick(lang, { zh: '故障结束时间', en: 'Outage end' })} rules={[{ required: true, message: pick(lang, { zh: '请选择结束时间', en: 'Choose the end' }) }]}>
                <DatePicker showTime={{ format: 'HH:mm' }} format="YYYY-MM-DD HH:mm" data-testid="outage-end" />
              </Form.Item>
            </Space>
            <Form.Item name="description" label={pick(lang, { zh: '故障情况', en: 'What failed' })} rules={[{ required: true, whitespace: true, min: 2, max: 500, message: pick(lang, { zh: '请说明故障情况（2至500字）', en: 'Describe what failed (2–500 characters)' }) }]}>
              <Input.TextArea rows={3} maxLength={500} showCount />
            </Form.Item>
            <Button type="primary" danger htmlType="submit" icon={<WarningOutlined aria-hidden />} loading={record.isPending} data-testid="outage-record">
              {pick(lang, { zh: '登记并顺延', en: 'Record and extend' })}
            </Button>
          </Form>
        </Card>
      )}
      <Card title={<h2 className="ebid-card-title">{pick(lang, { zh: '故障记录', en: 'Recorded outages' })}</h2>}>
        {list.isError && <AppErrorAlert error={list.error} onRetry={() => void list.refetch()} />}
        <Table<Outage>
          rowKey="id"
          size="small"
          loading={list.isPending}
          dataSource={list.data ?? []}
          pagination={false}
          locale={{ emptyText: pick(lang, { zh: '没有登记过平台故障', en: 'No outage recorded' }) }}
          expandable={{
            rowExpandable: (o) => o.affected.length > 0,
            expandedRowRender: (o) => (
              <Table<Item>
                rowKey={(a) => `${a.projectId}-${a.kind}`}
                size="small"
                pagination={false}
                dataSource={o.affected}
                columns={[
                  { title: pick(lang, { zh: '项目', en: 'Project' }), render: (_, a) => <Link to={`${base}/projects/${a.projectId}`}>{a.name}</Link> },
                  { title: pick(lang, { zh: '事项', en: 'What' }), render: (_, a) => pick(lang, KIND[a.kind]) },
                  { title: pick(lang, { zh: '处理', en: 'Outcome' }), render: (_, a) => <Tag color={ACTION[a.action].color}>{pick(lang, ACTION[a.action])}</Tag> },
                  {
                    title: pick(lang, { zh: '原时间 → 新时间', en: 'Was → now' }),
                    render: (_, a) => (
                      <span>
                        {at(a.from)} {a.to ? `→ ${at(a.to)}` : ''}
                        <ProvisionalTag on={a.provisional} />
                        {a.noteZh && <div>{pick(lang, { zh: a.noteZh, en: a.noteEn ?? a.noteZh })}</div>}
                      </span>
                    ),
                  },
                ]}
              />
            ),
          }}
          columns={[
            { title: pick(lang, { zh: '故障时段', en: 'Outage' }), render: (_, o) => `${at(o.startsAt)} — ${at(o.endsAt)}` },
            { title: pick(lang, { zh: '故障情况', en: 'What failed' }), dataIndex: 'description' },
            {
              title: pick(lang, { zh: '影响', en: 'Affected' }),
              render: (_, o) =>
                o.affected.length === 0 ? (
                  pick(lang, { zh: '无到期事项', en: 'Nothing fell due' })
                ) : (
                  <Space size={4} wrap>
                    {(['extended', 'reclassified', 'not_extended'] as const).map((k) => {
                      const n = o.affected.filter((a) => a.action === k).length;
                      return n ? <Tag key={k} color={ACTION[k].color}>{`${pick(lang, ACTION[k])} ${n}`}</Tag> : null;
                    })}
                  </Space>
                ),
            },
            { title: pick(lang, { zh: '登记时间', en: 'Recorded' }), render: (_, o) => at(o.recordedAt) },
          ]}
        />
        {list.data?.some((o) => o.affected.some((a) => a.action === 'not_extended')) && (
          <Alert className="ebid-gap" type="warning" showIcon title={pick(lang, { zh: '有未能顺延的事项（开标或资格审查已经开始），请依法另行处理。', en: 'Some items could not be extended (the opening or the review had begun); decide them outside the platform.' })} />
        )}
      </Card>
    </div>
  );
}

import { useState } from 'react';
import { App as AntApp, Button, Card, DatePicker, Form, Input, Popconfirm, Select, Space, Table, Tag } from 'antd';
import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { Dayjs } from 'dayjs';
import { useApi, type RouterOutputs } from '../api.ts';
import { AppErrorAlert } from '../components/AppErrorAlert.tsx';
import { useT } from '../i18n.ts';

type Day = RouterOutputs['holiday']['list'][number];

const WEEKDAYS_ZH = ['日', '一', '二', '三', '四', '五', '六'];

/** 节假日 (staff): the working-day calendar every statutory working-day period is counted with. */
export function HolidaysPage() {
  const t = useT();
  const api = useApi();
  const qc = useQueryClient();
  const { message } = AntApp.useApp();
  const thisYear = new Date().getFullYear();
  const [year, setYear] = useState(thisYear);
  const days = useQuery({ queryKey: ['holiday', year], queryFn: () => api.holiday.list.query({ year }) });
  const [form] = Form.useForm<{ day: Dayjs; kind: 'holiday' | 'workday'; name: string }>();
  const set = useMutation({
    mutationFn: (v: { day: string; kind: 'holiday' | 'workday'; name: string }) => api.holiday.set.mutate(v),
    onSuccess: async (d) => {
      message.success(t('holidays.saved', { day: d.day }));
      form.resetFields();
      await qc.invalidateQueries({ queryKey: ['holiday'] });
    },
  });
  const remove = useMutation({
    mutationFn: (day: string) => api.holiday.remove.mutate({ day }),
    onSuccess: async () => qc.invalidateQueries({ queryKey: ['holiday'] }),
  });
  return (
    <div className="ebid-stack">
      <Card title={<h2 className="ebid-card-title">{t('holidays.add')}</h2>}>
        <p>{t('holidays.explain')}</p>
        {set.isError && <AppErrorAlert error={set.error} />}
        <Form
          form={form}
          layout="inline"
          onFinish={(v) => set.mutate({ day: v.day.format('YYYY-MM-DD'), kind: v.kind, name: v.name.trim() })}
          initialValues={{ kind: 'holiday' }}
        >
          <Form.Item name="day" label={t('holidays.day')} rules={[{ required: true, message: t('holidays.day.required') }]}>
            <DatePicker />
          </Form.Item>
          <Form.Item name="kind" label={t('holidays.kind')}>
            <Select
              style={{ width: 160 }}
              options={[
                { value: 'holiday', label: t('holidays.kind.holiday') },
                { value: 'workday', label: t('holidays.kind.workday') },
              ]}
            />
          </Form.Item>
          <Form.Item name="name" label={t('holidays.name')} rules={[{ required: true, whitespace: true, max: 32, message: t('holidays.name.required') }]}>
            <Input style={{ width: 160 }} />
          </Form.Item>
          <Button type="primary" htmlType="submit" icon={<PlusOutlined aria-hidden />} loading={set.isPending}>
            {t('holidays.save')}
          </Button>
        </Form>
      </Card>
      <Card
        title={<h2 className="ebid-card-title">{t('holidays.list')}</h2>}
        extra={
          <Space>
            <span id="holiday-year">{t('holidays.year')}</span>
            <Select
              aria-labelledby="holiday-year"
              value={year}
              onChange={setYear}
              options={[thisYear - 1, thisYear, thisYear + 1].map((y) => ({ value: y, label: String(y) }))}
            />
          </Space>
        }
      >
        {days.isError && <AppErrorAlert error={days.error} onRetry={() => void days.refetch()} />}
        {remove.isError && <AppErrorAlert error={remove.error} />}
        <Table<Day>
          rowKey="day"
          size="small"
          loading={days.isPending}
          dataSource={days.data ?? []}
          pagination={false}
          locale={{ emptyText: t('holidays.empty', { year }) }}
          columns={[
            { title: t('holidays.day'), dataIndex: 'day', render: (d: string) => `${d}（周${WEEKDAYS_ZH[new Date(`${d}T00:00:00Z`).getUTCDay()]}）` },
            {
              title: t('holidays.kind'),
              dataIndex: 'kind',
              render: (k: Day['kind']) => <Tag color={k === 'holiday' ? 'red' : 'blue'}>{t(k === 'holiday' ? 'holidays.kind.holiday' : 'holidays.kind.workday')}</Tag>,
            },
            { title: t('holidays.name'), dataIndex: 'name' },
            {
              title: t('holidays.actions'),
              key: 'actions',
              render: (_: unknown, d: Day) => (
                <Popconfirm title={t('holidays.remove.confirm', { day: d.day })} onConfirm={() => remove.mutate(d.day)}>
                  <Button size="small" danger icon={<DeleteOutlined aria-hidden />}>
                    {t('holidays.remove')}
                  </Button>
                </Popconfirm>
              ),
            },
          ]}
        />
      </Card>
    </div>
  );
}

import { useMemo, useState } from 'react';
import { Alert, App as AntApp, Button, Card, Collapse, DatePicker, Descriptions, Form, Input, Modal, Popconfirm, Select, Space, Tag, Typography } from 'antd';
import { CheckCircleOutlined, CopyOutlined, DeleteOutlined, EditOutlined, PlusOutlined } from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { Dayjs } from 'dayjs';
import { statusFamilyOf } from '@ebid/domain';
import { useApi, type RouterOutputs } from '../api.ts';
import { AppErrorAlert } from '../components/AppErrorAlert.tsx';
import { StatusTag } from '../components/StatusTag.tsx';
import { toAppErrorView } from '../errors.ts';
import { formatBeijingDateTime } from '../clock.ts';
import { pick, useLang, useT, type TFunction } from '../i18n.ts';
import { DenseTable } from '../components/DenseTable.tsx';

type Day = RouterOutputs['holiday']['list'][number];
type YearView = RouterOutputs['holiday']['years'][number];
type YearStatus = YearView['status'];

/** The day of the week in the reader's language (catalog `holidays.weekday.0` = Sunday … 6), issue 19 §5. */
const WEEKDAYS = ['holidays.weekday.0', 'holidays.weekday.1', 'holidays.weekday.2', 'holidays.weekday.3', 'holidays.weekday.4', 'holidays.weekday.5', 'holidays.weekday.6'] as const;
const weekday = (t: TFunction, d: string) => t(WEEKDAYS[new Date(`${d}T00:00:00Z`).getUTCDay()] ?? WEEKDAYS[0]);

export function YearStatusTag({ status }: { status: YearStatus }) {
  const t = useT();
  return (
    <StatusTag family={statusFamilyOf('holidayYear', status)} testId={`year-status-${status}`}>
      {t(`holidays.status.${status}`)}
    </StatusTag>
  );
}

/** The days as lines `YYYY-MM-DD 放假|上班 名称`, for entering or correcting a whole notice at once. */
function toLines(days: Day[]): string {
  return days.map((d) => `${d.day} ${d.kind === 'holiday' ? '放假' : '上班'} ${d.name}`).join('\n');
}

function fromLines(text: string): { days: Day[]; bad: number[] } {
  const days: Day[] = [];
  const bad: number[] = [];
  text.split('\n').forEach((raw, i) => {
    const line = raw.trim();
    if (!line) return;
    const m = /^(\d{4}-\d{2}-\d{2})\s+(放假|上班|holiday|workday)\s+(\S.{0,31})$/.exec(line);
    if (!m) {
      bad.push(i + 1);
      return;
    }
    days.push({ day: m[1]!, kind: m[2] === '放假' || m[2] === 'holiday' ? 'holiday' : 'workday', name: m[3]!.trim() });
  });
  return { days, bad };
}

/**
 * 节假日 (staff, issue 4 §2, issue 12 §1–2): the working-day calendar every statutory period is counted
 * with. A year is the official calendar only once staff publish it as complete; until then the platform
 * computes on the provisional calendar built from the law, shown here as 暂定.
 */
export function HolidaysPage() {
  const t = useT();
  const { lang } = useLang();
  const api = useApi();
  const qc = useQueryClient();
  const { message } = AntApp.useApp();
  const thisYear = new Date().getFullYear();
  const [year, setYear] = useState(thisYear);
  const years = useQuery({ queryKey: ['holiday', 'years'], queryFn: () => api.holiday.years.query({}) });
  const detail = useQuery({ queryKey: ['holiday', 'year', year], queryFn: () => api.holiday.year.query({ year }) });
  const y = detail.data;
  const refresh = () => qc.invalidateQueries({ queryKey: ['holiday'] });
  const [form] = Form.useForm<{ day: Dayjs; kind: 'holiday' | 'workday'; name: string }>();
  const [correcting, setCorrecting] = useState<string | null>(null);

  const set = useMutation({
    mutationFn: (v: Day) => api.holiday.set.mutate(v),
    onSuccess: async (d) => {
      void message.success(t('holidays.saved', { day: d.day }));
      form.resetFields();
      await refresh();
    },
  });
  const remove = useMutation({ mutationFn: (day: string) => api.holiday.remove.mutate({ day }), onSuccess: refresh });
  const prefill = useMutation({ mutationFn: () => api.holiday.prefill.mutate({ year }), onSuccess: refresh });
  const publish = useMutation({
    mutationFn: (days?: Day[]) => api.holiday.publishYear.mutate({ year, ...(days ? { days } : {}) }),
    onSuccess: async (r) => {
      setCorrecting(null);
      void message.success(t('holidays.published', { year: r.year.year, moved: r.dueDatesMoved.length, conflicts: r.scheduleConflicts.length }));
      await refresh();
    },
  });
  const problems = useMemo(() => {
    if (!publish.isError) return [];
    const v = toAppErrorView(publish.error);
    return ((v.details?.problems as { day: string; messageZh: string; messageEn: string }[] | undefined) ?? []).map((p) => pick(lang, { zh: p.messageZh, en: p.messageEn }));
  }, [publish.isError, publish.error, lang]);
  const parsed = correcting === null ? null : fromLines(correcting);

  const editable = y !== undefined && y.status !== 'published';
  const yearOptions = (years.data ?? []).map((v) => ({
    value: v.year,
    label: `${v.year}（${t(`holidays.status.${v.status}`)}）`,
  }));

  return (
    <div className="ebid-stack">
      <Card title={<h2 className="ebid-card-title">{t('holidays.list')}</h2>} extra={
        <Space>
          <span id="holiday-year">{t('holidays.year')}</span>
          <Select aria-labelledby="holiday-year" value={year} onChange={setYear} options={yearOptions.length ? yearOptions : [{ value: year, label: String(year) }]} style={{ minWidth: 150 }} data-testid="holiday-year" />
        </Space>
      }>
        <Typography.Paragraph>{t('holidays.explain')}</Typography.Paragraph>
        {years.isError && <AppErrorAlert error={years.error} onRetry={() => void years.refetch()} />}
        {detail.isError && <AppErrorAlert error={detail.error} onRetry={() => void detail.refetch()} />}
        {y && (
          <Descriptions size="small" column={{ xs: 1, md: 3 }} bordered data-testid="holiday-year-facts" items={[
            { key: 'status', label: t('holidays.status'), children: <YearStatusTag status={y.status} /> },
            { key: 'days', label: t('holidays.days'), children: y.days },
            { key: 'source', label: t('holidays.source'), children: y.publishedAt ? `${y.source ?? '—'} · ${formatBeijingDateTime(Date.parse(y.publishedAt))}` : '—' },
          ]} />
        )}
        {y && y.status !== 'published' && (
          <Alert className="ebid-gap" type="info" showIcon data-testid="holiday-provisional-note" title={t('holidays.provisional.title', { year: y.year })} description={t('holidays.provisional.body')} />
        )}
        {y && (
          <Space wrap className="ebid-gap">
            {y.status !== 'published' && y.days === 0 && (
              <Button icon={<CopyOutlined aria-hidden />} loading={prefill.isPending} onClick={() => prefill.mutate()} data-testid="holiday-prefill">
                {t('holidays.prefill')}
              </Button>
            )}
            {y.status !== 'published' && (
              <Popconfirm title={t('holidays.publish.confirm', { year: y.year })} onConfirm={() => publish.mutate(undefined)} okText={t('holidays.publish')}>
                <Button type="primary" icon={<CheckCircleOutlined aria-hidden />} loading={publish.isPending} disabled={y.days === 0} data-testid="holiday-publish">
                  {t('holidays.publish')}
                </Button>
              </Popconfirm>
            )}
            {y.status === 'published' && (
              <Button icon={<EditOutlined aria-hidden />} onClick={() => { publish.reset(); setCorrecting(toLines(y.entered)); }} data-testid="holiday-correct">
                {t('holidays.correct')}
              </Button>
            )}
          </Space>
        )}
        {prefill.isError && <AppErrorAlert error={prefill.error} />}
        {publish.isError && correcting === null && (
          <div className="ebid-gap" data-testid="holiday-publish-error">
            <AppErrorAlert error={publish.error} title={t('holidays.publish.failed')} />
            {problems.length > 1 && (
              <ul className="ebid-dl">
                {problems.map((p) => (
                  <li key={p}>{p}</li>
                ))}
              </ul>
            )}
          </div>
        )}
        {remove.isError && <AppErrorAlert error={remove.error} />}
        <DenseTable<Day>
          className="ebid-gap"
          rowKey="day"
          loading={detail.isPending}
          dataSource={y?.entered ?? []}
          pagination={false}
          empty={t('holidays.empty', { year })}
          testId="holiday-entered"
          columns={[
            { title: t('holidays.day'), dataIndex: 'day', render: (d: string) => t('holidays.dayWithWeekday', { day: d, weekday: weekday(t, d) }) },
            {
              title: t('holidays.kind'),
              dataIndex: 'kind',
              render: (k: Day['kind']) => <Tag color={k === 'holiday' ? 'red' : 'blue'}>{t(k === 'holiday' ? 'holidays.kind.holiday' : 'holidays.kind.workday')}</Tag>,
            },
            { title: t('holidays.name'), dataIndex: 'name' },
            ...(editable
              ? [
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
                ]
              : []),
          ]}
        />
      </Card>

      {editable && (
        <Card title={<h2 className="ebid-card-title">{t('holidays.add')}</h2>}>
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
      )}

      {y?.provisional && (
        <Card title={<h2 className="ebid-card-title">{t('holidays.provisional.calendar', { year: y.year })}</h2>} data-testid="holiday-provisional">
          <Collapse
            defaultActiveKey={['predicted']}
            items={[
              {
                key: 'predicted',
                label: t('holidays.predicted'),
                children: (
                  <DenseTable<Day>
                    rowKey="day"
                    pagination={false}
                    dataSource={y.provisional.predicted}
                    columns={[
                      { title: t('holidays.day'), dataIndex: 'day', render: (d: string) => t('holidays.dayWithWeekday', { day: d, weekday: weekday(t, d) }) },
                      {
                        title: t('holidays.kind'),
                        dataIndex: 'kind',
                        render: (k: Day['kind'], d: Day) => (
                          <Space size={4}>
                            <Tag color={k === 'holiday' ? 'red' : 'blue'}>{t(k === 'holiday' ? 'holidays.kind.holiday' : 'holidays.kind.workday')}</Tag>
                            {y.provisional!.statutory.some((s) => s.day === d.day) ? (
                              <Tag>{t('holidays.statutory')}</Tag>
                            ) : y.provisional!.uncertain.some((u) => u.day === d.day) ? (
                              <StatusTag family={statusFamilyOf('holidayYear', 'provisional')}>{t('holidays.provisionalTag')}</StatusTag>
                            ) : null}
                          </Space>
                        ),
                      },
                      { title: t('holidays.name'), dataIndex: 'name' },
                    ]}
                  />
                ),
              },
              {
                key: 'uncertain',
                label: t('holidays.uncertain', { n: y.provisional.uncertain.length }),
                children: (
                  <>
                    <Typography.Paragraph type="secondary">{t('holidays.uncertain.explain')}</Typography.Paragraph>
                    <Space wrap size={[4, 4]} data-testid="holiday-uncertain">
                      {y.provisional.uncertain.map((u) => (
                        <Tag key={u.day}>
                          {u.day.slice(5)} {weekday(t, u.day)} · {u.name}
                        </Tag>
                      ))}
                    </Space>
                  </>
                ),
              },
            ]}
          />
        </Card>
      )}

      <Modal
        open={correcting !== null}
        title={t('holidays.correct.title', { year })}
        okText={t('holidays.republish')}
        onOk={() => parsed && parsed.bad.length === 0 && publish.mutate(parsed.days)}
        okButtonProps={{ disabled: !parsed || parsed.bad.length > 0, loading: publish.isPending, ...({ 'data-testid': 'holiday-republish' } as object) }}
        onCancel={() => setCorrecting(null)}
        width={640}
        destroyOnHidden
      >
        <Typography.Paragraph type="secondary">{t('holidays.correct.explain')}</Typography.Paragraph>
        <Input.TextArea aria-label={t('holidays.correct.lines')} rows={14} value={correcting ?? ''} onChange={(e) => setCorrecting(e.target.value)} className="ebid-mono" data-testid="holiday-lines" />
        {parsed && parsed.bad.length > 0 && <Alert className="ebid-gap" type="warning" showIcon title={t('holidays.correct.bad', { lines: parsed.bad.join('、') })} />}
        {publish.isError && correcting !== null && (
          <div className="ebid-gap">
            <AppErrorAlert error={publish.error} title={t('holidays.publish.failed')} />
            {problems.length > 1 && (
              <ul className="ebid-dl">
                {problems.map((p) => (
                  <li key={p}>{p}</li>
                ))}
              </ul>
            )}
          </div>
        )}
      </Modal>
    </div>
  );
}

/**
 * 专家库 (issue 21 §1): the center searches the expert pool, edits profiles, sets availability and
 * sanctions; a supervisor sees the same list read-only. Every change is audited by the server.
 */
import { useState, type ReactNode } from 'react';
import { Alert, App as AntApp, Button, Card, DatePicker, Descriptions, Form, Input, InputNumber, Modal, Select, Space, Table, Typography } from 'antd';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useOutletContext } from 'react-router';
import type { Dayjs } from 'dayjs';
import { SPECIALTY_CODES } from '@ebid/domain';
import { useApi, type Actor } from '../api.ts';
import { beijingIso } from '../beijing-picker.ts';
import { AppErrorAlert } from '../components/AppErrorAlert.tsx';
import { DenseTable } from '../components/DenseTable.tsx';
import { errorMessage, toAppErrorView } from '../errors.ts';
import { useLang, useT } from '../i18n.ts';
import { ExpertStateTags, TieCountsTag, useSpecialtyName, type ExpertProfile, type ExpertTie } from './words.tsx';

const PAGE = 20;
type State = 'available' | 'unavailable' | 'sanctioned';

export function ExpertPoolPage() {
  const t = useT();
  const { lang } = useLang();
  const api = useApi();
  const actor = useOutletContext<Actor>();
  const canEdit = actor.role === 'staff' || actor.role === 'platform_admin';
  const specialtyName = useSpecialtyName();
  const queryClient = useQueryClient();
  const { message } = AntApp.useApp();
  const [q, setQ] = useState('');
  const [specialty, setSpecialty] = useState<(typeof SPECIALTY_CODES)[number] | undefined>();
  const [state, setState] = useState<State | undefined>();
  const [page, setPage] = useState(1);
  const [editing, setEditing] = useState<ExpertProfile | null>(null);
  const [sanctioning, setSanctioning] = useState<ExpertProfile | null>(null);
  const [unavailable, setUnavailable] = useState<ExpertProfile | null>(null);
  const input = { ...(q.trim() ? { q: q.trim() } : {}), ...(specialty ? { specialty } : {}), ...(state ? { state } : {}), offset: (page - 1) * PAGE, limit: PAGE };
  const list = useQuery({ queryKey: ['expert', 'list', input], queryFn: () => api.expert.list.query(input) });
  const refresh = () => queryClient.invalidateQueries({ queryKey: ['expert'] });
  const showError = (err: unknown) => {
    const view = toAppErrorView(err);
    void message.error(`${errorMessage(view, lang)} (${t('error.code')}: ${view.code})`);
  };
  const setAvailable = useMutation({
    mutationFn: (p: ExpertProfile) => api.expert.setAvailability.mutate({ userId: p.userId, available: true }),
    onSuccess: async () => {
      await refresh();
      void message.success(t('experts.saved'));
    },
    onError: showError,
  });
  const unsanction = useMutation({
    mutationFn: (p: ExpertProfile) => api.expert.unsanction.mutate({ userId: p.userId, reason: t('experts.unsanction') }),
    onSuccess: async (p) => {
      await refresh();
      void message.success(t('experts.unsanction.done', { name: p.displayName }));
    },
    onError: showError,
  });

  return (
    <div className="ebid-stack">
      <Card>
        <Space wrap className="ebid-toolbar">
          <Input.Search
            allowClear
            aria-label={t('experts.search')}
            placeholder={t('experts.search')}
            onSearch={(v) => {
              setQ(v);
              setPage(1);
            }}
            style={{ width: 320 }}
            data-testid="experts-search"
          />
          <Select
            aria-label={t('experts.specialty')}
            allowClear
            placeholder={t('experts.specialty.all')}
            style={{ width: 180 }}
            value={specialty}
            onChange={(v) => {
              setSpecialty(v);
              setPage(1);
            }}
            options={SPECIALTY_CODES.map((c) => ({ value: c, label: specialtyName(c) }))}
          />
          <Select
            aria-label={t('experts.state')}
            allowClear
            placeholder={t('experts.state.all')}
            style={{ width: 160 }}
            value={state}
            onChange={(v) => {
              setState(v);
              setPage(1);
            }}
            options={(['available', 'unavailable', 'sanctioned'] as const).map((s) => ({ value: s, label: t(`experts.state.${s}`) }))}
          />
          {list.data && <Typography.Text>{t('experts.total', { n: list.data.total })}</Typography.Text>}
        </Space>
        {!canEdit && <Alert type="info" showIcon message={t('experts.readOnly')} style={{ marginTop: 12 }} />}
      </Card>
      <Card>
        {list.isError ? (
          <AppErrorAlert error={list.error} onRetry={() => void list.refetch()} />
        ) : (
          <DenseTable<ExpertProfile>
            rowKey="userId"
            loading={list.isPending}
            dataSource={list.data?.items ?? []}
            testId="experts-table"
            pagination={{ current: page, pageSize: PAGE, total: list.data?.total ?? 0, onChange: setPage, showSizeChanger: false, hideOnSinglePage: true }}
            columns={[
              { key: 'name', title: t('experts.name'), render: (_v, p) => p.displayName },
              { key: 'pseudonym', title: t('experts.pseudonym'), render: (_v, p) => <span className="ebid-mono">{p.pseudonym}</span> },
              { key: 'specialties', title: t('experts.specialty'), render: (_v, p) => p.specialties.map(specialtyName).join('、') },
              { key: 'title', title: t('experts.title'), render: (_v, p) => p.title ?? '—' },
              { key: 'employer', title: t('experts.employer'), render: (_v, p) => p.employer ?? '—' },
              { key: 'state', title: t('experts.availability'), render: (_v, p) => <ExpertStateTags p={p} /> },
            ]}
            details={{ title: (p) => p.displayName, render: (p) => <ExpertDetails p={p} /> }}
            actionsWidth={canEdit ? 300 : undefined}
            {...(canEdit
              ? {
                  actions: (p: ExpertProfile) => (
                    <Space size={4} wrap>
                      <Button size="small" onClick={() => setEditing(p)} data-testid={`expert-edit-${p.username}`}>
                        {t('experts.edit')}
                      </Button>
                      {p.available ? (
                        <Button size="small" onClick={() => setUnavailable(p)} data-testid={`expert-unavailable-${p.username}`}>
                          {t('experts.setUnavailable')}
                        </Button>
                      ) : (
                        <Button size="small" onClick={() => setAvailable.mutate(p)} loading={setAvailable.isPending && setAvailable.variables.userId === p.userId}>
                          {t('experts.setAvailable')}
                        </Button>
                      )}
                      {p.sanctioned ? (
                        <Button size="small" onClick={() => unsanction.mutate(p)} loading={unsanction.isPending && unsanction.variables.userId === p.userId}>
                          {t('experts.unsanction')}
                        </Button>
                      ) : (
                        <Button size="small" danger onClick={() => setSanctioning(p)} data-testid={`expert-sanction-${p.username}`}>
                          {t('experts.sanction')}
                        </Button>
                      )}
                    </Space>
                  ),
                }
              : {})}
          />
        )}
      </Card>
      {editing && <EditExpertModal p={editing} onClose={() => setEditing(null)} onDone={() => void refresh().then(() => setEditing(null))} />}
      {sanctioning && <SanctionModal p={sanctioning} onClose={() => setSanctioning(null)} onDone={() => void refresh().then(() => setSanctioning(null))} />}
      {unavailable && <UnavailableModal p={unavailable} onClose={() => setUnavailable(null)} onDone={() => void refresh().then(() => setUnavailable(null))} />}
    </div>
  );
}

/** The drawer of a row: the whole profile and the expert's ties. */
function ExpertDetails({ p }: { p: ExpertProfile }) {
  const t = useT();
  const api = useApi();
  const detail = useQuery({ queryKey: ['expert', 'get', p.userId], queryFn: () => api.expert.get.query({ userId: p.userId }) });
  return (
    <div className="ebid-stack">
      <Descriptions column={1} size="small" bordered>
        <Descriptions.Item label={t('experts.pseudonym')}>{p.pseudonym}</Descriptions.Item>
        <Descriptions.Item label={t('experts.employerCreditCode')}>{p.employerCreditCode ?? '—'}</Descriptions.Item>
        <Descriptions.Item label={t('experts.region')}>{p.regionCode ?? '—'}</Descriptions.Item>
        <Descriptions.Item label={t('experts.years')}>{p.yearsInField ?? '—'}</Descriptions.Item>
        <Descriptions.Item label={t('experts.phone')}>{p.phone ?? '—'}</Descriptions.Item>
        <Descriptions.Item label={t('experts.unavailable.reason')}>{p.unavailableReason ?? '—'}</Descriptions.Item>
        <Descriptions.Item label={t('experts.sanction.reason')}>{p.sanctionReason ?? '—'}</Descriptions.Item>
      </Descriptions>
      <Typography.Title level={3} style={{ fontSize: 16 }}>
        {t('experts.ties')}
      </Typography.Title>
      {detail.isError ? <AppErrorAlert error={detail.error} onRetry={() => void detail.refetch()} /> : <TiesTable ties={detail.data?.ties ?? []} loading={detail.isPending} />}
    </div>
  );
}

export function TiesTable({ ties, loading, actions }: { ties: ExpertTie[]; loading?: boolean; actions?: (tie: ExpertTie) => ReactNode }) {
  const t = useT();
  return (
    <Table<ExpertTie>
      rowKey="id"
      size="small"
      loading={loading}
      dataSource={ties}
      pagination={false}
      locale={{ emptyText: t('experts.ties.none') }}
      columns={[
        { key: 'org', title: t('experts.tie.org'), render: (_v, x) => x.orgName },
        { key: 'code', title: t('experts.tie.code'), render: (_v, x) => <span className="ebid-mono">{x.orgCreditCode}</span> },
        { key: 'kind', title: t('experts.tie.kind'), render: (_v, x) => t(`experts.tie.kind.${x.kind}`) },
        { key: 'period', title: t('experts.tie.endedOn'), render: (_v, x) => `${x.startedOn ?? '—'} ~ ${x.endedOn ?? t('experts.tie.lasting')}` },
        { key: 'counts', title: t('experts.tie.counts'), render: (_v, x) => <TieCountsTag tie={x} /> },
        ...(actions ? [{ key: 'actions', title: t('table.actions'), render: (_v: unknown, x: ExpertTie) => actions(x) }] : []),
      ]}
    />
  );
}

interface EditForm {
  specialties: (typeof SPECIALTY_CODES)[number][];
  title?: string;
  employer?: string;
  employerCreditCode?: string;
  regionCode?: string;
  yearsInField?: number | null;
  phone?: string;
}

function EditExpertModal({ p, onClose, onDone }: { p: ExpertProfile; onClose: () => void; onDone: () => void }) {
  const t = useT();
  const api = useApi();
  const specialtyName = useSpecialtyName();
  const [form] = Form.useForm<EditForm>();
  const save = useMutation({
    mutationFn: (v: EditForm) =>
      api.expert.updateProfile.mutate({
        userId: p.userId,
        specialties: v.specialties,
        title: v.title ?? null,
        employer: v.employer ?? null,
        employerCreditCode: v.employerCreditCode ?? null,
        regionCode: v.regionCode ?? null,
        yearsInField: v.yearsInField ?? null,
        phone: v.phone ?? null,
      }),
    onSuccess: onDone,
  });
  return (
    <Modal open title={t('experts.edit.title', { name: p.displayName })} onCancel={onClose} onOk={() => form.submit()} okText={t('experts.save')} cancelText={t('common.cancel')} confirmLoading={save.isPending}>
      {save.isError && <AppErrorAlert error={save.error} />}
      <Form<EditForm>
        form={form}
        layout="vertical"
        onFinish={(v) => save.mutate(v)}
        initialValues={{
          specialties: p.specialties,
          title: p.title ?? undefined,
          employer: p.employer ?? undefined,
          employerCreditCode: p.employerCreditCode ?? undefined,
          regionCode: p.regionCode ?? undefined,
          yearsInField: p.yearsInField,
          phone: p.phone ?? undefined,
        }}
      >
        <Form.Item name="specialties" label={t('experts.specialty')} rules={[{ required: true, message: t('experts.required') }]}>
          <Select mode="multiple" maxCount={5} options={SPECIALTY_CODES.map((c) => ({ value: c, label: specialtyName(c) }))} />
        </Form.Item>
        <ProfileFields />
      </Form>
    </Modal>
  );
}

/** The profile fields an expert may also edit itself. */
export function ProfileFields() {
  const t = useT();
  return (
    <>
      <Form.Item name="title" label={t('experts.title')}>
        <Input maxLength={64} />
      </Form.Item>
      <Form.Item name="employer" label={t('experts.employer')}>
        <Input maxLength={128} />
      </Form.Item>
      <Form.Item name="employerCreditCode" label={t('experts.employerCreditCode')}>
        <Input maxLength={18} className="ebid-mono" />
      </Form.Item>
      <Form.Item name="regionCode" label={t('experts.region')}>
        <Input maxLength={6} inputMode="numeric" />
      </Form.Item>
      <Form.Item name="yearsInField" label={t('experts.years')}>
        <InputNumber min={0} max={80} precision={0} />
      </Form.Item>
      <Form.Item name="phone" label={t('experts.phone')}>
        <Input maxLength={20} inputMode="tel" />
      </Form.Item>
    </>
  );
}

function SanctionModal({ p, onClose, onDone }: { p: ExpertProfile; onClose: () => void; onDone: () => void }) {
  const t = useT();
  const api = useApi();
  const { message } = AntApp.useApp();
  const [form] = Form.useForm<{ until: Dayjs; reason: string }>();
  const save = useMutation({
    mutationFn: (v: { until: Dayjs; reason: string }) => api.expert.sanction.mutate({ userId: p.userId, until: beijingIso(v.until), reason: v.reason.trim() }),
    onSuccess: () => {
      void message.success(t('experts.sanction.done', { name: p.displayName }));
      onDone();
    },
  });
  return (
    <Modal open title={t('experts.sanction.title', { name: p.displayName })} onCancel={onClose} onOk={() => form.submit()} okText={t('experts.sanction')} okButtonProps={{ danger: true }} cancelText={t('common.cancel')} confirmLoading={save.isPending}>
      {save.isError && <AppErrorAlert error={save.error} />}
      <Form form={form} layout="vertical" onFinish={(v) => save.mutate(v)}>
        <Form.Item name="until" label={t('experts.sanction.until')} rules={[{ required: true, message: t('experts.required') }]}>
          <DatePicker showTime={{ format: 'HH:mm' }} format="YYYY-MM-DD HH:mm" />
        </Form.Item>
        <Form.Item name="reason" label={t('experts.sanction.reason')} rules={[{ required: true, min: 2, whitespace: true, message: t('experts.reason.required') }]}>
          <Input.TextArea maxLength={500} rows={3} />
        </Form.Item>
      </Form>
    </Modal>
  );
}

function UnavailableModal({ p, onClose, onDone }: { p: ExpertProfile; onClose: () => void; onDone: () => void }) {
  const t = useT();
  const api = useApi();
  const [form] = Form.useForm<{ reason: string }>();
  const save = useMutation({
    mutationFn: (v: { reason: string }) => api.expert.setAvailability.mutate({ userId: p.userId, available: false, reason: v.reason.trim() }),
    onSuccess: onDone,
  });
  return (
    <Modal open title={`${t('experts.setUnavailable')}：${p.displayName}`} onCancel={onClose} onOk={() => form.submit()} okText={t('experts.setUnavailable')} cancelText={t('common.cancel')} confirmLoading={save.isPending}>
      {save.isError && <AppErrorAlert error={save.error} />}
      <Form form={form} layout="vertical" onFinish={(v) => save.mutate(v)}>
        <Form.Item name="reason" label={t('experts.unavailable.reason')} rules={[{ required: true, min: 2, whitespace: true, message: t('experts.reason.required') }]}>
          <Input.TextArea maxLength={500} rows={3} />
        </Form.Item>
      </Form>
    </Modal>
  );
}

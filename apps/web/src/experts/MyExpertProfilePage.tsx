/**
 * 我的资料 (issue 21 §1): an expert's own profile — specialties and sanctions are the center's, the rest
 * the expert keeps — its availability, and the ties it declares (E3: they count for 3 years after ending).
 */
import { useState } from 'react';
import { App as AntApp, Button, Card, DatePicker, Descriptions, Form, Input, Modal, Select, Space, Switch, Typography } from 'antd';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { Dayjs } from 'dayjs';
import { useApi } from '../api.ts';
import { AppErrorAlert } from '../components/AppErrorAlert.tsx';
import { errorMessage, toAppErrorView } from '../errors.ts';
import { creditCodeRule } from '../forms.ts';
import { useLang, useT } from '../i18n.ts';
import { ProfileFields, TiesTable } from './ExpertPoolPage.tsx';
import { ExpertStateTags, useSpecialtyName, type ExpertTie } from './words.tsx';

const KEY = ['expert', 'mine'] as const;
const TIE_KINDS = ['employment', 'board', 'control', 'relative_employer'] as const;

interface ProfileForm {
  title?: string;
  employer?: string;
  employerCreditCode?: string;
  regionCode?: string;
  yearsInField?: number | null;
  phone?: string;
}

export function MyExpertProfilePage() {
  const t = useT();
  const { lang } = useLang();
  const api = useApi();
  const specialtyName = useSpecialtyName();
  const queryClient = useQueryClient();
  const { message } = AntApp.useApp();
  const mine = useQuery({ queryKey: KEY, queryFn: () => api.expert.mine.query() });
  const [form] = Form.useForm<ProfileForm>();
  const [declaring, setDeclaring] = useState(false);
  const [ending, setEnding] = useState<ExpertTie | null>(null);
  const [unavailableReason, setUnavailableReason] = useState('');
  const refresh = () => queryClient.invalidateQueries({ queryKey: KEY });
  const showError = (err: unknown) => {
    const view = toAppErrorView(err);
    void message.error(`${errorMessage(view, lang)} (${t('error.code')}: ${view.code})`);
  };
  const save = useMutation({
    mutationFn: (v: ProfileForm) =>
      api.expert.updateMine.mutate({
        title: v.title ?? null,
        employer: v.employer ?? null,
        employerCreditCode: v.employerCreditCode ?? null,
        regionCode: v.regionCode ?? null,
        yearsInField: v.yearsInField ?? null,
        phone: v.phone ?? null,
      }),
    onSuccess: async () => {
      await refresh();
      void message.success(t('experts.saved'));
    },
  });
  const availability = useMutation({
    mutationFn: (v: { available: boolean; reason?: string }) => api.expert.setMyAvailability.mutate(v.available ? { available: true } : { available: false, reason: v.reason ?? '' }),
    onSuccess: async () => {
      setUnavailableReason('');
      await refresh();
      void message.success(t('experts.saved'));
    },
    onError: showError,
  });

  if (mine.isError) return <AppErrorAlert error={mine.error} onRetry={() => void mine.refetch()} />;
  if (!mine.data) return <Card loading />;
  const p = mine.data.profile;
  return (
    <div className="ebid-stack">
      <Card title={<h2 className="ebid-card-title">{t('experts.profile')}</h2>}>
        <Descriptions column={{ xs: 1, md: 2 }} size="small" bordered style={{ marginBottom: 16 }}>
          <Descriptions.Item label={t('experts.name')}>{p.displayName}</Descriptions.Item>
          <Descriptions.Item label={t('experts.pseudonym')}>
            <span className="ebid-mono">{p.pseudonym}</span>
          </Descriptions.Item>
          <Descriptions.Item label={t('experts.specialty')}>{p.specialties.map(specialtyName).join('、')}</Descriptions.Item>
          <Descriptions.Item label={t('experts.availability')}>
            <ExpertStateTags p={p} />
          </Descriptions.Item>
        </Descriptions>
        <Typography.Paragraph type="secondary">{t('experts.pseudonym.hint')}</Typography.Paragraph>
        {save.isError && <AppErrorAlert error={save.error} />}
        <Form<ProfileForm>
          form={form}
          layout="vertical"
          style={{ maxWidth: 560 }}
          onFinish={(v) => save.mutate(v)}
          initialValues={{ title: p.title ?? undefined, employer: p.employer ?? undefined, employerCreditCode: p.employerCreditCode ?? undefined, regionCode: p.regionCode ?? undefined, yearsInField: p.yearsInField, phone: p.phone ?? undefined }}
        >
          <ProfileFields />
          <Button type="primary" htmlType="submit" loading={save.isPending} data-testid="expert-profile-save">
            {t('experts.save')}
          </Button>
        </Form>
      </Card>
      <Card title={<h2 className="ebid-card-title">{t('experts.availability')}</h2>}>
        <Space wrap align="center">
          <Switch
            checked={p.available}
            aria-label={t('experts.availability')}
            checkedChildren={t('experts.available')}
            unCheckedChildren={t('experts.unavailable')}
            disabled={!p.available ? availability.isPending : unavailableReason.trim().length < 2}
            onChange={(on) => availability.mutate(on ? { available: true } : { available: false, reason: unavailableReason.trim() })}
            data-testid="expert-availability"
          />
          {p.available ? (
            <Input aria-label={t('experts.unavailable.reason')} placeholder={t('experts.unavailable.reason')} value={unavailableReason} onChange={(e) => setUnavailableReason(e.target.value)} maxLength={500} style={{ width: 320 }} />
          ) : (
            <Typography.Text>{p.unavailableReason}</Typography.Text>
          )}
        </Space>
      </Card>
      <Card
        title={<h2 className="ebid-card-title">{t('experts.ties')}</h2>}
        extra={
          <Button type="primary" onClick={() => setDeclaring(true)} data-testid="tie-declare">
            {t('experts.tie.declare')}
          </Button>
        }
      >
        <Typography.Paragraph>{t('experts.ties.intro')}</Typography.Paragraph>
        <TiesTable
          ties={mine.data.ties}
          actions={(tie) =>
            tie.endedOn === null ? (
              <Button size="small" onClick={() => setEnding(tie)}>
                {t('experts.tie.end')}
              </Button>
            ) : null
          }
        />
      </Card>
      {declaring && <DeclareTieModal onClose={() => setDeclaring(false)} onDone={() => void refresh().then(() => setDeclaring(false))} />}
      {ending && <EndTieModal tie={ending} onClose={() => setEnding(null)} onDone={() => void refresh().then(() => setEnding(null))} />}
    </div>
  );
}

interface TieForm {
  orgName: string;
  orgCreditCode: string;
  kind: (typeof TIE_KINDS)[number];
  startedOn?: Dayjs;
  endedOn?: Dayjs;
}

function DeclareTieModal({ onClose, onDone }: { onClose: () => void; onDone: () => void }) {
  const t = useT();
  const api = useApi();
  const { message } = AntApp.useApp();
  const [form] = Form.useForm<TieForm>();
  const declare = useMutation({
    mutationFn: (v: TieForm) =>
      api.expert.declareTie.mutate({
        orgName: v.orgName.trim(),
        orgCreditCode: v.orgCreditCode.trim().toUpperCase(),
        kind: v.kind,
        startedOn: v.startedOn ? v.startedOn.format('YYYY-MM-DD') : null,
        endedOn: v.endedOn ? v.endedOn.format('YYYY-MM-DD') : null,
      }),
    onSuccess: () => {
      void message.success(t('experts.tie.declared'));
      onDone();
    },
  });
  return (
    <Modal open title={t('experts.tie.declare')} onCancel={onClose} onOk={() => form.submit()} okText={t('experts.tie.declare')} cancelText={t('common.cancel')} confirmLoading={declare.isPending}>
      {declare.isError && <AppErrorAlert error={declare.error} />}
      <Form<TieForm> form={form} layout="vertical" onFinish={(v) => declare.mutate(v)} initialValues={{ kind: 'employment' }}>
        <Form.Item name="orgName" label={t('experts.tie.org')} rules={[{ required: true, min: 2, whitespace: true, message: t('experts.required') }]}>
          <Input maxLength={128} />
        </Form.Item>
        <Form.Item name="orgCreditCode" label={t('experts.tie.code')} rules={[creditCodeRule(t)]}>
          <Input maxLength={18} className="ebid-mono" />
        </Form.Item>
        <Form.Item name="kind" label={t('experts.tie.kind')}>
          <Select options={TIE_KINDS.map((k) => ({ value: k, label: t(`experts.tie.kind.${k}`) }))} />
        </Form.Item>
        <Form.Item name="startedOn" label={t('experts.tie.startedOn')}>
          <DatePicker />
        </Form.Item>
        <Form.Item name="endedOn" label={t('experts.tie.endedOn')}>
          <DatePicker />
        </Form.Item>
      </Form>
    </Modal>
  );
}

function EndTieModal({ tie, onClose, onDone }: { tie: ExpertTie; onClose: () => void; onDone: () => void }) {
  const t = useT();
  const api = useApi();
  const [form] = Form.useForm<{ endedOn: Dayjs }>();
  const end = useMutation({
    mutationFn: (v: { endedOn: Dayjs }) => api.expert.endTie.mutate({ tieId: tie.id, endedOn: v.endedOn.format('YYYY-MM-DD') }),
    onSuccess: onDone,
  });
  return (
    <Modal open title={`${t('experts.tie.end')}：${tie.orgName}`} onCancel={onClose} onOk={() => form.submit()} okText={t('experts.tie.end')} cancelText={t('common.cancel')} confirmLoading={end.isPending}>
      {end.isError && <AppErrorAlert error={end.error} />}
      <Form form={form} layout="vertical" onFinish={(v) => end.mutate(v)}>
        <Form.Item name="endedOn" label={t('experts.tie.endedOn')} rules={[{ required: true, message: t('experts.required') }]}>
          <DatePicker />
        </Form.Item>
      </Form>
    </Modal>
  );
}

/**
 * The chair's panel (issue 22 §2, §6; S10): the members' live progress per stage (drafted / expected, signed),
 * 结束本阶段 once every active member has signed, and a written clarification request to a bid (by its
 * session label, never a blind label) with its answer's due time.
 */
import { useState } from 'react';
import { App as AntApp, Button, Card, Form, Input, InputNumber, Popconfirm, Select, Table, Typography } from 'antd';
import { QuestionCircleOutlined, StopOutlined } from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useApi } from '../api.ts';
import { BidInputForm } from './BidInputForm.tsx';
import { AppErrorAlert } from '../components/AppErrorAlert.tsx';
import { useServerNow } from '../components/ServerClock.tsx';
import { useT, type MessageKey } from '../i18n.ts';
import { EVAL_KEYS, openStage, type EvaluationView, type ProgressView } from './model.ts';
import { DoneTag } from './words.tsx';

const STAGE_NAME: Record<string, MessageKey> = {
  compliance: 'evaluation.step.compliance',
  technical: 'evaluation.step.technical',
  scores: 'evaluation.step.scores',
};

type Row = ProgressView['members'][number];

export function ChairPanel({ view }: { view: EvaluationView }) {
  const t = useT();
  const api = useApi();
  const qc = useQueryClient();
  const { message } = AntApp.useApp();
  const progress = useQuery({ queryKey: EVAL_KEYS.progress(view.id), queryFn: () => api.evaluation.progress.query({ evaluationId: view.id }), refetchInterval: 5000 });
  const stage = openStage(view.status);
  const close = useMutation({
    mutationFn: () => api.evaluation.closeStage.mutate({ evaluationId: view.id }),
    onSuccess: async (r) => {
      await qc.invalidateQueries({ queryKey: EVAL_KEYS.all(view.id) });
      void message.success(t('evaluation.progress.closed', { stage: t(STAGE_NAME[r.closed]!) }));
    },
  });
  const stages = progress.data?.members[0]?.stages.map((s) => s.stage) ?? [];
  return (
    <Card title={<h2 className="ebid-card-title">{t('evaluation.progress.title')}</h2>} data-testid="evaluation-progress">
      {progress.isError && <AppErrorAlert error={progress.error} />}
      <Table<Row>
        size="small"
        rowKey="userId"
        pagination={false}
        loading={progress.isPending}
        dataSource={progress.data?.members ?? []}
        columns={[
          { key: 'name', title: t('evaluation.member'), dataIndex: 'name' },
          ...stages.map((s) => ({
            key: s,
            title: t(STAGE_NAME[s]!),
            render: (_: unknown, m: Row) => {
              const x = m.stages.find((y) => y.stage === s);
              if (!x) return '—';
              // A stage the evaluation never reached (it stopped before it, O2): nothing to sign there.
              if (view.status === 'failed' && !x.signed && x.drafted === 0) return <Typography.Text type="secondary">{t('evaluation.progress.notReached')}</Typography.Text>;
              return (
                <span data-testid={`evaluation-progress-${m.userId}-${s}`}>
                  <DoneTag done={x.signed} yes="evaluation.progress.signed" no="evaluation.progress.unsigned" /> {x.drafted}/{x.expected}
                </span>
              );
            },
          })),
        ]}
      />
      {progress.data && (
        <Typography.Paragraph type="secondary" className="ebid-gap-top">
          {t('evaluation.progress.clarifications', { asked: progress.data.clarifications.asked, answered: progress.data.clarifications.answered })}
        </Typography.Paragraph>
      )}
      {stage && (
        <Popconfirm title={t('evaluation.progress.closeConfirm', { stage: t(STAGE_NAME[stage]!) })} okText={t('evaluation.progress.close')} cancelText={t('common.cancel')} onConfirm={() => close.mutate()}>
          <Button type="primary" danger icon={<StopOutlined aria-hidden />} loading={close.isPending} data-testid="evaluation-close-stage">
            {t('evaluation.progress.close')}
          </Button>
        </Popconfirm>
      )}
      {close.isError && <AppErrorAlert error={close.error} focus />}
      {view.bids && view.bids.length > 0 && stage && <ClarifyForm view={view} />}
      {view.bids && view.bids.length > 0 && stage && stage !== 'technical' && <BidInputForm view={view} />}
    </Card>
  );
}

function ClarifyForm({ view }: { view: EvaluationView }) {
  const t = useT();
  const [open, setOpen] = useState(false);
  const api = useApi();
  const qc = useQueryClient();
  const now = useServerNow();
  const { message } = AntApp.useApp();
  const [form] = Form.useForm<{ label: string; question: string; minutes: number }>();
  const ask = useMutation({
    mutationFn: (v: { label: string; question: string; minutes: number }) =>
      api.evaluation.clarify.mutate({ evaluationId: view.id, label: v.label, question: v.question.trim(), answerBy: new Date((now ?? Date.now()) + v.minutes * 60_000).toISOString() }),
    onSuccess: async () => {
      form.resetFields();
      setOpen(false);
      await qc.invalidateQueries({ queryKey: EVAL_KEYS.clarifications(view.id) });
      void message.success(t('evaluation.clarify.sent'));
    },
  });
  return (
    <section className="ebid-gap-top" data-testid="evaluation-clarify">
      {!open && (
        <Button icon={<QuestionCircleOutlined aria-hidden />} onClick={() => setOpen(true)} data-testid="evaluation-clarify-open">
          {t('evaluation.clarify.title')}
        </Button>
      )}
      {open && <h3 className="ebid-card-title">{t('evaluation.clarify.title')}</h3>}
      {open && (
      <Form form={form} layout="vertical" onFinish={(v) => ask.mutate(v)} initialValues={{ minutes: 60 }} style={{ maxWidth: 720 }}>
        <Form.Item name="label" label={t('evaluation.clarify.bid')} rules={[{ required: true, message: t('evaluation.clarify.bidRequired') }]}>
          <Select options={(view.bids ?? []).map((b) => ({ value: b.label, label: b.label }))} data-testid="evaluation-clarify-bid" />
        </Form.Item>
        <Form.Item name="question" label={t('evaluation.clarify.question')} rules={[{ required: true, whitespace: true, message: t('evaluation.clarify.questionRequired') }]}>
          <Input.TextArea rows={3} maxLength={2000} data-testid="evaluation-clarify-question" />
        </Form.Item>
        <Form.Item name="minutes" label={t('evaluation.clarify.minutes')} rules={[{ required: true, type: 'number', min: 15, max: 10080 }]}>
          <InputNumber min={15} max={10080} step={15} precision={0} />
        </Form.Item>
        <Button htmlType="submit" icon={<QuestionCircleOutlined aria-hidden />} loading={ask.isPending} data-testid="evaluation-clarify-submit">
          {t('evaluation.clarify.send')}
        </Button>
        <Button style={{ marginInlineStart: 8 }} onClick={() => setOpen(false)}>
          {t('common.cancel')}
        </Button>
      </Form>
      )}
      {ask.isError && <AppErrorAlert error={ask.error} focus />}
    </section>
  );
}

/** E6: a member asks for more time (15–480 minutes, with a reason); the extension is granted by enough requests. */
import { App as AntApp, Button, Card, Form, Input, InputNumber, Typography } from 'antd';
import { ClockCircleOutlined } from '@ant-design/icons';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useApi } from '../api.ts';
import { AppErrorAlert } from '../components/AppErrorAlert.tsx';
import { useT } from '../i18n.ts';
import { fmtTime } from '../opening/ui.tsx';
import { EVAL_KEYS, type EvaluationView } from './model.ts';

export function ExtensionCard({ view }: { view: EvaluationView }) {
  const t = useT();
  const api = useApi();
  const qc = useQueryClient();
  const { message } = AntApp.useApp();
  const [form] = Form.useForm<{ minutes: number; reason: string }>();
  const ask = useMutation({
    mutationFn: (v: { minutes: number; reason: string }) => api.evaluation.requestExtension.mutate({ evaluationId: view.id, minutes: v.minutes, reason: v.reason.trim() }),
    onSuccess: async (r) => {
      await qc.invalidateQueries({ queryKey: EVAL_KEYS.all(view.id) });
      void message.success(r.granted ? t('evaluation.extension.granted', { due: fmtTime(r.dueAt) }) : t('evaluation.extension.asked', { requests: r.requests, threshold: r.threshold }));
    },
  });
  const x = view.extension;
  return (
    <Card title={<h2 className="ebid-card-title">{t('evaluation.extension.title')}</h2>} size="small" data-testid="evaluation-extension">
      <Typography.Paragraph type="secondary">{t('evaluation.extension.state', { requests: x.requests, threshold: x.threshold, due: fmtTime(view.dueAt) })}</Typography.Paragraph>
      {x.requestedByMe ? (
        <Typography.Text>{t('evaluation.extension.mine')}</Typography.Text>
      ) : (
        <Form form={form} layout="inline" onFinish={(v) => ask.mutate(v)} initialValues={{ minutes: 60 }}>
          <Form.Item name="minutes" label={t('evaluation.extension.minutes')} rules={[{ required: true, type: 'number', min: 15, max: 480, message: t('evaluation.extension.minutesRule') }]}>
            <InputNumber min={15} max={480} step={15} precision={0} data-testid="evaluation-extension-minutes" />
          </Form.Item>
          <Form.Item name="reason" label={t('evaluation.extension.reason')} rules={[{ required: true, whitespace: true, message: t('evaluation.extension.reasonRequired') }]}>
            <Input maxLength={500} style={{ width: 360 }} data-testid="evaluation-extension-reason" />
          </Form.Item>
          <Button htmlType="submit" icon={<ClockCircleOutlined aria-hidden />} loading={ask.isPending} data-testid="evaluation-extension-submit">
            {t('evaluation.extension.ask')}
          </Button>
        </Form>
      )}
      {ask.isError && <AppErrorAlert error={ask.error} focus />}
    </Card>
  );
}

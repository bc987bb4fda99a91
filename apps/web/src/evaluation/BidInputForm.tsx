/**
 * The chair records what the committee decided about one bid beyond the sheets (issue 22 §3; S7, S8): the
 * corrected price with the answered clarification in which the bidder confirmed it, and the cost finding
 * after the written explanation of an abnormally low price. Every rule (which bid, which clarification,
 * whether the price is abnormally low) is checked by the server; its refusal is shown in its words.
 */
import { useState } from 'react';
import { App as AntApp, Button, Form, Input, Select } from 'antd';
import { EditOutlined } from '@ant-design/icons';
import { useMutation, useQuery } from '@tanstack/react-query';
import { useApi } from '../api.ts';
import { AppErrorAlert } from '../components/AppErrorAlert.tsx';
import { useT } from '../i18n.ts';
import { yuanToFen } from '../money.ts';
import { EVAL_KEYS, type EvaluationView } from './model.ts';

interface Values {
  bid: string;
  correctedYuan?: string;
  clarificationId?: number;
  costFinding?: 'justified' | 'below_cost' | 'none';
}

export function BidInputForm({ view }: { view: EvaluationView }) {
  const t = useT();
  const api = useApi();
  const { message } = AntApp.useApp();
  const [open, setOpen] = useState(false);
  const [form] = Form.useForm<Values>();
  const bid = Form.useWatch('bid', form);
  const clarifications = useQuery({ queryKey: EVAL_KEYS.clarifications(view.id), queryFn: () => api.evaluation.clarifications.query({ evaluationId: view.id }), enabled: open });
  const answered = (clarifications.data ?? []).filter((c) => c.label === bid && c.answer !== null);
  const record = useMutation({
    mutationFn: (v: Values) => {
      const fen = v.correctedYuan?.trim() ? yuanToFen(v.correctedYuan.trim()) : undefined;
      return api.evaluation.recordBidInput.mutate({
        evaluationId: view.id,
        bid: v.bid,
        ...(fen != null ? { correctedPriceFen: fen } : {}),
        ...(v.clarificationId ? { clarificationId: v.clarificationId } : {}),
        ...(v.costFinding ? { costFinding: v.costFinding === 'none' ? null : v.costFinding } : {}),
      });
    },
    onSuccess: () => {
      form.resetFields();
      setOpen(false);
      void message.success(t('evaluation.bidInput.saved'));
    },
  });
  return (
    <section className="ebid-gap-top" data-testid="evaluation-bid-input">
      {!open ? (
        <Button icon={<EditOutlined aria-hidden />} onClick={() => setOpen(true)} data-testid="evaluation-bid-input-open">
          {t('evaluation.bidInput.title')}
        </Button>
      ) : (
        <>
          <h3 className="ebid-card-title">{t('evaluation.bidInput.title')}</h3>
          <Form form={form} layout="vertical" onFinish={(v) => record.mutate(v)} style={{ maxWidth: 720 }}>
            <Form.Item name="bid" label={t('evaluation.clarify.bid')} rules={[{ required: true, message: t('evaluation.clarify.bidRequired') }]}>
              <Select options={(view.bids ?? []).map((b) => ({ value: b.label, label: b.label }))} />
            </Form.Item>
            <Form.Item
              name="correctedYuan"
              label={t('evaluation.bidInput.corrected')}
              extra={t('evaluation.bidInput.correctedHelp')}
              rules={[{ validator: (_r, v: string | undefined) => (!v?.trim() || yuanToFen(v.trim()) !== null ? Promise.resolve() : Promise.reject(new Error(t('evaluation.bidInput.amountInvalid')))) }]}
            >
              <Input inputMode="decimal" style={{ width: 240 }} />
            </Form.Item>
            <Form.Item name="clarificationId" label={t('evaluation.bidInput.clarification')}>
              <Select allowClear options={answered.map((c) => ({ value: c.id, label: `#${c.id} ${c.question.slice(0, 40)}` }))} notFoundContent={t('evaluation.bidInput.noAnswered')} />
            </Form.Item>
            <Form.Item name="costFinding" label={t('evaluation.bidInput.cost')}>
              <Select
                allowClear
                options={[
                  { value: 'justified', label: t('evaluation.bidInput.justified') },
                  { value: 'below_cost', label: t('evaluation.bidInput.belowCost') },
                  { value: 'none', label: t('evaluation.bidInput.clear') },
                ]}
              />
            </Form.Item>
            <Button type="primary" htmlType="submit" loading={record.isPending}>
              {t('evaluation.bidInput.save')}
            </Button>
            <Button style={{ marginInlineStart: 8 }} onClick={() => setOpen(false)}>
              {t('common.cancel')}
            </Button>
          </Form>
          {record.isError && <AppErrorAlert error={record.error} focus />}
        </>
      )}
    </section>
  );
}

/**
 * The chair records what the committee decided about one bid beyond the sheets (issue 22 §3; S3, S7, S8):
 * the corrected price with the answered clarification in which the bidder confirmed it, the cost finding
 * after the written explanation of an abnormally low price, the policy claim (小微企业 / 联合体或分包 with the
 * SMEs' share, and its evidence) where the method grants price deductions, the monetary adjustments of
 * 经评审的最低投标价法 for the factors the tender lists, and under GP the brand of the core product (R87 §31). Every rule (which bid, which clarification, whether
 * the price is abnormally low, the claim's evidence and share, the factors) is checked by the server; its
 * refusal is shown in its words.
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
  policyKind?: 'sme' | 'consortium_sme' | 'none';
  /** the SMEs' share of a consortium or subcontract, in percent ("35") */
  smeSharePercent?: string;
  evidence?: string;
  /** per adjustment factor id: yuan, may be negative */
  adjustments?: Record<string, string | undefined>;
  /** GP: the core product's brand (R87 §31); blank clears it */
  brand?: string;
}

/** The method's price deductions (S3) and adjustment factors, read from the frozen method the view carries. */
function methodInputs(view: EvaluationView): { policy: boolean; consortium: boolean; adjustments: { id: string; nameZh: string }[] } {
  const m = view.method as { policy?: { consortiumRate: string | null } | null; adjustments?: { id: string; nameZh: string }[] };
  return { policy: !!m.policy, consortium: !!m.policy?.consortiumRate, adjustments: Array.isArray(m.adjustments) ? m.adjustments : [] };
}

/** Signed yuan ("-1200.50") → fen, or null when malformed. */
function signedYuanToFen(v: string): number | null {
  const s = v.trim();
  const negative = s.startsWith('-');
  const fen = yuanToFen(negative ? s.slice(1) : s);
  return fen === null ? null : negative ? -fen : fen;
}

/** "35" (percent, up to 2 decimals) → "0.35" for the domain; null when malformed or above 100. */
function percentToFraction(v: string): string | null {
  const m = /^(\d{1,3})(?:\.(\d{1,2}))?$/.exec(v.trim());
  if (!m) return null;
  const hundredths = Number(m[1]) * 100 + Number((m[2] ?? '').padEnd(2, '0'));
  if (hundredths > 10_000) return null;
  return (hundredths / 10_000).toFixed(4).replace(/0+$/, '').replace(/\.$/, '');
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
  const inputs = methodInputs(view);
  const policyKind = Form.useWatch('policyKind', form);
  const record = useMutation({
    mutationFn: (v: Values) => {
      const fen = v.correctedYuan?.trim() ? yuanToFen(v.correctedYuan.trim()) : undefined;
      const policy =
        v.policyKind === undefined
          ? undefined
          : v.policyKind === 'none'
            ? null
            : { kind: v.policyKind, smeShare: v.policyKind === 'consortium_sme' ? percentToFraction(v.smeSharePercent ?? '') : null, evidence: (v.evidence ?? '').trim() };
      const entered = Object.entries(v.adjustments ?? {}).filter((e): e is [string, string] => !!e[1]?.trim());
      const adjustmentsFen = entered.length ? Object.fromEntries(entered.map(([id, y]) => [id, signedYuanToFen(y)!])) : undefined;
      return api.evaluation.recordBidInput.mutate({
        evaluationId: view.id,
        bid: v.bid,
        ...(fen != null ? { correctedPriceFen: fen } : {}),
        ...(v.clarificationId ? { clarificationId: v.clarificationId } : {}),
        ...(v.costFinding ? { costFinding: v.costFinding === 'none' ? null : v.costFinding } : {}),
        ...(policy !== undefined ? { policy } : {}),
        ...(adjustmentsFen ? { adjustmentsFen } : {}),
        ...(v.brand !== undefined ? { brand: v.brand.trim() === '' ? null : v.brand.trim() } : {}),
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
            {inputs.policy && (
              <>
                <Form.Item name="policyKind" label={t('evaluation.bidInput.policy')} extra={t('evaluation.bidInput.policyHelp')}>
                  <Select
                    allowClear
                    data-testid="evaluation-bid-input-policy"
                    options={[
                      { value: 'sme', label: t('evaluation.bidInput.policySme') },
                      ...(inputs.consortium ? [{ value: 'consortium_sme', label: t('evaluation.bidInput.policyConsortium') }] : []),
                      { value: 'none', label: t('evaluation.bidInput.policyNone') },
                    ]}
                  />
                </Form.Item>
                {policyKind === 'consortium_sme' && (
                  <Form.Item
                    name="smeSharePercent"
                    label={t('evaluation.bidInput.smeShare')}
                    rules={[{ validator: (_r, v: string | undefined) => (percentToFraction(v ?? '') !== null ? Promise.resolve() : Promise.reject(new Error(t('evaluation.bidInput.smeShareInvalid')))) }]}
                  >
                    <Input inputMode="decimal" suffix="%" style={{ width: 160 }} />
                  </Form.Item>
                )}
                {policyKind !== undefined && policyKind !== 'none' && (
                  <Form.Item name="evidence" label={t('evaluation.bidInput.evidence')} rules={[{ required: true, whitespace: true, message: t('evaluation.bidInput.evidenceRequired') }]}>
                    <Input.TextArea rows={2} maxLength={500} showCount />
                  </Form.Item>
                )}
              </>
            )}
            {view.kind.startsWith('gp.') && (
              <Form.Item name="brand" label={t('evaluation.bidInput.brand')} extra={t('evaluation.bidInput.brandHelp')} rules={[{ max: 100, message: t('evaluation.bidInput.brandInvalid') }]}>
                <Input maxLength={100} style={{ width: 320 }} data-testid="evaluation-bid-input-brand" />
              </Form.Item>
            )}
            {inputs.adjustments.length > 0 && (
              <fieldset className="ebid-fieldset">
                <legend>{t('evaluation.bidInput.adjustments')}</legend>
                {inputs.adjustments.map((a) => (
                  <Form.Item
                    key={a.id}
                    name={['adjustments', a.id]}
                    label={`${a.nameZh}（${t('evaluation.bidInput.yuan')}）`}
                    rules={[{ validator: (_r, v: string | undefined) => (!v?.trim() || signedYuanToFen(v) !== null ? Promise.resolve() : Promise.reject(new Error(t('evaluation.bidInput.amountInvalid')))) }]}
                  >
                    <Input inputMode="decimal" style={{ width: 240 }} />
                  </Form.Item>
                ))}
              </fieldset>
            )}
            <Button type="primary" htmlType="submit" loading={record.isPending} data-testid="evaluation-bid-input-save">
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

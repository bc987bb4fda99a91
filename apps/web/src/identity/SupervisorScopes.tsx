/**
 * A supervisor account's scopes (issue 20 §4, M3), set by the center from the supervision organization's
 * accounts: rows of 行政区划代码 × trade type (engineering also an industry, or every industry). The server
 * checks each row (a typed VALIDATION naming it) and saves all or nothing.
 */
import { App as AntApp, Alert, Button, Form, Input, Modal, Select, Space, Typography } from 'antd';
import { MinusCircleOutlined, PlusOutlined } from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { INDUSTRIES, TRADE_TYPES, type TradeType } from '@ebid/domain';
import { useApi, type RouterOutputs } from '../api.ts';
import { AppErrorAlert } from '../components/AppErrorAlert.tsx';
import { useT } from '../i18n.ts';
import { INDUSTRY_KEYS, TRADE_KEYS } from '../labels.ts';

type Scope = RouterOutputs['user']['scopes'][number];
/** The form's row: '' stands for every industry (null on the wire). */
interface Row {
  regionCode: string;
  tradeType: TradeType;
  industry: string;
}

export function SupervisorScopesModal({ user, onClose }: { user: { id: number; displayName: string }; onClose: () => void }) {
  const t = useT();
  const api = useApi();
  const queryClient = useQueryClient();
  const { message } = AntApp.useApp();
  const key = ['user', 'scopes', user.id] as const;
  const scopes = useQuery({ queryKey: key, queryFn: () => api.user.scopes.query({ userId: user.id }) });
  const [form] = Form.useForm<{ scopes: Row[] }>();
  const rows = Form.useWatch('scopes', form) ?? [];
  const save = useMutation({
    mutationFn: (v: { scopes: Row[] }) =>
      api.user.setScopes.mutate({
        userId: user.id,
        scopes: (v.scopes ?? []).map((r) => ({ regionCode: r.regionCode.trim(), tradeType: r.tradeType, industry: r.tradeType === 'engineering' && r.industry ? r.industry : null })),
      }),
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: key });
      void message.success(t('scopes.saved'));
      onClose();
    },
  });
  const initial = (s: Scope[]): Row[] => s.map((x) => ({ regionCode: x.regionCode, tradeType: x.tradeType, industry: x.industry ?? '' }));

  return (
    <Modal
      open
      title={t('scopes.title', { name: user.displayName })}
      onCancel={onClose}
      width={760}
      okText={t('scopes.save')}
      onOk={() => form.submit()}
      okButtonProps={{ loading: save.isPending, disabled: !scopes.data, 'data-testid': 'scopes-save' }}
    >
      <Typography.Paragraph>{t('scopes.intro')}</Typography.Paragraph>
      {save.isError && (
        <div className="ebid-gap">
          <AppErrorAlert error={save.error} title={t('scopes.failed')} />
        </div>
      )}
      {scopes.isError ? (
        <AppErrorAlert error={scopes.error} onRetry={() => void scopes.refetch()} />
      ) : scopes.data ? (
        <Form form={form} layout="vertical" initialValues={{ scopes: initial(scopes.data) }} onFinish={(v) => save.mutate(v)} disabled={save.isPending} data-testid="scopes-form">
          {rows.length === 0 && <Alert type="warning" showIcon className="ebid-gap" message={t('scopes.none')} />}
          <Form.List name="scopes">
            {(fields, { add, remove }) => (
              <>
                {fields.map((f, i) => (
                  <Space key={f.key} align="baseline" wrap>
                    <Form.Item name={[f.name, 'regionCode']} label={t('scopes.region')} rules={[{ required: true, pattern: /^\d{6}$/, message: t('scopes.region.required') }]}>
                      <Input maxLength={6} inputMode="numeric" className="ebid-mono" style={{ width: 120 }} data-testid={`scope-region-${i}`} />
                    </Form.Item>
                    <Form.Item name={[f.name, 'tradeType']} label={t('scopes.tradeType')} rules={[{ required: true }]}>
                      <Select style={{ width: 140 }} options={TRADE_TYPES.map((tt) => ({ value: tt, label: t(TRADE_KEYS[tt]) }))} data-testid={`scope-trade-${i}`} />
                    </Form.Item>
                    {rows[i]?.tradeType === 'engineering' && (
                      <Form.Item name={[f.name, 'industry']} label={t('scopes.industry')}>
                        <Select
                          style={{ width: 220 }}
                          options={[{ value: '', label: t('scopes.industry.all') }, ...INDUSTRIES.map((x) => ({ value: x, label: t(INDUSTRY_KEYS[x]) }))]}
                          data-testid={`scope-industry-${i}`}
                        />
                      </Form.Item>
                    )}
                    <Button type="text" icon={<MinusCircleOutlined aria-hidden />} aria-label={t('scopes.remove', { n: i + 1 })} onClick={() => remove(f.name)} />
                  </Space>
                ))}
                <Button type="dashed" icon={<PlusOutlined aria-hidden />} onClick={() => add({ regionCode: '', tradeType: 'engineering', industry: '' })} data-testid="scope-add">
                  {t('scopes.add')}
                </Button>
              </>
            )}
          </Form.List>
        </Form>
      ) : null}
    </Modal>
  );
}

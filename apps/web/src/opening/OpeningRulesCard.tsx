/**
 * 开标规则 (owner side, while the project is a DRAFT; frozen with the tender): the decryption window, how
 * early bidders may sign in, and the float-point set of the K draw (percent, e.g. 1.5, 1.25, 1) — asked
 * only where a K coefficient exists (engineering, issue 18 §3: the server refuses one elsewhere).
 */
import { App as AntApp, Button, Card, Form, Input, InputNumber, Space, Typography } from 'antd';
import { SaveOutlined } from '@ant-design/icons';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { kCoefficientAllowed } from '@ebid/domain';
import { useApi } from '../api.ts';
import { useProjectT } from '../i18n.ts';
import { formatBp, kOfBp, OPENING_KEYS, parsePercentList, percentListText, type OpeningView } from './model.ts';
import { ErrorBox } from './ui.tsx';

interface RulesForm {
  decryptWindowMinutes: number;
  signInLeadMinutes: number;
  /** Absent where the trade type has no K coefficient (the field is not shown). */
  floatPoints?: string;
}

/** The sign-in lead in minutes as the view implies it (deadline − sign-in opening). */
export function leadMinutesOf(v: Pick<OpeningView, 'bidDeadline' | 'signInOpensAt'>): number {
  if (!v.bidDeadline || !v.signInOpensAt) return 1440;
  return Math.round((Date.parse(v.bidDeadline) - Date.parse(v.signInOpensAt)) / 60_000);
}

export function OpeningRulesCard({ view, editable }: { view: OpeningView; editable: boolean }) {
  const t = useProjectT();
  const api = useApi();
  const qc = useQueryClient();
  const { message } = AntApp.useApp();
  const [form] = Form.useForm<RulesForm>();
  const kAllowed = kCoefficientAllowed(view.tradeType);
  const floatText = Form.useWatch('floatPoints', form) ?? '';
  const parsed = parsePercentList(floatText);
  const save = useMutation({
    mutationFn: (v: RulesForm) => {
      const bps = kAllowed ? (parsePercentList(v.floatPoints ?? '') ?? []) : [];
      return api.opening.setRules.mutate({
        projectId: view.projectId,
        decryptWindowMinutes: v.decryptWindowMinutes,
        signInLeadMinutes: v.signInLeadMinutes,
        ...(kAllowed ? { floatPointsBp: bps.length ? bps : null } : {}),
      });
    },
    onSuccess: async () => {
      await qc.invalidateQueries({ queryKey: OPENING_KEYS.get(view.projectId) });
      await qc.invalidateQueries({ queryKey: ['project'] });
      void message.success(t('opening.rulesCard.openingRulesSaved'));
    },
  });
  return (
    <Card title={<h2 className="ebid-card-title">{t('opening.rulesCard.openingRules')}</h2>} data-testid="opening-rules">
      <Typography.Paragraph type="secondary">
        {editable
          ? t('opening.rulesCard.openingRulesPublished')
          : t('opening.rulesCard.openingRulesWere')}
      </Typography.Paragraph>
      <Form<RulesForm>
        form={form}
        layout="vertical"
        disabled={!editable || save.isPending}
        initialValues={{
          decryptWindowMinutes: view.decryptWindowMinutes,
          signInLeadMinutes: leadMinutesOf(view),
          floatPoints: view.k ? percentListText(view.k.floatPointsBp) : '',
        }}
        onFinish={(v) => save.mutate(v)}
      >
        <Space wrap align="start" size={[24, 0]}>
          <Form.Item name="decryptWindowMinutes" label={t('opening.rulesCard.decryptionWindowMinutes')} rules={[{ required: true, type: 'number', min: 10, max: 240, message: t('opening.rulesCard.n10240Minutes') }]}>
            <InputNumber min={10} max={240} precision={0} style={{ width: 160 }} />
          </Form.Item>
          <Form.Item name="signInLeadMinutes" label={t('opening.rulesCard.signInOpens')} rules={[{ required: true, type: 'number', min: 0, max: 4320, message: t('opening.rulesCard.n04320Minutes') }]}>
            <InputNumber min={0} max={4320} precision={0} style={{ width: 160 }} />
          </Form.Item>
          {kAllowed && (
            <Form.Item
              name="floatPoints"
              label={t('opening.rulesCard.floatPoints')}
              extra={
                parsed && parsed.length
                  ? parsed.map((bp) => `${formatBp(bp)} → K=${kOfBp(bp)}`).join('；')
                  : t('opening.rulesCard.commaSeparatedE')
              }
              rules={[
                {
                  validator: (_r, value: string | undefined) => {
                    const l = parsePercentList(value ?? '');
                    if (l === null) return Promise.reject(new Error(t('opening.rulesCard.percentagesBetween0')));
                    if (l.length === 1 || l.length > 20 || new Set(l).size !== l.length) {
                      return Promise.reject(new Error(t('opening.rulesCard.n220Distinct')));
                    }
                    return Promise.resolve();
                  },
                },
              ]}
            >
              <Input style={{ width: 320 }} />
            </Form.Item>
          )}
        </Space>
        {editable && (
          <Button type="primary" htmlType="submit" icon={<SaveOutlined aria-hidden />} loading={save.isPending}>
            {t('opening.rulesCard.saveOpeningRules')}
          </Button>
        )}
        {save.isError && <ErrorBox error={save.error} />}
      </Form>
    </Card>
  );
}

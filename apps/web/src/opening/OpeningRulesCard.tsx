/**
 * 开标规则 (owner side, while the project is a DRAFT; frozen with the tender): the decryption window, how
 * early bidders may sign in, and the float-point set of the K draw (percent, e.g. 1.5, 1.25, 1).
 */
import { App as AntApp, Button, Card, Form, Input, InputNumber, Space, Typography } from 'antd';
import { SaveOutlined } from '@ant-design/icons';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useApi } from '../api.ts';
import { pick, useLang } from '../i18n.ts';
import { formatBp, kOfBp, OPENING_KEYS, parsePercentList, percentListText, type OpeningView } from './model.ts';
import { ErrorBox } from './ui.tsx';

interface RulesForm {
  decryptWindowMinutes: number;
  signInLeadMinutes: number;
  floatPoints: string;
}

/** The sign-in lead in minutes as the view implies it (deadline − sign-in opening). */
export function leadMinutesOf(v: Pick<OpeningView, 'bidDeadline' | 'signInOpensAt'>): number {
  if (!v.bidDeadline || !v.signInOpensAt) return 1440;
  return Math.round((Date.parse(v.bidDeadline) - Date.parse(v.signInOpensAt)) / 60_000);
}

export function OpeningRulesCard({ view, editable }: { view: OpeningView; editable: boolean }) {
  const { lang } = useLang();
  const api = useApi();
  const qc = useQueryClient();
  const { message } = AntApp.useApp();
  const [form] = Form.useForm<RulesForm>();
  const floatText = Form.useWatch('floatPoints', form) ?? '';
  const parsed = parsePercentList(floatText);
  const save = useMutation({
    mutationFn: (v: RulesForm) => {
      const bps = parsePercentList(v.floatPoints) ?? [];
      return api.opening.setRules.mutate({
        projectId: view.projectId,
        decryptWindowMinutes: v.decryptWindowMinutes,
        signInLeadMinutes: v.signInLeadMinutes,
        floatPointsBp: bps.length ? bps : null,
      });
    },
    onSuccess: async () => {
      await qc.invalidateQueries({ queryKey: OPENING_KEYS.get(view.projectId) });
      await qc.invalidateQueries({ queryKey: ['project'] });
      void message.success(pick(lang, { zh: '开标规则已保存', en: 'Opening rules saved' }));
    },
  });
  return (
    <Card title={<h2 className="ebid-card-title">{pick(lang, { zh: '开标规则', en: 'Opening rules' })}</h2>} data-testid="opening-rules">
      <Typography.Paragraph type="secondary">
        {editable
          ? pick(lang, { zh: '开标规则随招标文件发布，发布后不能修改。', en: 'The opening rules are published with the tender and frozen afterwards.' })
          : pick(lang, { zh: '开标规则已随招标文件发布，不能修改。', en: 'The opening rules were published with the tender; they cannot change.' })}
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
          <Form.Item name="decryptWindowMinutes" label={pick(lang, { zh: '解密时限（分钟）', en: 'Decryption window (minutes)' })} rules={[{ required: true, type: 'number', min: 10, max: 240, message: pick(lang, { zh: '10至240分钟', en: '10 to 240 minutes' }) }]}>
            <InputNumber min={10} max={240} precision={0} style={{ width: 160 }} />
          </Form.Item>
          <Form.Item name="signInLeadMinutes" label={pick(lang, { zh: '签到提前时间（分钟）', en: 'Sign-in opens before the deadline (minutes)' })} rules={[{ required: true, type: 'number', min: 0, max: 4320, message: pick(lang, { zh: '0至4320分钟', en: '0 to 4320 minutes' }) }]}>
            <InputNumber min={0} max={4320} precision={0} style={{ width: 160 }} />
          </Form.Item>
          <Form.Item
            name="floatPoints"
            label={pick(lang, { zh: '浮动点集合（%）', en: 'Float points (%)' })}
            extra={
              parsed && parsed.length
                ? parsed.map((bp) => `${formatBp(bp)} → K=${kOfBp(bp)}`).join('；')
                : pick(lang, { zh: '用逗号分隔，如 1.5, 1.25, 1, 0.75, 0.5, 0.25；留空为不抽取（工程建设项目使用默认集合）', en: 'Comma-separated, e.g. 1.5, 1.25, 1, 0.75, 0.5, 0.25; blank: no draw (engineering uses the default set)' })
            }
            rules={[
              {
                validator: (_r, value: string | undefined) => {
                  const l = parsePercentList(value ?? '');
                  if (l === null) return Promise.reject(new Error(pick(lang, { zh: '请输入0至20之间、最多两位小数的百分数', en: 'Percentages between 0 and 20, at most two decimals' })));
                  if (l.length === 1 || l.length > 20 || new Set(l).size !== l.length) {
                    return Promise.reject(new Error(pick(lang, { zh: '浮动点集合应为2至20个互不相同的值', en: '2 to 20 distinct values' })));
                  }
                  return Promise.resolve();
                },
              },
            ]}
          >
            <Input style={{ width: 320 }} />
          </Form.Item>
        </Space>
        {editable && (
          <Button type="primary" htmlType="submit" icon={<SaveOutlined aria-hidden />} loading={save.isPending}>
            {pick(lang, { zh: '保存开标规则', en: 'Save the opening rules' })}
          </Button>
        )}
        {save.isError && <ErrorBox error={save.error} />}
      </Form>
    </Card>
  );
}

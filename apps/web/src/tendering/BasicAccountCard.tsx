import { useState } from 'react';
import { App as AntApp, Button, Card, Descriptions, Form, Input, Space, Spin } from 'antd';
import { EditOutlined } from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useApi, useMe } from '../api.ts';
import { AppErrorAlert } from '../components/AppErrorAlert.tsx';
import { pick, useLang } from '../i18n.ts';

interface Values {
  bank: string;
  accountNo: string;
}

/**
 * 基本账户 of a bidder company (B7: engineering cash securities must come from it). Shown to the company's
 * users; its administrator (or center staff, given `orgId`) can edit it.
 */
export function BasicAccountCard({ orgId: orgIdProp }: { orgId?: number }) {
  const { lang } = useLang();
  const api = useApi();
  const me = useMe();
  const queryClient = useQueryClient();
  const { message } = AntApp.useApp();
  const actor = me.data?.actor ?? null;
  const orgId = orgIdProp ?? actor?.orgId;
  const org = useQuery({ queryKey: ['org', 'get', orgId], queryFn: () => api.org.get.query({ orgId: orgId! }), enabled: orgId !== undefined });
  const [editing, setEditing] = useState(false);
  const [form] = Form.useForm<Values>();
  const save = useMutation({
    mutationFn: (v: Values) => api.org.setBasicAccount.mutate({ ...(orgIdProp ? { orgId: orgIdProp } : {}), bank: v.bank, accountNo: v.accountNo }),
    onSuccess: async () => {
      void message.success(pick(lang, { zh: '基本账户已保存', en: 'Basic account saved' }));
      setEditing(false);
      await queryClient.invalidateQueries({ queryKey: ['org', 'get', orgId] });
    },
  });
  const mayEdit = !!actor && ((actor.role === 'bidder' && actor.isOrgAdmin && actor.orgId === orgId) || ((actor.role === 'staff' || actor.role === 'platform_admin') && orgIdProp !== undefined));
  const o = org.data;
  return (
    <Card
      title={<h2 className="ebid-card-title">{pick(lang, { zh: '基本账户', en: 'Basic account' })}</h2>}
      data-testid="basic-account-card"
      extra={
        mayEdit &&
        !editing && (
          <Button
            icon={<EditOutlined aria-hidden />}
            onClick={() => {
              form.setFieldsValue({ bank: o?.basicAccountBank ?? '', accountNo: o?.basicAccountNo ?? '' });
              setEditing(true);
            }}
          >
            {pick(lang, { zh: '修改基本账户', en: 'Edit basic account' })}
          </Button>
        )
      }
    >
      {org.isError && <AppErrorAlert error={org.error} onRetry={() => void org.refetch()} />}
      {org.isPending && orgId !== undefined ? (
        <Spin />
      ) : editing ? (
        <Form form={form} layout="vertical" onFinish={(v) => save.mutate(v)}>
          {save.isError && <AppErrorAlert error={save.error} title={pick(lang, { zh: '保存失败', en: 'Saving failed' })} />}
          <Form.Item name="bank" label={pick(lang, { zh: '开户银行', en: 'Bank' })} rules={[{ required: true, min: 2, max: 100 }]}>
            <Input />
          </Form.Item>
          <Form.Item
            name="accountNo"
            label={pick(lang, { zh: '账号', en: 'Account number' })}
            rules={[{ required: true, pattern: /^[0-9][0-9 -]{4,38}[0-9]$/, message: pick(lang, { zh: '6–40位，只能包含数字、空格和短横线', en: '6–40 characters: digits, spaces and dashes' }) }]}
          >
            <Input inputMode="numeric" />
          </Form.Item>
          <Space>
            <Button type="primary" htmlType="submit" loading={save.isPending}>
              {pick(lang, { zh: '保存', en: 'Save' })}
            </Button>
            <Button onClick={() => setEditing(false)}>{pick(lang, { zh: '取消', en: 'Cancel' })}</Button>
          </Space>
        </Form>
      ) : (
        <Descriptions
          size="small"
          column={1}
          items={[
            { key: 'bank', label: pick(lang, { zh: '开户银行', en: 'Bank' }), children: o?.basicAccountBank ?? pick(lang, { zh: '未登记', en: 'Not recorded' }) },
            { key: 'no', label: pick(lang, { zh: '账号', en: 'Account number' }), children: <span className="ebid-mono">{o?.basicAccountNo ?? '—'}</span> },
          ]}
        />
      )}
    </Card>
  );
}

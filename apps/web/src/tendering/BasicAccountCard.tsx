import { useState } from 'react';
import { App as AntApp, Button, Card, Descriptions, Form, Input, Space, Spin } from 'antd';
import { EditOutlined } from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useApi, useMe } from '../api.ts';
import { AppErrorAlert } from '../components/AppErrorAlert.tsx';
import { useT } from '../i18n.ts';

interface Values {
  bank: string;
  accountNo: string;
}

/**
 * 基本账户 of a bidder company (B7: engineering cash securities must come from it). Shown to the company's
 * users; its administrator (or center staff, given `orgId`) can edit it.
 */
export function BasicAccountCard({ orgId: orgIdProp }: { orgId?: number }) {
  const t = useT();
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
      void message.success(t('deposits.basicAccountCard.basicAccountSaved'));
      setEditing(false);
      await queryClient.invalidateQueries({ queryKey: ['org', 'get', orgId] });
    },
  });
  const mayEdit = !!actor && ((actor.role === 'bidder' && actor.isOrgAdmin && actor.orgId === orgId) || ((actor.role === 'staff' || actor.role === 'platform_admin') && orgIdProp !== undefined));
  const o = org.data;
  return (
    <Card
      title={<h2 className="ebid-card-title">{t('deposits.basicAccountCard.basicAccount')}</h2>}
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
            {t('deposits.basicAccountCard.editBasicAccount')}
          </Button>
        )
      }
    >
      {org.isError && <AppErrorAlert error={org.error} onRetry={() => void org.refetch()} />}
      {org.isPending && orgId !== undefined ? (
        <Spin />
      ) : editing ? (
        <Form form={form} layout="vertical" onFinish={(v) => save.mutate(v)}>
          {save.isError && <AppErrorAlert error={save.error} title={t('deposits.basicAccountCard.savingFailed')} />}
          <Form.Item name="bank" label={t('deposits.basicAccountCard.bank')} rules={[{ required: true, min: 2, max: 100 }]}>
            <Input />
          </Form.Item>
          <Form.Item
            name="accountNo"
            label={t('deposits.basicAccountCard.accountNumber')}
            rules={[{ required: true, pattern: /^[0-9][0-9 -]{4,38}[0-9]$/, message: t('deposits.basicAccountCard.n640Characters') }]}
          >
            <Input inputMode="numeric" />
          </Form.Item>
          <Space>
            <Button type="primary" htmlType="submit" loading={save.isPending}>
              {t('deposits.basicAccountCard.save')}
            </Button>
            <Button onClick={() => setEditing(false)}>{t('common.cancel')}</Button>
          </Space>
        </Form>
      ) : (
        <Descriptions
          size="small"
          column={1}
          items={[
            { key: 'bank', label: t('deposits.basicAccountCard.bank'), children: o?.basicAccountBank ?? t('deposits.basicAccountCard.recorded') },
            { key: 'no', label: t('deposits.basicAccountCard.accountNumber'), children: <span className="ebid-mono">{o?.basicAccountNo ?? '—'}</span> },
          ]}
        />
      )}
    </Card>
  );
}

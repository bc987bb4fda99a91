import { useState } from 'react';
import { Alert, App as AntApp, Button, Card, Checkbox, Form, Input, Modal, Popconfirm, Space, Table, Typography } from 'antd';
import { CopyOutlined, KeyOutlined, PlusOutlined, StopOutlined, CheckCircleOutlined } from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useOutletContext } from 'react-router';
import { useApi, type Actor, type RouterOutputs } from '../api.ts';
import { formatBeijingDateTime } from '../clock.ts';
import { AppErrorAlert } from '../components/AppErrorAlert.tsx';
import { ActiveTag, StatusTag } from '../components/StatusTag.tsx';
import { errorMessage, toAppErrorView } from '../errors.ts';
import { passwordRules, placeServerErrors, usernameRules, type FieldPath } from '../forms.ts';
import { useLang, useT } from '../i18n.ts';
import { BasicAccountCard } from '../tendering/BasicAccountCard.tsx';

export type OrgUser = RouterOutputs['user']['list'][number];
const usersKey = (orgId: number) => ['user', 'list', orgId] as const;

/** 企业用户: the company administrator's list of the company's accounts. */
export function OrgUsersPage() {
  const t = useT();
  const { lang } = useLang();
  const api = useApi();
  const actor = useOutletContext<Actor>();
  const queryClient = useQueryClient();
  const { message } = AntApp.useApp();
  const users = useQuery({ queryKey: usersKey(actor.orgId), queryFn: () => api.user.list.query({}) });
  const [adding, setAdding] = useState(false);
  const [token, setToken] = useState<{ user: OrgUser; token: string; expiresAt: string } | null>(null);

  const showError = (err: unknown) => {
    const view = toAppErrorView(err);
    void message.error(`${errorMessage(view, lang)} (${t('error.code')}: ${view.code})`);
  };

  const setActive = useMutation({
    mutationFn: (v: { userId: number; active: boolean }) => api.user.setActive.mutate(v),
    onSuccess: async (u) => {
      await queryClient.invalidateQueries({ queryKey: usersKey(actor.orgId) });
      void message.success(t(u.active ? 'users.activated' : 'users.deactivated', { name: u.displayName }));
    },
    onError: showError,
  });
  const issueReset = useMutation({
    mutationFn: (user: OrgUser) => api.user.issuePasswordReset.mutate({ userId: user.id }),
    onSuccess: (r, user) => setToken({ user, token: r.token, expiresAt: r.expiresAt }),
    onError: showError,
  });

  return (
    <div className="ebid-stack">
      <Card>
        <Space wrap className="ebid-toolbar">
          <Typography.Text>{t('users.intro', { org: actor.orgName })}</Typography.Text>
          <Button type="primary" icon={<PlusOutlined aria-hidden />} onClick={() => setAdding(true)} data-testid="user-add">
            {t('users.add')}
          </Button>
        </Space>
      </Card>
      {/* B7: a bidder company's basic account, which engineering cash securities must come from. */}
      {actor.role === 'bidder' && <BasicAccountCard />}
      <Card title={<h2 className="ebid-card-title">{t('users.list')}</h2>}>
        {users.isError ? (
          <AppErrorAlert error={users.error} onRetry={() => void users.refetch()} />
        ) : (
          <Table<OrgUser>
            rowKey="id"
            size="medium"
            loading={users.isPending}
            dataSource={users.data ?? []}
            pagination={{ pageSize: 20, hideOnSinglePage: true }}
            scroll={{ x: 860 }}
            data-testid="users-table"
            columns={[
              { key: 'username', title: t('form.username'), render: (_v, u) => <span className="ebid-mono">{u.username}</span> },
              { key: 'displayName', title: t('form.displayName'), dataIndex: 'displayName' },
              { key: 'email', title: t('form.email'), render: (_v, u) => u.email ?? '—' },
              {
                key: 'flags',
                title: t('users.status'),
                render: (_v, u) => (
                  <Space size={4} wrap>
                    <ActiveTag active={u.active} />
                    {u.isOrgAdmin && <StatusTag tone="blue">{t('users.admin')}</StatusTag>}
                    {u.id === actor.userId && <StatusTag tone="default">{t('users.me')}</StatusTag>}
                  </Space>
                ),
              },
              { key: 'createdAt', title: t('users.createdAt'), render: (_v, u) => formatBeijingDateTime(Date.parse(u.createdAt)) },
              {
                key: 'actions',
                title: t('table.actions'),
                render: (_v, u) => (
                  <Space size={4} wrap>
                    {u.active ? (
                      <Popconfirm
                        title={t('users.deactivate.confirm', { name: u.displayName })}
                        description={t('users.deactivate.body')}
                        okText={t('users.deactivate')}
                        okButtonProps={{ danger: true }}
                        cancelText={t('common.cancel')}
                        onConfirm={() => setActive.mutate({ userId: u.id, active: false })}
                        disabled={u.id === actor.userId}
                      >
                        <Button size="small" danger icon={<StopOutlined aria-hidden />} disabled={u.id === actor.userId} data-testid={`deactivate-${u.username}`}>
                          {t('users.deactivate')}
                        </Button>
                      </Popconfirm>
                    ) : (
                      <Button
                        size="small"
                        icon={<CheckCircleOutlined aria-hidden />}
                        onClick={() => setActive.mutate({ userId: u.id, active: true })}
                        loading={setActive.isPending && setActive.variables.userId === u.id}
                        data-testid={`activate-${u.username}`}
                      >
                        {t('users.activate')}
                      </Button>
                    )}
                    <Button
                      size="small"
                      icon={<KeyOutlined aria-hidden />}
                      onClick={() => issueReset.mutate(u)}
                      loading={issueReset.isPending && issueReset.variables.id === u.id}
                      data-testid={`reset-${u.username}`}
                    >
                      {t('users.reset')}
                    </Button>
                  </Space>
                ),
              },
            ]}
          />
        )}
      </Card>
      {adding && (
        <AddUserModal
          onClose={() => setAdding(false)}
          onCreated={(u) => {
            setAdding(false);
            void queryClient.invalidateQueries({ queryKey: usersKey(actor.orgId) });
            void message.success(t('users.created', { name: u.displayName }));
          }}
        />
      )}
      {token && <OneTimeTokenModal {...token} onClose={() => setToken(null)} />}
    </div>
  );
}

interface AddUserForm {
  username: string;
  displayName: string;
  email?: string;
  password: string;
  isOrgAdmin: boolean;
}

const SERVER_FIELDS: Record<string, FieldPath> = {
  username: 'username',
  displayName: 'displayName',
  email: 'email',
  password: 'password',
};

function AddUserModal({ onClose, onCreated }: { onClose: () => void; onCreated: (u: OrgUser) => void }) {
  const t = useT();
  const { lang } = useLang();
  const api = useApi();
  const [form] = Form.useForm<AddUserForm>();
  const [error, setError] = useState<unknown>(null);
  const create = useMutation({
    mutationFn: (v: AddUserForm) => {
      const email = v.email?.trim();
      return api.user.create.mutate({
        username: v.username.trim().toLowerCase(),
        displayName: v.displayName.trim(),
        password: v.password,
        isOrgAdmin: v.isOrgAdmin,
        ...(email ? { email } : {}),
      });
    },
  });
  const onFinish = (v: AddUserForm) => {
    setError(null);
    create.mutate(v, {
      onSuccess: onCreated,
      onError: (err) => {
        if (!placeServerErrors(form, err, lang, SERVER_FIELDS)) setError(err);
      },
    });
  };
  return (
    <Modal
      open
      title={t('users.add')}
      onCancel={create.isPending ? undefined : onClose}
      okText={t('users.add.submit')}
      cancelText={t('common.cancel')}
      onOk={() => form.submit()}
      okButtonProps={{ loading: create.isPending }}
      mask={{ closable: false }}
      destroyOnHidden
    >
      {error != null && (
        <div className="ebid-gap">
          <AppErrorAlert error={error} title={t('users.add.failed')} />
        </div>
      )}
      <Form<AddUserForm>
        form={form}
        layout="vertical"
        requiredMark
        initialValues={{ isOrgAdmin: false }}
        onFinish={onFinish}
        disabled={create.isPending}
        aria-label={t('users.add')}
      >
        <Form.Item name="username" label={t('form.username')} rules={usernameRules(t)} extra={t('form.username.hint')}>
          <Input autoComplete="off" />
        </Form.Item>
        <Form.Item name="displayName" label={t('form.displayName')} rules={[{ required: true, whitespace: true, message: t('form.displayName.required') }]}>
          <Input autoComplete="off" />
        </Form.Item>
        <Form.Item name="email" label={t('form.email')} rules={[{ type: 'email', message: t('form.email.format') }]}>
          <Input autoComplete="off" />
        </Form.Item>
        <Form.Item name="password" label={t('users.initialPassword')} rules={passwordRules(t)} extra={t('form.password.hint')}>
          <Input.Password autoComplete="new-password" />
        </Form.Item>
        <Form.Item name="isOrgAdmin" valuePropName="checked">
          <Checkbox>{t('users.makeAdmin')}</Checkbox>
        </Form.Item>
      </Form>
    </Modal>
  );
}

/** The reset token, shown once: copy it now, hand it over out of band. */
export function OneTimeTokenModal({ user, token, expiresAt, onClose }: { user: OrgUser; token: string; expiresAt: string; onClose: () => void }) {
  const t = useT();
  const { message } = AntApp.useApp();
  const [copied, setCopied] = useState(false);
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(token);
      setCopied(true);
      void message.success(t('users.token.copied'));
    } catch {
      void message.error(t('users.token.copyFailed'));
    }
  };
  return (
    <Modal
      open
      title={t('users.token.title', { name: user.displayName })}
      onCancel={onClose}
      mask={{ closable: false }}
      footer={[
        <Button key="close" type="primary" onClick={onClose} data-testid="token-close">
          {t('users.token.done')}
        </Button>,
      ]}
    >
      <Alert className="ebid-gap" type="warning" showIcon title={t('users.token.once')} description={t('users.token.howto')} />
      <label htmlFor="reset-token" className="ebid-label">
        {t('reset.token')}
      </label>
      <Space.Compact block>
        <Input id="reset-token" readOnly value={token} className="ebid-mono" data-testid="reset-token" onFocus={(e) => e.target.select()} />
        <Button icon={<CopyOutlined aria-hidden />} onClick={() => void copy()} data-testid="token-copy">
          {copied ? t('users.token.copiedShort') : t('users.token.copy')}
        </Button>
      </Space.Compact>
      <Typography.Paragraph type="secondary" className="ebid-gap-top">
        {t('users.token.expires', { at: formatBeijingDateTime(Date.parse(expiresAt)) })}
      </Typography.Paragraph>
    </Modal>
  );
}

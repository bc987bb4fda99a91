import { useState } from 'react';
import { Alert, App as AntApp, Button, Card, Checkbox, Form, Input, Modal, Popconfirm, Space, Tag, Typography } from 'antd';
import { KeyOutlined, PlusOutlined, SafetyCertificateOutlined, StopOutlined, CheckCircleOutlined } from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useOutletContext } from 'react-router';
import { useApi, type Actor, type RouterOutputs } from '../api.ts';
import { formatBeijingDateTime } from '../clock.ts';
import { AppErrorAlert } from '../components/AppErrorAlert.tsx';
import { ActiveTag } from '../components/StatusTag.tsx';
import { errorMessage, toAppErrorView } from '../errors.ts';
import { passwordRules, placeServerErrors, usernameRules, type FieldPath } from '../forms.ts';
import { useLang, useT } from '../i18n.ts';
import { BasicAccountCard } from '../tendering/BasicAccountCard.tsx';
import { DenseTable } from '../components/DenseTable.tsx';

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
  const [sent, setSent] = useState<{ user: OrgUser; sentTo: string; expiresAt: string } | null>(null);
  const [approving, setApproving] = useState<OrgUser | null>(null);

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
    onSuccess: (r, user) => setSent({ user, sentTo: r.sentTo, expiresAt: r.expiresAt }),
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
          <DenseTable<OrgUser>
            rowKey="id"
            loading={users.isPending}
            dataSource={users.data ?? []}
            pagination={{ pageSize: 20, hideOnSinglePage: true }}
            testId="users-table"
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
                    {u.isOrgAdmin && <Tag>{t('users.admin')}</Tag>}
                    {u.id === actor.userId && <Tag>{t('users.me')}</Tag>}
                  </Space>
                ),
              },
              { key: 'createdAt', title: t('users.createdAt'), render: (_v, u) => formatBeijingDateTime(Date.parse(u.createdAt)) },
              {
                key: 'actions',
                fixed: 'right',
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
                    {u.id !== actor.userId && (
                      <Button size="small" icon={<SafetyCertificateOutlined aria-hidden />} onClick={() => setApproving(u)} data-testid={`approve-cert-${u.username}`}>
                        {t('users.approveCert')}
                      </Button>
                    )}
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
      {sent && <ResetSentModal {...sent} onClose={() => setSent(null)} />}
      {approving && (
        <ApproveCertModal
          user={approving}
          onClose={() => setApproving(null)}
          onDone={(at) => {
            void message.success(t('users.approveCert.done', { name: approving.displayName, at: formatBeijingDateTime(Date.parse(at)) }));
            setApproving(null);
          }}
        />
      )}
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

/** 添加用户: a user of the caller's own organization, or (center staff and the platform admin) of `orgId`. */
export function AddUserModal({ orgId, onClose, onCreated }: { orgId?: number; onClose: () => void; onCreated: (u: OrgUser) => void }) {
  const t = useT();
  const { lang } = useLang();
  const api = useApi();
  const [form] = Form.useForm<AddUserForm>();
  const [error, setError] = useState<unknown>(null);
  const create = useMutation({
    mutationFn: (v: AddUserForm) => {
      const email = v.email?.trim();
      return api.user.create.mutate({
        ...(orgId === undefined ? {} : { orgId }),
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

/** The reset link went to the user's own e-mail: the issuer learns where, never the link (issue 13 §4). */
export function ResetSentModal({ user, sentTo, expiresAt, onClose }: { user: OrgUser; sentTo: string; expiresAt: string; onClose: () => void }) {
  const t = useT();
  return (
    <Modal
      open
      title={t('users.resetSent.title', { name: user.displayName })}
      onCancel={onClose}
      footer={[
        <Button key="close" type="primary" onClick={onClose} data-testid="reset-sent-close">
          {t('common.close')}
        </Button>,
      ]}
    >
      <Alert
        type="success"
        showIcon
        title={t('users.resetSent.body', { to: sentTo })}
        description={t('users.resetSent.howto', { at: formatBeijingDateTime(Date.parse(expiresAt)) })}
        data-testid="reset-sent"
      />
    </Modal>
  );
}

/**
 * 同意重新申请证书: a user who lost the key of a still valid certificate may apply for new ones only with
 * the approval of the company administrator (another person) or the center — audited, used once, 24 h.
 */
function ApproveCertModal({ user, onClose, onDone }: { user: OrgUser; onClose: () => void; onDone: (expiresAt: string) => void }) {
  const t = useT();
  const { lang } = useLang();
  const api = useApi();
  const [form] = Form.useForm<{ reason: string }>();
  const [error, setError] = useState<unknown>(null);
  const approve = useMutation({ mutationFn: (reason: string) => api.cert.approveIssuance.mutate({ userId: user.id, reason }) });
  return (
    <Modal
      open
      title={t('users.approveCert.title', { name: user.displayName })}
      onCancel={approve.isPending ? undefined : onClose}
      okText={t('users.approveCert.submit')}
      cancelText={t('common.cancel')}
      onOk={() => form.submit()}
      okButtonProps={{ loading: approve.isPending }}
      destroyOnHidden
    >
      <Typography.Paragraph type="secondary">{t('users.approveCert.intro')}</Typography.Paragraph>
      {error != null && (
        <div className="ebid-gap">
          <AppErrorAlert error={error} />
        </div>
      )}
      <Form<{ reason: string }>
        form={form}
        layout="vertical"
        onFinish={(v) => {
          setError(null);
          approve.mutate(v.reason.trim(), {
            onSuccess: (r) => onDone(r.expiresAt),
            onError: (err) => {
              if (!placeServerErrors(form, err, lang, { reason: 'reason' })) setError(err);
            },
          });
        }}
        aria-label={t('users.approveCert.title', { name: user.displayName })}
      >
        <Form.Item name="reason" label={t('users.approveCert.reason')} rules={[{ required: true, whitespace: true, min: 2, message: t('users.approveCert.reason.required') }]}>
          <Input.TextArea rows={3} maxLength={500} showCount />
        </Form.Item>
      </Form>
    </Modal>
  );
}

/**
 * The center creates organizations and their accounts (issue 15 §1: "from there the administrator
 * creates staff and supervisors in the web"): 新建机构 — a tenderee, agent, supervisor, expert pool or
 * bidder organization, active at once, with its administrator account — and 账号, the users of one
 * organization with 添加用户. The server checks everything again (credit code, reserved names, roles).
 */
import { useState } from 'react';
import { App as AntApp, Button, Checkbox, Divider, Form, Input, Modal, Select, Space, Table, Tag, Typography } from 'antd';
import { PlusOutlined } from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useApi } from '../api.ts';
import { AppErrorAlert } from '../components/AppErrorAlert.tsx';
import { ActiveTag } from '../components/StatusTag.tsx';
import { ContactPhoneField, CreditCodeField, NewAdminFields } from '../components/OrganizationFields.tsx';
import { normalizeCreditCode, placeServerErrors, type FieldPath } from '../forms.ts';
import { useLang, useT } from '../i18n.ts';
import { ORG_KIND_KEYS, type Organization } from './OrgReviewPage.tsx';
import { AddUserModal, type OrgUser } from './OrgUsersPage.tsx';
import { SupervisorScopesModal } from './SupervisorScopes.tsx';

/** The kinds the center creates here (the center itself exists from `ebid admin create`). */
const CREATABLE_KINDS = ['supervisor', 'tenderee', 'agent', 'expert_pool', 'bidder'] as const;
type CreatableKind = (typeof CREATABLE_KINDS)[number];

interface CreateOrgForm {
  kind: CreatableKind;
  name: string;
  creditCode: string;
  contactPhone?: string;
  withAdmin: boolean;
  admin?: { username: string; displayName: string; email?: string; password: string; confirm: string };
}


const SERVER_FIELDS: Record<string, FieldPath> = {
  creditCode: 'creditCode',
  name: 'name',
  kind: 'kind',
  contactPhone: 'contactPhone',
  username: ['admin', 'username'],
  password: ['admin', 'password'],
  'admin.username': ['admin', 'username'],
  'admin.displayName': ['admin', 'displayName'],
  'admin.email': ['admin', 'email'],
  'admin.password': ['admin', 'password'],
};

/** The request as org.create takes it: trimmed, empty optionals left out, the confirmation dropped. */
export function toCreateOrgInput(v: CreateOrgForm) {
  const phone = v.contactPhone?.trim();
  const email = v.admin?.email?.trim();
  return {
    kind: v.kind,
    name: v.name.trim(),
    creditCode: normalizeCreditCode(v.creditCode),
    ...(phone ? { contactPhone: phone } : {}),
    ...(v.withAdmin && v.admin
      ? {
          admin: {
            username: v.admin.username.trim().toLowerCase(),
            displayName: v.admin.displayName.trim(),
            password: v.admin.password,
            ...(email ? { email } : {}),
          },
        }
      : {}),
  };
}

/** 新建机构. */
export function CreateOrgModal({ onClose, onCreated }: { onClose: () => void; onCreated: (org: Organization) => void }) {
  const t = useT();
  const { lang } = useLang();
  const api = useApi();
  const [form] = Form.useForm<CreateOrgForm>();
  const [error, setError] = useState<unknown>(null);
  const withAdmin = Form.useWatch('withAdmin', form) ?? true;
  const create = useMutation({ mutationFn: (v: CreateOrgForm) => api.org.create.mutate(toCreateOrgInput(v)) });
  const onFinish = (v: CreateOrgForm) => {
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
      title={t('orgs.create')}
      onCancel={create.isPending ? undefined : onClose}
      okText={t('orgs.create.submit')}
      cancelText={t('common.cancel')}
      onOk={() => form.submit()}
      okButtonProps={{ loading: create.isPending, 'data-testid': 'org-create-submit' }}
      mask={{ closable: false }}
      destroyOnHidden
      width={640}
    >
      <Typography.Paragraph type="secondary">{t('orgs.create.intro')}</Typography.Paragraph>
      {error != null && (
        <div className="ebid-gap">
          <AppErrorAlert error={error} title={t('orgs.create.failed')} />
        </div>
      )}
      <Form<CreateOrgForm>
        form={form}
        layout="vertical"
        requiredMark
        initialValues={{ kind: 'supervisor', withAdmin: true }}
        onFinish={onFinish}
        disabled={create.isPending}
        aria-label={t('orgs.create')}
        scrollToFirstError
      >
        <Form.Item name="kind" label={t('orgs.kind')} rules={[{ required: true, message: t('orgs.kind.required') }]}>
          <Select options={CREATABLE_KINDS.map((k) => ({ value: k, label: t(ORG_KIND_KEYS[k]) }))} data-testid="org-create-kind" />
        </Form.Item>
        <Form.Item
          name="name"
          label={t('orgs.name')}
          rules={[
            { required: true, whitespace: true, message: t('orgs.name.required') },
            { min: 2, max: 128, message: t('register.name.length') },
          ]}
        >
          <Input autoComplete="off" />
        </Form.Item>
        <CreditCodeField />
        <ContactPhoneField own={false} />
        <Divider />
        <Form.Item name="withAdmin" valuePropName="checked">
          <Checkbox>{t('orgs.create.withAdmin')}</Checkbox>
        </Form.Item>
        {withAdmin && <NewAdminFields own={false} />}
      </Form>
    </Modal>
  );
}

/** 账号: the users of one organization, and 添加用户 for it. */
export function OrgAccountsModal({ org, onClose }: { org: Organization; onClose: () => void }) {
  const t = useT();
  const api = useApi();
  const queryClient = useQueryClient();
  const { message } = AntApp.useApp();
  const key = ['user', 'list', org.id] as const;
  const users = useQuery({ queryKey: key, queryFn: () => api.user.list.query({ orgId: org.id }) });
  const [adding, setAdding] = useState(false);
  const [scoping, setScoping] = useState<OrgUser | null>(null);
  return (
    <Modal
      open
      title={t('orgs.users.title', { name: org.name })}
      onCancel={onClose}
      width={820}
      footer={[
        <Button key="close" onClick={onClose}>
          {t('common.close')}
        </Button>,
      ]}
    >
      <Space className="ebid-toolbar ebid-gap">
        <Button type="primary" icon={<PlusOutlined aria-hidden />} onClick={() => setAdding(true)} data-testid="org-user-add">
          {t('users.add')}
        </Button>
      </Space>
      {users.isError ? (
        <AppErrorAlert error={users.error} onRetry={() => void users.refetch()} />
      ) : (
        <Table<OrgUser>
          rowKey="id"
          size="small"
          loading={users.isPending}
          dataSource={users.data ?? []}
          pagination={{ pageSize: 10, hideOnSinglePage: true }}
          data-testid="org-users-table"
          columns={[
            { key: 'username', title: t('form.username'), render: (_v, u) => <span className="ebid-mono">{u.username}</span> },
            { key: 'displayName', title: t('form.displayName'), dataIndex: 'displayName' },
            { key: 'role', title: t('orgs.users.role'), render: (_v, u) => t(`role.${u.role}`) },
            {
              key: 'flags',
              title: t('users.status'),
              render: (_v, u) => (
                <Space size={4} wrap>
                  <ActiveTag active={u.active} />
                  {u.isOrgAdmin && <Tag>{t('users.admin')}</Tag>}
                </Space>
              ),
            },
            // Issue 20 §4: what a supervisor account supervises (region × trade type, engineering also industry).
            ...(org.kind === 'supervisor'
              ? [
                  {
                    key: 'scopes',
                    title: t('scopes.button'),
                    render: (_v: unknown, u: OrgUser) =>
                      u.role === 'supervisor' ? (
                        <Button size="small" onClick={() => setScoping(u)} data-testid={`user-scopes-${u.username}`}>
                          {t('scopes.button')}
                        </Button>
                      ) : null,
                  },
                ]
              : []),
          ]}
        />
      )}
      {scoping && <SupervisorScopesModal user={scoping} onClose={() => setScoping(null)} />}
      {adding && (
        <AddUserModal
          orgId={org.id}
          onClose={() => setAdding(false)}
          onCreated={(u) => {
            setAdding(false);
            void queryClient.invalidateQueries({ queryKey: key });
            void message.success(t('users.created', { name: u.displayName }));
          }}
        />
      )}
    </Modal>
  );
}

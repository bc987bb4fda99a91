import { useState } from 'react';
import { Alert, Button, Card, Form, Input, Space, Tabs, Typography } from 'antd';
import { LockOutlined, UserOutlined } from '@ant-design/icons';
import { Link, Navigate, useLocation } from 'react-router';
import { useMe, useSystemInfo } from '../api.ts';
import { AppErrorAlert } from '../components/AppErrorAlert.tsx';
import { usePlatformName } from '../components/CenterIdentity.tsx';
import { CertLoginForm } from '../components/CertLoginForm.tsx';
import { PageHeader } from '../components/PageHeader.tsx';
import { errorMessage, fieldIssues, toAppErrorView } from '../errors.ts';
import { useLang, useT } from '../i18n.ts';
import { belongsToRole, homePathFor } from '../menus.ts';
import { useLogin } from '../session.ts';

interface LoginForm {
  username: string;
  password: string;
}

const FIELDS = ['username', 'password'] as const;
/** The seeded demo accounts (embedded mode only); their names are data, not UI text. */
const DEMO_USERS = ['admin', 'staff', 'tenderee', 'agent', 'bidder1', 'bidder2', 'bidder3', 'expert01', 'supervisor'];
const DEMO_PASSWORD = 'Demo#2026';

function fromState(state: unknown): string | undefined {
  if (typeof state === 'object' && state !== null && 'from' in state && typeof state.from === 'string') return state.from;
  return undefined;
}

/** The account just activated through its link (ActivatePage), if the router says so. */
function activatedState(state: unknown): string | undefined {
  if (typeof state === 'object' && state !== null && 'activated' in state && typeof state.activated === 'string') return state.activated;
  return undefined;
}

type LoginTab = 'password' | 'certificate';

export function LoginPage() {
  const t = useT();
  const location = useLocation();
  const me = useMe();
  const info = useSystemInfo();
  const from = fromState(location.state);
  const activated = activatedState(location.state);
  const [tab, setTab] = useState<LoginTab>('password');
  const platformName = usePlatformName();

  const actor = me.data?.actor;
  if (actor) return <Navigate to={from && belongsToRole(actor.role, from) ? from : homePathFor(actor.role)} replace />;

  return (
    <div className="ebid-login">
      <PageHeader crumbs={[{ title: t('nav.home'), to: '/' }, { title: t('login.title') }]} title={t('login.title')} />
      <Card className="ebid-login-card">
        <Typography.Title level={2} className="ebid-login-platform" data-testid="login-platform">
          {platformName}
        </Typography.Title>
        {activated && (
          <Alert type="success" showIcon className="ebid-gap" title={t('login.activated', { username: activated })} data-testid="login-activated" />
        )}
        <Tabs
          activeKey={tab}
          onChange={(k) => setTab(k as LoginTab)}
          destroyOnHidden
          items={[
            { key: 'password', label: t('login.tab.password'), children: <PasswordLoginForm from={from} username={activated} /> },
            { key: 'certificate', label: t('login.tab.certificate'), children: <CertLoginForm {...(from ? { from } : {})} /> },
          ]}
        />
        <Space separator={<span aria-hidden>·</span>} wrap className="ebid-gap">
          <Link to="/register" data-testid="register-link">
            {t('login.register')}
          </Link>
          <Link to="/reset-password" data-testid="reset-link">
            {t('login.reset')}
          </Link>
        </Space>
        {info.data?.mode === 'embedded' && (
          <Alert type="info" showIcon title={t('login.demo', { users: DEMO_USERS.join(', '), password: DEMO_PASSWORD })} />
        )}
      </Card>
    </div>
  );
}

function PasswordLoginForm({ from, username }: { from: string | undefined; username?: string | undefined }) {
  const t = useT();
  const { lang } = useLang();
  const [form] = Form.useForm<LoginForm>();
  const login = useLogin(from);
  const [error, setError] = useState<unknown>(null);

  const onFinish = (values: LoginForm) => {
    setError(null);
    login.mutate(values, {
      onError: (err) => {
        const view = toAppErrorView(err);
        const issues = fieldIssues(view);
        const onFields = FIELDS.filter((f) => issues[f]);
        if (onFields.length > 0) {
          form.setFields(onFields.map((f) => ({ name: f, errors: [`${errorMessage(view, lang)} (${issues[f]})`] })));
        } else {
          setError(err);
          form.setFields([{ name: 'password', value: '' }]);
        }
      },
    });
  };

  return (
    <>
      <Typography.Paragraph type="secondary">{t('login.subtitle')}</Typography.Paragraph>
      {error != null && (
        <div className="ebid-gap">
          <AppErrorAlert error={error} title={t('login.failed')} focus />
        </div>
      )}
      <Form<LoginForm>
        form={form}
        layout="vertical"
        requiredMark
        initialValues={username ? { username } : undefined}
        onFinish={onFinish}
        onValuesChange={() => error != null && setError(null)}
        disabled={login.isPending}
        aria-label={t('login.title')}
      >
        <Form.Item
          name="username"
          label={t('login.username')}
          rules={[{ required: true, whitespace: true, message: t('login.usernameRequired') }]}
        >
          <Input prefix={<UserOutlined aria-hidden />} autoComplete="username" autoFocus />
        </Form.Item>
        <Form.Item name="password" label={t('login.password')} rules={[{ required: true, message: t('login.passwordRequired') }]}>
          <Input.Password prefix={<LockOutlined aria-hidden />} autoComplete="current-password" />
        </Form.Item>
        <Form.Item>
          <Button type="primary" htmlType="submit" block loading={login.isPending}>
            {t('login.submit')}
          </Button>
        </Form.Item>
      </Form>
    </>
  );
}

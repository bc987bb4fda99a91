import { useState } from 'react';
import { Button, Card, Form, Input, Result, Typography } from 'antd';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { useMutation } from '@tanstack/react-query';
import { useApi } from '../api.ts';
import { AppErrorAlert } from '../components/AppErrorAlert.tsx';
import { PageHeader } from '../components/PageHeader.tsx';
import { passwordRules, placeServerErrors, sameAsRule, type FieldPath } from '../forms.ts';
import { useLang, useT } from '../i18n.ts';

interface ResetForm {
  token: string;
  newPassword: string;
  confirm: string;
}

const SERVER_FIELDS: Record<string, FieldPath> = { token: 'token', password: 'newPassword', newPassword: 'newPassword' };
/** Activation: the token comes from the link and is not shown, so an error about it goes to the alert. */
const ACTIVATE_SERVER_FIELDS: Record<string, FieldPath> = { password: 'newPassword', newPassword: 'newPassword' };

/** What the sign-in page is told after an activation (router state). */
export interface ActivatedState {
  activated: string;
}

/** 激活账号 (issue 15 §1): the first administrator sets a password through the single-use activation link. */
export function ActivatePage() {
  return <ResetPasswordPage mode="activate" />;
}

/**
 * 重置密码: redeem the one-time token a company administrator (or the center) handed over. With
 * mode "activate", the same form redeems an activation link (/activate?token=…) and goes to the sign-in
 * page, which says the account is active.
 */
export function ResetPasswordPage({ mode = 'reset' }: { mode?: 'reset' | 'activate' }) {
  const t = useT();
  const { lang } = useLang();
  const api = useApi();
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const [form] = Form.useForm<ResetForm>();
  const [error, setError] = useState<unknown>(null);
  const activate = mode === 'activate';
  const linkToken = params.get('token') ?? '';
  const reset = useMutation({
    mutationFn: async (v: ResetForm) => {
      const input = { token: v.token.trim(), newPassword: v.newPassword };
      if (activate) return (await api.user.activateAccount.mutate(input)).username;
      await api.user.resetPassword.mutate(input);
      return null;
    },
  });

  const onFinish = (v: ResetForm) => {
    setError(null);
    reset.mutate(v, {
      onSuccess: (username) => {
        if (activate && username) void navigate('/login', { replace: true, state: { activated: username } satisfies ActivatedState });
      },
      onError: (err) => {
        if (!placeServerErrors(form, err, lang, activate ? ACTIVATE_SERVER_FIELDS : SERVER_FIELDS)) setError(err);
      },
    });
  };

  const title = t(activate ? 'activate.title' : 'reset.title');
  const crumbs = [{ title: t('nav.home'), to: '/' }, { title: t('login.title'), to: '/login' }, { title }];
  return (
    <div className="ebid-login">
      <PageHeader crumbs={crumbs} title={title} />
      <Card>
        {reset.isSuccess && !activate ? (
          <Result
            status="success"
            title={t('reset.done.title')}
            subTitle={t('reset.done.body')}
            extra={<Link to="/login">{t('register.toLogin')}</Link>}
            data-testid="reset-done"
          />
        ) : activate && !linkToken ? (
          <Result status="warning" title={t('activate.noToken.title')} subTitle={t('activate.noToken.body')} data-testid="activate-no-token" />
        ) : (
          <>
            <Typography.Paragraph type="secondary">{t(activate ? 'activate.intro' : 'reset.intro')}</Typography.Paragraph>
            {error != null && (
              <div className="ebid-gap" data-testid="reset-error">
                <AppErrorAlert error={error} title={t(activate ? 'activate.failed' : 'reset.failed')} />
              </div>
            )}
            <Form<ResetForm>
              form={form}
              layout="vertical"
              requiredMark
              initialValues={{ token: linkToken }}
              onFinish={onFinish}
              disabled={reset.isPending}
              aria-label={title}
            >
              <Form.Item
                name="token"
                label={t('reset.token')}
                hidden={activate}
                rules={[{ required: true, whitespace: true, message: t('reset.token.required') }]}
              >
                <Input autoComplete="off" spellCheck={false} className="ebid-mono" />
              </Form.Item>
              <Form.Item name="newPassword" label={t(activate ? 'activate.password' : 'reset.newPassword')} rules={passwordRules(t)} extra={t('form.password.hint')}>
                <Input.Password autoComplete="new-password" />
              </Form.Item>
              <Form.Item
                name="confirm"
                label={t('form.confirmPassword')}
                dependencies={['newPassword']}
                rules={[{ required: true, message: t('form.confirmPassword.required') }, sameAsRule(t, 'newPassword', 'form.password.mismatch')]}
              >
                <Input.Password autoComplete="new-password" />
              </Form.Item>
              <Form.Item>
                <Button type="primary" htmlType="submit" block loading={reset.isPending || (activate && reset.isSuccess)}>
                  {t(activate ? 'activate.submit' : 'reset.submit')}
                </Button>
              </Form.Item>
            </Form>
          </>
        )}
      </Card>
    </div>
  );
}

import { useState } from 'react';
import { Button, Card, Form, Input, Result, Typography } from 'antd';
import { Link, useSearchParams } from 'react-router';
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

/** 重置密码: redeem the one-time token a company administrator (or the center) handed over. */
export function ResetPasswordPage() {
  const t = useT();
  const { lang } = useLang();
  const api = useApi();
  const [params] = useSearchParams();
  const [form] = Form.useForm<ResetForm>();
  const [error, setError] = useState<unknown>(null);
  const reset = useMutation({
    mutationFn: (v: ResetForm) => api.user.resetPassword.mutate({ token: v.token.trim(), newPassword: v.newPassword }),
  });

  const onFinish = (v: ResetForm) => {
    setError(null);
    reset.mutate(v, {
      onError: (err) => {
        if (!placeServerErrors(form, err, lang, SERVER_FIELDS)) setError(err);
      },
    });
  };

  const crumbs = [{ title: t('nav.home'), to: '/' }, { title: t('login.title'), to: '/login' }, { title: t('reset.title') }];
  return (
    <div className="ebid-login">
      <PageHeader crumbs={crumbs} title={t('reset.title')} />
      <Card>
        {reset.isSuccess ? (
          <Result
            status="success"
            title={t('reset.done.title')}
            subTitle={t('reset.done.body')}
            extra={<Link to="/login">{t('register.toLogin')}</Link>}
            data-testid="reset-done"
          />
        ) : (
          <>
            <Typography.Paragraph type="secondary">{t('reset.intro')}</Typography.Paragraph>
            {error != null && (
              <div className="ebid-gap">
                <AppErrorAlert error={error} title={t('reset.failed')} />
              </div>
            )}
            <Form<ResetForm>
              form={form}
              layout="vertical"
              requiredMark
              initialValues={{ token: params.get('token') ?? '' }}
              onFinish={onFinish}
              disabled={reset.isPending}
              aria-label={t('reset.title')}
            >
              <Form.Item name="token" label={t('reset.token')} rules={[{ required: true, whitespace: true, message: t('reset.token.required') }]}>
                <Input autoComplete="off" spellCheck={false} className="ebid-mono" />
              </Form.Item>
              <Form.Item name="newPassword" label={t('reset.newPassword')} rules={passwordRules(t)} extra={t('form.password.hint')}>
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
                <Button type="primary" htmlType="submit" block loading={reset.isPending}>
                  {t('reset.submit')}
                </Button>
              </Form.Item>
            </Form>
          </>
        )}
      </Card>
    </div>
  );
}

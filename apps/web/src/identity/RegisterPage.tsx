import { useState } from 'react';
import { Button, Card, Divider, Form, Input, Result, Typography } from 'antd';
import { Link } from 'react-router';
import { useMutation } from '@tanstack/react-query';
import { useApi, type RouterOutputs } from '../api.ts';
import { AppErrorAlert } from '../components/AppErrorAlert.tsx';
import { PageHeader } from '../components/PageHeader.tsx';
import { ContactPhoneField, CreditCodeField, NewAdminFields } from '../components/OrganizationFields.tsx';
import { normalizeCreditCode, placeServerErrors, type FieldPath } from '../forms.ts';
import { useLang, useT } from '../i18n.ts';

export interface RegisterForm {
  creditCode: string;
  name: string;
  contactPhone?: string;
  admin: { username: string; displayName: string; email?: string; password: string; confirm: string };
}

/** The server's field names (details.field and issue paths) → this form's fields. */
const SERVER_FIELDS: Record<string, FieldPath> = {
  creditCode: 'creditCode',
  name: 'name',
  contactPhone: 'contactPhone',
  username: ['admin', 'username'],
  password: ['admin', 'password'],
  'admin.username': ['admin', 'username'],
  'admin.displayName': ['admin', 'displayName'],
  'admin.email': ['admin', 'email'],
  'admin.password': ['admin', 'password'],
};


/** The request as the API takes it: trimmed, empty optionals left out, the confirmation dropped. */
export function toRegisterInput(v: RegisterForm) {
  const phone = v.contactPhone?.trim();
  const email = v.admin.email?.trim();
  return {
    creditCode: normalizeCreditCode(v.creditCode),
    name: v.name.trim(),
    ...(phone ? { contactPhone: phone } : {}),
    admin: {
      username: v.admin.username.trim().toLowerCase(),
      displayName: v.admin.displayName.trim(),
      password: v.admin.password,
      ...(email ? { email } : {}),
    },
  };
}

/** 企业注册: a bidder company registers itself; center staff review it before its admin can sign in. */
export function RegisterPage() {
  const t = useT();
  const { lang } = useLang();
  const api = useApi();
  const [form] = Form.useForm<RegisterForm>();
  const [error, setError] = useState<unknown>(null);
  const [done, setDone] = useState<{ org: RouterOutputs['org']['register']; username: string } | null>(null);
  const register = useMutation({
    mutationFn: (v: RegisterForm) => api.org.register.mutate(toRegisterInput(v)),
  });

  const onFinish = (v: RegisterForm) => {
    setError(null);
    register.mutate(v, {
      onSuccess: (org) => setDone({ org, username: v.admin.username.trim().toLowerCase() }),
      onError: (err) => {
        if (!placeServerErrors(form, err, lang, SERVER_FIELDS)) setError(err);
      },
    });
  };

  const crumbs = [{ title: t('nav.home'), to: '/' }, { title: t('login.title'), to: '/login' }, { title: t('register.title') }];
  if (done) {
    return (
      <div className="ebid-narrow">
        <PageHeader crumbs={crumbs} title={t('register.title')} />
        <Card>
          <Result
            status="success"
            title={t('register.done.title')}
            subTitle={t('register.done.body', { name: done.org.name, username: done.username })}
            extra={<Link to="/login">{t('register.toLogin')}</Link>}
            data-testid="register-done"
          />
        </Card>
      </div>
    );
  }

  return (
    <div className="ebid-narrow">
      <PageHeader crumbs={crumbs} title={t('register.title')} />
      <Card>
        <Typography.Paragraph type="secondary">{t('register.intro')}</Typography.Paragraph>
        {error != null && (
          <div className="ebid-gap">
            <AppErrorAlert error={error} title={t('register.failed')} />
          </div>
        )}
        <Form<RegisterForm>
          form={form}
          layout="vertical"
          requiredMark
          onFinish={onFinish}
          disabled={register.isPending}
          aria-label={t('register.title')}
          scrollToFirstError
        >
          <Typography.Title level={2} className="ebid-section-title">
            {t('register.company')}
          </Typography.Title>
          <CreditCodeField />
          <Form.Item
            name="name"
            label={t('register.name')}
            rules={[
              { required: true, whitespace: true, message: t('register.name.required') },
              { min: 2, max: 128, message: t('register.name.length') },
            ]}
          >
            <Input autoComplete="organization" />
          </Form.Item>
          <ContactPhoneField own />
          <Divider />
          <Typography.Title level={2} className="ebid-section-title">
            {t('register.admin')}
          </Typography.Title>
          <Typography.Paragraph type="secondary">{t('register.admin.intro')}</Typography.Paragraph>
          <NewAdminFields own />
          <Form.Item>
            <Button type="primary" htmlType="submit" block loading={register.isPending} data-testid="register-submit">
              {t('register.submit')}
            </Button>
          </Form.Item>
        </Form>
        <Link to="/login">{t('register.haveAccount')}</Link>
      </Card>
    </div>
  );
}

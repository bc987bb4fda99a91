/**
 * Form fields of a new organization, shared by a company's self-registration and the center's 新建机构:
 * the credit code, the contact phone, and the administrator account.
 */
import { Form, Input } from 'antd';
import { creditCodeRule, passwordRules, sameAsRule, usernameRules } from '../forms.ts';
import { useT } from '../i18n.ts';

/** 统一社会信用代码: upper-cased as typed, checked (check character) after a pause. */
export function CreditCodeField() {
  const t = useT();
  return (
    <Form.Item
      name="creditCode"
      label={t('register.creditCode')}
      required
      rules={[creditCodeRule(t)]}
      extra={t('register.creditCode.hint')}
      normalize={(v: string) => v.toUpperCase()}
      validateDebounce={300}
    >
      <Input maxLength={18} autoComplete="off" spellCheck={false} className="ebid-mono" />
    </Form.Item>
  );
}

/** The same pattern as the API's contact phone (org.register / org.create). */
const PHONE = /^[0-9+\-() ]{6,20}$/;

/** `own`: the registrant's own company (the browser may fill in its phone); else someone else's. */
export function ContactPhoneField({ own }: { own: boolean }) {
  const t = useT();
  return (
    <Form.Item name="contactPhone" label={t('register.phone')} rules={[{ pattern: PHONE, message: t('register.phone.format') }]}>
      <Input autoComplete={own ? 'tel' : 'off'} />
    </Form.Item>
  );
}

/**
 * The administrator account of a new organization, inside a Form whose values hold it under `admin`:
 * username, name, e-mail, password and its confirmation. Used where a company registers itself (the
 * account is the registrant's own: the browser may fill it in) and where the center creates an
 * organization (someone else's account: nothing filled in, the password is an initial one).
 */
export function NewAdminFields({ own }: { own: boolean }) {
  const t = useT();
  const ac = (hint: string) => (own ? hint : 'off');
  return (
    <>
      <Form.Item name={['admin', 'username']} label={t('form.username')} rules={usernameRules(t)} extra={t('form.username.hint')}>
        <Input autoComplete={ac('username')} />
      </Form.Item>
      <Form.Item name={['admin', 'displayName']} label={t('form.displayName')} rules={[{ required: true, whitespace: true, message: t('form.displayName.required') }]}>
        <Input autoComplete={ac('name')} />
      </Form.Item>
      <Form.Item name={['admin', 'email']} label={t('form.email')} rules={[{ type: 'email', message: t('form.email.format') }]}>
        <Input autoComplete={ac('email')} />
      </Form.Item>
      <Form.Item name={['admin', 'password']} label={t(own ? 'form.password' : 'users.initialPassword')} rules={passwordRules(t)} extra={t('form.password.hint')}>
        <Input.Password autoComplete="new-password" />
      </Form.Item>
      <Form.Item
        name={['admin', 'confirm']}
        label={t('form.confirmPassword')}
        dependencies={[['admin', 'password']]}
        rules={[{ required: true, message: t('form.confirmPassword.required') }, sameAsRule(t, ['admin', 'password'], 'form.password.mismatch')]}
      >
        <Input.Password autoComplete="new-password" />
      </Form.Item>
    </>
  );
}

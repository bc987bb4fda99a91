import { useEffect, useState } from 'react';
import { Alert, Button, Divider, Form, Input, Radio, Typography, Upload, type UploadFile } from 'antd';
import { KeyOutlined, LockOutlined, SafetyCertificateOutlined, UploadOutlined } from '@ant-design/icons';
import { dnSummary, formatSerial, readKeyIndex, type SavedKeyEntry } from '../certs.ts';
import { errorMessage, toAppErrorView } from '../errors.ts';
import { useLang, useT } from '../i18n.ts';
import { loadPki } from '../pki.ts';
import { useCertLogin } from '../session.ts';
import { AppErrorAlert } from './AppErrorAlert.tsx';

interface P12Form {
  file: UploadFile[];
  passphrase: string;
}

/** Reasons of a .p12 that belong on the passphrase field rather than in an alert. */
const PASSPHRASE_REASONS = ['P12_BAD_PASSPHRASE', 'P12_PASSPHRASE_UNSUPPORTED'];

/** The file of an antd Upload value (kept in the form, never uploaded). */
function fileOf(list: UploadFile[] | undefined): Blob | undefined {
  const f = list?.[0]?.originFileObj;
  return f instanceof Blob ? f : undefined;
}

/**
 * 证书登录: sign a single-use challenge with the user's signing key, from this browser's key store or
 * from a .p12 backup. The crypto module (node-forge) loads when this tab opens, not with the portal.
 */
export function CertLoginForm({ from }: { from?: string }) {
  const t = useT();
  const { lang } = useLang();
  const [form] = Form.useForm<P12Form>();
  const login = useCertLogin(from);
  const [error, setError] = useState<unknown>(null);
  const [saved] = useState<SavedKeyEntry[]>(() => readKeyIndex().filter((e) => e.usage === 'signing'));
  const [savedName, setSavedName] = useState<string | undefined>(() => saved[0]?.name);
  const [pkiState, setPkiState] = useState<'loading' | 'ready' | 'failed'>('loading');

  useEffect(() => {
    let live = true;
    loadPki().then(
      () => live && setPkiState('ready'),
      () => live && setPkiState('failed'),
    );
    return () => {
      live = false;
    };
  }, []);

  const onError = (err: unknown) => {
    const view = toAppErrorView(err);
    const reason = view.details?.reason;
    if (typeof reason === 'string' && PASSPHRASE_REASONS.includes(reason)) {
      form.setFields([{ name: 'passphrase', errors: [`${errorMessage(view, lang)} (${reason})`] }]);
    } else {
      setError(err);
    }
  };

  const onFinish = (values: P12Form) => {
    const file = fileOf(values.file);
    if (!file) return;
    setError(null);
    login.mutate({ file, passphrase: values.passphrase }, { onError });
  };

  const onSaved = () => {
    if (!savedName) return;
    setError(null);
    login.mutate({ savedName }, { onError });
  };

  const busy = login.isPending;
  return (
    <div data-testid="cert-login">
      <Typography.Paragraph type="secondary">{t('certLogin.intro')}</Typography.Paragraph>
      {pkiState === 'failed' && (
        <div className="ebid-gap">
          <Alert type="error" showIcon role="alert" title={t('certLogin.pkiFailed')} />
        </div>
      )}
      {error != null && (
        <div className="ebid-gap">
          <AppErrorAlert error={error} title={t('certLogin.failed')} focus />
        </div>
      )}
      {saved.length > 0 && (
        <section aria-labelledby="saved-keys-title" className="ebid-gap" data-testid="saved-keys">
          <Typography.Title level={2} id="saved-keys-title" className="ebid-section-title">
            {t('certLogin.saved')}
          </Typography.Title>
          <Radio.Group
            className="ebid-saved-keys"
            value={savedName}
            onChange={(e) => setSavedName(e.target.value as string)}
            disabled={busy}
            aria-labelledby="saved-keys-title"
            options={saved.map((k) => ({
              value: k.name,
              label: (
                <span>
                  <strong>{k.username}</strong> · {dnSummary(k.subjectDn)}
                  <br />
                  <Typography.Text type="secondary" className="ebid-mono">
                    {t('cert.serial')} {formatSerial(k.serialHex)}
                  </Typography.Text>
                </span>
              ),
            }))}
          />
          <Button
            type="primary"
            block
            icon={<KeyOutlined aria-hidden />}
            onClick={onSaved}
            loading={busy && pkiState !== 'failed'}
            disabled={!savedName || pkiState !== 'ready'}
            data-testid="saved-key-login"
          >
            {t('certLogin.useSaved')}
          </Button>
          <Divider plain>{t('certLogin.orFile')}</Divider>
        </section>
      )}
      <Form<P12Form>
        form={form}
        layout="vertical"
        requiredMark
        onFinish={onFinish}
        onValuesChange={() => error != null && setError(null)}
        disabled={busy}
        aria-label={t('certLogin.title')}
      >
        <Form.Item
          name="file"
          label={t('certLogin.file')}
          valuePropName="fileList"
          getValueFromEvent={(e: { fileList: UploadFile[] }) => e.fileList.slice(-1)}
          rules={[{ required: true, message: t('certLogin.fileRequired') }]}
          extra={t('certLogin.fileHint')}
        >
          <Upload accept=".p12,.pfx,application/x-pkcs12" maxCount={1} beforeUpload={() => false} data-testid="p12-upload">
            <Button icon={<UploadOutlined aria-hidden />}>{t('certLogin.pick')}</Button>
          </Upload>
        </Form.Item>
        <Form.Item name="passphrase" label={t('certLogin.passphrase')} rules={[{ required: true, message: t('certLogin.passphraseRequired') }]}>
          <Input.Password prefix={<LockOutlined aria-hidden />} autoComplete="off" />
        </Form.Item>
        <Form.Item>
          <Button
            type="primary"
            htmlType="submit"
            block
            icon={<SafetyCertificateOutlined aria-hidden />}
            loading={busy}
            disabled={pkiState !== 'ready'}
            data-testid="cert-login-submit"
          >
            {pkiState === 'loading' ? t('certLogin.loading') : t('certLogin.submit')}
          </Button>
        </Form.Item>
      </Form>
    </div>
  );
}

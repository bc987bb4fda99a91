import { useState } from 'react';
import { App as AntApp, Button, Form, Input, Modal, Radio, Typography, Upload, type UploadFile } from 'antd';
import { UploadOutlined } from '@ant-design/icons';
import { useMutation } from '@tanstack/react-query';
import { AppError } from '@ebid/domain';
import { useApi, type Actor } from '../api.ts';
import { formatSerial, keyStoreName, rememberKey, type CertUsage } from '../certs.ts';
import { AppErrorAlert } from '../components/AppErrorAlert.tsx';
import { useServerClock } from '../components/ServerClock.tsx';
import { errorMessage, toAppErrorView } from '../errors.ts';
import { useLang, useT } from '../i18n.ts';
import { loadPki, readP12, type Certificate } from '../pki.ts';
import { USAGE_KEYS } from './usage-keys.ts';

interface ImportForm {
  file: UploadFile[];
  passphrase: string;
  usage: CertUsage;
}

/** 导入证书备份: put a .p12 backup's key into this browser (e.g. on a new computer). */
export function ImportModal({ actor, certs, onClose }: { actor: Actor; certs: Certificate[]; onClose: () => void }) {
  const t = useT();
  const { lang } = useLang();
  const api = useApi();
  const { message } = AntApp.useApp();
  const [form] = Form.useForm<ImportForm>();
  const [error, setError] = useState<unknown>(null);
  const { now } = useServerClock();
  const importKey = useMutation({
    mutationFn: async (v: ImportForm) => {
      const file = v.file[0]?.originFileObj;
      if (!(file instanceof Blob)) throw new AppError('VALIDATION');
      const pki = await loadPki();
      // Refused at import when it is of the other usage, someone else's, revoked, replaced or out of date (issue 16 §3).
      const { privateKey, certPem } = await readP12(file, v.passphrase, v.usage, pki, { actor, own: certs, nowMs: now() });
      const info = await api.cert.describe.query({ pem: certPem });
      const name = keyStoreName(actor.username, v.usage);
      await pki.keyStore.save(name, privateKey, certPem);
      rememberKey({
        name,
        usage: v.usage,
        username: actor.username,
        subjectDn: info.subjectDn,
        serialHex: info.serialHex,
        notAfter: info.notAfter,
        savedAt: new Date().toISOString(),
      });
      return info;
    },
  });

  const onFinish = (v: ImportForm) => {
    setError(null);
    importKey.mutate(v, {
      onSuccess: (info) => {
        void message.success(t('cert.import.done', { serial: formatSerial(info.serialHex) }));
        onClose();
      },
      onError: (err) => {
        const view = toAppErrorView(err);
        const reason = view.details?.reason;
        if (reason === 'P12_BAD_PASSPHRASE' || reason === 'P12_PASSPHRASE_UNSUPPORTED') {
          form.setFields([{ name: 'passphrase', errors: [`${errorMessage(view, lang)} (${reason})`] }]);
        } else setError(err);
      },
    });
  };

  return (
    <Modal
      open
      title={t('cert.import')}
      onCancel={importKey.isPending ? undefined : onClose}
      closable={!importKey.isPending}
      mask={{ closable: false }}
      okText={t('cert.import.submit')}
      cancelText={t('common.cancel')}
      onOk={() => form.submit()}
      okButtonProps={{ loading: importKey.isPending }}
      cancelButtonProps={{ disabled: importKey.isPending }}
      destroyOnHidden
    >
      <Typography.Paragraph>{t('cert.import.intro')}</Typography.Paragraph>
      {error != null && (
        <div className="ebid-gap">
          <AppErrorAlert error={error} title={t('cert.import.failed')} />
        </div>
      )}
      <Form<ImportForm>
        form={form}
        layout="vertical"
        requiredMark
        initialValues={{ usage: 'signing' }}
        onFinish={onFinish}
        disabled={importKey.isPending}
        aria-label={t('cert.import')}
      >
        <Form.Item name="usage" label={t('cert.usage')}>
          <Radio.Group
            options={(['signing', 'encryption'] as const).map((u) => ({ value: u, label: t(USAGE_KEYS[u]) }))}
            optionType="button"
          />
        </Form.Item>
        <Form.Item
          name="file"
          label={t('certLogin.file')}
          valuePropName="fileList"
          getValueFromEvent={(e: { fileList: UploadFile[] }) => e.fileList.slice(-1)}
          rules={[{ required: true, message: t('certLogin.fileRequired') }]}
        >
          <Upload accept=".p12,.pfx,application/x-pkcs12" maxCount={1} beforeUpload={() => false}>
            <Button icon={<UploadOutlined aria-hidden />}>{t('certLogin.pick')}</Button>
          </Upload>
        </Form.Item>
        <Form.Item name="passphrase" label={t('certLogin.passphrase')} rules={[{ required: true, message: t('certLogin.passphraseRequired') }]}>
          <Input.Password autoComplete="off" />
        </Form.Item>
      </Form>
    </Modal>
  );
}

import { useRef, useState, type ReactNode } from 'react';
import { Alert, Button, Descriptions, Form, Input, Modal, Progress, Result, Space, Steps, Typography } from 'antd';
import { CheckOutlined, DownloadOutlined } from '@ant-design/icons';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useApi, type Actor } from '../api.ts';
import { downloadBytes, p12FileName, type CertUsage } from '../certs.ts';
import { AppErrorAlert } from '../components/AppErrorAlert.tsx';
import { isPrintableAscii, sameAsRule } from '../forms.ts';
import { useT, type MessageKey, type TFunction } from '../i18n.ts';
import { APPLY_STEPS, applyForCertificates, ApplyCancelled, certQueryKey, type ApplyResult, type ApplyStep } from '../pki.ts';

const STEP_KEYS: Record<ApplyStep, MessageKey> = {
  keys: 'cert.apply.step.keys',
  csr: 'cert.apply.step.csr',
  issue: 'cert.apply.step.issue',
  backup: 'cert.apply.step.backup',
  store: 'cert.apply.step.store',
};

/** The passphrase of the two .p12 backups: required, at least 8 characters, printable ASCII only (see forms.ts isPrintableAscii). */
function passphraseRules(t: TFunction) {
  return [
    { required: true, message: t('cert.passphrase.required') },
    { min: 8, message: t('cert.passphrase.short') },
    {
      validator: (_r: unknown, v: unknown) =>
        typeof v !== 'string' || isPrintableAscii(v) ? Promise.resolve() : Promise.reject(new Error(t('cert.passphrase.ascii'))),
    },
  ];
}

interface PassphraseForm {
  passphrase: string;
  confirm: string;
}

type ApplyPhase = { kind: 'form' } | { kind: 'running'; step: ApplyStep } | { kind: 'done'; result: ApplyResult };

/** 申请证书 / 更新证书: keys in the browser, CSRs to the CA, two .p12 backups, keys kept in IndexedDB. */
export function ApplyModal({ actor, renewing, onClose }: { actor: Actor; renewing: boolean; onClose: () => void }) {
  const t = useT();
  const api = useApi();
  const queryClient = useQueryClient();
  const [form] = Form.useForm<PassphraseForm>();
  const [phase, setPhase] = useState<ApplyPhase>({ kind: 'form' });
  const [error, setError] = useState<unknown>(null);
  const [downloaded, setDownloaded] = useState<Record<CertUsage, boolean>>({ signing: false, encryption: false });
  const abort = useRef<AbortController | null>(null);
  const org = useQuery({ queryKey: ['org', 'get', actor.orgId], queryFn: () => api.org.get.query({ orgId: actor.orgId }) });

  const subject = org.data
    ? { commonName: actor.displayName, organizationName: org.data.name, serialNumber: org.data.creditCode, countryName: 'CN' }
    : undefined;

  const start = async ({ passphrase }: PassphraseForm) => {
    if (!subject) return;
    setError(null);
    const ac = new AbortController();
    abort.current = ac;
    setPhase({ kind: 'running', step: 'keys' });
    try {
      const result = await applyForCertificates(
        api,
        { username: actor.username, subject, passphrase },
        { signal: ac.signal, onStep: (step) => setPhase({ kind: 'running', step }) },
      );
      setPhase({ kind: 'done', result });
    } catch (e) {
      setPhase({ kind: 'form' });
      if (!(e instanceof ApplyCancelled)) setError(e);
    } finally {
      abort.current = null;
      await queryClient.invalidateQueries({ queryKey: certQueryKey });
    }
  };

  const download = (result: ApplyResult, usage: CertUsage) => {
    downloadBytes(result[usage].p12, p12FileName(actor.username, usage), 'application/x-pkcs12');
    setDownloaded((d) => ({ ...d, [usage]: true }));
  };

  const running = phase.kind === 'running';
  const stepIndex = running ? APPLY_STEPS.indexOf(phase.step) : 0;
  const cancellable = running && (phase.step === 'keys' || phase.step === 'csr');
  const allDownloaded = downloaded.signing && downloaded.encryption;

  let footer: ReactNode;
  if (phase.kind === 'form') {
    footer = [
      <Button key="cancel" onClick={onClose}>
        {t('common.cancel')}
      </Button>,
      <Button key="ok" type="primary" onClick={() => form.submit()} disabled={!subject} data-testid="cert-apply-start">
        {t('cert.apply.start')}
      </Button>,
    ];
  } else if (running) {
    footer = [
      <Button key="cancel" onClick={() => abort.current?.abort()} disabled={!cancellable}>
        {t('common.cancel')}
      </Button>,
    ];
  } else {
    footer = [
      <Button key="close" type={allDownloaded ? 'primary' : 'default'} onClick={onClose} data-testid="cert-apply-close">
        {t('cert.apply.close')}
      </Button>,
    ];
  }

  return (
    <Modal
      open
      title={renewing ? t('cert.renew') : t('cert.apply')}
      width={640}
      onCancel={running ? undefined : onClose}
      closable={!running}
      mask={{ closable: false }}
      keyboard={!running}
      footer={footer}
      destroyOnHidden
    >
      {phase.kind === 'done' ? (
        <div data-testid="cert-apply-done">
          <Result
            status="success"
            title={t('cert.apply.done')}
            subTitle={t('cert.apply.done.body')}
            extra={
              <Space orientation="vertical" size={8}>
                {(['signing', 'encryption'] as const).map((usage) => (
                  <Button
                    key={usage}
                    type={downloaded[usage] ? 'default' : 'primary'}
                    icon={downloaded[usage] ? <CheckOutlined aria-hidden /> : <DownloadOutlined aria-hidden />}
                    onClick={() => download(phase.result, usage)}
                    data-testid={`download-${usage}-p12`}
                  >
                    {t(usage === 'signing' ? 'cert.apply.downloadSigning' : 'cert.apply.downloadEncryption')} ({p12FileName(actor.username, usage)})
                    {downloaded[usage] ? ` · ${t('cert.apply.downloaded')}` : ''}
                  </Button>
                ))}
              </Space>
            }
          />
          {phase.result.stored ? (
            <Alert type="info" showIcon title={t('cert.apply.stored')} />
          ) : (
            <Alert type="warning" showIcon title={t('cert.apply.notStored')} description={<AppErrorAlert error={phase.result.storeError} />} />
          )}
          {!allDownloaded && (
            <Alert className="ebid-gap-top" type="warning" showIcon title={t('cert.apply.downloadWarning')} />
          )}
        </div>
      ) : (
        <>
          <Typography.Paragraph>{t('cert.apply.intro')}</Typography.Paragraph>
          {renewing && <Alert className="ebid-gap" type="info" showIcon title={t('cert.apply.renewNote')} />}
          {org.isError && <AppErrorAlert error={org.error} onRetry={() => void org.refetch()} />}
          {subject && (
            <Descriptions
              size="small"
              column={1}
              bordered
              className="ebid-gap"
              title={t('cert.apply.subject')}
              items={[
                { key: 'cn', label: t('cert.subject.cn'), children: subject.commonName },
                { key: 'o', label: t('cert.subject.o'), children: subject.organizationName },
                { key: 'sn', label: t('cert.subject.creditCode'), children: <span className="ebid-mono">{subject.serialNumber}</span> },
              ]}
            />
          )}
          {error != null && (
            <div className="ebid-gap">
              <AppErrorAlert error={error} title={t('cert.apply.failed')} />
            </div>
          )}
          {running ? (
            <div data-testid="cert-apply-progress" aria-live="polite">
              <Steps
                orientation="vertical"
                size="small"
                current={stepIndex}
                items={APPLY_STEPS.map((s) => ({ title: t(STEP_KEYS[s]) }))}
              />
              <Progress percent={Math.round((stepIndex / APPLY_STEPS.length) * 100)} status="active" aria-label={t('cert.apply.progress')} />
              {!cancellable && <Typography.Text type="secondary">{t('cert.apply.noCancel')}</Typography.Text>}
            </div>
          ) : (
            <Form<PassphraseForm> form={form} layout="vertical" requiredMark onFinish={(v) => void start(v)} aria-label={t('cert.apply')}>
              <Form.Item name="passphrase" label={t('cert.passphrase')} rules={passphraseRules(t)} extra={t('cert.passphrase.hint')}>
                <Input.Password autoComplete="new-password" />
              </Form.Item>
              <Form.Item
                name="confirm"
                label={t('cert.passphrase.confirm')}
                dependencies={['passphrase']}
                rules={[{ required: true, message: t('cert.passphrase.confirmRequired') }, sameAsRule(t, 'passphrase', 'cert.passphrase.mismatch')]}
              >
                <Input.Password autoComplete="new-password" />
              </Form.Item>
            </Form>
          )}
        </>
      )}
    </Modal>
  );
}

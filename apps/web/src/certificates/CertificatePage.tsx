import { useRef, useState, type ReactNode } from 'react';
import {
  Alert,
  App as AntApp,
  Button,
  Card,
  Descriptions,
  Form,
  Input,
  Modal,
  Progress,
  Radio,
  Result,
  Space,
  Steps,
  Table,
  Typography,
  Upload,
  type UploadFile,
} from 'antd';
import {
  CheckOutlined,
  CloudDownloadOutlined,
  DownloadOutlined,
  ImportOutlined,
  KeyOutlined,
  LockOutlined,
  SafetyCertificateOutlined,
  StopOutlined,
  UploadOutlined,
} from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useLocation, useOutletContext } from 'react-router';
import { AppError } from '@ebid/domain';
import { useApi, type Actor } from '../api.ts';
import {
  certState,
  dnAttr,
  dnSummary,
  downloadBytes,
  forgetKey,
  formatSerial,
  keyStoreName,
  needsRenewal,
  p12FileName,
  readKeyIndex,
  rememberKey,
  type CertUsage,
} from '../certs.ts';
import { formatBeijing } from '../clock.ts';
import { AppErrorAlert } from '../components/AppErrorAlert.tsx';
import { CertLoginForm } from '../components/CertLoginForm.tsx';
import { useServerClock } from '../components/ServerClock.tsx';
import { CertStateTag, StatusTag } from '../components/StatusTag.tsx';
import { errorMessage, toAppErrorView } from '../errors.ts';
import { isPrintableAscii, sameAsRule } from '../forms.ts';
import { useLang, useT, type MessageKey, type TFunction } from '../i18n.ts';
import { APPLY_STEPS, applyForCertificates, ApplyCancelled, certQueryKey, loadPki, readP12, type ApplyResult, type ApplyStep, type Certificate } from '../pki.ts';

const USAGE_KEYS: Record<CertUsage, MessageKey> = { signing: 'cert.usage.signing', encryption: 'cert.usage.encryption' };
const STEP_KEYS: Record<ApplyStep, MessageKey> = {
  keys: 'cert.apply.step.keys',
  csr: 'cert.apply.step.csr',
  issue: 'cert.apply.step.issue',
  backup: 'cert.apply.step.backup',
  store: 'cert.apply.step.store',
};
/** RFC 5280 CRLReason codes offered to the holder. */
const REVOKE_REASONS: { value: number; key: MessageKey }[] = [
  { value: 1, key: 'cert.revoke.reason.keyCompromise' },
  { value: 4, key: 'cert.revoke.reason.superseded' },
  { value: 5, key: 'cert.revoke.reason.cessation' },
  { value: 0, key: 'cert.revoke.reason.unspecified' },
];

const STATUS_ORDER = { active: 0, superseded: 1, revoked: 2 } as const;

/** In use first (signing before encryption), then superseded, then revoked; newest first within each. */
export function sortCertificates<T extends { id: number; usage: CertUsage; status: keyof typeof STATUS_ORDER }>(certs: readonly T[]): T[] {
  return [...certs].sort(
    (a, b) =>
      STATUS_ORDER[a.status] - STATUS_ORDER[b.status] ||
      (a.usage === b.usage ? 0 : a.usage === 'signing' ? -1 : 1) ||
      b.id - a.id,
  );
}

export function formatDate(iso: string): string {
  return formatBeijing(Date.parse(iso), 'YYYY-MM-DD HH:mm');
}

export function passphraseRules(t: TFunction) {
  return [
    { required: true, message: t('cert.passphrase.required') },
    { min: 8, message: t('cert.passphrase.short') },
    {
      validator: (_r: unknown, v: unknown) =>
        typeof v !== 'string' || isPrintableAscii(v) ? Promise.resolve() : Promise.reject(new Error(t('cert.passphrase.ascii'))),
    },
  ];
}

/** 我的证书: the holder's signing and encryption certificates, applying for new ones, revocation, backups. */
export function CertificatePage() {
  const t = useT();
  const api = useApi();
  const actor = useOutletContext<Actor>();
  const { now } = useServerClock();
  const certs = useQuery({ queryKey: certQueryKey, queryFn: () => api.cert.list.query({}) });
  const [applyOpen, setApplyOpen] = useState(false);
  const [importOpen, setImportOpen] = useState(false);
  const [revoking, setRevoking] = useState<Certificate | null>(null);
  const [keysVersion, setKeysVersion] = useState(0);
  const saved = readKeyIndex().filter((e) => e.username === actor.username);
  const savedSerials = new Set(saved.map((e) => e.serialHex));
  void keysVersion; // re-read the key index after an import, application or revocation

  const nowMs = now();
  const list = sortCertificates(certs.data ?? []);
  const hasActive = list.some((c) => c.status === 'active');
  const renew = certs.isSuccess && needsRenewal(list, nowMs);
  // Issue 13 §4: a valid certificate is replaced only from a session opened with it (or an approval).
  const activeSigning = list.find((c) => c.usage === 'signing' && c.status === 'active');
  const needsCertLogin = activeSigning !== undefined && actor.certSerial !== activeSigning.serialHex;
  const [certLoginOpen, setCertLoginOpen] = useState(false);
  const location = useLocation();

  return (
    <div className="ebid-stack">
      <Card>
        <Typography.Paragraph>{t('cert.intro')}</Typography.Paragraph>
        <Space wrap>
          <Button type="primary" icon={<SafetyCertificateOutlined aria-hidden />} onClick={() => setApplyOpen(true)} data-testid="cert-apply">
            {hasActive ? t('cert.renew') : t('cert.apply')}
          </Button>
          <Button icon={<ImportOutlined aria-hidden />} onClick={() => setImportOpen(true)} data-testid="cert-import">
            {t('cert.import')}
          </Button>
          <Button icon={<CloudDownloadOutlined aria-hidden />} href="/pki/root.pem" download="ebid-root-ca.pem" data-testid="root-ca">
            {t('cert.rootCa')}
          </Button>
        </Space>
      </Card>
      {needsCertLogin && (
        <Alert
          type="info"
          showIcon
          title={t('cert.renew.needsCertLogin')}
          description={t('cert.renew.needsCertLogin.body')}
          action={
            <Button size="small" type="primary" icon={<KeyOutlined aria-hidden />} onClick={() => setCertLoginOpen(true)} data-testid="cert-renew-login">
              {t('cert.renew.certLogin')}
            </Button>
          }
          data-testid="cert-renew-needs-login"
        />
      )}
      {certLoginOpen && needsCertLogin && (
        <Modal open title={t('cert.renew.certLogin')} footer={null} onCancel={() => setCertLoginOpen(false)} destroyOnHidden>
          <CertLoginForm from={location.pathname} />
        </Modal>
      )}
      {renew && (
        <Alert
          type="warning"
          showIcon
          title={t('cert.renewNeeded')}
          description={t('cert.renewNeeded.body')}
          data-testid="cert-renew-needed"
        />
      )}
      <Card title={<h2 className="ebid-card-title">{t('cert.list')}</h2>}>
        {certs.isError ? (
          <AppErrorAlert error={certs.error} onRetry={() => void certs.refetch()} />
        ) : (
          <Table<Certificate>
            rowKey="id"
            size="medium"
            loading={certs.isPending}
            dataSource={list}
            pagination={false}
            scroll={{ x: 960 }}
            data-testid="cert-table"
            locale={{ emptyText: t('cert.empty') }}
            columns={[
              {
                key: 'usage',
                title: t('cert.usage'),
                width: 90,
                render: (_v, c) => (
                  <StatusTag tone="blue" icon={c.usage === 'signing' ? <KeyOutlined aria-hidden /> : <LockOutlined aria-hidden />}>
                    {t(USAGE_KEYS[c.usage])}
                  </StatusTag>
                ),
              },
              {
                key: 'subject',
                title: t('cert.subject'),
                render: (_v, c) => (
                  <div>
                    <div>{dnSummary(c.subjectDn)}</div>
                    <Typography.Text type="secondary" className="ebid-small">
                      {c.subjectDn}
                    </Typography.Text>
                  </div>
                ),
              },
              { key: 'issuer', title: t('cert.issuer'), render: (_v, c) => dnAttr(c.issuerDn, 'CN') ?? c.issuerDn },
              {
                key: 'serial',
                title: t('cert.serial'),
                render: (_v, c) => (
                  <Typography.Text className="ebid-mono ebid-small" copyable={{ text: c.serialHex }}>
                    {formatSerial(c.serialHex)}
                  </Typography.Text>
                ),
              },
              {
                key: 'validity',
                title: t('cert.validity'),
                width: 190,
                render: (_v, c) => (
                  <span className="ebid-small">
                    {formatDate(c.notBefore)}
                    <br />
                    {t('cert.validity.to')} {formatDate(c.notAfter)}
                  </span>
                ),
              },
              {
                key: 'state',
                title: t('cert.status'),
                width: 150,
                render: (_v, c) => (
                  <Space orientation="vertical" size={4}>
                    <CertStateTag state={certState(c, nowMs)} />
                    {savedSerials.has(c.serialHex) && (
                      <StatusTag tone="default" icon={<CheckOutlined aria-hidden />} testId="cert-local">
                        {t('cert.local')}
                      </StatusTag>
                    )}
                  </Space>
                ),
              },
              {
                key: 'actions',
                title: t('table.actions'),
                width: 100,
                render: (_v, c) =>
                  c.status === 'revoked' ? null : (
                    <Button danger size="small" icon={<StopOutlined aria-hidden />} onClick={() => setRevoking(c)} data-testid={`revoke-${c.id}`}>
                      {t('cert.revoke')}
                    </Button>
                  ),
              },
            ]}
          />
        )}
      </Card>
      {applyOpen && (
        <ApplyModal
          actor={actor}
          renewing={hasActive}
          onClose={() => {
            setApplyOpen(false);
            setKeysVersion((n) => n + 1);
          }}
        />
      )}
      {importOpen && (
        <ImportModal
          actor={actor}
          certs={list}
          onClose={() => {
            setImportOpen(false);
            setKeysVersion((n) => n + 1);
          }}
        />
      )}
      {revoking && (
        <RevokeModal
          cert={revoking}
          onClose={() => {
            setRevoking(null);
            setKeysVersion((n) => n + 1);
          }}
        />
      )}
    </div>
  );
}

interface PassphraseForm {
  passphrase: string;
  confirm: string;
}

type ApplyPhase = { kind: 'form' } | { kind: 'running'; step: ApplyStep } | { kind: 'done'; result: ApplyResult };

/** 申请证书 / 更新证书: keys in the browser, CSRs to the CA, two .p12 backups, keys kept in IndexedDB. */
function ApplyModal({ actor, renewing, onClose }: { actor: Actor; renewing: boolean; onClose: () => void }) {
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

interface ImportForm {
  file: UploadFile[];
  passphrase: string;
  usage: CertUsage;
}

/** 导入证书备份: put a .p12 backup's key into this browser (e.g. on a new computer). */
function ImportModal({ actor, certs, onClose }: { actor: Actor; certs: Certificate[]; onClose: () => void }) {
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

/** 吊销: with a reason and a plain warning that it cannot be undone. */
function RevokeModal({ cert, onClose }: { cert: Certificate; onClose: () => void }) {
  const t = useT();
  const api = useApi();
  const queryClient = useQueryClient();
  const { message } = AntApp.useApp();
  const [reason, setReason] = useState(1);
  const revoke = useMutation({
    mutationFn: () => api.cert.revoke.mutate({ certificateId: cert.id, reason }),
    onSuccess: async (revoked) => {
      // The key of a revoked certificate is of no further use in this browser.
      const entry = readKeyIndex().find((e) => e.serialHex === revoked.serialHex);
      if (entry) {
        forgetKey(entry.name);
        await loadPki()
          .then((pki) => pki.keyStore.remove(entry.name))
          .catch(() => {});
      }
      await queryClient.invalidateQueries({ queryKey: certQueryKey });
      void message.success(t('cert.revoke.done'));
      onClose();
    },
  });
  return (
    <Modal
      open
      title={t('cert.revoke.title')}
      onCancel={revoke.isPending ? undefined : onClose}
      okText={t('cert.revoke.confirm')}
      okButtonProps={{ danger: true, loading: revoke.isPending, 'data-testid': 'revoke-confirm' }}
      cancelText={t('common.cancel')}
      cancelButtonProps={{ disabled: revoke.isPending }}
      onOk={() => revoke.mutate()}
      mask={{ closable: false }}
    >
      <Alert className="ebid-gap" type="warning" showIcon title={t('cert.revoke.warning')} />
      {revoke.isError && (
        <div className="ebid-gap">
          <AppErrorAlert error={revoke.error} />
        </div>
      )}
      <Descriptions
        size="small"
        column={1}
        className="ebid-gap"
        items={[
          { key: 'usage', label: t('cert.usage'), children: t(USAGE_KEYS[cert.usage]) },
          { key: 'subject', label: t('cert.subject'), children: cert.subjectDn },
          { key: 'serial', label: t('cert.serial'), children: <span className="ebid-mono">{formatSerial(cert.serialHex)}</span> },
        ]}
      />
      <fieldset className="ebid-fieldset">
        <legend>{t('cert.revoke.reason')}</legend>
        <Radio.Group
          value={reason}
          onChange={(e) => setReason(e.target.value as number)}
          disabled={revoke.isPending}
          options={REVOKE_REASONS.map((r) => ({ value: r.value, label: t(r.key) }))}
        />
      </fieldset>
    </Modal>
  );
}

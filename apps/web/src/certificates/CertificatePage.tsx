import { useState } from 'react';
import { Alert, Button, Card, Modal, Space, Tag, Typography, Descriptions } from 'antd';
import { CheckOutlined, CloudDownloadOutlined, ImportOutlined, KeyOutlined, LockOutlined, SafetyCertificateOutlined, StopOutlined } from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import { useLocation, useOutletContext } from 'react-router';
import { useApi, type Actor } from '../api.ts';
import { certState, dnAttr, dnSummary, formatSerial, needsRenewal, readKeyIndex, type CertUsage } from '../certs.ts';
import { formatBeijing } from '../clock.ts';
import { AppErrorAlert } from '../components/AppErrorAlert.tsx';
import { CertLoginForm } from '../components/CertLoginForm.tsx';
import { useServerClock } from '../components/ServerClock.tsx';
import { CertStateTag } from '../components/StatusTag.tsx';
import { useT } from '../i18n.ts';
import { certQueryKey, type Certificate } from '../pki.ts';
import { DenseTable } from '../components/DenseTable.tsx';
import { ApplyModal } from './ApplyModal.tsx';
import { ImportModal } from './ImportModal.tsx';
import { RevokeModal } from './RevokeModal.tsx';
import { USAGE_KEYS } from './usage-keys.ts';

const STATUS_ORDER = { active: 0, superseded: 1, revoked: 2 } as const;

/** In use first (signing before encryption), then superseded, then revoked; newest first within each. */
function sortCertificates<T extends { id: number; usage: CertUsage; status: keyof typeof STATUS_ORDER }>(certs: readonly T[]): T[] {
  return [...certs].sort(
    (a, b) =>
      STATUS_ORDER[a.status] - STATUS_ORDER[b.status] ||
      (a.usage === b.usage ? 0 : a.usage === 'signing' ? -1 : 1) ||
      b.id - a.id,
  );
}

function formatDate(iso: string): string {
  return formatBeijing(Date.parse(iso), 'YYYY-MM-DD HH:mm');
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
          <DenseTable<Certificate>
            rowKey="id"
            loading={certs.isPending}
            dataSource={list}
            pagination={false}
            testId="cert-table"
            details={{
              title: (c) => `${t(USAGE_KEYS[c.usage])} · ${dnSummary(c.subjectDn)}`,
              render: (c) => (
                <Descriptions
                  size="small"
                  column={1}
                  bordered
                  items={[
                    { key: 'usage', label: t('cert.usage'), children: t(USAGE_KEYS[c.usage]) },
                    { key: 'subject', label: t('cert.subject'), children: <span className="ebid-mono ebid-small">{c.subjectDn}</span> },
                    { key: 'issuer', label: t('cert.issuer'), children: <span className="ebid-mono ebid-small">{c.issuerDn}</span> },
                    { key: 'serial', label: t('cert.serial'), children: <Typography.Text className="ebid-mono ebid-small" copyable={{ text: c.serialHex }}>{formatSerial(c.serialHex)}</Typography.Text> },
                    { key: 'validity', label: t('cert.validity'), children: `${formatDate(c.notBefore)} ${t('cert.validity.to')} ${formatDate(c.notAfter)}` },
                    { key: 'state', label: t('cert.status'), children: <CertStateTag state={certState(c, nowMs)} /> },
                  ]}
                />
              ),
            }}
            empty={t('cert.empty')}
            columns={[
              {
                key: 'usage',
                title: t('cert.usage'),
                width: 90,
                render: (_v, c) => (
                  <Tag icon={c.usage === 'signing' ? <KeyOutlined aria-hidden /> : <LockOutlined aria-hidden />}>
                    {t(USAGE_KEYS[c.usage])}
                  </Tag>
                ),
              },
              {
                key: 'subject',
                title: t('cert.subject'),
                render: (_v, c) => (
                  <div>
                    <div>{dnSummary(c.subjectDn)}</div>
                    <Typography.Text type="secondary" className="ebid-small">
                      {t('cert.issuer')}: {dnAttr(c.issuerDn, 'CN') ?? c.issuerDn}
                    </Typography.Text>
                  </div>
                ),
              },
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
                      <Tag icon={<CheckOutlined aria-hidden />} data-testid="cert-local">
                        {t('cert.local')}
                      </Tag>
                    )}
                  </Space>
                ),
              },
              {
                key: 'actions',
                fixed: 'right',
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

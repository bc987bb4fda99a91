import { useState } from 'react';
import { Alert, App as AntApp, Descriptions, Modal, Radio } from 'antd';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useApi } from '../api.ts';
import { forgetKey, formatSerial, readKeyIndex } from '../certs.ts';
import { AppErrorAlert } from '../components/AppErrorAlert.tsx';
import { useT, type MessageKey } from '../i18n.ts';
import { certQueryKey, loadPki, type Certificate } from '../pki.ts';
import { USAGE_KEYS } from './usage-keys.ts';

/** RFC 5280 CRLReason codes offered to the holder. */
const REVOKE_REASONS: { value: number; key: MessageKey }[] = [
  { value: 1, key: 'cert.revoke.reason.keyCompromise' },
  { value: 4, key: 'cert.revoke.reason.superseded' },
  { value: 5, key: 'cert.revoke.reason.cessation' },
  { value: 0, key: 'cert.revoke.reason.unspecified' },
];

/** 吊销: with a reason and a plain warning that it cannot be undone. */
export function RevokeModal({ cert, onClose }: { cert: Certificate; onClose: () => void }) {
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

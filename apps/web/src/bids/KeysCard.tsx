/**
 * The bidder's keys for sealing a bid (我的投标) or taking part in the opening (开标): the ones this browser
 * keeps (saved on 我的证书), or the .p12 backups imported for this session (shared by both tabs:
 * importing on either serves both). Nothing here leaves the browser.
 */
import { useEffect, useState, type ComponentType, type ReactNode } from 'react';
import { Alert, Button, Card, Input, Space } from 'antd';
import { KeyOutlined, SafetyCertificateOutlined } from '@ant-design/icons';
import { useMutation, useQuery } from '@tanstack/react-query';
import { AppError } from '@ebid/domain';
import { useApi, useMe } from '../api.ts';
import { useServerClock } from '../components/ServerClock.tsx';
import { type MessageKey, textPair, useT } from '../i18n.ts';
import { certQueryKey } from '../pki.ts';
import { importSessionKeys, resolveKeys, type BidKeys } from './seal-upload.ts';

/** The keys for `username` (session .p12 first, then the browser's saved keys), once looked up. */
export function useBidKeys(username: string | undefined): { keys: BidKeys | null; checked: boolean; setKeys: (k: BidKeys) => void } {
  const [keys, setKeys] = useState<BidKeys | null>(null);
  const [checked, setChecked] = useState(false);
  useEffect(() => {
    if (!username) return;
    let live = true;
    resolveKeys(username)
      .then((k) => live && setKeys(k))
      .catch(() => live && setKeys(null))
      .finally(() => live && setChecked(true));
    return () => {
      live = false;
    };
  }, [username]);
  return { keys, checked, setKeys };
}

type Text = MessageKey;

export interface KeysCardProps {
  username: string;
  keys: BidKeys | null;
  onKeys: (k: BidKeys) => void;
  /** The card's data-testid and the prefix of its ids (`${idPrefix}-ready`, `${idPrefix}-sign`, …). */
  idPrefix: string;
  title: Text;
  /** Shown when the browser keeps no keys for the user. */
  missing: Text;
  /** How the screen shows an error (with its reason code). */
  ErrorBox: ComponentType<{ error: unknown; title?: string }>;
}

/** Which keys are in use, and the session import of the signing and encryption .p12 backups. */
export function KeysCard({ username, keys, onKeys, idPrefix, title, missing, ErrorBox }: KeysCardProps) {
  const t = useT();
  const [signFile, setSignFile] = useState<File | null>(null);
  const [encFile, setEncFile] = useState<File | null>(null);
  const [signPass, setSignPass] = useState('');
  const [encPass, setEncPass] = useState('');
  const api = useApi();
  const actor = useMe().data?.actor ?? undefined;
  const { now } = useServerClock();
  const certs = useQuery({ queryKey: certQueryKey, queryFn: () => api.cert.list.query({}) });
  const imp = useMutation({
    mutationFn: async () => {
      if (!signFile || !encFile) {
        throw new AppError('VALIDATION', textPair('bids.keysCard.chooseSigningEncryption'), { field: 'p12' });
      }
      // The server's record of the caller's certificates, fresh: a revocation a minute ago counts.
      const own = (await certs.refetch({ throwOnError: true })).data;
      return importSessionKeys(
        username,
        { signingFile: signFile, signingPassphrase: signPass, encryptionFile: encFile, encryptionPassphrase: encPass || signPass },
        undefined,
        { nowMs: now(), actor, own },
      );
    },
    onSuccess: (k) => onKeys(k),
  });
  const id = (s: string) => `${idPrefix}-${s}`;
  const heading: ReactNode = (
    <span>
      <KeyOutlined aria-hidden /> {t(title)}
    </span>
  );
  return (
    <Card size="small" title={heading} data-testid={idPrefix}>
      {keys ? (
        <Alert
          type="success"
          showIcon
          data-testid={id('ready')}
          title={
            keys.source === 'browser'
              ? t('bids.keysCard.usingSigningEncryption')
              : t('bids.keysCard.usingImportedP12')
          }
        />
      ) : (
        <Alert type="warning" showIcon title={t(missing)} />
      )}
      <details className="ebid-gap-top" open={!keys}>
        <summary>{t('bids.keysCard.importP12Backups')}</summary>
        <Space orientation="vertical" style={{ width: '100%', marginTop: 8 }}>
          <Space wrap>
            <label htmlFor={id('sign')}>{t('bids.keysCard.signingP12')}</label>
            <input id={id('sign')} type="file" accept=".p12,.pfx,application/x-pkcs12" onChange={(e) => setSignFile(e.target.files?.[0] ?? null)} />
            <label htmlFor={id('sign-pass')}>{t('bids.keysCard.signingPassphrase')}</label>
            <Input.Password id={id('sign-pass')} autoComplete="off" value={signPass} onChange={(e) => setSignPass(e.target.value)} style={{ width: 180 }} />
          </Space>
          <Space wrap>
            <label htmlFor={id('enc')}>{t('bids.keysCard.encryptionP12')}</label>
            <input id={id('enc')} type="file" accept=".p12,.pfx,application/x-pkcs12" onChange={(e) => setEncFile(e.target.files?.[0] ?? null)} />
            <label htmlFor={id('enc-pass')}>{t('bids.keysCard.encryptionPassphrase')}</label>
            <Input.Password
              id={id('enc-pass')}
              autoComplete="off"
              value={encPass}
              onChange={(e) => setEncPass(e.target.value)}
              style={{ width: 180 }}
              placeholder={t('bids.keysCard.blankSameSigning')}
            />
          </Space>
          <Button icon={<SafetyCertificateOutlined aria-hidden />} loading={imp.isPending} onClick={() => imp.mutate()}>
            {t('bids.keysCard.importBackups')}
          </Button>
          {imp.isError && <ErrorBox error={imp.error} title={t('bids.keysCard.importFailed')} />}
        </Space>
      </details>
    </Card>
  );
}

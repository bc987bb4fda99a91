import { Alert } from 'antd';
import { useQuery } from '@tanstack/react-query';
import { useApi, type Actor } from '../api.ts';
import { formatBeijing } from '../clock.ts';
import { useT, type MessageKey } from '../i18n.ts';

const ROLE_KEYS: Record<'root' | 'intermediate' | 'issuing' | 'seal', MessageKey> = {
  root: 'pki.role.root',
  intermediate: 'pki.role.intermediate',
  issuing: 'pki.role.issuing',
  seal: 'pki.role.seal',
};

/**
 * Center staff and platform administrators see, at the top of the workspace, the platform certificates
 * that expire within PKI_EXPIRY_WARNING_DAYS (issue 15 §2; system.info carries them for these roles only).
 */
export function PkiExpiryAlert({ actor }: { actor: Actor }) {
  const t = useT();
  const api = useApi();
  const staff = actor.role === 'staff' || actor.role === 'platform_admin';
  // Not under the 'system' key: that one survives a change of actor, these warnings must not.
  const info = useQuery({
    queryKey: ['pki', 'expiry', actor.userId],
    queryFn: () => api.system.info.query(),
    enabled: staff,
    staleTime: 60 * 60_000,
  });
  const warnings = info.data?.pkiWarnings ?? [];
  if (!staff || warnings.length === 0) return null;
  return (
    <Alert
      type="warning"
      showIcon
      className="ebid-gap"
      data-testid="pki-expiry"
      title={t('pki.expiry.title')}
      description={
        <>
          {t('pki.expiry.body')}
          <ul>
            {warnings.map((w) => {
              const params = { role: t(ROLE_KEYS[w.role]), subject: w.subject, date: formatBeijing(Date.parse(w.notAfter), 'YYYY-MM-DD'), days: w.daysLeft };
              return <li key={`${w.role}-${w.subject}`}>{w.daysLeft < 0 ? t('pki.expiry.expired', params) : t('pki.expiry.item', params)}</li>;
            })}
          </ul>
        </>
      }
    />
  );
}

/**
 * The trading center's identity as the server is configured with it (issue 15 §3, system.info `center`):
 * the platform's name in the top bar, the document title and the sign-in page, and the center's name,
 * address and contact at the foot of every page. They are proper names: the English UI shows them as
 * configured. Until system.info answers, the neutral 'app.name' stands in.
 */
import { useEffect } from 'react';
import { Typography } from 'antd';
import { useSystemInfo } from '../api.ts';
import { translate, useLang, useT } from '../i18n.ts';

/** The configured platform name, or the neutral one while system.info loads (or failed). */
export function usePlatformName(): string {
  const { lang } = useLang();
  const info = useSystemInfo();
  return info.data?.center.platformName ?? translate(lang, 'app.name');
}

/** Keeps `document.title` on the platform's name. */
export function DocumentTitle() {
  const name = usePlatformName();
  useEffect(() => {
    document.title = name;
  }, [name]);
  return null;
}

/** "江城市公共资源交易中心 · 地址：… · 联系方式：…", once system.info has answered. */
export function CenterFooter() {
  const t = useT();
  const center = useSystemInfo().data?.center;
  if (!center) return null;
  return (
    <address className="ebid-center-footer" data-testid="center-footer" aria-label={t('center.footer')}>
      <Typography.Text type="secondary">
        <span data-testid="center-name">{center.centerName}</span>
        <span aria-hidden> · </span>
        <span data-testid="center-address">{t('center.address', { address: center.address })}</span>
        <span aria-hidden> · </span>
        <span data-testid="center-contact">{t('center.contact', { contact: center.contact })}</span>
      </Typography.Text>
    </address>
  );
}

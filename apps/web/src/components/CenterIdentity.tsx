/**
 * The trading center's identity as the server is configured with it (issue 15 §3, system.info `center`):
 * the platform's name in the top bar, the document title (after the page's own title) and the sign-in page, and the center's name,
 * address and contact at the foot of every page. They are proper names: the English UI shows them as
 * configured. Until system.info answers, the neutral 'app.name' stands in.
 */
import { useEffect, useSyncExternalStore } from 'react';
import { Typography } from 'antd';
import { useSystemInfo } from '../api.ts';
import { translate, useLang, useT } from '../i18n.ts';

/** The configured platform name, or the neutral one while system.info loads (or failed). */
export function usePlatformName(): string {
  const { lang } = useLang();
  const info = useSystemInfo();
  return info.data?.center.platformName ?? translate(lang, 'app.name');
}

/**
 * The page titles currently shown, newest last (issue 19 §5): a page names itself with `usePageTitle`
 * (PageHeader does it for every page with a heading); when it leaves, the title before it comes back.
 */
let pageTitles: { title: string }[] = [];
const titleListeners = new Set<() => void>();
const notifyTitles = () => titleListeners.forEach((l) => l());
const subscribeTitles = (l: () => void) => {
  titleListeners.add(l);
  return () => titleListeners.delete(l);
};
const currentPageTitle = () => pageTitles.at(-1)?.title;

/** Names the browser tab after this page while it is shown: "<title> - <platform name>". */
export function usePageTitle(title: string | undefined): void {
  useEffect(() => {
    if (!title) return;
    const entry = { title };
    pageTitles = [...pageTitles, entry];
    notifyTitles();
    return () => {
      pageTitles = pageTitles.filter((e) => e !== entry);
      notifyTitles();
    };
  }, [title]);
}

/** The browser tab's text: "<page title> - <platform name>", or the platform's name alone before a page names itself. */
export function documentTitleOf(pageTitle: string | undefined, platformName: string): string {
  return pageTitle ? `${pageTitle} - ${platformName}` : platformName;
}

/** Keeps `document.title` on the current page's title and the platform's name (issue 19 §5). */
export function DocumentTitle() {
  const name = usePlatformName();
  const page = useSyncExternalStore(subscribeTitles, currentPageTitle, currentPageTitle);
  useEffect(() => {
    document.title = documentTitleOf(page, name);
  }, [page, name]);
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

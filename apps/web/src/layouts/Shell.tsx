import type { ReactNode } from 'react';
import { Layout } from 'antd';
import { useT } from '../i18n.ts';
import { CenterFooter } from '../components/CenterIdentity.tsx';
import { ConnectionBanner } from '../components/ConnectionBanner.tsx';
import { StatusFooter } from '../components/StatusFooter.tsx';
import { TopBar } from '../components/TopBar.tsx';

export const MAIN_ID = 'main-content';

/**
 * The frame shared by the portal and the workspace: skip link, top bar, footer. antd's Layout.Content is
 * itself a `<main>`: it is the page's one main landmark and the skip link's target (issue 19 §7 — a nested
 * `<main>` inside it made two).
 */
export function Shell({ sider, children }: { sider?: ReactNode; children: ReactNode }) {
  const t = useT();
  return (
    <Layout className="ebid-shell">
      <a className="ebid-skip-link" href={`#${MAIN_ID}`}>
        {t('app.skipToContent')}
      </a>
      <ConnectionBanner />
      <Layout.Header className="ebid-header">
        <TopBar />
      </Layout.Header>
      <Layout hasSider={Boolean(sider)}>
        {sider}
        <Layout className="ebid-body">
          <Layout.Content id={MAIN_ID} tabIndex={-1} className="ebid-main">
            {children}
          </Layout.Content>
          <Layout.Footer className="ebid-footer-wrap">
            <CenterFooter />
            <StatusFooter />
          </Layout.Footer>
        </Layout>
      </Layout>
    </Layout>
  );
}

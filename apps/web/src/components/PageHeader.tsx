import type { ReactNode } from 'react';
import { Breadcrumb, Typography } from 'antd';
import { Link } from 'react-router';
import { useT } from '../i18n.ts';
import { usePageTitle } from './CenterIdentity.tsx';

export interface Crumb {
  title: string;
  to?: string;
}

/**
 * Breadcrumb and the page's heading (the one `h1` of the content area), with the line that says what the
 * page is for; the heading also names the browser tab (issue 19 §5).
 */
export function PageHeader({ crumbs, title, purpose, extra }: { crumbs: Crumb[]; title: string; purpose?: string; extra?: ReactNode }) {
  const t = useT();
  usePageTitle(title);
  return (
    <header className="ebid-page-header">
      <Breadcrumb
        aria-label={t('nav.breadcrumb')}
        items={crumbs.map((c, i) => ({
          key: i,
          title: c.to && i < crumbs.length - 1 ? <Link to={c.to}>{c.title}</Link> : c.title,
        }))}
      />
      <div className="ebid-page-title-row">
        <Typography.Title level={1} className="ebid-page-title">
          {title}
        </Typography.Title>
        {extra}
      </div>
      {purpose && (
        <Typography.Paragraph type="secondary" className="ebid-page-purpose" data-testid="page-purpose" style={{ margin: '4px 0 0' }}>
          {purpose}
        </Typography.Paragraph>
      )}
    </header>
  );
}

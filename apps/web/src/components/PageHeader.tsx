import type { ReactNode } from 'react';
import { Breadcrumb, Typography } from 'antd';
import { Link } from 'react-router';
import { useT } from '../i18n.ts';

export interface Crumb {
  title: string;
  to?: string;
}

/** Breadcrumb and the page's heading (the one `h1` of the content area). */
export function PageHeader({ crumbs, title, extra }: { crumbs: Crumb[]; title: string; extra?: ReactNode }) {
  const t = useT();
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
    </header>
  );
}

/**
 * The shell of the bidder's bid lists (我的投标 and 开标大厅): my company's bids (bid.mine) with the
 * projects they are in (from registration.mine), in a card with an intro and a table whose first two
 * columns are the project (a link) and its status.
 */
import type { ReactNode } from 'react';
import { Card, Empty, Typography, type TableColumnsType } from 'antd';
import { useQuery } from '@tanstack/react-query';
import { Link } from 'react-router';
import { useApi, type RouterOutputs } from '../api.ts';
import { AppErrorAlert } from '../components/AppErrorAlert.tsx';
import { ProjectStatusTag } from '../components/StatusTag.tsx';
import { type Lang, type MessageKey, translate, useLang, useT } from '../i18n.ts';
import { REGISTRATION_KEYS } from '../tendering/RegistrationPanel.tsx';
import { DenseTable } from '../components/DenseTable.tsx';
import { BID_KEYS, type MyBid } from './my-bids.ts';

type Text = MessageKey;
type RegisteredProject = RouterOutputs['registration']['mine'][number]['project'];

/** The project columns: a link (deal code and name, or #id until the registrations load) and the project status. */
function projectColumns<T extends { projectId: number }>(
  lang: Lang,
  projectOf: (projectId: number) => RegisteredProject | undefined,
  link: (row: T, p: RegisteredProject | undefined) => { to: string; ariaLabel?: string },
  statusKey: string,
): TableColumnsType<T> {
  return [
    {
      key: 'project',
      title: translate(lang, 'bids.columns.project'),
      render: (_, r) => {
        const p = projectOf(r.projectId);
        const { to, ariaLabel } = link(r, p);
        return (
          <Link to={to} aria-label={ariaLabel}>
            {p ? (
              <>
                <span className="ebid-mono">{p.unifiedDealCode}</span> {p.name}
              </>
            ) : (
              `#${r.projectId}`
            )}
          </Link>
        );
      },
    },
    {
      key: statusKey,
      title: translate(lang, 'bids.columns.projectStatus'),
      render: (_, r) => {
        const p = projectOf(r.projectId);
        return p ? <ProjectStatusTag status={p.status} /> : '—';
      },
    },
  ];
}

export interface BidListCardProps<T extends { projectId: number }> {
  title: Text;
  testId: string;
  intro: Text;
  empty: Text;
  rowKey: keyof T & string;
  /** The table's rows, made from my bids. */
  rows: (bids: readonly MyBid[]) => T[];
  /** Where a row's project links to. */
  link: (row: T, project: RegisteredProject | undefined) => { to: string; ariaLabel?: string };
  /** The React key of the project status column. */
  statusKey: string;
  /** The columns after the project and its status. */
  columns: TableColumnsType<T>;
}

export function BidListCard<T extends { projectId: number }>({ title, testId, intro, empty, rowKey, rows, link, statusKey, columns }: BidListCardProps<T>): ReactNode {
  const { lang } = useLang();
  const t = useT();
  const api = useApi();
  const bids = useQuery({ queryKey: BID_KEYS.mine, queryFn: () => api.bid.mine.query({}) });
  const regs = useQuery({ queryKey: REGISTRATION_KEYS.mine, queryFn: () => api.registration.mine.query() });
  const projectOf = (projectId: number) => regs.data?.find((r) => r.projectId === projectId)?.project;
  return (
    <Card title={<h2 className="ebid-card-title">{t(title)}</h2>} data-testid={testId}>
      {bids.isError && <AppErrorAlert error={bids.error} onRetry={() => void bids.refetch()} />}
      <Typography.Paragraph type="secondary">{t(intro)}</Typography.Paragraph>
      <DenseTable<T>
        rowKey={rowKey}
        loading={bids.isPending}
        dataSource={rows(bids.data ?? [])}
        empty={<Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t(empty)} />}
        columns={[...projectColumns<T>(lang, projectOf, link, statusKey), ...columns]}
      />
    </Card>
  );
}

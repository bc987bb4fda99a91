/**
 * 开标大厅 (bidder menu 'opening'): the projects my company has a bid in force in, each linking to the
 * project's 开标 tab (`?tab=opening`). The center's 开标控制台 menu item is the project list pointing at
 * the same tab (WorkspacePage).
 */
import { Card, Empty, Table, Typography } from 'antd';
import { useQuery } from '@tanstack/react-query';
import { Link } from 'react-router';
import { useApi } from '../api.ts';
import { AppErrorAlert } from '../components/AppErrorAlert.tsx';
import { ProjectStatusTag } from '../components/StatusTag.tsx';
import { pick, useLang } from '../i18n.ts';
import { BID_KEYS } from '../bids/BidPanel.tsx';
import { REGISTRATION_KEYS } from '../tendering/RegistrationPanel.tsx';

export const openingTabLink = (projectId: number) => `/workspace/bidder/projects/${projectId}?tab=opening`;

interface Row {
  projectId: number;
  sections: string[];
}

/** One row per project with a current bid, sections in order. */
export function openingRows(bids: readonly { projectId: number; sectionCode: string; status: string }[]): Row[] {
  const by = new Map<number, Set<string>>();
  for (const b of bids) {
    if (b.status !== 'current') continue;
    by.set(b.projectId, (by.get(b.projectId) ?? new Set()).add(b.sectionCode));
  }
  return [...by.entries()].sort((a, b) => b[0] - a[0]).map(([projectId, s]) => ({ projectId, sections: [...s].sort() }));
}

export function OpeningProjectsPage() {
  const { lang } = useLang();
  const api = useApi();
  const bids = useQuery({ queryKey: BID_KEYS.mine, queryFn: () => api.bid.mine.query({}) });
  const regs = useQuery({ queryKey: REGISTRATION_KEYS.mine, queryFn: () => api.registration.mine.query() });
  const projectOf = (projectId: number) => regs.data?.find((r) => r.projectId === projectId)?.project;
  return (
    <Card title={<h2 className="ebid-card-title">{pick(lang, { zh: '开标大厅', en: 'Opening room' })}</h2>} data-testid="opening-projects">
      {bids.isError && <AppErrorAlert error={bids.error} onRetry={() => void bids.refetch()} />}
      <Typography.Paragraph type="secondary">
        {pick(lang, {
          zh: '贵单位有有效投标文件的项目。开标当天进入开标大厅：使用数字证书登录并签到，开标后在解密时限内解密投标文件，唱标后确认开标记录表或提出异议。',
          en: 'Projects your company has a bid in. On the day: sign in with your certificate, decrypt your bid within the window after the opening, then confirm the record or object.',
        })}
      </Typography.Paragraph>
      <Table<Row>
        rowKey="projectId"
        size="small"
        loading={bids.isPending}
        dataSource={openingRows(bids.data ?? [])}
        locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={pick(lang, { zh: '暂无待开标的投标', en: 'No bids to open' })} /> }}
        columns={[
          {
            key: 'project',
            title: pick(lang, { zh: '项目', en: 'Project' }),
            render: (_, r) => {
              const p = projectOf(r.projectId);
              return (
                <Link to={openingTabLink(r.projectId)}>
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
          { key: 'status', title: pick(lang, { zh: '项目状态', en: 'Project status' }), render: (_, r) => { const p = projectOf(r.projectId); return p ? <ProjectStatusTag status={p.status} /> : '—'; } },
          { key: 'sections', title: pick(lang, { zh: '投标标段', en: 'Sections' }), render: (_, r) => r.sections.join('、') },
        ]}
      />
    </Card>
  );
}

import { Button, Card, Table } from 'antd';
import { PlusOutlined } from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import { Link, useOutletContext } from 'react-router';
import { useApi, type Actor, type RouterOutputs } from '../api.ts';
import { formatBeijingDateTime } from '../clock.ts';
import { AppErrorAlert } from '../components/AppErrorAlert.tsx';
import { ProjectStatusTag } from '../components/StatusTag.tsx';
import { useT } from '../i18n.ts';
import { methodKey, TRADE_KEYS } from '../labels.ts';
import { workspaceBase } from '../menus.ts';

export type Project = RouterOutputs['project']['get'];

/**
 * 交易项目: the projects of the caller's organization (tenderee or agent), or every project for the
 * center, newest first. With `tab`, each link opens that tab of the project page (the 招标文件 / 澄清 /
 * 异议 / 资格条件 menu items are this list, pointing at their tab).
 */
export function ProjectsPage({ tab }: { tab?: string } = {}) {
  const t = useT();
  const api = useApi();
  const actor = useOutletContext<Actor>();
  const base = workspaceBase(actor);
  const projects = useQuery({ queryKey: ['project', 'list'], queryFn: () => api.project.list.query({ limit: 200 }) });
  return (
    <Card
      title={<h2 className="ebid-card-title">{t('project.list')}</h2>}
      extra={
        (actor.role === 'tenderee' || actor.role === 'agent') && (
        <Link to={`${base}/project-new`}>
          <Button type="primary" icon={<PlusOutlined aria-hidden />} tabIndex={-1}>
            {t('project.new')}
          </Button>
        </Link>
        )
      }
    >
      {projects.isError ? (
        <AppErrorAlert error={projects.error} onRetry={() => void projects.refetch()} />
      ) : (
        <Table<Project>
          rowKey="id"
          loading={projects.isFetching}
          dataSource={projects.data ?? []}
          pagination={{ pageSize: 20, hideOnSinglePage: true }}
          scroll={{ x: 900 }}
          data-testid="project-table"
          locale={{ emptyText: t('project.empty') }}
          columns={[
            { key: 'code', title: t('project.code'), render: (_v, p) => <span className="ebid-mono">{p.unifiedDealCode}</span> },
            {
              key: 'name',
              title: t('project.name'),
              render: (_v, p) => (
                <Link to={`${base}/projects/${p.id}${tab ? `?tab=${tab}` : ''}`} data-testid="project-link">
                  {p.name}
                </Link>
              ),
            },
            {
              key: 'trade',
              title: t('portal.col.trade'),
              render: (_v, p) => {
                const mk = methodKey(p.method);
                return `${t(TRADE_KEYS[p.tradeType])} / ${mk ? t(mk) : p.method}`;
              },
            },
            { key: 'status', title: t('project.status'), render: (_v, p) => <ProjectStatusTag status={p.status} /> },
            { key: 'createdAt', title: t('project.createdAt'), render: (_v, p) => formatBeijingDateTime(Date.parse(p.createdAt)) },
          ]}
        />
      )}
    </Card>
  );
}

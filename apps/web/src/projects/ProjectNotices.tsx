import { Card, Space, Tag } from 'antd';
import { useQuery } from '@tanstack/react-query';
import { Link } from 'react-router';
import { useApi } from '../api.ts';
import { formatBeijingDateTime } from '../clock.ts';
import { AppErrorAlert } from '../components/AppErrorAlert.tsx';
import { useT } from '../i18n.ts';
import { NOTICE_KIND_KEYS } from '../labels.ts';
import type { Project } from './ProjectsPage.tsx';

/**
 * The project's published notices, each with its kind word (招标公告, 资格预审结果公告, 流标公告, 终止公告 …)
 * and a link to its public page (issue 18 §3): the notices the platform issues itself appear here beside
 * the one the owner side drafted. Nothing until one is published.
 */
export function ProjectNotices({ project }: { project: Pick<Project, 'id'> }) {
  const t = useT();
  const api = useApi();
  const q = useQuery({ queryKey: ['notice', 'forProject', project.id], queryFn: () => api.notice.forProject.query({ projectId: project.id }) });
  if (q.isError) return <AppErrorAlert error={q.error} onRetry={() => void q.refetch()} />;
  const published = (q.data ?? []).filter((n) => n.status === 'published');
  if (published.length === 0) return null;
  return (
    <Card title={<h2 className="ebid-card-title">{t('project.notices.title')}</h2>} data-testid="project-notices">
      <ul className="ebid-dl">
        {published.map((n) => (
          <li key={n.id} data-testid={`project-notice-${n.id}`}>
            <Space wrap size={8}>
              <Tag>{NOTICE_KIND_KEYS[n.kind] ? t(NOTICE_KIND_KEYS[n.kind]!) : n.kind}</Tag>
              <Link to={`/notices/${n.id}`}>{n.title}</Link>
              {n.publishedAt && <span className="ebid-mono">{formatBeijingDateTime(Date.parse(n.publishedAt))}</span>}
            </Space>
          </li>
        ))}
      </ul>
    </Card>
  );
}

import { Card, Empty, Table } from 'antd';
import { useQuery } from '@tanstack/react-query';
import { useApi, type RouterOutputs } from '../api.ts';
import { formatBeijingDateTime } from '../clock.ts';
import { AppErrorAlert } from '../components/AppErrorAlert.tsx';
import { isSecretUntilDeadline } from '../errors.ts';
import { pick, SECRET_BEFORE_DEADLINE, useLang } from '../i18n.ts';
import { DepositSummary, RegistrationStatusTag } from './deposit-labels.tsx';

type Project = RouterOutputs['project']['get'];

/** 报名情况 (owner side, center, supervisor): the companies registered per section with their deposit status — after the deadline. */
export function RegistrationsTable({ project }: { project: Project }) {
  const { lang } = useLang();
  const api = useApi();
  const q = useQuery({ queryKey: ['registration', 'forProject', project.id], queryFn: () => api.registration.forProject.query({ projectId: project.id }), retry: (n, e) => !isSecretUntilDeadline(e) && n < 2 });
  // Before the bid deadline (prequalification: the application deadline) nobody lists the registrants (issue 13 §2).
  const secret = isSecretUntilDeadline(q.error);
  return (
    <Card title={<h2 className="ebid-card-title">{pick(lang, { zh: '报名情况', en: 'Registrations' })}</h2>} data-testid="registrations-table">
      {q.isError && !secret && <AppErrorAlert error={q.error} onRetry={() => void q.refetch()} />}
      <Table
        rowKey="id"
        size="small"
        loading={q.isPending}
        dataSource={q.data ?? []}
        locale={{
          emptyText: secret ? (
            <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={<span data-testid="registrations-secret">{pick(lang, SECRET_BEFORE_DEADLINE)}</span>} />
          ) : (
            <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={pick(lang, { zh: '暂无报名', en: 'No registrations yet' })} />
          ),
        }}
        columns={[
          { key: 'section', title: pick(lang, { zh: '标段', en: 'Section' }), render: (_, r) => `${r.sectionCode} ${r.sectionName}` },
          { key: 'bidder', title: pick(lang, { zh: '投标人（竞买人）', en: 'Bidder' }), dataIndex: 'bidderName' },
          { key: 'appliedAt', title: pick(lang, { zh: '报名时间', en: 'Registered at' }), render: (_, r) => formatBeijingDateTime(Date.parse(r.appliedAt)) },
          { key: 'status', title: pick(lang, { zh: '报名/资格状态', en: 'Registration / qualification' }), render: (_, r) => <RegistrationStatusTag status={r.status} /> },
          {
            key: 'deposit',
            title: pick(lang, { zh: '保证金', en: 'Security' }),
            render: (_, r) =>
              r.deposit ? <DepositSummary deposit={r.deposit} /> : r.depositSecret ? pick(lang, SECRET_BEFORE_DEADLINE) : (
                pick(lang, { zh: '无需缴纳', en: 'None required' })
              ),
          },
        ]}
      />
    </Card>
  );
}

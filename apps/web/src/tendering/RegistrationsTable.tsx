import { Card, Empty } from 'antd';
import { useQuery } from '@tanstack/react-query';
import { useApi, type RouterOutputs } from '../api.ts';
import { formatBeijingDateTime } from '../clock.ts';
import { AppErrorAlert } from '../components/AppErrorAlert.tsx';
import { DenseTable } from '../components/DenseTable.tsx';
import { isSecretUntilDeadline } from '../errors.ts';
import { useProjectT } from '../i18n.ts';
import { DepositSummary, RegistrationStatusTag } from './deposit-labels.tsx';

type Project = RouterOutputs['project']['get'];

/** 报名情况 (owner side, center, supervisor): the companies registered per section with their deposit status — after the deadline. */
export function RegistrationsTable({ project }: { project: Project }) {
  const t = useProjectT(project);
  const api = useApi();
  const q = useQuery({ queryKey: ['registration', 'forProject', project.id], queryFn: () => api.registration.forProject.query({ projectId: project.id }), retry: (n, e) => !isSecretUntilDeadline(e) && n < 2 });
  // Before the bid deadline (prequalification: the application deadline) nobody lists the registrants (issue 13 §2).
  const secret = isSecretUntilDeadline(q.error);
  return (
    <Card title={<h2 className="ebid-card-title">{t('registrations.table.registrations')}</h2>} data-testid="registrations-table">
      {q.isError && !secret && <AppErrorAlert error={q.error} onRetry={() => void q.refetch()} />}
      <DenseTable
        rowKey="id"
        loading={q.isPending}
        dataSource={q.data ?? []}
        empty={
          secret ? (
            <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={<span data-testid="registrations-secret">{t('common.secretBeforeDeadline')}</span>} />
          ) : (
            <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('registrations.table.registrationsYet')} />
          )
        }
        columns={[
          { key: 'section', title: t('registrations.section'), render: (_, r) => `${r.sectionCode} ${r.sectionName}` },
          { key: 'bidder', title: t('registrations.table.bidder'), dataIndex: 'bidderName' },
          { key: 'appliedAt', title: t('registrations.table.registered'), render: (_, r) => formatBeijingDateTime(Date.parse(r.appliedAt)) },
          { key: 'status', title: t('registrations.registrationQualification'), render: (_, r) => <RegistrationStatusTag status={r.status} /> },
          {
            key: 'deposit',
            title: t('registrations.security'),
            render: (_, r) =>
              r.deposit ? <DepositSummary deposit={r.deposit} /> : r.depositSecret ? t('common.secretBeforeDeadline') : (
                t('registrations.noneRequired')
              ),
          },
        ]}
      />
    </Card>
  );
}

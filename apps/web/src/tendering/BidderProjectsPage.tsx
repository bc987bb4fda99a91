import { Card, Empty, Space } from 'antd';
import { useQuery } from '@tanstack/react-query';
import { Link } from 'react-router';
import { useApi } from '../api.ts';
import { formatBeijingDateTime } from '../clock.ts';
import { AppErrorAlert } from '../components/AppErrorAlert.tsx';
import { ProjectStatusTag } from '../components/StatusTag.tsx';
import { useT } from '../i18n.ts';
import { methodKey, TRADE_KEYS } from '../labels.ts';
import { formatFen } from '../money.ts';
import { DenseTable } from '../components/DenseTable.tsx';
import { DepositSummary, RegistrationStatusTag } from './deposit-labels.tsx';
import { REGISTRATION_KEYS } from './RegistrationPanel.tsx';

const projectLink = (id: number) => `/workspace/bidder/projects/${id}`;

/** 我参与的项目 (bidder menu 'projects'): projects open for registration, and my company's registrations. */
export function BidderProjectsPage() {
  const t = useT();
  const api = useApi();
  const open = useQuery({ queryKey: REGISTRATION_KEYS.open, queryFn: () => api.registration.openProjects.query() });
  const mine = useQuery({ queryKey: REGISTRATION_KEYS.mine, queryFn: () => api.registration.mine.query() });
  const tradeLabel = (tt: keyof typeof TRADE_KEYS, method: string) => {
    const mk = methodKey(method);
    return `${t(TRADE_KEYS[tt])} / ${mk ? t(mk) : method}`;
  };
  return (
    <div className="ebid-stack">
      <Card title={<h2 className="ebid-card-title">{t('registrations.bidderProjectsPage.projectsOpenRegistration')}</h2>}>
        {open.isError && <AppErrorAlert error={open.error} onRetry={() => void open.refetch()} />}
        <DenseTable
          rowKey="id"
          loading={open.isPending}
          dataSource={open.data ?? []}
          empty={<Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('registrations.bidderProjectsPage.projectOpenRegistration')} />}
          testId="open-projects"
          columns={[
            { key: 'code', width: 150, title: t('registrations.bidderProjectsPage.code'), render: (_, p) => <span className="ebid-mono">{p.unifiedDealCode}</span> },
            { key: 'name', title: t('registrations.bidderProjectsPage.project'), dataIndex: 'name' },
            { key: 'trade', title: t('registrations.bidderProjectsPage.tradeMethod'), render: (_, p) => tradeLabel(p.tradeType, p.method) },
            { key: 'status', title: t('registrations.bidderProjectsPage.status'), render: (_, p) => <ProjectStatusTag status={p.status} /> },
            { key: 'deadline', title: t('registrations.bidderProjectsPage.deadlineBeijing'), render: (_, p) => (p.deadline ? formatBeijingDateTime(Date.parse(p.deadline)) : '—') },
            {
              key: 'sections',
              title: t('registrations.bidderProjectsPage.sectionsMyRegistration'),
              render: (_, p) => (
                <Space direction="vertical" size={2}>
                  {p.sections.map((s) => (
                    <span key={s.id}>
                      {s.code} {s.name}（{formatFen(s.securityFen ?? 0)}）{' '}
                      {s.myRegistration ? <RegistrationStatusTag status={s.myRegistration.status} /> : t('registrations.registered')}
                    </span>
                  ))}
                </Space>
              ),
            },
            {
              key: 'view', width: 80,
              title: t('registrations.action'),
              render: (_, p) => (
                <Link to={projectLink(p.id)} aria-label={`${t('registrations.bidderProjectsPage.view')} ${p.name}`}>
                  {t('registrations.bidderProjectsPage.view')}
                </Link>
              ),
            },
          ]}
        />
      </Card>
      <Card title={<h2 className="ebid-card-title">{t('registrations.bidderProjectsPage.myRegistrations')}</h2>}>
        {mine.isError && <AppErrorAlert error={mine.error} onRetry={() => void mine.refetch()} />}
        <DenseTable
          rowKey="id"
          loading={mine.isPending}
          dataSource={mine.data ?? []}
          empty={<Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('registrations.bidderProjectsPage.registrationsYet')} />}
          testId="my-registrations"
          columns={[
            {
              key: 'project',
              title: t('registrations.bidderProjectsPage.project2'),
              render: (_, r) => (
                <Link to={projectLink(r.project.id)}>
                  <span className="ebid-mono">{r.project.unifiedDealCode}</span> {r.project.name}
                </Link>
              ),
            },
            { key: 'section', title: t('registrations.section'), render: (_, r) => `${r.sectionCode} ${r.sectionName}` },
            { key: 'pstatus', title: t('registrations.bidderProjectsPage.projectStatus'), render: (_, r) => <ProjectStatusTag status={r.project.status} /> },
            { key: 'deadline', title: t('registrations.bidderProjectsPage.deadline'), render: (_, r) => (r.project.deadline ? formatBeijingDateTime(Date.parse(r.project.deadline)) : '—') },
            { key: 'status', title: t('registrations.registrationQualification'), render: (_, r) => <RegistrationStatusTag status={r.status} /> },
            {
              key: 'deposit',
              title: t('registrations.security'),
              render: (_, r) =>
                r.deposit ? <DepositSummary deposit={r.deposit} /> : (
                  t('registrations.noneRequired')
                ),
            },
          ]}
        />
      </Card>
    </div>
  );
}

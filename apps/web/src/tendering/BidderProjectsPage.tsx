import { Card, Empty, Space, Table } from 'antd';
import { useQuery } from '@tanstack/react-query';
import { Link } from 'react-router';
import { useApi } from '../api.ts';
import { formatBeijingDateTime } from '../clock.ts';
import { AppErrorAlert } from '../components/AppErrorAlert.tsx';
import { ProjectStatusTag } from '../components/StatusTag.tsx';
import { pick, useLang, useT } from '../i18n.ts';
import { methodKey, TRADE_KEYS } from '../labels.ts';
import { formatFen } from '../money.ts';
import { DepositSummary, RegistrationStatusTag } from './deposit-labels.tsx';
import { REGISTRATION_KEYS } from './RegistrationPanel.tsx';

const projectLink = (id: number) => `/workspace/bidder/projects/${id}`;

/** 我参与的项目 (bidder menu 'projects'): projects open for registration, and my company's registrations. */
export function BidderProjectsPage() {
  const { lang } = useLang();
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
      <Card title={<h2 className="ebid-card-title">{pick(lang, { zh: '可报名的项目', en: 'Projects open for registration' })}</h2>}>
        {open.isError && <AppErrorAlert error={open.error} onRetry={() => void open.refetch()} />}
        <Table
          rowKey="id"
          size="small"
          loading={open.isPending}
          dataSource={open.data ?? []}
          locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={pick(lang, { zh: '暂无可报名的项目', en: 'No project is open for registration' })} /> }}
          data-testid="open-projects"
          columns={[
            { key: 'code', width: 150, title: pick(lang, { zh: '项目编号', en: 'Code' }), render: (_, p) => <span className="ebid-mono">{p.unifiedDealCode}</span> },
            { key: 'name', title: pick(lang, { zh: '项目名称', en: 'Project' }), dataIndex: 'name' },
            { key: 'trade', title: pick(lang, { zh: '交易类型/方式', en: 'Trade / method' }), render: (_, p) => tradeLabel(p.tradeType, p.method) },
            { key: 'status', title: pick(lang, { zh: '状态', en: 'Status' }), render: (_, p) => <ProjectStatusTag status={p.status} /> },
            { key: 'deadline', title: pick(lang, { zh: '报名截止（北京时间）', en: 'Deadline (Beijing)' }), render: (_, p) => (p.deadline ? formatBeijingDateTime(Date.parse(p.deadline)) : '—') },
            {
              key: 'sections',
              title: pick(lang, { zh: '标段与我的报名', en: 'Sections and my registration' }),
              render: (_, p) => (
                <Space direction="vertical" size={2}>
                  {p.sections.map((s) => (
                    <span key={s.id}>
                      {s.code} {s.name}（{formatFen(s.securityFen ?? 0)}）{' '}
                      {s.myRegistration ? <RegistrationStatusTag status={s.myRegistration.status} /> : pick(lang, { zh: '未报名', en: 'Not registered' })}
                    </span>
                  ))}
                </Space>
              ),
            },
            {
              key: 'view', width: 80,
              title: pick(lang, { zh: '操作', en: 'Action' }),
              render: (_, p) => (
                <Link to={projectLink(p.id)} aria-label={`${pick(lang, { zh: '查看', en: 'View' })} ${p.name}`}>
                  {pick(lang, { zh: '查看', en: 'View' })}
                </Link>
              ),
            },
          ]}
        />
      </Card>
      <Card title={<h2 className="ebid-card-title">{pick(lang, { zh: '我的报名', en: 'My registrations' })}</h2>}>
        {mine.isError && <AppErrorAlert error={mine.error} onRetry={() => void mine.refetch()} />}
        <Table
          rowKey="id"
          size="small"
          loading={mine.isPending}
          dataSource={mine.data ?? []}
          locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={pick(lang, { zh: '尚未报名任何项目', en: 'No registrations yet' })} /> }}
          data-testid="my-registrations"
          columns={[
            {
              key: 'project',
              title: pick(lang, { zh: '项目', en: 'Project' }),
              render: (_, r) => (
                <Link to={projectLink(r.project.id)}>
                  <span className="ebid-mono">{r.project.unifiedDealCode}</span> {r.project.name}
                </Link>
              ),
            },
            { key: 'section', title: pick(lang, { zh: '标段', en: 'Section' }), render: (_, r) => `${r.sectionCode} ${r.sectionName}` },
            { key: 'pstatus', title: pick(lang, { zh: '项目状态', en: 'Project status' }), render: (_, r) => <ProjectStatusTag status={r.project.status} /> },
            { key: 'deadline', title: pick(lang, { zh: '截止时间', en: 'Deadline' }), render: (_, r) => (r.project.deadline ? formatBeijingDateTime(Date.parse(r.project.deadline)) : '—') },
            { key: 'status', title: pick(lang, { zh: '报名/资格状态', en: 'Registration / qualification' }), render: (_, r) => <RegistrationStatusTag status={r.status} /> },
            {
              key: 'deposit',
              title: pick(lang, { zh: '保证金', en: 'Security' }),
              render: (_, r) =>
                r.deposit ? <DepositSummary deposit={r.deposit} /> : (
                  pick(lang, { zh: '无需缴纳', en: 'None required' })
                ),
            },
          ]}
        />
      </Card>
    </div>
  );
}

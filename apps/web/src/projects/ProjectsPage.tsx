import { Button, Card, Empty, Space, Table, Tag } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { PlusOutlined } from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import { Link, useOutletContext } from 'react-router';
import { useApi, type Actor, type RouterOutputs } from '../api.ts';
import { formatBeijingDateTime } from '../clock.ts';
import { AppErrorAlert } from '../components/AppErrorAlert.tsx';
import { ProjectStatusTag, StatusTag } from '../components/StatusTag.tsx';
import { projectT, useLang, useT, type MessageKey, type TFunction } from '../i18n.ts';
import { methodKey, scheduleFieldLabel, TRADE_KEYS } from '../labels.ts';
import { workspaceBase } from '../menus.ts';

export type Project = RouterOutputs['project']['get'];
type Row = RouterOutputs['project']['list'][number];

/**
 * What a project list is about (issue 19 §5): every project (交易项目 / 中心受理的项目 / 监管项目), or one
 * topic of the owner side's work (时间安排, 招标文件, 澄清与修改, 异议答复, 资格条件) and the center's 开标控制台.
 * A topic shows its own column of each project's work and links to that tab of the project page.
 */
export type ProjectListTopic = 'all' | 'schedule' | 'documents' | 'clarifications' | 'objections' | 'qualification' | 'opening';

/** The project page's tab each topic opens (`?tab=`). */
const TOPIC_TAB: Record<Exclude<ProjectListTopic, 'all'>, string> = {
  schedule: 'overview',
  documents: 'documents',
  clarifications: 'clarifications',
  objections: 'objections',
  qualification: 'qualification',
  opening: 'opening',
};

const at = (iso: string) => formatBeijingDateTime(Date.parse(iso));
/** Secondary words in a dark enough grey (#595959, 7:1 on white; antd's secondary grey is under 4.5:1). */
const Muted = ({ children }: { children: string }) => <span style={{ color: '#595959' }}>{children}</span>;
const NOT_YET_PUBLIC = new Set(['DRAFT', 'PENDING_REVIEW']);

/** Lists sorted by what is most urgent for the topic: the soonest date or due answer first, none last. */
function sortKey(topic: ProjectListTopic, r: Row): number {
  const iso =
    topic === 'objections' ? r.work.objections.earliestDueAt : topic === 'schedule' ? (r.work.nextMilestone?.at ?? null) : topic === 'opening' ? (r.schedule.openingAt ?? null) : null;
  return iso ? Date.parse(iso) : Number.POSITIVE_INFINITY;
}

function topicColumns(topic: ProjectListTopic, t: TFunction, lang: 'zh' | 'en'): ColumnsType<Row> {
  switch (topic) {
    case 'all':
      return [];
    case 'schedule':
      return [
        {
          key: 'next',
          title: t('projectLists.col.next'),
          render: (_v, p) => {
            const next = p.work.nextMilestone;
            // The date's name in the project's own words (竞买申请截止时间 for land …).
            if (next) return <span data-testid="work-next">{t('projectLists.next.at', { field: scheduleFieldLabel(next.field, lang, projectT(lang, p)), at: at(next.at) })}</span>;
            const why = p.status === 'SUSPENDED' ? 'projectLists.next.suspended' : Object.keys(p.schedule).length === 0 ? 'projectLists.next.unset' : 'projectLists.next.none';
            return <Muted>{t(why)}</Muted>;
          },
        },
      ];
    case 'documents':
      return [
        {
          key: 'documents',
          title: t('projectLists.col.documents'),
          render: (_v, p) => {
            const d = p.work.documents;
            if (d.current + d.prequalification === 0) return <StatusTag family="progress">{t('projectLists.docs.none')}</StatusTag>;
            return (
              <Space size={4} wrap data-testid="work-documents">
                {(d.current > 0 || d.prequalification === 0) && <span>{t('projectLists.docs.count', { count: d.current })}</span>}
                {d.prequalification > 0 && <span>{t('projectLists.docs.prequal', { count: d.prequalification })}</span>}
                <Tag>{t(NOT_YET_PUBLIC.has(p.status) ? 'projectLists.docs.draft' : 'projectLists.docs.published')}</Tag>
              </Space>
            );
          },
        },
      ];
    case 'clarifications':
      return [
        {
          key: 'clarifications',
          title: t('projectLists.col.clarifications'),
          render: (_v, p) => {
            const c = p.work.clarifications;
            if (c.draft + c.published === 0) return <Muted>{t('projectLists.clar.none')}</Muted>;
            return (
              <Space size={4} wrap data-testid="work-clarifications">
                {c.draft > 0 && <StatusTag family="progress">{t('projectLists.clar.draft', { count: c.draft })}</StatusTag>}
                {c.published > 0 && <span>{t('projectLists.clar.published', { count: c.published })}</span>}
              </Space>
            );
          },
        },
      ];
    case 'objections':
      return [
        {
          key: 'objections',
          title: t('projectLists.col.objections'),
          render: (_v, p) => {
            const o = p.work.objections;
            if (o.unanswered === 0) return <Muted>{t('projectLists.obj.none')}</Muted>;
            return (
              <Space size={4} wrap data-testid="work-objections">
                <StatusTag family="progress">{t('projectLists.obj.count', { count: o.unanswered })}</StatusTag>
                {o.overdue > 0 && <StatusTag family="failed">{t('projectLists.obj.overdue', { count: o.overdue })}</StatusTag>}
              </Space>
            );
          },
        },
        { key: 'due', title: t('projectLists.col.due'), render: (_v, p) => (p.work.objections.earliestDueAt ? at(p.work.objections.earliestDueAt) : '—') },
      ];
    case 'qualification':
      return [
        {
          key: 'criteria',
          title: t('projectLists.col.criteria'),
          render: (_v, p) => (
            <Space size={4} wrap data-testid="work-criteria">
              {p.work.criteria === 0 ? <StatusTag family="progress">{t('projectLists.crit.none')}</StatusTag> : <span>{t('projectLists.crit.count', { count: p.work.criteria })}</span>}
              {!NOT_YET_PUBLIC.has(p.status) && <Muted>{t('projectLists.crit.locked')}</Muted>}
            </Space>
          ),
        },
      ];
    case 'opening':
      return [
        {
          key: 'openingAt',
          title: t('projectLists.col.openingAt'),
          render: (_v, p) => (p.schedule.openingAt ? at(p.schedule.openingAt) : <Muted>{t('projectLists.opening.unset')}</Muted>),
        },
      ];
  }
}

/**
 * The project lists of the owner side, the center and the supervisor: the projects of the caller's
 * organization (tenderee or agent), or every project for the center and the supervisor, newest first —
 * or, for a topic, the most urgent first with that topic's column (issue 19 §5).
 */
export function ProjectsPage({ topic = 'all' }: { topic?: ProjectListTopic } = {}) {
  const t = useT();
  const { lang } = useLang();
  const api = useApi();
  const actor = useOutletContext<Actor>();
  const base = workspaceBase(actor);
  const ownerSide = actor.role === 'tenderee' || actor.role === 'agent';
  const projects = useQuery({ queryKey: ['project', 'list'], queryFn: () => api.project.list.query({ limit: 200 }) });
  const tab = topic === 'all' ? undefined : TOPIC_TAB[topic];
  const rows = topic === 'all' ? (projects.data ?? []) : [...(projects.data ?? [])].sort((a, b) => sortKey(topic, a) - sortKey(topic, b));
  const title: MessageKey =
    topic !== 'all' ? `projectLists.title.${topic}` : ownerSide ? 'projectLists.title.all.owner' : actor.role === 'supervisor' ? 'projectLists.title.all.supervisor' : 'projectLists.title.all.center';
  const newProject = (
    <Link to={`${base}/project-new`}>
      <Button type="primary" icon={<PlusOutlined aria-hidden />} tabIndex={-1}>
        {t('projectLists.empty.newProject')}
      </Button>
    </Link>
  );
  const empty = ownerSide ? (
    <Empty
      image={Empty.PRESENTED_IMAGE_SIMPLE}
      description={topic === 'all' ? t('projectLists.empty.owner.all') : t('projectLists.empty.owner', { action: t(`projectLists.action.${topic}`) })}
    >
      {newProject}
    </Empty>
  ) : (
    <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('projectLists.empty.center')} />
  );
  const columns: ColumnsType<Row> = [
    {
      key: 'name',
      title: t('projectLists.col.project'),
      render: (_v, p) => (
        <div>
          <Link to={`${base}/projects/${p.id}${tab ? `?tab=${tab}` : ''}`} data-testid="project-link">
            {p.name}
          </Link>
          <div className="ebid-mono" style={{ fontSize: 12, color: 'rgba(0, 0, 0, 0.65)' }}>
            {p.unifiedDealCode}
          </div>
        </div>
      ),
    },
    ...(!ownerSide ? [{ key: 'owner', title: t('projectLists.col.owner'), width: 200, render: (_v: unknown, p: Row) => p.tendereeName }] : []),
    ...(topic === 'all'
      ? [
          {
            key: 'trade',
            title: t('projectLists.col.trade'),
            width: 170,
            render: (_v: unknown, p: Row) => {
              const mk = methodKey(p.method);
              return `${t(TRADE_KEYS[p.tradeType])} / ${mk ? t(mk) : p.method}`;
            },
          },
        ]
      : []),
    { key: 'status', title: t('projectLists.col.status'), width: 130, render: (_v, p) => <ProjectStatusTag status={p.status} /> },
    ...topicColumns(topic, t, lang),
    ...(topic === 'all' ? [{ key: 'createdAt', title: t('projectLists.col.createdAt'), width: 160, render: (_v: unknown, p: Row) => at(p.createdAt) }] : []),
    ...(topic !== 'all'
      ? [
          {
            key: 'action',
            title: t('projectLists.col.action'),
            width: 120,
            render: (_v: unknown, p: Row) => (
              <Link to={`${base}/projects/${p.id}?tab=${TOPIC_TAB[topic]}`} aria-label={`${t(`projectLists.open.${topic}`)} ${p.name}`}>
                {t(`projectLists.open.${topic}`)}
              </Link>
            ),
          },
        ]
      : []),
  ];
  return (
    <Card title={<h2 className="ebid-card-title">{t(title)}</h2>} extra={ownerSide && rows.length > 0 && newProject}>
      {projects.isError ? (
        <AppErrorAlert error={projects.error} onRetry={() => void projects.refetch()} />
      ) : (
        <Table<Row>
          rowKey="id"
          loading={projects.isFetching}
          dataSource={rows}
          pagination={{ pageSize: 20, hideOnSinglePage: true }}
          data-testid="project-table"
          data-topic={topic}
          locale={{ emptyText: projects.isPending ? ' ' : empty }}
          columns={columns}
        />
      )}
    </Card>
  );
}

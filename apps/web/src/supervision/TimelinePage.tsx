/**
 * 项目时间线 (issue 20 §3; M3): one project's checkpoints (by due time, state now), the alerts they raised
 * and its audit events (in words, masked as the audit log masks them) on one time axis, oldest first.
 * Each item leads to its record, read-only: the project page's tab it concerns, or the audit event's
 * details. The project comes from the URL (`?projectId=`, so the dashboard's alerts link here) or from
 * the search select.
 */
import { useMemo, useState } from 'react';
import { Button, Card, Drawer, Empty, Form, Segmented, Select, Space, Spin, Tag, Timeline, Typography } from 'antd';
import { FileSearchOutlined, ProfileOutlined } from '@ant-design/icons';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { Link, useOutletContext, useSearchParams } from 'react-router';
import { useApi, type Actor, type RouterOutputs } from '../api.ts';
import { formatBeijingDateTime } from '../clock.ts';
import { AppErrorAlert } from '../components/AppErrorAlert.tsx';
import { useLang, useT, type TFunction } from '../i18n.ts';
import { workspaceBase } from '../menus.ts';
import { actionWord, actorText, AuditEventDetail, subjectText, type AuditEvent } from '../system/AuditPage.tsx';
import { responsibleText } from './DashboardPage.tsx';
import { kindWord, LevelTag, STATE_PALETTE, StateTag } from './words.tsx';

type TimelineData = RouterOutputs['supervision']['timeline'];
type Item = TimelineData['items'][number];
type Show = 'all' | 'checkpoints' | 'audit';

const when = (iso: string) => formatBeijingDateTime(Date.parse(iso));

/** The project page (and tab) a record is on. */
export function recordPath(actor: Pick<Actor, 'role'>, projectId: number, tab: string | null): string {
  return `${workspaceBase(actor)}/projects/${projectId}${tab ? `?tab=${tab}` : ''}`;
}

function tabWord(t: TFunction, tab: Item['link']['tab']): string {
  return tab ? t(`supervisionDash.item.tab.${tab}`) : t('supervisionDash.item.tab.project');
}

function dotColour(i: Item): string {
  if (i.type === 'checkpoint') return STATE_PALETTE[i.state].fg;
  if (i.type === 'alert') return STATE_PALETTE[i.level].fg;
  return '#1f3a8a';
}

export function TimelinePage() {
  const t = useT();
  const { lang } = useLang();
  const api = useApi();
  const actor = useOutletContext<Actor>();
  const [search, setSearch] = useSearchParams();
  const raw = Number(search.get('projectId'));
  const projectId = Number.isSafeInteger(raw) && raw > 0 ? raw : null;
  const [query, setQuery] = useState('');
  const [show, setShow] = useState<Show>('all');
  const [event, setEvent] = useState<AuditEvent | null>(null);
  const choices = useQuery({
    queryKey: ['audit', 'choices', 'project', query],
    queryFn: () => api.audit.choices.query({ kind: 'project', query }),
    placeholderData: keepPreviousData,
  });
  const timeline = useQuery({
    queryKey: ['supervision', 'timeline', projectId],
    queryFn: () => api.supervision.timeline.query({ projectId: projectId! }),
    enabled: projectId !== null,
  });
  const items = useMemo(
    () => (timeline.data?.items ?? []).filter((i) => show === 'all' || (show === 'audit' ? i.type === 'audit' : i.type !== 'audit')),
    [timeline.data, show],
  );
  const project = timeline.data?.project;
  const options = [
    ...(project && !(choices.data ?? []).some((c) => c.value === project.id) ? [{ value: project.id, label: `${project.name}（${project.code}）` }] : []),
    ...(choices.data ?? []).map((c) => ({ value: c.value, label: c.detail ? `${c.label}（${c.detail}）` : c.label })),
  ];

  const content = (i: Item) => {
    const record = (
      <Link to={recordPath(actor, project!.id, i.link.tab)} data-testid="timeline-record-link">
        {t('supervisionDash.item.openRecord')} · {tabWord(t, i.link.tab)}
      </Link>
    );
    if (i.type === 'checkpoint') {
      return (
        <div data-testid="timeline-item" data-type="checkpoint" data-state={i.state} data-kind={i.kind}>
          <Space wrap size={6}>
            <Tag>{t('supervisionDash.item.checkpoint')}</Tag>
            <strong>{kindWord(lang, i.kind)}</strong>
            <StateTag state={i.state} t={t} />
            {i.late && <Tag>{t('supervisionDash.item.late')}</Tag>}
            {i.provisional && <Tag>{t('supervisionDash.item.provisional')}</Tag>}
          </Space>
          <div className="ebid-small">
            {t('supervisionDash.item.due', { at: when(i.dueAt) })}
            {i.warnAt !== i.dueAt && ` · ${t('supervisionDash.item.warnFrom', { at: when(i.warnAt) })}`}
            {` · ${t('supervisionDash.item.responsible', { name: responsibleText(t, i.responsible) })}`}
          </div>
          {i.doneAt && <div className="ebid-small">{t('supervisionDash.item.doneAt', { at: when(i.doneAt), act: i.doneAct ? actionWord(t, { action: i.doneAct, masked: false }) : '—' })}</div>}
          <div className="ebid-small">{record}</div>
        </div>
      );
    }
    if (i.type === 'alert') {
      return (
        <div data-testid="timeline-item" data-type="alert" data-level={i.level}>
          <Space wrap size={6}>
            <Tag>{t('supervisionDash.item.alert')}</Tag>
            <LevelTag level={i.level} t={t} />
            <span>{t('supervisionDash.item.alertRaised', { level: t(`supervisionDash.level.${i.level}`), kind: kindWord(lang, i.kind) })}</span>
          </Space>
          <div className="ebid-small">
            {i.handledAt ? t('supervisionDash.item.handled', { at: when(i.handledAt) }) : t('supervisionDash.item.notHandled')} · {record}
          </div>
        </div>
      );
    }
    const subject = subjectText(t, i.event);
    return (
      <div data-testid="timeline-item" data-type="audit" data-action={i.event.action}>
        <Space wrap size={6}>
          <Tag>{t('supervisionDash.item.audit')}</Tag>
          <strong>{actionWord(t, i.event)}</strong>
          <span>{actorText(t, i.event)}</span>
          {subject && i.event.subjectType !== 'project' && <span className="ebid-small">{subject}</span>}
        </Space>
        <div className="ebid-small">
          <Space size={12} wrap>
            <Button
              size="small"
              type="link"
              icon={<ProfileOutlined aria-hidden />}
              onClick={() => setEvent(i.event)}
              aria-label={`${t('supervisionDash.item.openEvent')} #${i.event.id}`}
              data-testid="timeline-event-open"
              style={{ paddingInline: 0 }}
            >
              {t('supervisionDash.item.openEvent')}
            </Button>
            {!i.event.masked && record}
          </Space>
        </div>
      </div>
    );
  };

  return (
    <div className="ebid-stack" data-testid="supervision-timeline">
      <Card>
        <Form layout="inline" className="ebid-filters">
          <Form.Item label={t('supervisionDash.timeline.pick')} htmlFor="timeline-project">
            <Select<number>
              id="timeline-project"
              style={{ width: 420 }}
              showSearch
              filterOption={false}
              onSearch={setQuery}
              value={projectId ?? undefined}
              placeholder={t('supervisionDash.timeline.pickPlaceholder')}
              onChange={(v) => setSearch({ projectId: String(v) })}
              options={options}
              data-testid="timeline-project-select"
            />
          </Form.Item>
          <Form.Item label={t('supervisionDash.timeline.filter')}>
            <Segmented<Show>
              value={show}
              onChange={setShow}
              options={[
                { value: 'all', label: t('supervisionDash.timeline.filter.all') },
                { value: 'checkpoints', label: t('supervisionDash.timeline.filter.checkpoints') },
                { value: 'audit', label: t('supervisionDash.timeline.filter.audit') },
              ]}
              data-testid="timeline-filter"
            />
          </Form.Item>
        </Form>
        <Typography.Paragraph type="secondary" className="ebid-small" style={{ marginTop: 8, marginBottom: 0 }}>
          {t('supervisionDash.timeline.readOnly')}
        </Typography.Paragraph>
      </Card>
      {projectId === null ? (
        <Card>
          <Empty description={t('supervisionDash.timeline.choose')} />
        </Card>
      ) : timeline.isPending ? (
        <Spin description={t('loading')} className="ebid-center" />
      ) : timeline.isError ? (
        <AppErrorAlert error={timeline.error} onRetry={() => void timeline.refetch()} />
      ) : (
        <Card
          title={<h2 className="ebid-card-title">{t('supervisionDash.timeline.title', { name: project!.name })}</h2>}
          extra={
            <Link to={recordPath(actor, project!.id, null)} data-testid="timeline-project-link">
              <FileSearchOutlined aria-hidden /> {t('supervisionDash.timeline.openProject')}
            </Link>
          }
        >
          <Typography.Paragraph type="secondary" className="ebid-small">
            {t('supervisionDash.timeline.legend')}
          </Typography.Paragraph>
          {timeline.data.auditTruncated && <Typography.Paragraph type="warning">{t('supervisionDash.timeline.truncated')}</Typography.Paragraph>}
          {items.length === 0 ? (
            <Empty description={t('supervisionDash.timeline.empty')} />
          ) : (
            <Timeline
              mode="start"
              titleSpan={5}
              data-testid="timeline"
              items={items.map((i) => ({
                key: `${i.type}-${i.type === 'audit' ? i.event.id : i.id}`,
                color: dotColour(i),
                title: <span className="ebid-mono ebid-small">{when(i.at)}</span>,
                content: content(i),
              }))}
            />
          )}
        </Card>
      )}
      <Drawer
        open={event !== null}
        onClose={() => setEvent(null)}
        size={560}
        title={event ? t('audit.drawer.title', { id: event.id }) : ''}
        data-testid="timeline-event-drawer"
        destroyOnHidden
      >
        {event && <AuditEventDetail event={event} base={workspaceBase(actor)} />}
      </Drawer>
    </div>
  );
}

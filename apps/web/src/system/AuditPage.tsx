import { useMemo, useState } from 'react';
import { App as AntApp, Button, Card, DatePicker, Descriptions, Drawer, Form, Select, Space, Table, Tag, Tooltip, Typography } from 'antd';
import { DownloadOutlined, FileProtectOutlined, SafetyOutlined, SearchOutlined } from '@ant-design/icons';
import { keepPreviousData, useMutation, useQuery } from '@tanstack/react-query';
import { Link, useOutletContext } from 'react-router';
import type { Dayjs } from 'dayjs';
import { AUDIT_ACTIONS, AUDIT_EXPORT_MAX_ROWS, isAuditAction, isAuditSubjectType, ROLES, type Role } from '@ebid/domain';
import { useApi, type Actor, type RouterOutputs } from '../api.ts';
import { formatBeijing, formatBeijingDateTime } from '../clock.ts';
import { beijingIso } from '../beijing-picker.ts';
import { AppErrorAlert } from '../components/AppErrorAlert.tsx';
import { AuditReport, chainLabel } from '../components/AuditReport.tsx';
import { KeysetPager, useKeyset } from '../components/KeysetPager.tsx';
import { errorMessage, toAppErrorView } from '../errors.ts';
import { useLang, useT, type TFunction } from '../i18n.ts';
import { workspaceBase } from '../menus.ts';

export type AuditEvent = RouterOutputs['audit']['list']['events'][number];

const PAGE_SIZE = 50;
/** The project select's value for the platform chain (events of no project). */
const PLATFORM = 0;

interface FilterForm {
  projectId?: number | null;
  actorUserId?: number | null;
  action?: string | null;
  range?: [Dayjs | null, Dayjs | null] | null;
}

/** The filter as the API takes it (list and export): the platform chain, or a project; actor, action, Beijing time range. */
export function auditFilter(f: FilterForm) {
  const [from, to] = f.range ?? [null, null];
  return {
    ...(f.projectId === PLATFORM ? { chain: 'platform' as const } : f.projectId ? { projectId: f.projectId } : {}),
    ...(f.actorUserId ? { actorUserId: f.actorUserId } : {}),
    ...(f.action ? { action: f.action } : {}),
    ...(from ? { from: beijingIso(from.second(0).millisecond(0)) } : {}),
    ...(to ? { to: beijingIso(to.second(59).millisecond(999)) } : {}),
  };
}

/** The list input of a filter and a page. */
export function auditListInput(f: FilterForm, beforeId: number | undefined) {
  return { ...auditFilter(f), ...(beforeId ? { beforeId } : {}), limit: PAGE_SIZE };
}

/** GET /audit/export.csv with the filter (the server streams the CSV). */
export function auditExportUrl(f: FilterForm, lang: 'zh' | 'en'): string {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(auditFilter(f))) q.set(k, String(v));
  q.set('lang', lang);
  return `/audit/export.csv?${q.toString()}`;
}

const isRole = (r: string | null): r is Role => r !== null && (ROLES as readonly string[]).includes(r);

export function actionWord(t: TFunction, e: Pick<AuditEvent, 'action' | 'masked'>): string {
  if (e.masked && e.action === 'masked') return t('audit.masked');
  return isAuditAction(e.action) ? t(`auditAction.${e.action}`) : e.action;
}

export function actorText(t: TFunction, e: AuditEvent): string {
  if (e.masked && e.actorRole === null) return '—';
  if (e.actorWithheld) return t('audit.actorWithheld', { role: isRole(e.actorRole) ? t(`role.${e.actorRole}`) : (e.actorRole ?? '') });
  if (e.actorUserId === null) return t('audit.system');
  const name = e.actorName ?? `#${e.actorUserId}`;
  return e.actorOrgName ? `${name} · ${e.actorOrgName}` : name;
}

export function subjectText(t: TFunction, e: Pick<AuditEvent, 'subjectType' | 'subjectLabel'>): string | null {
  if (e.subjectLabel === null) return null;
  const kind = isAuditSubjectType(e.subjectType) ? t(`auditSubject.${e.subjectType}`) : e.subjectType;
  return `${kind} ${e.subjectLabel}`;
}

/**
 * 审计日志: the hash-chained audit trail in words (issue 19 §4) — filtered by project, actor, action and
 * time, newest first, each event's details in a drawer, the filtered view exported as CSV — and its
 * verification. Center staff and the platform admin may also write a signed checkpoint; the supervisor
 * reads and verifies only.
 */
export function AuditPage() {
  const t = useT();
  const { lang } = useLang();
  const api = useApi();
  const actor = useOutletContext<Actor>();
  const { message } = AntApp.useApp();
  const [form] = Form.useForm<FilterForm>();
  const [filter, setFilter] = useState<FilterForm>({});
  const [open, setOpen] = useState<AuditEvent | null>(null);
  const [projectQuery, setProjectQuery] = useState('');
  const [actorQuery, setActorQuery] = useState('');
  const paging = useKeyset();
  const input = auditListInput(filter, paging.beforeId);
  const events = useQuery({
    queryKey: ['audit', 'list', input],
    queryFn: () => api.audit.list.query(input),
    placeholderData: keepPreviousData,
  });
  const projectChoices = useQuery({
    queryKey: ['audit', 'choices', 'project', projectQuery],
    queryFn: () => api.audit.choices.query({ kind: 'project', query: projectQuery }),
    placeholderData: keepPreviousData,
  });
  const actorChoices = useQuery({
    queryKey: ['audit', 'choices', 'actor', actorQuery],
    queryFn: () => api.audit.choices.query({ kind: 'actor', query: actorQuery }),
    placeholderData: keepPreviousData,
  });
  const verify = useMutation({ mutationFn: () => api.audit.verify.mutate({}) });
  const center = actor.role === 'staff' || actor.role === 'platform_admin';
  const checkpoint = useMutation({
    mutationFn: () => api.audit.checkpoint.mutate(),
    onSuccess: (r) => {
      void message.success(t('audit.checkpoint.done', { id: r.eventId }));
      void events.refetch();
    },
    onError: (err) => {
      const view = toAppErrorView(err);
      void message.error(`${errorMessage(view, lang)} (${t('error.code')}: ${view.code})`);
    },
  });
  const actionOptions = useMemo(
    () => AUDIT_ACTIONS.map((a) => ({ value: a, label: t(`auditAction.${a}`) })).sort((x, y) => x.label.localeCompare(y.label, lang === 'zh' ? 'zh-CN' : 'en')),
    [t, lang],
  );
  const base = workspaceBase(actor);
  const apply = (v: FilterForm) => {
    setFilter(v);
    paging.reset();
  };

  return (
    <div className="ebid-stack">
      <Card title={<h2 className="ebid-card-title">{t('audit.verify.title')}</h2>}>
        <Typography.Paragraph>{t('audit.verify.intro')}</Typography.Paragraph>
        <Space wrap className="ebid-gap">
          <Button type="primary" icon={<SafetyOutlined aria-hidden />} onClick={() => verify.mutate()} loading={verify.isPending} data-testid="audit-verify">
            {t('audit.verify')}
          </Button>
          {center && (
            <Button icon={<FileProtectOutlined aria-hidden />} onClick={() => checkpoint.mutate()} loading={checkpoint.isPending} data-testid="audit-checkpoint">
              {t('audit.checkpoint')}
            </Button>
          )}
        </Space>
        {verify.isError && <AppErrorAlert error={verify.error} title={t('audit.verify.error')} />}
        {verify.data && <AuditReport report={verify.data} />}
      </Card>
      <Card
        title={<h2 className="ebid-card-title">{t('audit.events')}</h2>}
        extra={
          <Tooltip title={t('audit.export.hint', { max: AUDIT_EXPORT_MAX_ROWS.toLocaleString(lang === 'zh' ? 'zh-CN' : 'en-US') })}>
            <Button icon={<DownloadOutlined aria-hidden />} href={auditExportUrl(filter, lang)} download data-testid="audit-export">
              {t('audit.export')}
            </Button>
          </Tooltip>
        }
      >
        <Form<FilterForm> form={form} layout="inline" className="ebid-filters" aria-label={t('audit.filters')} onFinish={apply}>
          <Form.Item name="projectId" label={t('audit.filter.project')}>
            <Select<number>
              style={{ width: 260 }}
              allowClear
              showSearch
              filterOption={false}
              onSearch={setProjectQuery}
              placeholder={t('audit.filter.projectPlaceholder')}
              data-testid="audit-project-filter"
              options={[
                { value: PLATFORM, label: t('audit.filter.platform') },
                ...(projectChoices.data ?? []).map((c) => ({ value: c.value, label: c.detail ? `${c.label}（${c.detail}）` : c.label })),
              ]}
            />
          </Form.Item>
          <Form.Item name="actorUserId" label={t('audit.filter.actor')}>
            <Select<number>
              style={{ width: 220 }}
              allowClear
              showSearch
              filterOption={false}
              onSearch={setActorQuery}
              placeholder={t('audit.filter.actorPlaceholder')}
              data-testid="audit-user-filter"
              options={(actorChoices.data ?? []).map((c) => ({ value: c.value, label: c.detail ? `${c.label} · ${c.detail}` : c.label }))}
            />
          </Form.Item>
          <Form.Item name="action" label={t('audit.filter.action')}>
            <Select<string>
              style={{ width: 220 }}
              allowClear
              showSearch
              optionFilterProp="label"
              placeholder={t('audit.filter.actionPlaceholder')}
              data-testid="audit-action-filter"
              options={actionOptions}
            />
          </Form.Item>
          <Form.Item name="range" label={t('audit.filter.time')}>
            <DatePicker.RangePicker showTime={{ format: 'HH:mm' }} format="YYYY-MM-DD HH:mm" allowEmpty={[true, true]} data-testid="audit-time-filter" />
          </Form.Item>
          <Form.Item>
            <Space>
              <Button htmlType="submit" type="primary" icon={<SearchOutlined aria-hidden />} data-testid="audit-search">
                {t('portal.filter.search')}
              </Button>
              <Button
                onClick={() => {
                  form.resetFields();
                  apply({});
                }}
                data-testid="audit-reset"
              >
                {t('audit.filter.reset')}
              </Button>
            </Space>
          </Form.Item>
        </Form>
        {events.isError ? (
          <AppErrorAlert error={events.error} onRetry={() => void events.refetch()} />
        ) : (
          <>
            <Table<AuditEvent>
              rowKey="id"
              size="small"
              tableLayout="fixed"
              loading={events.isFetching}
              dataSource={events.data?.events ?? []}
              pagination={false}
              data-testid="audit-table"
              locale={{ emptyText: t('audit.empty') }}
              onRow={(e) => ({ 'data-actor-id': e.actorUserId ?? '', 'data-action': e.action }) as React.HTMLAttributes<HTMLElement>}
              columns={[
                { key: 'at', title: t('audit.at'), width: 150, render: (_v, e) => formatBeijingDateTime(Date.parse(e.at)) },
                {
                  key: 'action',
                  title: t('audit.action'),
                  width: 190,
                  ellipsis: true,
                  render: (_v, e) => (e.masked && e.action === 'masked' ? <Tag data-testid="audit-masked">{t('audit.masked')}</Tag> : <span title={e.action}>{actionWord(t, e)}</span>),
                },
                { key: 'actor', title: t('audit.actor'), ellipsis: true, render: (_v, e) => <span data-testid="audit-actor">{actorText(t, e)}</span> },
                {
                  key: 'project',
                  title: t('audit.projectSubject'),
                  ellipsis: true,
                  render: (_v, e) => {
                    const subject = subjectText(t, e);
                    return (
                      <div>
                        {e.project ? (
                          <Link to={`${base}/projects/${e.project.id}`} data-testid="audit-project-link">
                            {e.project.name}
                          </Link>
                        ) : (
                          <Typography.Text type="secondary">{chainLabel(t, e.chain)}</Typography.Text>
                        )}
                        {subject && e.subjectType !== 'project' && <Typography.Text className="ebid-small" ellipsis={{ tooltip: subject }} style={{ display: 'block' }}>
                            {subject}
                          </Typography.Text>}
                      </div>
                    );
                  },
                },
                {
                  key: 'details',
                  title: <span className="ebid-visually-hidden">{t('audit.details')}</span>,
                  width: 80,
                  fixed: 'right',
                  render: (_v, e) => (
                    <Button size="small" type="link" onClick={() => setOpen(e)} data-testid="audit-open" aria-label={`${t('audit.openDetails')} #${e.id}`}>
                      {t('audit.openDetails')}
                    </Button>
                  ),
                },
              ]}
            />
            <KeysetPager page={paging.page} nextBeforeId={events.data?.nextBeforeId} onPrev={paging.prev} onNext={paging.next} disabled={events.isFetching} />
          </>
        )}
      </Card>
      <Drawer open={open !== null} onClose={() => setOpen(null)} width={560} title={open ? t('audit.drawer.title', { id: open.id }) : ''} data-testid="audit-drawer" destroyOnHidden>
        {open && <AuditEventDetail event={open} base={base} />}
      </Drawer>
    </div>
  );
}

export function AuditEventDetail({ event, base }: { event: AuditEvent; base: string }) {
  const t = useT();
  const mono = (v: string | null | undefined) => (v ? <span className="ebid-mono ebid-break">{v}</span> : '—');
  const subject = subjectText(t, event);
  const items = [
    { key: 'at', label: t('audit.at'), children: formatBeijing(Date.parse(event.at), 'YYYY-MM-DD HH:mm:ss') },
    { key: 'action', label: t('audit.action'), children: actionWord(t, event) },
    ...(event.masked && event.action === 'masked' ? [] : [{ key: 'code', label: t('audit.actionCode'), children: mono(event.action) }]),
    { key: 'actor', label: t('audit.actor'), children: actorText(t, event) },
    ...(event.actorRole ? [{ key: 'role', label: t('audit.role'), children: isRole(event.actorRole) ? t(`role.${event.actorRole}`) : event.actorRole }] : []),
    ...(event.actorUserId !== null ? [{ key: 'uid', label: t('audit.actorUserIdShort'), children: mono(String(event.actorUserId)) }] : []),
    ...(event.certSerial ? [{ key: 'cert', label: t('audit.certSerial'), children: mono(event.certSerial) }] : []),
    {
      key: 'project',
      label: t('audit.project'),
      children: event.project ? <Link to={`${base}/projects/${event.project.id}`}>{`${event.project.name}${event.project.code ? `（${event.project.code}）` : ''}`}</Link> : '—',
    },
    { key: 'subject', label: t('audit.subject'), children: subject ?? '—' },
    ...(event.subjectId !== null ? [{ key: 'subjectCode', label: t('audit.subjectCode'), children: mono(`${event.subjectType}:${event.subjectId}`) }] : []),
    { key: 'chain', label: t('audit.chainSeq'), children: `${chainLabel(t, event.chain)} #${event.seq}` },
    { key: 'hash', label: t('audit.hash'), children: mono(event.hash) },
    { key: 'prev', label: t('audit.prevHash'), children: mono(event.prevHash) },
    { key: 'payloadHash', label: t('audit.payloadHash'), children: mono(event.payloadHash) },
    ...(event.objectHashes.length > 0 ? [{ key: 'objects', label: t('audit.objects'), children: mono(event.objectHashes.join(', ')) }] : []),
    { key: 'ip', label: t('audit.clientAddress'), children: mono(event.clientAddress) },
    ...(event.userAgent ? [{ key: 'ua', label: t('audit.userAgent'), children: <span className="ebid-break">{event.userAgent}</span> }] : []),
    ...(event.deviceFingerprint ? [{ key: 'device', label: t('audit.deviceFingerprint'), children: mono(event.deviceFingerprint) }] : []),
  ];
  return (
    <div className="ebid-stack" data-testid="audit-detail">
      {event.masked && (
        <Typography.Paragraph type="secondary" data-testid="audit-masked-note">
          {t('audit.maskedUntil', { until: event.maskedUntil ? formatBeijingDateTime(Date.parse(event.maskedUntil)) : '—' })}
        </Typography.Paragraph>
      )}
      {event.actorWithheld && <Typography.Paragraph type="secondary">{t('audit.actorWithheld.note')}</Typography.Paragraph>}
      <Descriptions size="small" column={1} bordered items={items} />
      <Typography.Paragraph type="secondary" className="ebid-small">
        {t('audit.requestIdNotRecorded')}
      </Typography.Paragraph>
      {/* Focusable: the payload (and the drawer's body around it) can be scrolled with the keyboard (axe scrollable-region-focusable). */}
      <pre className="ebid-pre" aria-label={t('audit.payload')} tabIndex={0}>
        {JSON.stringify(event.payload, null, 2)}
      </pre>
    </div>
  );
}

import { useEffect, useMemo, useState } from 'react';
import { App as AntApp, Alert, Button, Card, DatePicker, Descriptions, Form, Input, Space, Spin, Tabs, TimePicker, Tooltip, Typography } from 'antd';
import { CheckCircleOutlined, SaveOutlined, SendOutlined } from '@ant-design/icons';
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import dayjs from 'dayjs';
import { Link, useOutletContext, useParams, useSearchParams } from 'react-router';
import { isSaleTrade, SCHEDULE_FIELD_LABELS, termKey, type ScheduleField } from '@ebid/domain';
import { useApi, type Actor, type RouterOutputs } from '../api.ts';
import { beijingIso, pickerValue } from '../beijing-picker.ts';
import { formatBeijingDateTime } from '../clock.ts';
import { AppErrorAlert } from '../components/AppErrorAlert.tsx';
import { Countdown } from '../components/Countdown.tsx';
import { ProvisionalTag } from '../components/ProvisionalTag.tsx';
import { PageHeader } from '../components/PageHeader.tsx';
import { NoticeStatusTag, ProjectStatusTag } from '../components/StatusTag.tsx';
import { pick, ProjectTerms, useLang, useProjectT, useT, type TFunction } from '../i18n.ts';
import { ForbiddenResult } from '../layouts/WorkspaceLayout.tsx';
import { budgetKey, methodKey, projectTermItems, scheduleFieldLabel, TRADE_KEYS } from '../labels.ts';
import { homePathFor, roleForSegment, workspaceBase } from '../menus.ts';
import { formatFen } from '../money.ts';
import { scheduleFieldsFor, scheduleToSend, suggestedValue, violationText } from '../schedule.ts';
import { NotFoundPage } from '../layouts/NotFoundPage.tsx';
import { BidPanel } from '../bids/BidPanel.tsx';
import { OpeningRoom } from '../opening/OpeningRoom.tsx';
import { ClarificationsPanel } from '../tendering/ClarificationsPanel.tsx';
import { CriteriaEditor } from '../tendering/CriteriaEditor.tsx';
import { DocumentsPanel } from '../tendering/DocumentsPanel.tsx';
import { MissingDocumentsAlert, missingDocumentsText, useMissingDocuments } from '../tendering/NoticeDocuments.tsx';
import { LifecycleActions } from '../tendering/LifecycleActions.tsx';
import { ObjectionsPanel } from '../tendering/ObjectionsPanel.tsx';
import { QualificationAnswersPanel } from '../tendering/QualificationAnswersPanel.tsx';
import { RegistrationPanel } from '../tendering/RegistrationPanel.tsx';
import { RegistrationsTable } from '../tendering/RegistrationsTable.tsx';
import type { Project } from './ProjectsPage.tsx';
import { SectionStatusTag } from '../components/SectionStatus.tsx';
import { StepBar } from './StepBar.tsx';
import { ProjectAlertsPanel } from '../supervision/AlertsPanel.tsx';
import { ProjectNotices } from './ProjectNotices.tsx';

type Notice = RouterOutputs['notice']['forProject'][number];
type Violation = RouterOutputs['project']['checkSchedule']['violations'][number];


type ProjectMode = 'owner' | 'bidder' | 'center';

/** Notice kinds only the platform issues (tendering/platform-notices.ts): not the owner side's notice to edit. */
const PLATFORM_ISSUED: ReadonlySet<string> = new Set(['termination', 'failure', 'prequalification_result']);

function modeOf(role: Actor['role']): ProjectMode | null {
  if (role === 'tenderee' || role === 'agent') return 'owner';
  if (role === 'bidder') return 'bidder';
  if (role === 'staff' || role === 'platform_admin' || role === 'supervisor') return 'center';
  return null;
}

/** The project page's tabs, per viewer (ux.md): the tab is in the URL (`?tab=`) so menu items and notifications can link to it. */
function tabsFor(mode: ProjectMode, p: Project, t: TFunction, role: Actor['role']) {
  if (mode === 'owner') {
    return [
      { key: 'overview', label: t('project.tab.overview'), children: <div className="ebid-stack"><ScheduleCard key={p.version} project={p} /><NoticeCard project={p} /></div> },
      { key: 'documents', label: t('project.tab.documents'), children: <DocumentsPanel project={p} mode="owner" /> },
      { key: 'clarifications', label: t('project.tab.clarifications'), children: <ClarificationsPanel project={p} mode="owner" /> },
      { key: 'qualification', label: t('project.tab.criteria'), children: <CriteriaEditor project={p} /> },
      { key: 'objections', label: t('project.tab.objectionReplies'), children: <ObjectionsPanel project={p} mode="owner" /> },
      { key: 'registrations', label: t('project.tab.registrations'), children: <RegistrationsTable project={p} /> },
      { key: 'opening', label: t('project.tab.opening'), children: <OpeningRoom project={p} mode="owner" /> },
      { key: 'alerts', label: t('alerts.projectTab'), children: <ProjectAlertsPanel projectId={p.id} /> },
    ];
  }
  if (mode === 'bidder') {
    return [
      { key: 'documents', label: t('project.tab.documents'), children: <DocumentsPanel project={p} mode="bidder" /> },
      { key: 'clarifications', label: t('project.tab.clarifications'), children: <ClarificationsPanel project={p} mode="bidder" /> },
      { key: 'registration', label: t('project.tab.registration'), children: <RegistrationPanel project={p} /> },
      { key: 'qualification', label: t('project.tab.qualification'), children: <QualificationAnswersPanel project={p} /> },
      { key: 'bid', label: t('project.tab.bid'), children: <BidPanel project={p} /> },
      { key: 'objections', label: t('project.tab.objections'), children: <ObjectionsPanel project={p} mode="bidder" /> },
      { key: 'opening', label: t('project.tab.opening'), children: <OpeningRoom project={p} mode="bidder" /> },
    ];
  }
  return [
    { key: 'documents', label: t('project.tab.documents'), children: <DocumentsPanel project={p} mode="bidder" /> },
    { key: 'clarifications', label: t('project.tab.clarifications'), children: <ClarificationsPanel project={p} mode="bidder" /> },
    { key: 'registrations', label: t('project.tab.registrationsAndSecurities'), children: <RegistrationsTable project={p} /> },
    { key: 'objections', label: t('project.tab.objections'), children: <ObjectionsPanel project={p} mode="center" /> },
    { key: 'opening', label: t('project.tab.opening'), children: <OpeningRoom project={p} mode="center" /> },
    // The project's record of alerts (issue 20 §2): staff and supervisors (the API does not serve platform administrators).
    ...(role === 'platform_admin' ? [] : [{ key: 'alerts', label: t('alerts.projectTab'), children: <ProjectAlertsPanel projectId={p.id} /> }]),
  ];
}

/** `/workspace/<role>/projects/:projectId`: Steps bar, facts, then the tabs of the viewer's role. */
export function ProjectPage() {
  const t = useT();
  const { lang } = useLang();
  const api = useApi();
  const actor = useOutletContext<Actor>();
  const { segment, projectId } = useParams();
  const id = Number(projectId);
  const mode = modeOf(actor.role);
  const ok = roleForSegment(segment) === actor.role && mode !== null;
  const [search, setSearch] = useSearchParams();
  const project = useQuery({
    queryKey: ['project', 'get', id],
    queryFn: () => api.project.get.query({ projectId: id }),
    enabled: ok && Number.isSafeInteger(id) && id > 0,
  });
  // The project's own words (issue 18 §1); used only once the project is loaded.
  const pt = useProjectT({ tradeType: project.data?.tradeType ?? 'engineering', method: project.data?.method ?? '' });
  if (!ok) return <ForbiddenResult home={homePathFor(actor.role)} />;
  if (!(Number.isSafeInteger(id) && id > 0)) return <NotFoundPage />;
  const base = workspaceBase(actor);
  const crumbs = [
    { title: t('nav.workspace'), to: homePathFor(actor.role) },
    { title: t(`role.${actor.role}`), to: homePathFor(actor.role) },
    { title: mode === 'bidder' ? t('project.crumb.myProjects') : t('project.crumb.projects'), to: `${base}/projects` },
  ];
  if (project.isPending) return <Spin description={t('loading')} className="ebid-center" />;
  if (project.isError) {
    return (
      <>
        <PageHeader crumbs={[...crumbs, { title: String(id) }]} title={t('project.facts')} />
        <AppErrorAlert error={project.error} onRetry={() => void project.refetch()} />
      </>
    );
  }
  const p = project.data;
  const mk = methodKey(p.method);
  const tabs = tabsFor(mode!, p, pt, actor.role);
  const bk = budgetKey(p.tradeType);
  const tab = tabs.some((x) => x.key === search.get('tab')) ? search.get('tab')! : tabs[0]!.key;
  const deadline = p.prequalification && p.schedule.prequalApplicationDeadline
    ? { label: pick(lang, SCHEDULE_FIELD_LABELS.prequalApplicationDeadline), iso: p.schedule.prequalApplicationDeadline }
    : null;
  return (
    <>
      <PageHeader
        crumbs={[...crumbs, { title: p.name }]}
        title={p.name}
        extra={
          <Space wrap>
            <ProjectStatusTag status={p.status} />
            {mode === 'owner' && <LifecycleActions project={p} />}
          </Space>
        }
      />
      {/* Issue 18 §1: everything below speaks the project's words (采购人 / 供应商 / 响应文件 …). */}
      <ProjectTerms project={p}>
      <div className="ebid-stack">
        {mode !== 'bidder' && <ScheduleReview project={p} />}
        <Card>
          <StepBar project={p} />
        </Card>
        <ProjectNotices project={p} />
        <Card title={<h2 className="ebid-card-title">{t('project.facts')}</h2>}>
          <Descriptions
            bordered
            size="small"
            column={{ xs: 1, md: 2 }}
            data-testid="project-facts"
            items={[
              { key: 'code', label: t('project.code'), children: <span className="ebid-mono" data-testid="deal-code">{p.unifiedDealCode}</span> },
              { key: 'trade', label: t('notice.trade'), children: `${t(TRADE_KEYS[p.tradeType])} / ${mk ? t(mk) : p.method}` },
              { key: 'tenderee', label: pt('project.tenderee'), children: p.tendereeName },
              ...(p.singleSourceSupplier
                ? [{ key: 'supplier', label: t('project.singleSourceSupplier'), children: <span data-testid="single-source-supplier">{`${p.singleSourceSupplier.name}（${p.singleSourceSupplier.creditCode}）`}</span> }]
                : []),
              ...(bk ? [{ key: 'budget', label: pt(bk), children: formatFen(p.budgetFen) }] : []),
              ...projectTermItems(p, pt),
              {
                key: 'deadline',
                label: pt('notice.deadline'),
                children: p.schedule.bidDeadline ? (
                  <Space wrap>
                    <span data-testid="bid-deadline">{formatBeijingDateTime(Date.parse(p.schedule.bidDeadline))}</span>
                    <Countdown deadline={p.schedule.bidDeadline} />
                  </Space>
                ) : (
                  '—'
                ),
              },
              ...(deadline
                ? [
                    {
                      key: 'prequalDeadline',
                      label: deadline.label,
                      children: <span data-testid="prequal-deadline">{formatBeijingDateTime(Date.parse(deadline.iso))}</span>,
                    },
                  ]
                : []),
              ...(p.previousProjectId
                ? [
                    {
                      key: 'previous',
                      label: t('project.previousFailed'),
                      children: <Link to={`${base}/projects/${p.previousProjectId}`}>#{p.previousProjectId}</Link>,
                    },
                  ]
                : []),
              { key: 'prequal', label: t('project.prequalification'), children: p.prequalification ? '✓' : '—' },
              ...(p.propertyKind ? [{ key: 'propertyKind', label: t('sales.propertyKind'), children: <span data-testid="property-kind">{t(`propertyKind.${p.propertyKind}`)}</span> }] : []),
              {
                key: 'sections',
                label: t(p.tradeType === 'land' ? 'sales.plot' : p.tradeType === 'property' ? 'sales.item' : 'project.sections'),
                span: 2,
                children: (
                  <ul className="ebid-dl">
                    {p.sections.map((s) => (
                      <li key={s.id}>
                        <span className="ebid-mono">{s.code}</span> {s.name} ·{' '}
                        {isSaleTrade(p.tradeType) ? (
                          <SaleTerms t={pt} project={p} section={s} />
                        ) : (
                          <>
                            {pt('project.section.ceiling')} {formatFen(s.ceilingFen)} · {pt('project.section.security')} {formatFen(s.securityFen)}
                          </>
                        )}{' '}
                        <SectionStatusTag section={s} project={p} />
                      </li>
                    ))}
                  </ul>
                ),
              },
            ]}
          />
        </Card>
        <Card>
          <Tabs
            activeKey={tab}
            onChange={(k) => setSearch((prev) => { const next = new URLSearchParams(prev); next.set('tab', k); return next; }, { replace: true })}
            items={tabs}
            destroyOnHidden
            // Tabs wrap instead of hiding behind antd's "more" button (styles.css .ebid-tabs-wrap; issue 19 §7).
            className="ebid-tabs-wrap"
            tabBarGutter={24}
          />
        </Card>
      </div>
      </ProjectTerms>
    </>
  );
}

/**
 * The schedule against the statutory limits on today's calendar (issue 12 §2): after a holiday year is
 * published (or corrected) a period it made too short is listed here for the owner side and the center.
 */
function ScheduleReview({ project }: { project: Project }) {
  const t = useT();
  const { lang } = useLang();
  const api = useApi();
  const live = ['PENDING_REVIEW', 'PUBLISHED', 'PREQUALIFICATION', 'PREQUALIFIED', 'BIDDING', 'SUSPENDED'].includes(project.status);
  const review = useQuery({
    queryKey: ['project', 'scheduleReview', project.id, project.version],
    queryFn: () => api.project.scheduleReview.query({ projectId: project.id }),
    enabled: live,
  });
  if (!live || !review.data || review.data.ok) return null;
  return (
    <Alert
      type="error"
      showIcon
      data-testid="schedule-review"
      title={t('schedule.review.title')}
      description={
        <>
          <div>{t('schedule.review.body')}</div>
          <ul className="ebid-dl">
            {review.data.violations.map((v) => (
              <li key={v.limitId}>{pick(lang, { zh: v.messageZh, en: v.messageEn })}</li>
            ))}
          </ul>
        </>
      }
    />
  );
}

function ScheduleCard({ project }: { project: Project }) {
  const t = useProjectT(project);
  const { lang } = useLang();
  const api = useApi();
  const queryClient = useQueryClient();
  const { message } = AntApp.useApp();
  const fields = useMemo(() => scheduleFieldsFor(project.tradeType, project.method, project.prequalification), [project]);
  const [values, setValues] = useState<Partial<Record<ScheduleField, string>>>(() => project.schedule as Partial<Record<ScheduleField, string>>);
  const [businessHoursEnd, setBusinessHoursEnd] = useState<string | null>(project.businessHoursEnd);
  const editable = project.status === 'DRAFT';
  const schedule = scheduleToSend(fields, values);
  const hasAny = Object.keys(schedule).length > 0;
  const check = useQuery({
    queryKey: ['project', 'checkSchedule', project.id, schedule, businessHoursEnd],
    queryFn: () => api.project.checkSchedule.query({ projectId: project.id, schedule, businessHoursEnd }),
    enabled: editable && hasAny,
    placeholderData: keepPreviousData,
  });
  const byField = new Map<string, Violation[]>();
  for (const v of check.data?.violations ?? []) byField.set(v.field, [...(byField.get(v.field) ?? []), v]);
  // A violation of openingAt belongs to the bid deadline the user typed.
  if (byField.has('openingAt')) byField.set('bidDeadline', [...(byField.get('bidDeadline') ?? []), ...byField.get('openingAt')!]);

  const save = useMutation({
    mutationFn: () => api.project.saveSchedule.mutate({ projectId: project.id, schedule, expectedVersion: project.version, businessHoursEnd }),
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: ['project'] });
      void message.success(t('schedule.saved'));
    },
  });

  return (
    <Card title={<h2 className="ebid-card-title">{t('schedule.title')}</h2>} data-testid="schedule-card">
      <Typography.Paragraph type="secondary">{editable ? t('schedule.intro') : t('schedule.locked')}</Typography.Paragraph>
      {save.isError && (
        <div className="ebid-gap">
          <AppErrorAlert error={save.error} title={t('schedule.failed')} />
        </div>
      )}
      {/* A schedule that makes no sense (a year out of range, fields out of order) is refused before the law is checked. */}
      {check.isError && !save.isError && (
        <div className="ebid-gap" data-testid="schedule-check-error">
          <AppErrorAlert error={check.error} title={t('schedule.checkFailed')} />
        </div>
      )}
      {/* No onFinish: Enter in a date field confirms the date, it does not save. */}
      <Form layout="vertical" disabled={!editable || save.isPending}>
        <Space wrap align="start" size={[24, 0]}>
          {fields.map((f) => {
            const vs = byField.get(f) ?? [];
            return (
              <Form.Item
                key={f}
                label={scheduleFieldLabel(f, lang, t)}
                htmlFor={`schedule-${f}`}
                validateStatus={vs.length ? 'error' : undefined}
                help={
                  vs.length ? (
                    <div data-testid={`violation-${f}`}>
                      {vs.map((v) => {
                        const s = editable ? suggestedValue(v) : null;
                        return (
                          <div key={v.limitId}>
                            {violationText(v, lang)}
                            <ProvisionalTag on={v.provisional} />
                            {s && (
                              <Button type="link" size="small" data-testid={`use-suggested-${s.field}`} onClick={() => setValues((prev) => ({ ...prev, [s.field]: s.iso }))}>
                                {t('lawfulMoment.use', { at: pick(lang, { zh: s.label, en: s.labelEn }) })}
                              </Button>
                            )}
                          </div>
                        );
                      })}
                    </div>
                  ) : undefined
                }
                style={{ maxWidth: 420 }}
              >
                <DatePicker
                  id={`schedule-${f}`}
                  showTime={{ format: 'HH:mm' }}
                  format="YYYY-MM-DD HH:mm"
                  value={pickerValue(values[f])}
                  onChange={(v) =>
                    setValues((prev) => {
                      const next = { ...prev };
                      if (v) next[f] = beijingIso(v);
                      else delete next[f];
                      return next;
                    })
                  }
                  data-testid={`schedule-${f}`}
                />
              </Form.Item>
            );
          })}
        </Space>
        <Form.Item label={t('schedule.businessHours')} htmlFor="schedule-business-hours" extra={t('schedule.businessHours.help')} style={{ maxWidth: 420 }}>
          <TimePicker
            id="schedule-business-hours"
            format="HH:mm"
            minuteStep={5}
            value={businessHoursEnd ? dayjs(`2000-01-01T${businessHoursEnd}:00`) : null}
            onChange={(v) => setBusinessHoursEnd(v ? v.format('HH:mm') : null)}
            data-testid="schedule-business-hours"
          />
        </Form.Item>
        {editable && (
          <Space wrap>
            <Button type="primary" icon={<SaveOutlined aria-hidden />} loading={save.isPending} onClick={() => save.mutate()} data-testid="schedule-save">
              {t('schedule.save')}
            </Button>
            {check.isFetching ? (
              <Typography.Text type="secondary">{t('schedule.checking')}</Typography.Text>
            ) : check.data?.ok ? (
              <Typography.Text type="success" data-testid="schedule-ok">
                <CheckCircleOutlined aria-hidden /> {t('schedule.ok')}
              </Typography.Text>
            ) : null}
          </Space>
        )}
        {check.isError && <AppErrorAlert error={check.error} />}
      </Form>
    </Card>
  );
}

interface NoticeValues {
  title: string;
  body: string;
}

export function NoticeCard({ project }: { project: Project }) {
  const t = useT();
  const { lang } = useLang();
  const [, setSearch] = useSearchParams();
  const api = useApi();
  const queryClient = useQueryClient();
  const { message } = AntApp.useApp();
  const [form] = Form.useForm<NoticeValues>();
  const notices = useQuery({ queryKey: ['notice', 'forProject', project.id], queryFn: () => api.notice.forProject.query({ projectId: project.id }) });
  // The notice the owner side drafts: never one the platform issued itself (流标, 终止, 资格预审结果公告).
  const notice: Notice | undefined = notices.data?.filter((n) => !PLATFORM_ISSUED.has(n.kind)).at(-1);
  const editable = !notice || notice.status === 'draft' || notice.status === 'rejected';
  const noticeKind = notice?.kind ?? (project.prequalification ? 'prequalification' : 'tender');
  // Issue 16 §1: the documents this notice issues must be uploaded before it can go to review.
  const missing = useMissingDocuments(project, noticeKind, editable && notices.isSuccess);
  const openDocuments = () => setSearch((prev) => { const next = new URLSearchParams(prev); next.set('tab', 'documents'); return next; });
  useEffect(() => {
    if (notice) form.setFieldsValue({ title: notice.title, body: notice.body });
  }, [notice, form]);

  const persist = async (v: NoticeValues): Promise<Notice> =>
    notice
      ? api.notice.update.mutate({ noticeId: notice.id, title: v.title.trim(), body: v.body.trim(), expectedVersion: notice.version })
      : api.notice.draft.mutate({ projectId: project.id, kind: project.prequalification ? 'prequalification' : 'tender', title: v.title.trim(), body: v.body.trim() });
  const act = useMutation({
    mutationFn: async ({ v, submit }: { v: NoticeValues; submit: boolean }) => {
      const saved = await persist(v);
      return submit ? api.notice.submit.mutate({ noticeId: saved.id }) : saved;
    },
    onSuccess: async (_n, { submit }) => {
      await queryClient.invalidateQueries({ queryKey: ['notice', 'forProject', project.id] });
      await queryClient.invalidateQueries({ queryKey: ['project'] });
      void message.success(t(submit ? 'notice.submitted' : 'notice.saved'));
    },
    onSettled: () => void queryClient.invalidateQueries({ queryKey: ['notice', 'forProject', project.id] }),
  });
  const run = (submit: boolean) => void form.validateFields().then((v) => act.mutate({ v, submit }), () => {});

  return (
    <Card
      title={<h2 className="ebid-card-title">{t('notice.editor')}</h2>}
      extra={notice && <NoticeStatusTag status={notice.status} />}
      data-testid="notice-card"
    >
      {notices.isError && <AppErrorAlert error={notices.error} onRetry={() => void notices.refetch()} />}
      {notice?.status === 'scheduled' && notice.scheduledFor && (
        <Alert className="ebid-gap" type="info" showIcon data-testid="notice-scheduled" title={t('notice.scheduledFor', { at: formatBeijingDateTime(Date.parse(notice.scheduledFor)) })} />
      )}
      {notice?.reviewNote && (
        <Alert className="ebid-gap" type={notice.status === 'rejected' ? 'warning' : 'info'} showIcon title={`${t('notice.reviewNote')}: ${notice.reviewNote}`} data-testid="notice-review-note" />
      )}
      {editable && missing && <MissingDocumentsAlert project={project} missing={missing} onOpenDocuments={openDocuments} />}
      {act.isError && (
        <div className="ebid-gap">
          <AppErrorAlert error={act.error} title={t('notice.failed')} />
        </div>
      )}
      <Form<NoticeValues> form={form} layout="vertical" disabled={!editable || act.isPending}>
        <Form.Item name="title" label={t('notice.title')} rules={[{ required: true, whitespace: true, min: 4, max: 200, message: t('notice.title.required') }]}>
          <Input maxLength={200} />
        </Form.Item>
        <Form.Item name="body" label={t('notice.bodyField')} rules={[{ required: true, whitespace: true, min: 10, max: 20_000, message: t('notice.body.required') }]}>
          <Input.TextArea rows={8} maxLength={20_000} showCount />
        </Form.Item>
        {editable && (
          <Space wrap>
            <Button icon={<SaveOutlined aria-hidden />} onClick={() => run(false)} loading={act.isPending} data-testid="notice-save">
              {t('notice.saveDraft')}
            </Button>
            <Tooltip title={missing ? missingDocumentsText(lang, missing) : undefined}>
              <Button type="primary" icon={<SendOutlined aria-hidden />} onClick={() => run(true)} loading={act.isPending} disabled={!!missing} data-testid="notice-submit">
                {t('notice.submit')}
              </Button>
            </Tooltip>
          </Space>
        )}
      </Form>
    </Card>
  );
}

type ProjectView = RouterOutputs['project']['get'];

/**
 * A land plot's or property item's sale terms in the trade's words (issue 18 §4): 起始价 / 转让底价 (a
 * floor, never a ceiling), 加价幅度, 评估值 and 评估基准日, the approval document, 竞买 / 交易保证金.
 */
function SaleTerms({ t, project: p, section: s }: { t: TFunction; project: ProjectView; section: ProjectView['sections'][number] }) {
  const yuan = (word: string) => t('sales.amount', { word });
  const parts: [string, string][] = [[yuan(t(termKey('ceiling', p.tradeType, p.method))), formatFen(s.startingPriceFen)]];
  if (s.incrementFen !== null) parts.push([yuan(t('sales.term.increment')), formatFen(s.incrementFen)]);
  if (s.appraisalFen !== null) parts.push([yuan(t('sales.term.appraisal')), formatFen(s.appraisalFen)]);
  if (s.appraisalDate) parts.push([t('sales.appraisalDate'), s.appraisalDate]);
  if (s.floorApprovalRef) parts.push([t('sales.floorApprovalRef'), s.floorApprovalRef]);
  parts.push([yuan(t(termKey('security', p.tradeType, p.method))), formatFen(s.securityFen)]);
  return (
    <span data-testid={`sale-terms-${s.code}`}>
      {parts.map(([label, value], i) => (
        <span key={label}>
          {i > 0 && ' · '}
          {label} {value}
        </span>
      ))}
    </span>
  );
}

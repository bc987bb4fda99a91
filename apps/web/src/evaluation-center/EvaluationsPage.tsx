/**
 * 评标管理 / 评标监督 (issue 22 §6): the center starts an evaluation for a section whose committee is
 * published and follows every evaluation — its members (signed in, declared, chair, replaced), the live
 * progress per member and stage, the bids under review with the opening's ceiling flag, the written
 * clarifications, the sealed report with who has signed and who has not and the dissents, and the replay
 * (复核计算: the ranking recomputed from the signed sheet objects and the frozen method, MATCH or MISMATCH
 * with both hashes). Staff also replace a member (E5: the next backup of its specialty by default) and
 * reopen a signed evaluation in an R87 §64 case. A supervisor sees the same page read-only (the services
 * refuse the actions anyway). `?evaluation=<id>` opens one evaluation.
 */
import { useEffect, useState, type ReactNode } from 'react';
import { App as AntApp, Button, Card, Descriptions, Form, Input, InputNumber, Modal, Select, Space, Typography } from 'antd';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Link, useOutletContext, useSearchParams } from 'react-router';
import { EVALUATION_KIND_NAMES } from '@ebid/domain';
import { useApi, type Actor, type RouterOutputs } from '../api.ts';
import { AppErrorAlert } from '../components/AppErrorAlert.tsx';
import { DenseTable } from '../components/DenseTable.tsx';
import { useServerNow } from '../components/ServerClock.tsx';
import { StatusTag } from '../components/StatusTag.tsx';
import { CommitteeStatusTag } from '../committee/words.tsx';
import { useSpecialtyName } from '../experts/words.tsx';
import { useLang, useT } from '../i18n.ts';
import { useLiveEvents } from '../live.ts';
import { formatFen } from '../money.ts';
import { formatCountdown } from '../opening/model.ts';
import { ErrorBox, fmtTime, LIST_STYLE, TEXT_STYLE } from '../opening/ui.tsx';
import { EvaluationStatusTag, evaluationSettled, REOPEN_CASES, useReopenCaseName, useStageName, type EvaluationStage, type ReopenCase } from './words.tsx';

type CenterEvaluation = RouterOutputs['evaluation']['list'][number];
type Section = RouterOutputs['committee']['sections'][number];
type EvaluationView = RouterOutputs['evaluation']['get'];
type Member = EvaluationView['members'][number];
type Bid = NonNullable<EvaluationView['bids']>[number];
type Progress = RouterOutputs['evaluation']['progress'];
type ProgressMember = Progress['members'][number];
type Report = RouterOutputs['evaluation']['report'];
type Clarification = RouterOutputs['evaluation']['clarifications'][number];

/** How often the open evaluation's facts are read again (the live topic also triggers a read). */
export const EVALUATION_POLL_MS = 5000;

const KEYS = {
  list: ['evaluation', 'list'] as const,
  sections: ['committee', 'sections'] as const,
  get: (id: number) => ['evaluation', 'get', id] as const,
  progress: (id: number) => ['evaluation', 'progress', id] as const,
  report: (id: number) => ['evaluation', 'report', id] as const,
  clarifications: (id: number) => ['evaluation', 'clarifications', id] as const,
};

export function EvaluationsPage() {
  const [params, setParams] = useSearchParams();
  const evaluationId = Number(params.get('evaluation')) || null;
  const open = (id: number) => setParams({ evaluation: String(id) });
  if (evaluationId) return <EvaluationDetail key={evaluationId} evaluationId={evaluationId} onBack={() => setParams({})} />;
  return (
    <div className="ebid-stack">
      <StartCard onStarted={open} />
      <EvaluationsList onOpen={open} />
    </div>
  );
}

function useIsStaff(): boolean {
  return useOutletContext<Actor>().role === 'staff';
}

/** Staff: the sections whose committee is published and that have no evaluation yet. */
function StartCard({ onStarted }: { onStarted: (evaluationId: number) => void }) {
  const t = useT();
  const api = useApi();
  const isStaff = useIsStaff();
  const sections = useQuery({ queryKey: KEYS.sections, queryFn: () => api.committee.sections.query({}), enabled: isStaff });
  const list = useQuery({ queryKey: KEYS.list, queryFn: () => api.evaluation.list.query({}), enabled: isStaff });
  const [starting, setStarting] = useState<Section | null>(null);
  if (!isStaff) return null;
  const evaluated = new Set((list.data ?? []).map((e) => e.sectionId));
  const ready = (sections.data ?? []).filter((s) => s.committee?.status === 'published' && !evaluated.has(s.sectionId));
  return (
    <Card title={<h2 className="ebid-card-title">{t('evaluationCenter.start.title')}</h2>} data-testid="evaluation-start-card">
      <Typography.Paragraph type="secondary">{t('evaluationCenter.start.intro')}</Typography.Paragraph>
      {sections.isError && <AppErrorAlert error={sections.error} onRetry={() => void sections.refetch()} />}
      <DenseTable<Section>
        rowKey="sectionId"
        loading={sections.isPending || list.isPending}
        dataSource={ready}
        testId="evaluation-ready-sections"
        empty={t('evaluationCenter.start.empty')}
        columns={[
          { key: 'project', title: t('evaluationCenter.project'), render: (_v, s) => s.projectName },
          { key: 'section', title: t('evaluationCenter.section'), render: (_v, s) => `${s.sectionCode} ${s.sectionName}` },
          { key: 'committee', title: t('evaluationCenter.committee'), render: (_v, s) => (s.committee ? <CommitteeStatusTag status={s.committee.status} /> : '—') },
        ]}
        actions={(s) => (
          <Button size="small" type="primary" onClick={() => setStarting(s)} data-testid={`evaluation-start-${s.sectionId}`}>
            {t('evaluationCenter.start.button')}
          </Button>
        )}
        actionsWidth={120}
      />
      {starting && (
        <StartModal
          section={starting}
          onClose={() => setStarting(null)}
          onDone={(id) => {
            setStarting(null);
            onStarted(id);
          }}
        />
      )}
    </Card>
  );
}

function StartModal({ section, onClose, onDone }: { section: Section; onClose: () => void; onDone: (evaluationId: number) => void }) {
  const t = useT();
  const api = useApi();
  const qc = useQueryClient();
  const { message } = AntApp.useApp();
  const [form] = Form.useForm<{ hours: number }>();
  const start = useMutation({
    mutationFn: (v: { hours: number }) => api.evaluation.start.mutate({ committeeId: section.committee!.id, hours: v.hours }),
    onSuccess: async (r) => {
      void message.success(t('evaluationCenter.start.done'));
      await qc.invalidateQueries({ queryKey: ['evaluation'] });
      onDone(r.evaluationId);
    },
  });
  return (
    <Modal
      open
      title={t('evaluationCenter.start.button')}
      onCancel={onClose}
      onOk={() => form.submit()}
      okText={t('evaluationCenter.start.submit')}
      okButtonProps={{ 'data-testid': 'evaluation-start-submit' }}
      cancelText={t('common.cancel')}
      confirmLoading={start.isPending}
    >
      <Typography.Paragraph data-testid="evaluation-start-for">
        {t('evaluationCenter.start.for', { project: section.projectName, section: `${section.sectionCode} ${section.sectionName}` })}
      </Typography.Paragraph>
      {start.isError && <ErrorBox error={start.error} />}
      <Form form={form} layout="vertical" initialValues={{ hours: 8 }} onFinish={(v) => start.mutate(v)}>
        <Form.Item name="hours" label={t('evaluationCenter.start.hours')} extra={t('evaluationCenter.start.hoursHint')} rules={[{ required: true, type: 'integer', min: 1, max: 72, message: t('evaluationCenter.start.hoursRange') }]}>
          <InputNumber min={1} max={72} precision={0} data-testid="evaluation-start-hours" />
        </Form.Item>
      </Form>
    </Modal>
  );
}

function EvaluationsList({ onOpen }: { onOpen: (evaluationId: number) => void }) {
  const t = useT();
  const api = useApi();
  const isStaff = useIsStaff();
  const list = useQuery({ queryKey: KEYS.list, queryFn: () => api.evaluation.list.query({}) });
  return (
    <Card title={<h2 className="ebid-card-title">{t('evaluationCenter.list.title')}</h2>}>
      <Typography.Paragraph type="secondary">{t(isStaff ? 'evaluationCenter.list.introStaff' : 'evaluationCenter.list.introSupervisor')}</Typography.Paragraph>
      {list.isError && <AppErrorAlert error={list.error} onRetry={() => void list.refetch()} />}
      <DenseTable<CenterEvaluation>
        rowKey="evaluationId"
        loading={list.isPending}
        dataSource={list.data ?? []}
        testId="evaluation-list"
        empty={t('evaluationCenter.list.empty')}
        columns={[
          { key: 'project', title: t('evaluationCenter.project'), render: (_v, e) => e.projectName },
          { key: 'section', title: t('evaluationCenter.section'), render: (_v, e) => `${e.sectionCode} ${e.sectionName}` },
          { key: 'status', title: t('evaluationCenter.status'), render: (_v, e) => <EvaluationStatusTag status={e.status} /> },
          { key: 'members', title: t('evaluationCenter.declaredOf'), render: (_v, e) => `${e.declared}/${e.members}` },
          { key: 'chair', title: t('evaluationCenter.chair'), render: (_v, e) => (e.chairElected ? t('evaluationCenter.chair.elected') : t('evaluationCenter.chair.none')) },
          { key: 'due', title: t('evaluationCenter.dueAt'), render: (_v, e) => fmtTime(e.dueAt) },
          { key: 'extensions', title: t('evaluationCenter.extensions'), render: (_v, e) => e.extensions },
        ]}
        actions={(e) => (
          <Button size="small" onClick={() => onOpen(e.evaluationId)} data-testid={`evaluation-open-${e.evaluationId}`}>
            {t('evaluationCenter.open')}
          </Button>
        )}
        actionsWidth={100}
      />
    </Card>
  );
}

function EvaluationDetail({ evaluationId, onBack }: { evaluationId: number; onBack: () => void }) {
  const t = useT();
  const api = useApi();
  const qc = useQueryClient();
  const isStaff = useIsStaff();
  const get = useQuery({
    queryKey: KEYS.get(evaluationId),
    queryFn: () => api.evaluation.get.query({ evaluationId }),
    retry: false,
    refetchInterval: (q) => (evaluationSettled(q.state.data?.status) ? false : EVALUATION_POLL_MS),
  });
  const settled = evaluationSettled(get.data?.status);
  const progress = useQuery({
    queryKey: KEYS.progress(evaluationId),
    queryFn: () => api.evaluation.progress.query({ evaluationId }),
    enabled: get.isSuccess,
    retry: false,
    refetchInterval: settled ? false : EVALUATION_POLL_MS,
  });
  // Every change of the evaluation is published on its topic: read again at once.
  const live = useLiveEvents([`evaluation.${evaluationId}`], 5);
  const latest = live.events[0]?.id;
  useEffect(() => {
    if (latest !== undefined) void qc.invalidateQueries({ queryKey: ['evaluation'] });
  }, [latest, qc]);
  const back = (
    <Button onClick={onBack} data-testid="evaluation-back">
      {t('evaluationCenter.back')}
    </Button>
  );
  if (get.isError) return <Card extra={back}><ErrorBox error={get.error} /></Card>;
  if (!get.data) return <Card extra={back} loading />;
  const e = get.data;
  return (
    <div className="ebid-stack" data-testid="evaluation-detail">
      <SummaryCard e={e} back={back} isStaff={isStaff} />
      <MembersCard e={e} isStaff={isStaff} />
      <ProgressCard progress={progress.data} error={progress.error} failed={e.status === 'failed'} />
      {e.bids && <BidsCard bids={e.bids} />}
      <ClarificationsCard evaluationId={evaluationId} />
      <ReportCard e={e} isStaff={isStaff} />
      <ReplayCard evaluationId={evaluationId} />
    </div>
  );
}

function SummaryCard({ e, back, isStaff }: { e: EvaluationView; back: ReactNode; isStaff: boolean }) {
  const t = useT();
  const { lang } = useLang();
  const now = useServerNow();
  const left = now !== undefined ? Date.parse(e.dueAt) - now : null;
  const chair = e.members.find((m) => m.chair);
  return (
    <Card title={<h2 className="ebid-card-title">{t('evaluationCenter.detail.title', { project: e.projectName, section: `${e.sectionCode} ${e.sectionName}` })}</h2>} extra={back}>
      <Descriptions
        size="small"
        bordered
        column={{ xs: 1, md: 2 }}
        items={[
          { key: 'status', label: t('evaluationCenter.status'), children: <EvaluationStatusTag status={e.status} /> },
          { key: 'round', label: t('evaluationCenter.round'), children: e.round },
          { key: 'project', label: t('evaluationCenter.projectCode'), children: <span className="ebid-mono">{e.projectCode}</span> },
          { key: 'method', label: t('evaluationCenter.method'), children: t('evaluationCenter.methodOf', { kind: (EVALUATION_KIND_NAMES as Record<string, { zh: string; en: string }>)[e.kind]?.[lang] ?? e.kind, version: e.version }) },
          { key: 'methodSha', label: t('evaluationCenter.methodSha'), children: <span className="ebid-mono ebid-break">{e.methodSha256}</span> },
          { key: 'blind', label: t('evaluationCenter.blind'), children: e.blindTechnical ? t('evaluationCenter.blind.yes', { at: fmtTime(e.revealedAt) }) : t('evaluationCenter.blind.no') },
          { key: 'started', label: t('evaluationCenter.startedAt'), children: fmtTime(e.startedAt) },
          {
            key: 'due',
            label: t('evaluationCenter.dueAt'),
            children: (
              <span data-testid="evaluation-due">
                {fmtTime(e.dueAt)}
                {!evaluationSettled(e.status) && left !== null && (
                  <Typography.Text type={left > 0 ? 'warning' : 'danger'}>
                    {' '}（{left > 0 ? t('evaluationCenter.left', { left: formatCountdown(left, lang) }) : t('evaluationCenter.overdue')}）
                  </Typography.Text>
                )}
              </span>
            ),
          },
          { key: 'extensions', label: t('evaluationCenter.extensions'), children: t('evaluationCenter.extensionsOf', { n: e.extensions, requests: e.extension.requests, threshold: e.extension.threshold }) },
          { key: 'chair', label: t('evaluationCenter.chair'), children: chair ? `${chair.name}（${fmtTime(e.chairElectedAt)}）` : t('evaluationCenter.chair.none') },
          { key: 'ceiling', label: t('evaluationCenter.ceiling'), children: e.priceCeilingFen === null ? t('evaluationCenter.ceiling.none') : formatFen(e.priceCeilingFen) },
          ...(e.status === 'failed'
            ? [
                {
                  key: 'failed',
                  label: t('evaluationCenter.failure'),
                  children: (
                    <Space wrap>
                      <Typography.Text type="danger">{`${fmtTime(e.failedAt)} ${e.failureReason ?? ''}`}</Typography.Text>
                      {e.failureNoticeId !== null && (
                        <Link to={`/notices/${e.failureNoticeId}`} data-testid="evaluation-failure-notice">
                          {t('evaluation.failureNotice')}
                        </Link>
                      )}
                    </Space>
                  ),
                },
              ]
            : []),
        ]}
      />
      {!isStaff && (
        <Typography.Paragraph type="secondary" className="ebid-gap-top" data-testid="evaluation-read-only">
          {t('evaluationCenter.readOnlySupervisor')}
        </Typography.Paragraph>
      )}
    </Card>
  );
}

function YesNo({ yes, testId }: { yes: boolean; testId?: string }) {
  const t = useT();
  return (
    <StatusTag family={yes ? 'done' : 'neutral'} {...(testId ? { testId } : {})}>
      {yes ? t('evaluationCenter.yes') : t('evaluationCenter.no')}
    </StatusTag>
  );
}

function MembersCard({ e, isStaff }: { e: EvaluationView; isStaff: boolean }) {
  const t = useT();
  const specialtyName = useSpecialtyName();
  const [replacing, setReplacing] = useState<Member | null>(null);
  const mayReplace = isStaff && !evaluationSettled(e.status);
  return (
    <Card title={<h2 className="ebid-card-title">{t('evaluationCenter.members.title')}</h2>} data-testid="evaluation-members">
      {isStaff && <Typography.Paragraph type="secondary">{t('evaluationCenter.members.introStaff')}</Typography.Paragraph>}
      <DenseTable<Member>
        rowKey="userId"
        dataSource={e.members}
        testId="evaluation-members-table"
        columns={[
          { key: 'name', title: t('evaluationCenter.member.name'), render: (_v, m) => m.name },
          { key: 'specialty', title: t('evaluationCenter.member.specialty'), render: (_v, m) => specialtyName(m.specialty) },
          { key: 'signedIn', title: t('evaluationCenter.member.signedIn'), render: (_v, m) => <YesNo yes={m.signedIn} /> },
          { key: 'declared', title: t('evaluationCenter.member.declared'), render: (_v, m) => <YesNo yes={m.declared} /> },
          { key: 'chair', title: t('evaluationCenter.chair'), render: (_v, m) => (m.chair ? t('evaluationCenter.member.isChair') : t('evaluationCenter.member.votes', { n: m.chairVotes })) },
          {
            key: 'status',
            title: t('evaluationCenter.member.status'),
            render: (_v, m) =>
              m.status === 'replaced' ? (
                <span data-testid={`evaluation-member-replaced-${m.userId}`}>
                  <StatusTag family="neutral">{t('evaluationCenter.member.replaced')}</StatusTag>
                  {fmtTime(m.replacedAt)} {m.replacedReason ?? ''}
                </span>
              ) : (
                <StatusTag family="progress">{t('evaluationCenter.member.active')}</StatusTag>
              ),
          },
        ]}
        {...(mayReplace
          ? {
              actions: (m: Member) =>
                m.status === 'active' ? (
                  <Button size="small" danger onClick={() => setReplacing(m)} data-testid={`evaluation-replace-${m.userId}`}>
                    {t('evaluationCenter.replace')}
                  </Button>
                ) : null,
              actionsWidth: 100,
            }
          : {})}
      />
      {replacing && <ReplaceModal evaluationId={e.id} sectionId={e.sectionId} member={replacing} onClose={() => setReplacing(null)} />}
    </Card>
  );
}

/** The value of "the next backup in drawn order" in the backup select (the server picks it). */
const NEXT_BACKUP = 0;

function ReplaceModal({ evaluationId, sectionId, member, onClose }: { evaluationId: number; sectionId: number; member: Member; onClose: () => void }) {
  const t = useT();
  const api = useApi();
  const qc = useQueryClient();
  const { message } = AntApp.useApp();
  const [form] = Form.useForm<{ reason: string; seatId: number }>();
  // The committee's backups on standby of the member's specialty, in drawn order: staff may name one (E5).
  const committee = useQuery({ queryKey: ['committee', 'ofSection', sectionId], queryFn: () => api.committee.ofSection.query({ sectionId }) });
  const backups = (committee.data?.seats ?? []).filter((s) => s.kind === 'backup' && s.status === 'standby' && s.specialty === member.specialty).sort((a, b) => a.rank - b.rank);
  const replace = useMutation({
    mutationFn: (v: { reason: string; seatId: number }) =>
      api.evaluation.replaceMember.mutate({ evaluationId, memberUserId: member.userId, reason: v.reason.trim(), ...(v.seatId !== NEXT_BACKUP ? { replacementSeatId: v.seatId } : {}) }),
    onSuccess: (r) => {
      void message.success(t('evaluationCenter.replace.done', { name: r.newMemberName, sheets: r.voidedSheets, items: r.reReview.length }));
      void qc.invalidateQueries({ queryKey: ['evaluation'] });
      onClose();
    },
  });
  return (
    <Modal
      open
      title={t('evaluationCenter.replace.title', { name: member.name })}
      onCancel={onClose}
      onOk={() => form.submit()}
      okText={t('evaluationCenter.replace')}
      okButtonProps={{ danger: true, 'data-testid': 'evaluation-replace-submit' }}
      cancelText={t('common.cancel')}
      confirmLoading={replace.isPending}
    >
      <Typography.Paragraph type="secondary">{t('evaluationCenter.replace.intro')}</Typography.Paragraph>
      {replace.isError && <ErrorBox error={replace.error} />}
      {committee.isError && <ErrorBox error={committee.error} />}
      <Form form={form} layout="vertical" initialValues={{ seatId: NEXT_BACKUP }} onFinish={(v) => replace.mutate(v)}>
        <Form.Item name="seatId" label={t('evaluationCenter.replace.backup')} extra={backups.length === 0 && committee.isSuccess ? t('evaluationCenter.replace.noBackup') : undefined}>
          <Select
            data-testid="evaluation-replace-backup"
            loading={committee.isPending}
            options={[
              { value: NEXT_BACKUP, label: t('evaluationCenter.replace.nextBackup') },
              ...backups.map((b) => ({ value: b.id, label: `${b.name ?? b.pseudonym}（${t('evaluationCenter.replace.rank', { rank: b.rank })}）` })),
            ]}
          />
        </Form.Item>
        <Form.Item name="reason" label={t('evaluationCenter.replace.reason')} rules={[{ required: true, whitespace: true, min: 2, max: 500, message: t('evaluationCenter.replace.reasonRequired') }]}>
          <Input.TextArea maxLength={500} rows={3} data-testid="evaluation-replace-reason" />
        </Form.Item>
      </Form>
    </Modal>
  );
}

function ProgressCard({ progress, error, failed }: { progress: Progress | undefined; error: unknown; failed: boolean }) {
  const t = useT();
  const stageName = useStageName();
  const stages: EvaluationStage[] = [];
  for (const m of progress?.members ?? []) for (const s of m.stages) if (!stages.includes(s.stage)) stages.push(s.stage);
  return (
    <Card title={<h2 className="ebid-card-title">{t('evaluationCenter.progress.title')}</h2>} data-testid="evaluation-progress">
      <Typography.Paragraph type="secondary">{t('evaluationCenter.progress.intro', { seconds: EVALUATION_POLL_MS / 1000 })}</Typography.Paragraph>
      {error ? <ErrorBox error={error} /> : null}
      {progress && (
        <>
          <DenseTable<ProgressMember>
            rowKey="userId"
            dataSource={progress.members}
            testId="evaluation-progress-table"
            columns={[
              { key: 'name', title: t('evaluationCenter.member.name'), render: (_v, m) => m.name },
              { key: 'signedIn', title: t('evaluationCenter.member.signedIn'), render: (_v, m) => <YesNo yes={m.signedIn} /> },
              { key: 'declared', title: t('evaluationCenter.member.declared'), render: (_v, m) => <YesNo yes={m.declared} /> },
              ...stages.map((stage) => ({
                key: stage,
                title: stageName(stage),
                render: (_v: unknown, m: ProgressMember) => {
                  const s = m.stages.find((x) => x.stage === stage);
                  if (!s) return '—';
                  // A stage the evaluation never reached (it stopped before it, O2).
                  if (failed && !s.signed && s.drafted === 0) return <Typography.Text type="secondary">{t('evaluation.progress.notReached')}</Typography.Text>;
                  return (
                    <span data-testid={`evaluation-progress-${m.userId}-${stage}`}>
                      {s.signed ? (
                        <StatusTag family="done">{t('evaluationCenter.progress.signed', { at: fmtTime(s.signedAt) })}</StatusTag>
                      ) : (
                        t('evaluationCenter.progress.drafted', { drafted: s.drafted, expected: s.expected })
                      )}
                    </span>
                  );
                },
              })),
            ]}
          />
          <Typography.Paragraph className="ebid-gap-top" data-testid="evaluation-progress-clarifications">
            {t('evaluationCenter.progress.clarifications', { asked: progress.clarifications.asked, answered: progress.clarifications.answered })}
          </Typography.Paragraph>
        </>
      )}
    </Card>
  );
}

function BidsCard({ bids }: { bids: Bid[] }) {
  const t = useT();
  return (
    <Card title={<h2 className="ebid-card-title">{t('evaluationCenter.bids.title')}</h2>} data-testid="evaluation-bids">
      <DenseTable<Bid>
        rowKey="label"
        dataSource={bids}
        testId="evaluation-bids-table"
        empty={t('evaluationCenter.bids.empty')}
        columns={[
          { key: 'label', title: t('evaluationCenter.bids.label'), render: (_v, b) => b.label },
          { key: 'bidder', title: t('evaluationCenter.bids.bidder'), render: (_v, b) => b.bidderName },
          { key: 'price', title: t('evaluationCenter.bids.price'), render: (_v, b) => formatFen(b.priceFen) },
          {
            key: 'ceiling',
            title: t('evaluationCenter.bids.ceiling'),
            render: (_v, b) => (b.aboveCeiling ? <StatusTag family="failed">{t('evaluationCenter.bids.aboveCeiling')}</StatusTag> : t('evaluationCenter.bids.withinCeiling')),
          },
          { key: 'blind', title: t('evaluationCenter.bids.blindLabel'), render: (_v, b) => b.blindLabel ?? '—' },
        ]}
      />
    </Card>
  );
}

function ClarificationsCard({ evaluationId }: { evaluationId: number }) {
  const t = useT();
  const api = useApi();
  const list = useQuery({ queryKey: KEYS.clarifications(evaluationId), queryFn: () => api.evaluation.clarifications.query({ evaluationId }), retry: false });
  return (
    <Card title={<h2 className="ebid-card-title">{t('evaluationCenter.clarifications.title')}</h2>} data-testid="evaluation-clarifications">
      <Typography.Paragraph type="secondary">{t('evaluationCenter.clarifications.intro')}</Typography.Paragraph>
      {list.isError && <ErrorBox error={list.error} />}
      <DenseTable<Clarification>
        rowKey="id"
        loading={list.isPending}
        dataSource={list.data ?? []}
        testId="evaluation-clarifications-table"
        empty={t('evaluationCenter.clarifications.empty')}
        columns={[
          { key: 'label', title: t('evaluationCenter.bids.label'), render: (_v, c) => c.label },
          { key: 'question', title: t('evaluationCenter.clarifications.question'), render: (_v, c) => <p style={TEXT_STYLE}>{c.question}</p> },
          { key: 'answerBy', title: t('evaluationCenter.clarifications.answerBy'), render: (_v, c) => fmtTime(c.answerBy) },
          { key: 'answer', title: t('evaluationCenter.clarifications.answer'), render: (_v, c) => (c.answer === null ? t('evaluationCenter.clarifications.unanswered') : <p style={TEXT_STYLE}>{c.answer}</p>) },
        ]}
      />
    </Card>
  );
}

function ReportCard({ e, isStaff }: { e: EvaluationView; isStaff: boolean }) {
  const t = useT();
  const api = useApi();
  const [reopening, setReopening] = useState(false);
  const report = useQuery({
    queryKey: KEYS.report(e.id),
    queryFn: () => api.evaluation.report.query({ evaluationId: e.id }),
    retry: false,
    // Until every member has signed: a report in 'reporting', or the report of a failed evaluation (O2).
    refetchInterval: (q) => (e.status === 'reporting' || (e.status === 'failed' && q.state.data?.reportSha256 && !q.state.data.signedAt) ? EVALUATION_POLL_MS : false),
  });
  const r = report.data;
  return (
    <Card
      title={<h2 className="ebid-card-title">{t('evaluationCenter.report.title')}</h2>}
      data-testid="evaluation-report"
      extra={
        isStaff && e.status === 'signed' ? (
          <Button danger onClick={() => setReopening(true)} data-testid="evaluation-reopen">
            {t('evaluationCenter.reopen')}
          </Button>
        ) : null
      }
    >
      {report.isError && <ErrorBox error={report.error} />}
      {r && (r.reportSha256 === null ? <Typography.Paragraph type="secondary" data-testid="evaluation-report-none">{t('evaluationCenter.report.none')}</Typography.Paragraph> : <ReportBody e={e} r={r} />)}
      {reopening && <ReopenModal evaluationId={e.id} onClose={() => setReopening(false)} />}
    </Card>
  );
}

function ReportBody({ e, r }: { e: EvaluationView; r: Report }) {
  const t = useT();
  return (
    <>
      <Descriptions
        size="small"
        bordered
        column={1}
        items={[
          {
            key: 'pdf',
            label: t('evaluationCenter.report.pdf'),
            children: (
              <a href={`/evaluations/${e.id}/report.pdf?sha256=${r.reportSha256}`} target="_blank" rel="noopener noreferrer" data-testid="evaluation-report-download">
                {t('evaluationCenter.report.download', { round: r.round })}
              </a>
            ),
          },
          { key: 'sha', label: t('evaluationCenter.report.sha'), children: <span className="ebid-mono ebid-break" data-testid="evaluation-report-sha">{r.reportSha256}</span> },
          { key: 'sealed', label: t('evaluationCenter.report.sealedAt'), children: fmtTime(r.sealedAt) },
          { key: 'signed', label: t('evaluationCenter.report.signedAt'), children: r.signedAt ? fmtTime(r.signedAt) : t('evaluationCenter.report.notAllSigned') },
          {
            key: 'pending',
            label: t('evaluationCenter.report.pending'),
            children: (
              <span data-testid="evaluation-report-pending">{r.pending.length ? r.pending.map((p) => p.name).join(t('common.listSeparator')) : t('evaluationCenter.report.noPending')}</span>
            ),
          },
        ]}
      />
      <h3 className="ebid-gap-top">{t('evaluationCenter.report.signatures')}</h3>
      <DenseTable<Report['signatures'][number]>
        rowKey="memberUserId"
        dataSource={r.signatures}
        testId="evaluation-report-signatures"
        empty={t('evaluationCenter.report.noSignatures')}
        columns={[
          { key: 'name', title: t('evaluationCenter.member.name'), render: (_v, s) => s.name },
          { key: 'at', title: t('evaluationCenter.report.signedAtCol'), render: (_v, s) => fmtTime(s.signedAt) },
          { key: 'serial', title: t('evaluationCenter.report.certSerial'), render: (_v, s) => <span className="ebid-mono">{s.certSerial}</span> },
        ]}
      />
      <h3 className="ebid-gap-top">{t('evaluationCenter.report.dissents')}</h3>
      {r.dissents.length === 0 ? (
        <Typography.Paragraph type="secondary">{t('evaluationCenter.report.noDissents')}</Typography.Paragraph>
      ) : (
        <ul style={LIST_STYLE} data-testid="evaluation-report-dissents">
          {r.dissents.map((d) => (
            <li key={d.memberUserId}>
              <Typography.Text strong>{d.name}</Typography.Text>（{fmtTime(d.at)}）：<span style={TEXT_STYLE}>{d.text}</span>
            </li>
          ))}
        </ul>
      )}
    </>
  );
}

interface ReopenValues {
  case: ReopenCase;
  note: string;
}

/** R87 §64: a signed evaluation is reopened only in these cases, with a note (10–2000 characters). */
function ReopenModal({ evaluationId, onClose }: { evaluationId: number; onClose: () => void }) {
  const t = useT();
  const api = useApi();
  const qc = useQueryClient();
  const { message } = AntApp.useApp();
  const caseName = useReopenCaseName();
  const [form] = Form.useForm<ReopenValues>();
  const reopen = useMutation({
    mutationFn: (v: ReopenValues) => api.evaluation.reopen.mutate({ evaluationId, case: v.case, note: v.note.trim() }),
    onSuccess: () => {
      void message.success(t('evaluationCenter.reopen.done'));
      void qc.invalidateQueries({ queryKey: ['evaluation'] });
      onClose();
    },
  });
  return (
    <Modal
      open
      title={t('evaluationCenter.reopen')}
      onCancel={onClose}
      onOk={() => form.submit()}
      okText={t('evaluationCenter.reopen.submit')}
      okButtonProps={{ danger: true, 'data-testid': 'evaluation-reopen-submit' }}
      cancelText={t('common.cancel')}
      confirmLoading={reopen.isPending}
    >
      <Typography.Paragraph type="secondary">{t('evaluationCenter.reopen.intro')}</Typography.Paragraph>
      {reopen.isError && <ErrorBox error={reopen.error} />}
      <Form<ReopenValues> form={form} layout="vertical" onFinish={(v) => reopen.mutate(v)}>
        <Form.Item name="case" label={t('evaluationCenter.reopen.case')} rules={[{ required: true, message: t('evaluationCenter.required') }]}>
          <Select
            data-testid="evaluation-reopen-case"
            aria-label={t('evaluationCenter.reopen.case')}
            options={REOPEN_CASES.map((c) => ({ value: c, label: caseName(c) }))}
          />
        </Form.Item>
        <Form.Item name="note" label={t('evaluationCenter.reopen.note')} rules={[{ required: true, whitespace: true, min: 10, max: 2000, message: t('evaluationCenter.reopen.noteRequired') }]}>
          <Input.TextArea maxLength={2000} rows={4} data-testid="evaluation-reopen-note" />
        </Form.Item>
      </Form>
    </Modal>
  );
}

/** 复核计算: the server recomputes the result from the signed sheet objects and the frozen method (S11). */
function ReplayCard({ evaluationId }: { evaluationId: number }) {
  const t = useT();
  const api = useApi();
  const replay = useMutation({ mutationFn: () => api.evaluation.replay.query({ evaluationId }) });
  const r = replay.data;
  return (
    <Card
      title={<h2 className="ebid-card-title">{t('evaluationCenter.replay.title')}</h2>}
      data-testid="evaluation-replay"
      extra={
        <Button onClick={() => replay.mutate()} loading={replay.isPending} data-testid="evaluation-replay-run">
          {t('evaluationCenter.replay.run')}
        </Button>
      }
    >
      <Typography.Paragraph type="secondary">{t('evaluationCenter.replay.intro')}</Typography.Paragraph>
      {replay.isError && <ErrorBox error={replay.error} />}
      {r && (
        <>
          <Typography.Paragraph>
            <Typography.Text strong type={r.matches ? 'success' : 'danger'} data-testid="evaluation-replay-result" data-ok={r.matches ? 'yes' : 'no'}>
              {r.matches ? t('evaluationCenter.replay.match') : t('evaluationCenter.replay.mismatch')}
            </Typography.Text>
          </Typography.Paragraph>
          <Descriptions
            size="small"
            bordered
            column={1}
            items={[
              { key: 'manifest', label: t('evaluationCenter.replay.manifest'), children: <span className="ebid-mono ebid-break">{r.manifestSha256}</span> },
              { key: 'result', label: t('evaluationCenter.replay.result'), children: <span className="ebid-mono ebid-break" data-testid="evaluation-replay-computed">{r.resultSha256 ?? '—'}</span> },
              { key: 'stored', label: t('evaluationCenter.replay.stored'), children: <span className="ebid-mono ebid-break" data-testid="evaluation-replay-stored">{r.storedResultSha256 ?? '—'}</span> },
              ...(r.problem ? [{ key: 'problem', label: t('evaluationCenter.replay.problem'), children: <span className="ebid-mono" data-testid="evaluation-replay-problem">{r.problem}</span> }] : []),
            ]}
          />
        </>
      )}
    </Card>
  );
}

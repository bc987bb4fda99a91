/**
 * Objections (异议, engineering) and challenges (质疑, government procurement) (issue 5 §3, issue 12 §7;
 * domain N8, C2, §1.2).
 * - bidder: the filing form (what is objected to — GP: the documents, a step of the process or the
 *   result —, 标题, 内容) with the end of the window (server time decides), the company's own objections
 *   with their state and answer due date, and the published answers of others (never their filer).
 * - owner (tenderee/agent): every objection with its filer. The clock runs from RECEIPT: an engineering
 *   objection suspends the project at once and is due in 3 days (GP: 7 working days, no suspension) —
 *   countdown, yellow on the last day, 已逾期 in red WITH text. 受理 acknowledges; 答复 and 不予受理 (a
 *   refusal is an answer) close it.
 * - center (staff, supervisor): the same table, read-only.
 */
import { useState } from 'react';
import { App as AntApp, Alert, Button, Card, Empty, Form, Input, Modal, Radio, Select, Space, Typography} from 'antd';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { statusFamilyOf } from '@ebid/domain';
import { useApi, type RouterOutputs } from '../api.ts';
import { formatBeijingDateTime } from '../clock.ts';
import { AppErrorAlert } from '../components/AppErrorAlert.tsx';
import { ProvisionalTag } from '../components/ProvisionalTag.tsx';
import { StatusTag } from '../components/StatusTag.tsx';
import { useServerNow } from '../components/ServerClock.tsx';
import { type Lang, type MessageKey, type TFunction, translate, useLang, useT, pick } from '../i18n.ts';
import { DenseTable } from '../components/DenseTable.tsx';

type Project = RouterOutputs['project']['get'];
export type Objection = RouterOutputs['objection']['list'][number];
export type ObjectionsMode = 'owner' | 'bidder' | 'center';

export const objectionsKey = (projectId: number) => ['objection', 'list', projectId] as const;
export const objectionWindowKey = (projectId: number) => ['objection', 'window', projectId] as const;

const at = (iso: string) => formatBeijingDateTime(Date.parse(iso));

const STATUS: Record<Objection['status'], MessageKey> = {
  filed: 'objections.status.filed',
  accepted: 'objections.status.accepted',
  declined: 'objections.status.declined',
  answered: 'objections.status.answered',
};

const STAGE: Record<Objection['stage'], MessageKey> = {
  prequalification: 'objections.stage.prequalificationDocuments',
  tender: 'objections.stage.tenderDocuments',
};

const SUBJECT: Record<Objection['subject'], MessageKey> = {
  documents: 'objections.subject.documents',
  process: 'objections.subject.procurementProcess',
  result: 'objections.subject.result',
};

const STEPS: Record<string, MessageKey> = {
  prequalification: 'objections.steps.prequalification',
  opening: 'objections.steps.bidOpening',
};

/** What an objection is against, in words: the documents by stage, or a GP process step / the result. */
function against(o: Objection, t: TFunction): string {
  if (o.subject === 'documents') return t(STAGE[o.stage]);
  if (o.subject === 'process') {
    const s = STEPS[o.step ?? ''];
    return t('objections.subject.processStep', { step: s ? t(s) : (o.step ?? '—') });
  }
  return t(SUBJECT.result);
}

export function ObjectionStatusTag({ o }: { o: Objection }) {
  const t = useT();
  return (
    <StatusTag family={statusFamilyOf('objection', o.status)} testId="objection-status">
      {t(STATUS[o.status])}
    </StatusTag>
  );
}

function span(ms: number, lang: Lang): string {
  const mins = Math.max(0, Math.floor(ms / 60_000));
  const d = Math.floor(mins / 1440);
  const h = Math.floor((mins % 1440) / 60);
  const m = mins % 60;
  return d > 0 ? translate(lang, 'objections.span.days', { d, h }) : h > 0 ? translate(lang, 'objections.span.hours', { h, m }) : translate(lang, 'objections.span.minutes', { m });
}

/** The answer deadline of an accepted objection: a countdown, or 已逾期 in red with the text (never colour only). */
export function AnswerDue({ o }: { o: Objection }) {
  const { lang } = useLang();
  const t = useT();
  const serverNow = useServerNow();
  if (!o.answerDueAt) return <span>—</span>;
  const due = Date.parse(o.answerDueAt);
  // Until the server clock is measured, the server's own overdue flag decides (no client clock, T1).
  const now = serverNow ?? (o.overdue ? due : due - 1);
  if (!o.open) {
    return <Typography.Text type="secondary">{t('objections.answerDue.due', { answerDueAt: at(o.answerDueAt) })}</Typography.Text>;
  }
  return (
    <Space size={4} wrap>
      <DueText o={o} due={due} now={now} known={serverNow !== undefined} lang={lang} />
      <ProvisionalTag on={o.answerDueProvisional} kind="due" />
    </Space>
  );
}

function DueText({ o, due, now, known, lang }: { o: Objection; due: number; now: number; known: boolean; lang: Lang }) {
  if (!o.answerDueAt) return null;
  if (o.overdue || now >= due) {
    return (
      <Typography.Text type="danger" strong data-testid="objection-overdue">
        {translate(lang, 'objections.dueText.overdueDue', { overdue: span(now - due, lang), answerDueAt: at(o.answerDueAt) })}
      </Typography.Text>
    );
  }
  if (!known) return <span>{translate(lang, 'objections.dueText.answer', { answerDueAt: at(o.answerDueAt) })}</span>;
  // The warning window (ux.md: yellow 预警): the last day before the answer falls due.
  if (due - now <= 86_400_000) {
    return (
      <Typography.Text type="warning" strong data-testid="objection-due-soon">
        {translate(lang, 'objections.dueText.warningLeftAnswer', { left: span(due - now, lang), answerDueAt: at(o.answerDueAt) })}
      </Typography.Text>
    );
  }
  return (
    <span>
      {translate(lang, 'objections.dueText.leftAnswer', { left: span(due - now, lang), answerDueAt: at(o.answerDueAt) })}
    </span>
  );
}

function ObjectionDetail({ o }: { o: Objection }) {
  const t = useT();
  return (
    <Space orientation="vertical" style={{ width: '100%' }}>
      <Typography.Paragraph style={{ whiteSpace: 'pre-wrap', marginBottom: 0 }}>{o.body}</Typography.Paragraph>
      {o.declineReason && (
        <Typography.Text>
          {t('objections.detail.reasonDeclining')}
          {o.declineReason}
        </Typography.Text>
      )}
      {o.answer && (
        <Alert
          type="success"
          title={t('objections.detail.answerAt', { at: o.answeredAt ? at(o.answeredAt) : '' })}
          description={<span style={{ whiteSpace: 'pre-wrap' }}>{o.answer}</span>}
        />
      )}
    </Space>
  );
}

// ---------------------------------------------------------------------------------------------------
// Bidder

interface FileValues {
  subject: Objection['subject'];
  step?: 'prequalification' | 'opening';
  title: string;
  body: string;
}

function FileForm({ project }: { project: Project }) {
  const t = useT();
  const { lang } = useLang();
  const api = useApi();
  const qc = useQueryClient();
  const { message } = AntApp.useApp();
  const [form] = Form.useForm<FileValues>();
  const subject = Form.useWatch('subject', form) ?? 'documents';
  const gp = project.tradeType === 'procurement';
  const win = useQuery({ queryKey: objectionWindowKey(project.id), queryFn: () => api.objection.window.query({ projectId: project.id }) });
  const file = useMutation({
    mutationFn: (v: FileValues) =>
      api.objection.file.mutate({
        projectId: project.id,
        title: v.title,
        body: v.body,
        ...(gp ? { subject: v.subject } : {}),
        ...(gp && v.subject === 'process' ? { step: v.step ?? null } : {}),
      }),
    onSuccess: async (o) => {
      form.resetFields();
      void message.success(
        t(gp ? 'objections.fileForm.receivedChallenge' : 'objections.fileForm.receivedObjection', {
          filedAt: at(o.filedAt),
          due: o.answerDueAt ? t('objections.fileForm.dueBy', { answerDueAt: at(o.answerDueAt) }) : '',
          suspended: o.suspends ? t('objections.fileForm.suspendedUntilAnswer') : '',
        }),
      );
      await qc.invalidateQueries({ queryKey: objectionsKey(project.id) });
      await qc.invalidateQueries({ queryKey: ['project', 'get', project.id] });
    },
  });
  if (win.isPending) return null;
  if (win.error) return <AppErrorAlert error={win.error} />;
  const w = win.data;
  if (!w) {
    return <Alert type="info" title={t('objections.fileForm.projectObjectionProcedure')} />;
  }
  // A GP process or result challenge has its own window (from the end of the step / the result notice),
  // judged by the server when it is filed.
  const canFile = w.open || (gp && subject !== 'documents');
  const limit = gp
    ? t('objections.fileForm.purchaserAnswersWithin')
    : t('objections.fileForm.receiptProcedureSuspended');
  return (
    <Space orientation="vertical" style={{ width: '100%' }}>
      <Alert
        type={w.open ? 'info' : 'warning'}
        showIcon
        title={
          w.open
            ? t('objections.fileForm.windowOpen', { stage: t(STAGE[w.stage]).toLowerCase(), closesAt: at(w.closesAt) })
            : t('objections.fileForm.objectionWindowClosed', { closesAt: at(w.closesAt) })
        }
        description={
          <>
            <div data-testid="objection-rule">
              {pick(lang, w.rule)}
              <ProvisionalTag on={w.provisional} />
            </div>
            <div>{limit}</div>
          </>
        }
      />
      <Form form={form} layout="vertical" onFinish={(v) => file.mutate(v)} initialValues={{ subject: 'documents' }} aria-label={t(gp ? 'objections.fileForm.fileChallenge' : 'objections.fileForm.fileObjection')}>
        {gp && (
          <Form.Item name="subject" label={t('objections.fileForm.challengeAgainst')}>
            <Radio.Group
              optionType="button"
              options={w.subjects.map((s) => ({ value: s, label: t(SUBJECT[s]) }))}
            />
          </Form.Item>
        )}
        {gp && subject === 'process' && (
          <Form.Item name="step" label={t('objections.fileForm.stepChallenged')} rules={[{ required: true, message: t('objections.fileForm.chooseStep') }]}>
            <Select style={{ maxWidth: 240 }} options={Object.entries(STEPS).map(([value, l]) => ({ value, label: t(l) }))} />
          </Form.Item>
        )}
        <Form.Item name="title" label={t('objections.title')} rules={[{ required: true, min: 4, max: 200, message: t('objections.fileForm.title4200') }]}>
          <Input maxLength={200} disabled={!canFile} />
        </Form.Item>
        <Form.Item name="body" label={t('objections.fileForm.objection')} rules={[{ required: true, min: 10, max: 5000, message: t('objections.fileForm.objection105000') }]}>
          <Input.TextArea rows={5} maxLength={5000} showCount disabled={!canFile} />
        </Form.Item>
        {file.error && <AppErrorAlert error={file.error} />}
        <Button type="primary" htmlType="submit" loading={file.isPending} disabled={!canFile} style={{ marginTop: 8 }}>
          {t(gp ? 'objections.fileForm.submitChallenge' : 'objections.fileForm.submitObjection')}
        </Button>
      </Form>
    </Space>
  );
}

function BidderView({ project, list }: { project: Project; list: Objection[] }) {
  const t = useT();
  const mine = list.filter((o) => o.mine);
  const others = list.filter((o) => !o.mine && !o.open);
  const item = (o: Objection) => (
    <Card
      key={o.id}
      size="small"
      data-testid="objection-item"
      title={
        <Space wrap>
          <ObjectionStatusTag o={o} />
          <span>{o.title}</span>
        </Space>
      }
      extra={<Typography.Text type="secondary">{t('objections.bidderView.againstReceived', { against: against(o, t), filedAt: at(o.filedAt) })}</Typography.Text>}
    >
      <ObjectionDetail o={o} />
      {o.open && o.mine && (
        <Typography.Text>
          {t('objections.bidderView.answerDue')}
          <AnswerDue o={o} />
        </Typography.Text>
      )}
    </Card>
  );
  return (
    <Space orientation="vertical" style={{ width: '100%' }} size="large">
      <FileForm project={project} />
      <section aria-label={t('objections.bidderView.myObjections')}>
        <Typography.Title level={5}>{t('objections.bidderView.myObjections')}</Typography.Title>
        {mine.length === 0 ? <Empty description={t('objections.bidderView.none')} /> : <Space orientation="vertical" style={{ width: '100%' }}>{mine.map(item)}</Space>}
      </section>
      <section aria-label={t('objections.bidderView.publishedAnswers')}>
        <Typography.Title level={5}>{t('objections.bidderView.publishedAnswers')}</Typography.Title>
        {others.length === 0 ? <Empty description={t('objections.bidderView.none')} /> : <Space orientation="vertical" style={{ width: '100%' }}>{others.map(item)}</Space>}
      </section>
    </Space>
  );
}

// ---------------------------------------------------------------------------------------------------
// Owner side and center

type TextModal = { kind: 'decline' | 'answer'; o: Objection } | null;

function ObjectionsTable({ project, list, actions }: { project: Project; list: Objection[]; actions: boolean }) {
  const t = useT();
  const api = useApi();
  const qc = useQueryClient();
  const { modal, message } = AntApp.useApp();
  const [dialog, setDialog] = useState<TextModal>(null);
  const [text, setText] = useState('');
  const refresh = async () => {
    await qc.invalidateQueries({ queryKey: objectionsKey(project.id) });
    await qc.invalidateQueries({ queryKey: ['project', 'get', project.id] });
  };
  const accept = useMutation({
    mutationFn: (id: number) => api.objection.accept.mutate({ objectionId: id }),
    onSuccess: async () => {
      void message.success(t('objections.table.accepted'));
      await refresh();
    },
  });
  const decline = useMutation({
    mutationFn: (v: { id: number; reason: string }) => api.objection.decline.mutate({ objectionId: v.id, reason: v.reason }),
    onSuccess: async () => {
      setDialog(null);
      await refresh();
    },
  });
  const answer = useMutation({
    mutationFn: (v: { id: number; answer: string }) => api.objection.answer.mutate({ objectionId: v.id, answer: v.answer }),
    onSuccess: async () => {
      setDialog(null);
      void message.success(t('objections.table.answerPublished'));
      await refresh();
    },
  });
  const open = (kind: 'decline' | 'answer', o: Objection) => {
    decline.reset();
    answer.reset();
    setText('');
    setDialog({ kind, o });
  };
  const confirmAccept = (o: Objection) =>
    modal.confirm({
      title: t('objections.table.acceptObjection'),
      content: t('objections.table.acceptingAcknowledgesAnswer'),
      okText: t('objections.table.accept'),
      cancelText: t('common.cancel'),
      onOk: () => accept.mutateAsync(o.id).catch(() => undefined),
    });
  const min = dialog?.kind === 'answer' ? 10 : 2;
  const max = dialog?.kind === 'answer' ? 10_000 : 1000;
  const valid = text.trim().length >= min && text.trim().length <= max;
  const pending = decline.isPending || answer.isPending;
  const dialogError = dialog?.kind === 'answer' ? answer.error : decline.error;
  const textLabel = dialog?.kind === 'answer' ? t('objections.table.answer') : t('objections.table.reasonDeclining');
  return (
    <>
      {accept.error && <AppErrorAlert error={accept.error} />}
      <DenseTable<Objection>
        rowKey="id"
        dataSource={list}
        pagination={false}
        empty={t('objections.table.objections')}
        expandable={{ expandedRowRender: (o) => <ObjectionDetail o={o} /> }}
        columns={[
          { title: t('objections.title'), dataIndex: 'title' },
          { title: t('objections.table.against'), render: (_, o) => against(o, t) },
          { title: t('objections.table.filed'), render: (_, o) => o.filerName ?? '—' },
          { title: t('objections.table.received'), render: (_, o) => at(o.filedAt) },
          { title: t('objections.table.status'), render: (_, o) => <ObjectionStatusTag o={o} /> },
          { title: t('objections.table.answerDue'), render: (_, o) => <AnswerDue o={o} /> },
          ...(actions
            ? [
                {
                  title: t('table.actions'),
                  render: (_: unknown, o: Objection) => (
                    <Space wrap>
                      {o.open && (
                        <Button size="small" type="primary" onClick={() => open('answer', o)} aria-label={t('objections.table.answer2', { title: o.title })}>
                          {t('objections.table.answer3')}
                        </Button>
                      )}
                      {o.status === 'filed' && (
                        <>
                          <Button size="small" onClick={() => confirmAccept(o)} aria-label={t('objections.table.accept2', { title: o.title })}>
                            {t('objections.table.accept3')}
                          </Button>
                          <Button size="small" onClick={() => open('decline', o)} aria-label={t('objections.table.refuse', { title: o.title })}>
                            {t('objections.table.refuse2')}
                          </Button>
                        </>
                      )}
                    </Space>
                  ),
                },
              ]
            : []),
        ]}
      />
      <Modal
        open={dialog !== null}
        title={dialog ? `${dialog.kind === 'answer' ? t('objections.table.answerObjection') : t('objections.table.declineObjection')}：${dialog.o.title}` : ''}
        okText={dialog?.kind === 'answer' ? t('objections.table.publishAnswer') : t('objections.table.decline')}
        cancelText={t('common.cancel')}
        okButtonProps={{ disabled: !valid, loading: pending }}
        onCancel={() => setDialog(null)}
        onOk={() => {
          if (!dialog) return;
          if (dialog.kind === 'answer') answer.mutate({ id: dialog.o.id, answer: text.trim() });
          else decline.mutate({ id: dialog.o.id, reason: text.trim() });
        }}
        destroyOnHidden
      >
        {dialog?.kind === 'answer' && (
          <Alert
            type="info"
            style={{ marginBottom: 12 }}
            title={t('objections.table.answerPublishedSent')}
          />
        )}
        <label htmlFor="objection-dialog-text" style={{ display: 'block', marginBottom: 4 }}>
          {textLabel}
        </label>
        <Input.TextArea id="objection-dialog-text" aria-label={textLabel} rows={dialog?.kind === 'answer' ? 8 : 4} maxLength={max} showCount value={text} onChange={(e) => setText(e.target.value)} />
        {dialogError && <AppErrorAlert error={dialogError} />}
      </Modal>
    </>
  );
}

/** The objections of a project, for the bidder, the owner side or the center (read-only). */
export function ObjectionsPanel({ project, mode }: { project: Project; mode: ObjectionsMode }) {
  const t = useT();
  const api = useApi();
  const list = useQuery({ queryKey: objectionsKey(project.id), queryFn: () => api.objection.list.query({ projectId: project.id }) });
  const open = (list.data ?? []).filter((o) => o.open);
  const suspending = open.filter((o) => o.suspends);
  return (
    <Card
      title={<h3 className="ebid-card-title">{t(project.tradeType === 'procurement' ? 'objections.panel.titleProcurement' : 'objections.panel.title')}</h3>}
      data-testid="objections-panel"
    >
      <Space orientation="vertical" style={{ width: '100%' }}>
        {mode !== 'bidder' && open.length > 0 && (
          <Alert
            type={open.some((o) => o.overdue) ? 'error' : 'warning'}
            showIcon
            title={t('objections.panel.awaitingAnswer', {
              n: open.length,
              overdue: open.some((o) => o.overdue) ? t('objections.panel.someOverdue') : '',
              suspended: suspending.length ? t('objections.panel.suspendedUntilAnswered') : '',
            })}
          />
        )}
        {list.error && <AppErrorAlert error={list.error} onRetry={() => void list.refetch()} />}
        {list.data &&
          (mode === 'bidder' ? (
            <BidderView project={project} list={list.data} />
          ) : (
            <ObjectionsTable project={project} list={list.data} actions={mode === 'owner'} />
          ))}
      </Space>
    </Card>
  );
}

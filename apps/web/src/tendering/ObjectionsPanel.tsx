/**
 * Objections (异议 / 质疑) to a project's documents (issue 5 §3; domain N8, §1.2).
 * - bidder: the filing form (标题, 异议内容, 提交异议) with the end of the window (server time decides),
 *   the company's own objections with their state, and the published answers of others (never their filer).
 * - owner (tenderee/agent): every objection with its filer; 受理 (the project is suspended until the
 *   answer, due in 3 days — countdown, or 已逾期 in red WITH text), 不予受理 (reason), 答复 (published).
 * - center (staff, supervisor): the same table, read-only.
 */
import { useState } from 'react';
import { App as AntApp, Alert, Button, Card, Empty, Form, Input, Modal, Space, Table, Tag, Typography } from 'antd';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useApi, type RouterOutputs } from '../api.ts';
import { formatBeijingDateTime } from '../clock.ts';
import { AppErrorAlert } from '../components/AppErrorAlert.tsx';
import { useServerNow } from '../components/ServerClock.tsx';
import { pick, useLang, type Lang } from '../i18n.ts';

type Project = RouterOutputs['project']['get'];
export type Objection = RouterOutputs['objection']['list'][number];
export type ObjectionsMode = 'owner' | 'bidder' | 'center';

export const objectionsKey = (projectId: number) => ['objection', 'list', projectId] as const;
export const objectionWindowKey = (projectId: number) => ['objection', 'window', projectId] as const;

const at = (iso: string) => formatBeijingDateTime(Date.parse(iso));

const STATUS: Record<Objection['status'], { zh: string; en: string; color: string }> = {
  filed: { zh: '待受理', en: 'Awaiting decision', color: 'gold' },
  accepted: { zh: '已受理，待答复', en: 'Accepted, awaiting answer', color: 'blue' },
  declined: { zh: '不予受理', en: 'Declined', color: 'default' },
  answered: { zh: '已答复', en: 'Answered', color: 'green' },
};

const STAGE: Record<Objection['stage'], { zh: string; en: string }> = {
  prequalification: { zh: '资格预审文件', en: 'Prequalification documents' },
  tender: { zh: '招标文件', en: 'Tender documents' },
};

export function ObjectionStatusTag({ o }: { o: Objection }) {
  const { lang } = useLang();
  const s = STATUS[o.status];
  return <Tag color={s.color}>{pick(lang, s)}</Tag>;
}

function span(ms: number, lang: Lang): string {
  const mins = Math.max(0, Math.floor(ms / 60_000));
  const d = Math.floor(mins / 1440);
  const h = Math.floor((mins % 1440) / 60);
  const m = mins % 60;
  if (lang === 'zh') return d > 0 ? `${d}天${h}小时` : h > 0 ? `${h}小时${m}分` : `${m}分钟`;
  return d > 0 ? `${d} d ${h} h` : h > 0 ? `${h} h ${m} min` : `${m} min`;
}

/** The answer deadline of an accepted objection: a countdown, or 已逾期 in red with the text (never colour only). */
export function AnswerDue({ o }: { o: Objection }) {
  const { lang } = useLang();
  const serverNow = useServerNow();
  if (!o.answerDueAt) return <span>—</span>;
  const due = Date.parse(o.answerDueAt);
  // Until the server clock is measured, the server's own overdue flag decides (no client clock, T1).
  const now = serverNow ?? (o.overdue ? due : due - 1);
  if (o.status === 'answered') {
    return <Typography.Text type="secondary">{pick(lang, { zh: `期限 ${at(o.answerDueAt)}`, en: `Due ${at(o.answerDueAt)}` })}</Typography.Text>;
  }
  if (o.overdue || now >= due) {
    return (
      <Typography.Text type="danger" strong data-testid="objection-overdue">
        {pick(lang, { zh: `已逾期 ${span(now - due, lang)}（期限 ${at(o.answerDueAt)}）`, en: `Overdue by ${span(now - due, lang)} (due ${at(o.answerDueAt)})` })}
      </Typography.Text>
    );
  }
  if (serverNow === undefined) return <span>{pick(lang, { zh: `${at(o.answerDueAt)} 前答复`, en: `Answer by ${at(o.answerDueAt)}` })}</span>;
  // The warning window (ux.md: yellow 预警): the last day before the answer falls due.
  if (due - now <= 86_400_000) {
    return (
      <Typography.Text type="warning" strong data-testid="objection-due-soon">
        {pick(lang, { zh: `预警：剩余 ${span(due - now, lang)}（${at(o.answerDueAt)} 前答复）`, en: `Warning: ${span(due - now, lang)} left (answer by ${at(o.answerDueAt)})` })}
      </Typography.Text>
    );
  }
  return (
    <span>
      {pick(lang, { zh: `剩余 ${span(due - now, lang)}（${at(o.answerDueAt)} 前答复）`, en: `${span(due - now, lang)} left (answer by ${at(o.answerDueAt)})` })}
    </span>
  );
}

function ObjectionDetail({ o }: { o: Objection }) {
  const { lang } = useLang();
  return (
    <Space orientation="vertical" style={{ width: '100%' }}>
      <Typography.Paragraph style={{ whiteSpace: 'pre-wrap', marginBottom: 0 }}>{o.body}</Typography.Paragraph>
      {o.declineReason && (
        <Typography.Text>
          {pick(lang, { zh: '不予受理理由：', en: 'Reason for declining: ' })}
          {o.declineReason}
        </Typography.Text>
      )}
      {o.answer && (
        <Alert
          type="success"
          title={pick(lang, { zh: `答复（${o.answeredAt ? at(o.answeredAt) : ''}）`, en: `Answer (${o.answeredAt ? at(o.answeredAt) : ''})` })}
          description={<span style={{ whiteSpace: 'pre-wrap' }}>{o.answer}</span>}
        />
      )}
    </Space>
  );
}

// ---------------------------------------------------------------------------------------------------
// Bidder

function FileForm({ project }: { project: Project }) {
  const { lang } = useLang();
  const api = useApi();
  const qc = useQueryClient();
  const { message } = AntApp.useApp();
  const [form] = Form.useForm<{ title: string; body: string }>();
  const win = useQuery({ queryKey: objectionWindowKey(project.id), queryFn: () => api.objection.window.query({ projectId: project.id }) });
  const file = useMutation({
    mutationFn: (v: { title: string; body: string }) => api.objection.file.mutate({ projectId: project.id, ...v }),
    onSuccess: async () => {
      form.resetFields();
      void message.success(pick(lang, { zh: '异议已提交', en: 'Objection filed' }));
      await qc.invalidateQueries({ queryKey: objectionsKey(project.id) });
    },
  });
  if (win.isPending) return null;
  if (win.error) return <AppErrorAlert error={win.error} />;
  const w = win.data;
  if (!w) {
    return <Alert type="info" title={pick(lang, { zh: '本项目不适用对文件提出异议的程序，或尚未确定截止时间。', en: 'This project has no objection procedure against its documents, or no deadline yet.' })} />;
  }
  return (
    <Space orientation="vertical" style={{ width: '100%' }}>
      <Alert
        type={w.open ? 'info' : 'warning'}
        showIcon
        title={
          w.open
            ? pick(lang, { zh: `对${STAGE[w.stage].zh}提出异议的截止时间：${at(w.closesAt)}（北京时间，以服务器时间为准）`, en: `Objections to the ${STAGE[w.stage].en.toLowerCase()} close at ${at(w.closesAt)} (Beijing time, server clock)` })
            : pick(lang, { zh: `异议期限已于 ${at(w.closesAt)} 截止或项目当前不接受异议`, en: `The objection window closed at ${at(w.closesAt)}, or the project does not accept objections now` })
        }
        description={w.ruleRef}
      />
      <Form form={form} layout="vertical" onFinish={(v) => file.mutate(v)} disabled={!w.open} aria-label={pick(lang, { zh: '提出异议', en: 'File an objection' })}>
        <Form.Item name="title" label={pick(lang, { zh: '标题', en: 'Title' })} rules={[{ required: true, min: 4, max: 200, message: pick(lang, { zh: '标题为4–200字', en: 'Title: 4–200 characters' }) }]}>
          <Input maxLength={200} />
        </Form.Item>
        <Form.Item name="body" label={pick(lang, { zh: '异议内容', en: 'Objection' })} rules={[{ required: true, min: 10, max: 5000, message: pick(lang, { zh: '异议内容为10–5000字', en: 'Objection: 10–5000 characters' }) }]}>
          <Input.TextArea rows={5} maxLength={5000} showCount />
        </Form.Item>
        {file.error && <AppErrorAlert error={file.error} />}
        <Button type="primary" htmlType="submit" loading={file.isPending} style={{ marginTop: 8 }}>
          {pick(lang, { zh: '提交异议', en: 'Submit objection' })}
        </Button>
      </Form>
    </Space>
  );
}

function BidderView({ project, list }: { project: Project; list: Objection[] }) {
  const { lang } = useLang();
  const mine = list.filter((o) => o.mine);
  const others = list.filter((o) => !o.mine && o.status === 'answered');
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
      extra={<Typography.Text type="secondary">{pick(lang, { zh: `${STAGE[o.stage].zh} · 提出于 ${at(o.filedAt)}`, en: `${STAGE[o.stage].en} · filed ${at(o.filedAt)}` })}</Typography.Text>}
    >
      <ObjectionDetail o={o} />
      {o.status === 'accepted' && (
        <Typography.Text>
          {pick(lang, { zh: '答复期限：', en: 'Answer due: ' })}
          <AnswerDue o={o} />
        </Typography.Text>
      )}
    </Card>
  );
  return (
    <Space orientation="vertical" style={{ width: '100%' }} size="large">
      <FileForm project={project} />
      <section aria-label={pick(lang, { zh: '我的异议', en: 'My objections' })}>
        <Typography.Title level={5}>{pick(lang, { zh: '我的异议', en: 'My objections' })}</Typography.Title>
        {mine.length === 0 ? <Empty description={pick(lang, { zh: '暂无', en: 'None' })} /> : <Space orientation="vertical" style={{ width: '100%' }}>{mine.map(item)}</Space>}
      </section>
      <section aria-label={pick(lang, { zh: '已公布的异议答复', en: 'Published answers' })}>
        <Typography.Title level={5}>{pick(lang, { zh: '已公布的异议答复', en: 'Published answers' })}</Typography.Title>
        {others.length === 0 ? <Empty description={pick(lang, { zh: '暂无', en: 'None' })} /> : <Space orientation="vertical" style={{ width: '100%' }}>{others.map(item)}</Space>}
      </section>
    </Space>
  );
}

// ---------------------------------------------------------------------------------------------------
// Owner side and center

type TextModal = { kind: 'decline' | 'answer'; o: Objection } | null;

function ObjectionsTable({ project, list, actions }: { project: Project; list: Objection[]; actions: boolean }) {
  const { lang } = useLang();
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
      void message.success(pick(lang, { zh: '已受理，项目已暂停', en: 'Accepted; the project is suspended' }));
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
      void message.success(pick(lang, { zh: '答复已发布', en: 'Answer published' }));
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
      title: pick(lang, { zh: '受理该异议？', en: 'Accept this objection?' }),
      content: pick(lang, {
        zh: '受理后项目将暂停招标投标活动，须在收到异议之日起3日内作出答复（ZTBT §22），答复发布后自动恢复。',
        en: 'Accepting suspends the procedure; the answer is due within 3 days of receipt (ZTBT §22) and the procedure resumes once it is published.',
      }),
      okText: pick(lang, { zh: '确认受理', en: 'Accept' }),
      cancelText: pick(lang, { zh: '取消', en: 'Cancel' }),
      onOk: () => accept.mutateAsync(o.id).catch(() => undefined),
    });
  const min = dialog?.kind === 'answer' ? 10 : 2;
  const max = dialog?.kind === 'answer' ? 10_000 : 1000;
  const valid = text.trim().length >= min && text.trim().length <= max;
  const pending = decline.isPending || answer.isPending;
  const dialogError = dialog?.kind === 'answer' ? answer.error : decline.error;
  const textLabel = dialog?.kind === 'answer' ? pick(lang, { zh: '答复内容', en: 'Answer' }) : pick(lang, { zh: '不予受理理由', en: 'Reason for declining' });
  return (
    <>
      {accept.error && <AppErrorAlert error={accept.error} />}
      <Table<Objection>
        rowKey="id"
        size="small"
        dataSource={list}
        pagination={false}
        locale={{ emptyText: pick(lang, { zh: '暂无异议', en: 'No objections' }) }}
        expandable={{ expandedRowRender: (o) => <ObjectionDetail o={o} /> }}
        columns={[
          { title: pick(lang, { zh: '标题', en: 'Title' }), dataIndex: 'title' },
          { title: pick(lang, { zh: '异议对象', en: 'Against' }), render: (_, o) => pick(lang, STAGE[o.stage]) },
          { title: pick(lang, { zh: '提出单位', en: 'Filed by' }), render: (_, o) => o.filerName ?? '—' },
          { title: pick(lang, { zh: '提出时间', en: 'Filed' }), render: (_, o) => at(o.filedAt) },
          { title: pick(lang, { zh: '状态', en: 'Status' }), render: (_, o) => <ObjectionStatusTag o={o} /> },
          { title: pick(lang, { zh: '答复期限', en: 'Answer due' }), render: (_, o) => <AnswerDue o={o} /> },
          ...(actions
            ? [
                {
                  title: pick(lang, { zh: '操作', en: 'Actions' }),
                  render: (_: unknown, o: Objection) => (
                    <Space wrap>
                      {o.status === 'filed' && (
                        <>
                          <Button size="small" type="primary" onClick={() => confirmAccept(o)} aria-label={pick(lang, { zh: `受理：${o.title}`, en: `Accept: ${o.title}` })}>
                            {pick(lang, { zh: '受理', en: 'Accept' })}
                          </Button>
                          <Button size="small" onClick={() => open('decline', o)} aria-label={pick(lang, { zh: `不予受理：${o.title}`, en: `Decline: ${o.title}` })}>
                            {pick(lang, { zh: '不予受理', en: 'Decline' })}
                          </Button>
                        </>
                      )}
                      {o.status === 'accepted' && (
                        <Button size="small" type="primary" onClick={() => open('answer', o)} aria-label={pick(lang, { zh: `答复：${o.title}`, en: `Answer: ${o.title}` })}>
                          {pick(lang, { zh: '答复', en: 'Answer' })}
                        </Button>
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
        title={dialog ? `${dialog.kind === 'answer' ? pick(lang, { zh: '答复异议', en: 'Answer the objection' }) : pick(lang, { zh: '不予受理', en: 'Decline the objection' })}：${dialog.o.title}` : ''}
        okText={dialog?.kind === 'answer' ? pick(lang, { zh: '发布答复', en: 'Publish answer' }) : pick(lang, { zh: '确认不予受理', en: 'Decline' })}
        cancelText={pick(lang, { zh: '取消', en: 'Cancel' })}
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
            title={pick(lang, { zh: '答复将公开发布并通知所有下载文件或报名的投标人（不显示异议人）。', en: 'The answer is published and sent to every company that downloaded the documents or registered (without the filer).' })}
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
  const { lang } = useLang();
  const api = useApi();
  const list = useQuery({ queryKey: objectionsKey(project.id), queryFn: () => api.objection.list.query({ projectId: project.id }) });
  const open = (list.data ?? []).filter((o) => o.status === 'accepted');
  return (
    <Card
      title={<h3 className="ebid-card-title">{pick(lang, { zh: project.tradeType === 'procurement' ? '质疑（异议）' : '异议', en: 'Objections' })}</h3>}
      data-testid="objections-panel"
    >
      <Space orientation="vertical" style={{ width: '100%' }}>
        {mode !== 'bidder' && open.length > 0 && (
          <Alert
            type={open.some((o) => o.overdue) ? 'error' : 'warning'}
            showIcon
            title={pick(lang, {
              zh: `${open.length} 件已受理的异议待答复${open.some((o) => o.overdue) ? '，其中有逾期' : ''}；答复前项目暂停。`,
              en: `${open.length} accepted objection(s) awaiting an answer${open.some((o) => o.overdue) ? ', some overdue' : ''}; the project is suspended until then.`,
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

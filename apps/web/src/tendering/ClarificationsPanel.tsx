/**
 * Clarifications and amendments of a project (issue 5 §2; N5, N6).
 * - owner (tenderee/agent): draft and edit (title, body, 影响投标文件编制), attach new document versions to
 *   a draft, preview whether publishing now moves the deadline, publish after a confirmation that states the
 *   resulting deadline (optionally asking for a later one).
 * - bidder: the published clarifications, newest first, each with its sealed PDF, attached documents and —
 *   when it moved the deadline — a conspicuous alert with the old and new times.
 */
import { useState } from 'react';
import { App as AntApp, Alert, Button, Card, Checkbox, DatePicker, Empty, Form, Input, List, Space, Spin, Tag, Typography } from 'antd';
import { FilePdfOutlined, SendOutlined } from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import dayjs, { type Dayjs } from 'dayjs';
import { SCHEDULE_FIELD_LABELS, statusFamilyOf, type ScheduleField } from '@ebid/domain';
import { useApi, type RouterOutputs } from '../api.ts';
import { formatBeijingDateTime, PLATFORM_TIME_ZONE } from '../clock.ts';
import { ProvisionalTag } from '../components/ProvisionalTag.tsx';
import { AppErrorAlert } from '../components/AppErrorAlert.tsx';
import { StatusTag } from '../components/StatusTag.tsx';
import { type Lang, ProjectTerms, type TFunction, useLang, useProjectT } from '../i18n.ts';
import { scheduleFieldLabel } from '../labels.ts';
import { DOCUMENT_KIND_LABELS, documentsKey, FileUploadControl, formatBytes, type DocumentKind } from './DocumentsPanel.tsx';

type Project = RouterOutputs['project']['get'];
export type Clarification = RouterOutputs['clarification']['list'][number];

export const clarificationsKey = (projectId: number) => ['clarification', 'list', projectId] as const;

const at = (iso: string) => formatBeijingDateTime(Date.parse(iso));

function fieldLabel(field: string | null, lang: Lang, t: TFunction): string {
  return scheduleFieldLabel(field && field in SCHEDULE_FIELD_LABELS ? (field as ScheduleField) : 'bidDeadline', lang, t);
}

/** The conspicuous notice that a clarification moved the deadline (N5/N6). */
export function DeadlineMovedAlert({ c }: { c: Clarification }) {
  const { lang } = useLang();
  // The words of the enclosing project (ClarificationsPanel's <ProjectTerms>; issue 18 §1).
  const t = useProjectT();
  if (!c.newDeadline) return null;
  const label = fieldLabel(c.deadlineField, lang, t);
  return (
    <Alert
      type="warning"
      showIcon
      role="alert"
      title={t('clarifications.deadlineMovedAlert.beenMovedBeijing', { label, newDeadline: at(c.newDeadline) })}
      description={
        <>
          {c.previousDeadline ? t('clarifications.deadlineMovedAlert.previous', { label, at: at(c.previousDeadline) }) : null}
          <ProvisionalTag on={c.newDeadlineProvisional} />
        </>
      }
    />
  );
}

function PublishedItem({ c }: { c: Clarification }) {
  const t = useProjectT();
  return (
    <Card
      size="small"
      data-testid="clarification-item"
      title={
        <Space wrap>
          <Tag color="blue">{t('clarifications.publishedItem.no', { seq: String(c.seq) })}</Tag>
          <span>{c.title}</span>
        </Space>
      }
      extra={
        <a href={`/clarifications/${c.id}.pdf`} target="_blank" rel="noreferrer">
          <FilePdfOutlined /> {t('clarifications.publishedItem.clarificationPdf')}
        </a>
      }
    >
      <Space orientation="vertical" style={{ width: '100%' }}>
        <DeadlineMovedAlert c={c} />
        <Typography.Text type="secondary">
          {t('clarifications.publishedItem.published')}: {c.publishedAt ? at(c.publishedAt) : '—'}
          {c.affectsPreparation && <Tag style={{ marginInlineStart: 8 }}>{t('clarifications.affectsBidPreparation')}</Tag>}
        </Typography.Text>
        <Typography.Paragraph style={{ whiteSpace: 'pre-wrap', marginBottom: 0 }}>{c.body}</Typography.Paragraph>
        {c.documents.length > 0 && (
          <List
            size="small"
            header={t('clarifications.publishedItem.documentsIssuedClarification')}
            dataSource={c.documents}
            renderItem={(d) => (
              <List.Item>
                <Space wrap>
                  <span>
                    {d.name} V{d.version}
                  </span>
                  <Typography.Text type="secondary">{formatBytes(d.size)}</Typography.Text>
                  <Typography.Text code title={d.sha256}>
                    {d.sha256.slice(0, 16)}…
                  </Typography.Text>
                  <a href={`/documents/${d.id}`} download={d.name}>
                    {t('clarifications.publishedItem.download')}
                  </a>
                </Space>
              </List.Item>
            )}
          />
        )}
      </Space>
    </Card>
  );
}

interface DraftValues {
  title: string;
  body: string;
  affectsPreparation: boolean;
}

function DraftForm({ initial, submitLabel, onSubmit, pending }: { initial?: DraftValues; submitLabel: string; onSubmit: (v: DraftValues) => void; pending: boolean }) {
  const t = useProjectT();
  const [form] = Form.useForm<DraftValues>();
  return (
    <Form<DraftValues> form={form} layout="vertical" initialValues={initial ?? { title: '', body: '', affectsPreparation: true }} onFinish={onSubmit}>
      <Form.Item name="title" label={t('clarifications.draftForm.title')} rules={[{ required: true, min: 2, max: 200 }]}>
        <Input maxLength={200} />
      </Form.Item>
      <Form.Item name="body" label={t('clarifications.draftForm.content')} rules={[{ required: true, min: 2, max: 20_000 }]}>
        <Input.TextArea rows={5} maxLength={20_000} />
      </Form.Item>
      <Form.Item name="affectsPreparation" valuePropName="checked">
        <Checkbox>{t('clarifications.affectsBidPreparation')}</Checkbox>
      </Form.Item>
      <Button type="primary" htmlType="submit" loading={pending}>
        {submitLabel}
      </Button>
    </Form>
  );
}

/** A picked wall-clock time read as Beijing time (ISO with +08:00). */
function beijingIso(v: Dayjs): string {
  return dayjs.tz(v.format('YYYY-MM-DD HH:mm:ss'), PLATFORM_TIME_ZONE).format('YYYY-MM-DDTHH:mm:ssZ');
}

function DraftItem({ project, c }: { project: Project; c: Clarification }) {
  const { lang } = useLang();
  const t = useProjectT();
  const api = useApi();
  const qc = useQueryClient();
  const { modal, message } = AntApp.useApp();
  const [editing, setEditing] = useState(false);
  const [kind, setKind] = useState<DocumentKind>(project.prequalification ? 'prequalification' : 'tender');
  const [requested, setRequested] = useState<Dayjs | null>(null);
  const previewKey = ['clarification', 'preview', c.id, c.version, c.affectsPreparation] as const;
  const preview = useQuery({ queryKey: previewKey, queryFn: () => api.clarification.preview.query({ clarificationId: c.id }) });
  const refresh = async () => {
    await qc.invalidateQueries({ queryKey: clarificationsKey(project.id) });
    await qc.invalidateQueries({ queryKey: documentsKey(project.id) });
    await qc.invalidateQueries({ queryKey: ['clarification', 'preview', c.id] });
  };
  const update = useMutation({
    mutationFn: (v: DraftValues) => api.clarification.update.mutate({ clarificationId: c.id, ...v, expectedVersion: c.version }),
    onSuccess: async () => {
      setEditing(false);
      await refresh();
    },
  });
  const publish = useMutation({
    mutationFn: () => api.clarification.publish.mutate({ clarificationId: c.id, ...(requested ? { requestedDeadline: beijingIso(requested) } : {}) }),
    onSuccess: async (pub) => {
      void message.success(t('clarifications.draftItem.clarificationPublished', { seq: String(pub.seq) }));
      await refresh();
      await qc.invalidateQueries({ queryKey: ['project', 'get', project.id] });
    },
  });
  const p = preview.data;
  const label = fieldLabel(p?.deadlineField ?? null, lang, t);
  const requestedIso = requested ? beijingIso(requested) : null;
  // The platform's move, or the requested deadline when it is later (the server refuses one earlier than the law allows).
  const resulting = p ? (p.moveTo ? (requestedIso && Date.parse(requestedIso) > Date.parse(p.moveTo) ? requestedIso : p.moveTo) : p.currentDeadline) : null;
  const confirm = () => {
    if (!p || !resulting) return;
    modal.confirm({
      title: t('clarifications.draftItem.publishClarification'),
      content: p.moveTo
        ? t('clarifications.draftItem.moveBeijingTime', { label, currentDeadline: at(p.currentDeadline), resulting: at(resulting) })
        : t('clarifications.draftItem.staysBeijingTime', { label, currentDeadline: at(p.currentDeadline) }),
      okText: t('clarifications.draftItem.publish'),
      cancelText: t('common.cancel'),
      onOk: () => publish.mutateAsync().catch(() => undefined),
    });
  };
  return (
    <Card size="small" data-testid="clarification-draft" title={<Space><StatusTag family={statusFamilyOf('clarification', c.status)}>{t('clarifications.draftItem.draft')}</StatusTag>{c.title}</Space>} extra={<Button size="small" onClick={() => setEditing((x) => !x)}>{editing ? t('clarifications.draftItem.cancelEditing') : t('clarifications.draftItem.editClarification')}</Button>}>
      <Space orientation="vertical" style={{ width: '100%' }}>
        {editing ? (
          <DraftForm initial={{ title: c.title, body: c.body, affectsPreparation: c.affectsPreparation }} submitLabel={t('clarifications.draftItem.saveChanges')} pending={update.isPending} onSubmit={(v) => update.mutate(v)} />
        ) : (
          <>
            <Typography.Paragraph style={{ whiteSpace: 'pre-wrap', marginBottom: 0 }}>{c.body}</Typography.Paragraph>
            {c.affectsPreparation && <Tag>{t('clarifications.affectsBidPreparation')}</Tag>}
          </>
        )}
        {update.isError && <AppErrorAlert error={update.error} />}
        <Typography.Text strong>{t('clarifications.draftItem.newDocumentsVersions')}</Typography.Text>
        {c.documents.length > 0 && (
          <ul style={{ margin: 0 }}>
            {c.documents.map((d) => (
              <li key={d.id}>
                {d.name} V{d.version} · {formatBytes(d.size)}
              </li>
            ))}
          </ul>
        )}
        <Space wrap>
          <label htmlFor={`clar-kind-${c.id}`}>{t('clarifications.draftItem.kind')}</label>
          <select id={`clar-kind-${c.id}`} value={kind} onChange={(e) => setKind(e.target.value as DocumentKind)}>
            {(project.prequalification ? (['prequalification', 'tender', 'attachment'] as const) : (['tender', 'attachment'] as const)).map((k) => (
              <option key={k} value={k}>
                {t(DOCUMENT_KIND_LABELS[k])}
              </option>
            ))}
          </select>
        </Space>
        <FileUploadControl
          inputId={`clar-file-${c.id}`}
          buttonLabel={t('clarifications.draftItem.uploadAttach')}
          onUploaded={async (uploadId) => {
            await api.document.add.mutate({ projectId: project.id, uploadId, kind, clarificationId: c.id });
            await refresh();
          }}
        />
        {preview.isPending && <Spin size="small" />}
        {preview.isError && <AppErrorAlert error={preview.error} />}
        {p && (
          <Alert
            type={p.moveTo ? 'warning' : 'info'}
            showIcon
            data-testid="clarification-preview"
            title={
              p.moveTo
                ? t('clarifications.draftItem.willMove', { label, currentDeadline: at(p.currentDeadline), moveTo: at(p.moveTo) })
                : t('clarifications.draftItem.stays', { label, currentDeadline: at(p.currentDeadline) })
            }
            description={
              p.earliestLegal ? (
                <>
                  {t('clarifications.draftItem.earliestLawfulDeadline', { earliestLegal: at(p.earliestLegal) })}
                  <ProvisionalTag on={p.provisional} />
                </>
              ) : undefined
            }
          />
        )}
        {p?.moveTo && (
          <Space wrap>
            <label htmlFor={`clar-requested-${c.id}`}>{t('clarifications.draftItem.laterDeadlineOptional')}</label>
            <DatePicker id={`clar-requested-${c.id}`} showTime={{ format: 'HH:mm' }} format="YYYY-MM-DD HH:mm" value={requested} onChange={setRequested} />
          </Space>
        )}
        {publish.isError && <AppErrorAlert error={publish.error} title={t('clarifications.draftItem.publishingFailed')} />}
        <Button type="primary" icon={<SendOutlined />} disabled={!p} loading={publish.isPending} onClick={confirm}>
          {t('clarifications.draftItem.publishClarification2')}
        </Button>
      </Space>
    </Card>
  );
}

export function ClarificationsPanel({ project, mode }: { project: Project; mode: 'owner' | 'bidder' }) {
  const t = useProjectT(project);
  const api = useApi();
  const qc = useQueryClient();
  const list = useQuery({ queryKey: clarificationsKey(project.id), queryFn: () => api.clarification.list.query({ projectId: project.id }) });
  const draft = useMutation({
    mutationFn: (v: DraftValues) => api.clarification.draft.mutate({ projectId: project.id, ...v }),
    onSuccess: async () => {
      await qc.invalidateQueries({ queryKey: clarificationsKey(project.id) });
    },
  });
  const all = list.data ?? [];
  const published = all.filter((c) => c.status === 'published').sort((a, b) => (b.seq ?? 0) - (a.seq ?? 0));
  const drafts = all.filter((c) => c.status === 'draft');
  const isPublic = project.status !== 'DRAFT' && project.status !== 'PENDING_REVIEW';
  return (
    <ProjectTerms project={project}>
    <Card title={t('clarifications.panel.clarificationsAmendments')} data-testid="clarifications-panel">
      <Space orientation="vertical" style={{ width: '100%' }}>
        {list.isError && <AppErrorAlert error={list.error} onRetry={() => void list.refetch()} />}
        {mode === 'owner' && isPublic && (
          <Card size="small" title={t('clarifications.panel.newClarification')}>
            <DraftForm submitLabel={t('clarifications.panel.saveDraft')} pending={draft.isPending} onSubmit={(v) => draft.mutate(v)} />
            {draft.isError && <AppErrorAlert error={draft.error} />}
          </Card>
        )}
        {mode === 'owner' && !isPublic && (
          <Alert type="info" showIcon title={t('clarifications.panel.beforeNoticePublished')} />
        )}
        {mode === 'owner' && drafts.map((c) => <DraftItem key={c.id} project={project} c={c} />)}
        {list.isPending ? <Spin size="small" /> : published.length === 0 && (mode === 'bidder' || drafts.length === 0) ? <Empty description={t('clarifications.panel.clarifications')} /> : null}
        {published.map((c) => (
          <PublishedItem key={c.id} c={c} />
        ))}
      </Space>
    </Card>
    </ProjectTerms>
  );
}

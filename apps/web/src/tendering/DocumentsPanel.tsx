/**
 * Tender documents of a project (issue 5 §1).
 * - owner (tenderee/agent): upload with progress (hash in the browser, then POST /files), kind and section,
 *   the versions with their state, remove while not yet public. After the notice is published, new files
 *   and versions go through a clarification (see ClarificationsPanel).
 * - bidder: the visible documents with version, size, SHA-256 and a download link (N7: no registration).
 * No view shows download counts or downloaders (N6).
 */
import { useRef, useState } from 'react';
import { App as AntApp, Alert, Button, Card, Popconfirm, Progress, Select, Space, Typography} from 'antd';
import { statusFamilyOf } from '@ebid/domain';
import { DeleteOutlined, DownloadOutlined, UploadOutlined } from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useApi, type RouterOutputs } from '../api.ts';
import { formatBeijingDateTime } from '../clock.ts';
import { AppErrorAlert } from '../components/AppErrorAlert.tsx';
import { StatusTag } from '../components/StatusTag.tsx';
import { type MessageKey, useProjectT, useT } from '../i18n.ts';
import { DenseTable } from '../components/DenseTable.tsx';
import { uploadFile } from './upload.ts';

type Project = RouterOutputs['project']['get'];
export type TenderDocument = RouterOutputs['document']['list'][number];
export type DocumentKind = TenderDocument['kind'];

export const DOCUMENT_KIND_LABELS: Record<DocumentKind, MessageKey> = {
  tender: 'documents.kindLabels.tenderDocuments',
  prequalification: 'documents.kindLabels.prequalificationDocuments',
  attachment: 'documents.kindLabels.attachment',
};

export const documentsKey = (projectId: number) => ['document', 'list', projectId] as const;

export function formatBytes(n: number): string {
  if (n < 1024) return `${n} B`;
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(1)} KB`;
  if (n < 1024 * 1024 * 1024) return `${(n / 1024 / 1024).toFixed(1)} MB`;
  return `${(n / 1024 / 1024 / 1024).toFixed(2)} GB`;
}

/** Pick a file, hash and upload it with progress, then `onUploaded(uploadId)`. Used here and by ClarificationsPanel. */
export function FileUploadControl({
  inputId,
  buttonLabel,
  onUploaded,
  disabled,
}: {
  inputId: string;
  buttonLabel: string;
  onUploaded: (uploadId: number) => Promise<unknown>;
  disabled?: boolean;
}) {
  const t = useT();
  const [file, setFile] = useState<File | null>(null);
  const [progress, setProgress] = useState<number | null>(null);
  const [error, setError] = useState<unknown>(null);
  const input = useRef<HTMLInputElement>(null);
  const run = async () => {
    if (!file) return;
    setError(null);
    setProgress(0);
    try {
      const up = await uploadFile(file, { onProgress: (sent, total) => setProgress(total > 0 ? Math.floor((sent / total) * 100) : 0) });
      await onUploaded(up.uploadId);
      setFile(null);
      if (input.current) input.current.value = '';
    } catch (e) {
      setError(e);
    } finally {
      setProgress(null);
    }
  };
  return (
    <Space orientation="vertical" style={{ width: '100%' }}>
      <Space wrap>
        <label htmlFor={inputId}>{t('documents.fileUploadControl.chooseFile')}</label>
        <input id={inputId} ref={input} type="file" disabled={disabled || progress !== null} onChange={(e) => setFile(e.target.files?.[0] ?? null)} />
        <Button type="primary" icon={<UploadOutlined />} disabled={!file || disabled} loading={progress !== null} onClick={() => void run()}>
          {buttonLabel}
        </Button>
      </Space>
      {progress !== null && <Progress percent={progress} size="small" aria-label={t('documents.fileUploadControl.uploadProgress')} />}
      {error !== null && <AppErrorAlert error={error} title={t('documents.fileUploadControl.uploadFailed')} />}
    </Space>
  );
}

export function DocumentsPanel({ project, mode }: { project: Project; mode: 'owner' | 'bidder' }) {
  const t = useProjectT(project);
  const api = useApi();
  const qc = useQueryClient();
  const { message } = AntApp.useApp();
  const [kind, setKind] = useState<DocumentKind>(project.prequalification ? 'prequalification' : 'tender');
  const [sectionId, setSectionId] = useState<number | null>(null);
  const docs = useQuery({ queryKey: documentsKey(project.id), queryFn: () => api.document.list.query({ projectId: project.id }) });
  const remove = useMutation({
    mutationFn: (documentId: number) => api.document.remove.mutate({ documentId }),
    onSuccess: async () => {
      void message.success(t('documents.panel.removed'));
      await qc.invalidateQueries({ queryKey: documentsKey(project.id) });
    },
  });
  const draftProject = project.status === 'DRAFT' || project.status === 'PENDING_REVIEW';
  const sectionName = (id: number | null) => (id === null ? t('documents.panel.allSections') : (project.sections.find((s) => s.id === id)?.name ?? String(id)));
  const kinds: DocumentKind[] = project.prequalification ? ['prequalification', 'tender', 'attachment'] : ['tender', 'attachment'];

  const rows = (docs.data ?? []).filter((d) => mode === 'owner' || d.visible);
  return (
    <Card title={t('documents.panel.tenderDocuments')} data-testid="documents-panel">
      {mode === 'owner' &&
        (draftProject ? (
          <Space orientation="vertical" style={{ width: '100%', marginBottom: 16 }}>
            <Space wrap>
              <label htmlFor={`doc-kind-${project.id}`}>{t('documents.panel.kind')}</label>
              <Select<DocumentKind>
                id={`doc-kind-${project.id}`}
                aria-label={t('documents.panel.kind')}
                value={kind}
                onChange={setKind}
                style={{ minWidth: 160 }}
                options={kinds.map((k) => ({ value: k, label: t(DOCUMENT_KIND_LABELS[k]) }))}
              />
              <label htmlFor={`doc-section-${project.id}`}>{t('documents.panel.section')}</label>
              <Select<number>
                id={`doc-section-${project.id}`}
                aria-label={t('documents.panel.section')}
                value={sectionId ?? 0}
                onChange={(v) => setSectionId(v === 0 ? null : v)}
                style={{ minWidth: 180 }}
                options={[{ value: 0, label: sectionName(null) }, ...project.sections.map((s) => ({ value: s.id, label: `${s.code} ${s.name}` }))]}
              />
            </Space>
            <FileUploadControl
              inputId={`doc-file-${project.id}`}
              buttonLabel={t('documents.panel.uploadFile')}
              onUploaded={async (uploadId) => {
                const d = await api.document.add.mutate({ projectId: project.id, uploadId, kind, sectionId });
                void message.success(t('documents.panel.uploadedVersion', { name: d.name, version: d.version }));
                await qc.invalidateQueries({ queryKey: documentsKey(project.id) });
              }}
            />
            <Typography.Text type="secondary">
              {t('documents.panel.fileNameExisting')}
            </Typography.Text>
          </Space>
        ) : (
          <Alert
            type="info"
            showIcon
            style={{ marginBottom: 16 }}
            title={t('documents.panel.noticePublishedNew')}
          />
        ))}
      {docs.isError && <AppErrorAlert error={docs.error} onRetry={() => void docs.refetch()} />}
      {remove.isError && <AppErrorAlert error={remove.error} />}
      <DenseTable<TenderDocument>
        rowKey="id"
        loading={docs.isPending}
        dataSource={rows}
        pagination={false}
        empty={t('documents.panel.documentsYet')}
        columns={[
          { title: t('documents.panel.name'), dataIndex: 'name', render: (v: string, d) => (d.supersededAt ? <Typography.Text delete>{v}</Typography.Text> : v) },
          { title: t('documents.panel.version'), dataIndex: 'version', render: (v: number) => `V${v}` },
          { title: t('documents.panel.kind2'), dataIndex: 'kind', render: (k: DocumentKind) => t(DOCUMENT_KIND_LABELS[k]) },
          { title: t('documents.panel.section2'), dataIndex: 'sectionId', render: (v: number | null) => sectionName(v) },
          { title: t('documents.panel.size'), dataIndex: 'size', render: (v: number) => formatBytes(v) },
          {
            title: 'SHA-256',
            dataIndex: 'sha256',
            render: (v: string) => (
              <Typography.Text code copyable={{ text: v }} title={v}>
                {v.slice(0, 16)}…
              </Typography.Text>
            ),
          },
          {
            title: t('documents.panel.state'),
            key: 'state',
            render: (_: unknown, d) => (
              <Space size={4} wrap>
                {d.supersededAt ? (
                  <StatusTag family={statusFamilyOf('document', 'superseded')}>{t('documents.panel.superseded', { supersededAt: formatBeijingDateTime(Date.parse(d.supersededAt)) })}</StatusTag>
                ) : (
                  <StatusTag family={statusFamilyOf('document', 'current')}>{t('documents.panel.current')}</StatusTag>
                )}
                {mode === 'owner' && !d.visible && <StatusTag family={statusFamilyOf('document', 'not_public')}>{t(d.clarificationId ? 'documents.panel.withClarification' : 'documents.panel.notPublic')}</StatusTag>}
              </Space>
            ),
          },
          {
            title: t('table.actions'),
            key: 'actions',
            render: (_: unknown, d) => (
              <Space>
                <a href={`/documents/${d.id}`} download={d.name} title={`${d.name} V${d.version}`}>
                  <DownloadOutlined /> {t('documents.panel.download')}
                </a>
                {mode === 'owner' && !d.visible && (project.status === 'DRAFT' || d.clarificationId !== null) && (
                  <Popconfirm
                    title={t('documents.panel.removeV', { name: d.name, version: d.version })}
                    okText={t('documents.panel.remove')}
                    cancelText={t('common.cancel')}
                    onConfirm={() => remove.mutate(d.id)}
                  >
                    <Button size="small" danger icon={<DeleteOutlined />} aria-label={t('documents.panel.removeV2', { name: d.name, version: d.version })}>
                      {t('documents.panel.remove')}
                    </Button>
                  </Popconfirm>
                )}
              </Space>
            ),
          },
        ]}
      />
      {mode === 'bidder' && (
        <Typography.Paragraph type="secondary" style={{ marginTop: 8 }}>
          {t('documents.panel.signedInUsers')}
        </Typography.Paragraph>
      )}
    </Card>
  );
}

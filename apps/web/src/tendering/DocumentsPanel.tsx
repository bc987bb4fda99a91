/**
 * Tender documents of a project (issue 5 §1).
 * - owner (tenderee/agent): upload with progress (hash in the browser, then POST /files), kind and section,
 *   the versions with their state, remove while not yet public. After the notice is published, new files
 *   and versions go through a clarification (see ClarificationsPanel).
 * - bidder: the visible documents with version, size, SHA-256 and a download link (N7: no registration).
 * No view shows download counts or downloaders (N6).
 */
import { useRef, useState } from 'react';
import { App as AntApp, Alert, Button, Card, Popconfirm, Progress, Select, Space, Table, Tag, Typography } from 'antd';
import { DeleteOutlined, DownloadOutlined, UploadOutlined } from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useApi, type RouterOutputs } from '../api.ts';
import { formatBeijingDateTime } from '../clock.ts';
import { AppErrorAlert } from '../components/AppErrorAlert.tsx';
import { pick, useLang } from '../i18n.ts';
import { uploadFile } from './upload.ts';

type Project = RouterOutputs['project']['get'];
export type TenderDocument = RouterOutputs['document']['list'][number];
export type DocumentKind = TenderDocument['kind'];

export const DOCUMENT_KIND_LABELS: Record<DocumentKind, { zh: string; en: string }> = {
  tender: { zh: '招标文件', en: 'Tender documents' },
  prequalification: { zh: '资格预审文件', en: 'Prequalification documents' },
  attachment: { zh: '附件', en: 'Attachment' },
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
  const { lang } = useLang();
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
        <label htmlFor={inputId}>{pick(lang, { zh: '选择文件', en: 'Choose a file' })}</label>
        <input id={inputId} ref={input} type="file" disabled={disabled || progress !== null} onChange={(e) => setFile(e.target.files?.[0] ?? null)} />
        <Button type="primary" icon={<UploadOutlined />} disabled={!file || disabled} loading={progress !== null} onClick={() => void run()}>
          {buttonLabel}
        </Button>
      </Space>
      {progress !== null && <Progress percent={progress} size="small" aria-label={pick(lang, { zh: '上传进度', en: 'Upload progress' })} />}
      {error !== null && <AppErrorAlert error={error} title={pick(lang, { zh: '上传失败', en: 'Upload failed' })} />}
    </Space>
  );
}

export function DocumentsPanel({ project, mode }: { project: Project; mode: 'owner' | 'bidder' }) {
  const { lang } = useLang();
  const api = useApi();
  const qc = useQueryClient();
  const { message } = AntApp.useApp();
  const [kind, setKind] = useState<DocumentKind>(project.prequalification ? 'prequalification' : 'tender');
  const [sectionId, setSectionId] = useState<number | null>(null);
  const docs = useQuery({ queryKey: documentsKey(project.id), queryFn: () => api.document.list.query({ projectId: project.id }) });
  const remove = useMutation({
    mutationFn: (documentId: number) => api.document.remove.mutate({ documentId }),
    onSuccess: async () => {
      void message.success(pick(lang, { zh: '已删除', en: 'Removed' }));
      await qc.invalidateQueries({ queryKey: documentsKey(project.id) });
    },
  });
  const draftProject = project.status === 'DRAFT' || project.status === 'PENDING_REVIEW';
  const sectionName = (id: number | null) => (id === null ? pick(lang, { zh: '全部标段', en: 'All sections' }) : (project.sections.find((s) => s.id === id)?.name ?? String(id)));
  const kinds: DocumentKind[] = project.prequalification ? ['prequalification', 'tender', 'attachment'] : ['tender', 'attachment'];

  const rows = (docs.data ?? []).filter((d) => mode === 'owner' || d.visible);
  return (
    <Card title={pick(lang, { zh: '招标文件', en: 'Tender documents' })} data-testid="documents-panel">
      {mode === 'owner' &&
        (draftProject ? (
          <Space orientation="vertical" style={{ width: '100%', marginBottom: 16 }}>
            <Space wrap>
              <label htmlFor={`doc-kind-${project.id}`}>{pick(lang, { zh: '文件类型', en: 'Kind' })}</label>
              <Select<DocumentKind>
                id={`doc-kind-${project.id}`}
                aria-label={pick(lang, { zh: '文件类型', en: 'Kind' })}
                value={kind}
                onChange={setKind}
                style={{ minWidth: 160 }}
                options={kinds.map((k) => ({ value: k, label: pick(lang, DOCUMENT_KIND_LABELS[k]) }))}
              />
              <label htmlFor={`doc-section-${project.id}`}>{pick(lang, { zh: '适用标段', en: 'Section' })}</label>
              <Select<number>
                id={`doc-section-${project.id}`}
                aria-label={pick(lang, { zh: '适用标段', en: 'Section' })}
                value={sectionId ?? 0}
                onChange={(v) => setSectionId(v === 0 ? null : v)}
                style={{ minWidth: 180 }}
                options={[{ value: 0, label: sectionName(null) }, ...project.sections.map((s) => ({ value: s.id, label: `${s.code} ${s.name}` }))]}
              />
            </Space>
            <FileUploadControl
              inputId={`doc-file-${project.id}`}
              buttonLabel={pick(lang, { zh: '上传文件', en: 'Upload file' })}
              onUploaded={async (uploadId) => {
                const d = await api.document.add.mutate({ projectId: project.id, uploadId, kind, sectionId });
                void message.success(pick(lang, { zh: `已上传：${d.name}（第${d.version}版）`, en: `Uploaded: ${d.name} (version ${d.version})` }));
                await qc.invalidateQueries({ queryKey: documentsKey(project.id) });
              }}
            />
            <Typography.Text type="secondary">
              {pick(lang, { zh: '与已有文件同名的上传将成为该文件的新版本。', en: 'A file with the name of an existing document becomes its new version.' })}
            </Typography.Text>
          </Space>
        ) : (
          <Alert
            type="info"
            showIcon
            style={{ marginBottom: 16 }}
            title={pick(lang, {
              zh: '公告已发布：新增或修改文件须通过“澄清/修改”发布（在澄清草稿中附加新版本）。',
              en: 'The notice is published: new files and versions are issued through a clarification (attach them to a draft clarification).',
            })}
          />
        ))}
      {docs.isError && <AppErrorAlert error={docs.error} onRetry={() => void docs.refetch()} />}
      {remove.isError && <AppErrorAlert error={remove.error} />}
      <Table<TenderDocument>
        rowKey="id"
        size="small"
        loading={docs.isPending}
        dataSource={rows}
        pagination={false}
        locale={{ emptyText: pick(lang, { zh: '暂无文件', en: 'No documents yet' }) }}
        columns={[
          { title: pick(lang, { zh: '文件名', en: 'Name' }), dataIndex: 'name', render: (v: string, d) => (d.supersededAt ? <Typography.Text delete>{v}</Typography.Text> : v) },
          { title: pick(lang, { zh: '版本', en: 'Version' }), dataIndex: 'version', render: (v: number) => `V${v}` },
          { title: pick(lang, { zh: '类型', en: 'Kind' }), dataIndex: 'kind', render: (k: DocumentKind) => pick(lang, DOCUMENT_KIND_LABELS[k]) },
          { title: pick(lang, { zh: '标段', en: 'Section' }), dataIndex: 'sectionId', render: (v: number | null) => sectionName(v) },
          { title: pick(lang, { zh: '大小', en: 'Size' }), dataIndex: 'size', render: (v: number) => formatBytes(v) },
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
            title: pick(lang, { zh: '状态', en: 'State' }),
            key: 'state',
            render: (_: unknown, d) => (
              <Space size={4} wrap>
                {d.supersededAt ? (
                  <Tag>{pick(lang, { zh: `已被替代（${formatBeijingDateTime(Date.parse(d.supersededAt))}）`, en: `Superseded (${formatBeijingDateTime(Date.parse(d.supersededAt))})` })}</Tag>
                ) : (
                  <Tag color="green">{pick(lang, { zh: '现行版本', en: 'Current' })}</Tag>
                )}
                {mode === 'owner' && !d.visible && <Tag color="orange">{pick(lang, { zh: d.clarificationId ? '随澄清发布' : '未公开', en: d.clarificationId ? 'With a clarification' : 'Not public' })}</Tag>}
              </Space>
            ),
          },
          {
            title: pick(lang, { zh: '操作', en: 'Actions' }),
            key: 'actions',
            render: (_: unknown, d) => (
              <Space>
                <a href={`/documents/${d.id}`} download={d.name} title={`${d.name} V${d.version}`}>
                  <DownloadOutlined /> {pick(lang, { zh: '下载', en: 'Download' })}
                </a>
                {mode === 'owner' && !d.visible && (project.status === 'DRAFT' || d.clarificationId !== null) && (
                  <Popconfirm
                    title={pick(lang, { zh: `删除 ${d.name}（V${d.version}）？`, en: `Remove ${d.name} (V${d.version})?` })}
                    okText={pick(lang, { zh: '删除', en: 'Remove' })}
                    cancelText={pick(lang, { zh: '取消', en: 'Cancel' })}
                    onConfirm={() => remove.mutate(d.id)}
                  >
                    <Button size="small" danger icon={<DeleteOutlined />} aria-label={pick(lang, { zh: `删除 ${d.name} V${d.version}`, en: `Remove ${d.name} V${d.version}` })}>
                      {pick(lang, { zh: '删除', en: 'Remove' })}
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
          {pick(lang, {
            zh: '登录即可下载，无需报名。下载后如有澄清或修改，平台将通过消息中心通知您。请核对文件的SHA-256摘要。',
            en: 'Signed-in users download without registering. If a clarification follows, the platform notifies you in the message center. Check each file’s SHA-256.',
          })}
        </Typography.Paragraph>
      )}
    </Card>
  );
}

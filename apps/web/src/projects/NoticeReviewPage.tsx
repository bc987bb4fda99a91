import { useState } from 'react';
import { Alert, App as AntApp, Button, Card, Descriptions, Empty, Form, Input, Modal, Space, Spin, Typography } from 'antd';
import { CheckOutlined, CloseOutlined, FilePdfOutlined } from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Link } from 'react-router';
import { useApi, type RouterOutputs } from '../api.ts';
import { formatBeijingDateTime } from '../clock.ts';
import { AppErrorAlert } from '../components/AppErrorAlert.tsx';
import { NoticeStatusTag, ProjectStatusTag } from '../components/StatusTag.tsx';
import { projectT, useLang, useT } from '../i18n.ts';
import { budgetKey, methodKey, projectTermItems, NOTICE_KIND_KEYS, noticePdfName, noticePdfUrl, TRADE_KEYS } from '../labels.ts';
import { formatFen } from '../money.ts';

type Notice = RouterOutputs['notice']['pending'][number];

/** 公告审核 (staff): pending notices with their project's facts and text; 发布 seals the PDF, 退回 needs a note. */
export function NoticeReviewPage() {
  const t = useT();
  const api = useApi();
  const pending = useQuery({ queryKey: ['notice', 'pending'], queryFn: () => api.notice.pending.query() });
  const [published, setPublished] = useState<{ notice: Notice; code: string }[]>([]);
  const [rejecting, setRejecting] = useState<Notice | null>(null);
  return (
    <div className="ebid-stack">
      {published.length > 0 && (
        <Card title={<h2 className="ebid-card-title">{t('review.publishedList')}</h2>} data-testid="published-list">
          {published.map(({ notice, code }) => (
            <Space key={notice.id} wrap className="ebid-gap">
              <NoticeStatusTag status="published" />
              <Link to={`/notices/${notice.id}`}>{notice.title}</Link>
              <a href={noticePdfUrl(notice.id)} target="_blank" rel="noopener" download={noticePdfName(code)} data-testid="published-pdf">
                <FilePdfOutlined aria-hidden /> {noticePdfName(code)}
              </a>
            </Space>
          ))}
        </Card>
      )}
      <Card title={<h2 className="ebid-card-title">{t('review.list')}</h2>}>
        {pending.isError ? (
          <AppErrorAlert error={pending.error} onRetry={() => void pending.refetch()} />
        ) : pending.isPending ? (
          <Spin description={t('loading')} />
        ) : pending.data.length === 0 ? (
          <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('review.empty')} />
        ) : (
          <div className="ebid-stack" data-testid="pending-notices">
            {pending.data.map((n) => (
              <PendingNotice key={n.id} notice={n} onPublished={(code) => setPublished((p) => [{ notice: n, code }, ...p])} onReject={() => setRejecting(n)} />
            ))}
          </div>
        )}
      </Card>
      {rejecting && <RejectModal notice={rejecting} onClose={() => setRejecting(null)} />}
    </div>
  );
}

function PendingNotice({ notice, onPublished, onReject }: { notice: Notice; onPublished: (code: string) => void; onReject: () => void }) {
  const t = useT();
  const { lang } = useLang();
  const api = useApi();
  const queryClient = useQueryClient();
  const { message } = AntApp.useApp();
  const project = useQuery({ queryKey: ['project', 'get', notice.projectId], queryFn: () => api.project.get.query({ projectId: notice.projectId }) });
  const publish = useMutation({
    mutationFn: () => api.notice.publish.mutate({ noticeId: notice.id }),
    onSuccess: async (n) => {
      if (n.status === 'scheduled') {
        void message.success(t('review.scheduled', { title: n.title, at: formatBeijingDateTime(Date.parse(n.scheduledFor!)) }));
      } else {
        onPublished(project.data?.unifiedDealCode ?? String(n.projectId));
        void message.success(t('review.published', { title: n.title }));
      }
      await queryClient.invalidateQueries({ queryKey: ['notice', 'pending'] });
    },
  });
  const p = project.data;
  const mk = p ? methodKey(p.method) : undefined;
  return (
    <Card type="inner" title={notice.title} extra={<NoticeStatusTag status={notice.status} />} data-testid={`pending-notice-${notice.id}`}>
      {project.isError && <AppErrorAlert error={project.error} />}
      {p && (
        <Descriptions
          size="small"
          column={{ xs: 1, md: 2 }}
          className="ebid-gap"
          items={[
            { key: 'code', label: t('project.code'), children: <span className="ebid-mono">{p.unifiedDealCode}</span> },
            { key: 'name', label: t('notice.project'), children: p.name },
            { key: 'tenderee', label: projectT(lang, p)('notice.tenderee'), children: p.tendereeName },
            { key: 'trade', label: t('notice.trade'), children: `${t(TRADE_KEYS[p.tradeType])} / ${mk ? t(mk) : p.method}` },
            { key: 'kind', label: t('notice.editor'), children: NOTICE_KIND_KEYS[notice.kind] ? t(NOTICE_KIND_KEYS[notice.kind]!) : notice.kind },
            { key: 'status', label: t('project.status'), children: <ProjectStatusTag status={p.status} /> },
            ...(budgetKey(p.tradeType) ? [{ key: 'budget', label: t(budgetKey(p.tradeType)!), children: formatFen(p.budgetFen) }] : []),
            ...projectTermItems(p, projectT(lang, p)),
            { key: 'deadline', label: projectT(lang, p)('notice.deadline'), children: p.schedule.bidDeadline ? formatBeijingDateTime(Date.parse(p.schedule.bidDeadline)) : '—' },
          ]}
        />
      )}
      {notice.status === 'scheduled' && notice.scheduledFor && (
        <Alert className="ebid-gap" type="info" showIcon data-testid={`scheduled-${notice.id}`} title={t('notice.scheduledFor', { at: formatBeijingDateTime(Date.parse(notice.scheduledFor)) })} />
      )}
      <Typography.Text strong>{t('review.preview')}</Typography.Text>
      <Typography.Paragraph className="ebid-pre" ellipsis={{ rows: 6, expandable: true }}>
        {notice.body}
      </Typography.Paragraph>
      {publish.isError && (
        <div className="ebid-gap">
          <AppErrorAlert error={publish.error} title={t('review.failed')} />
        </div>
      )}
      <Space>
        {notice.status === 'pending_review' && (
          <Button type="primary" icon={<CheckOutlined aria-hidden />} loading={publish.isPending} onClick={() => publish.mutate()} data-testid={`publish-${notice.id}`}>
            {t('review.publish')}
          </Button>
        )}
        <Button danger icon={<CloseOutlined aria-hidden />} disabled={publish.isPending} onClick={onReject} data-testid={`reject-${notice.id}`}>
          {t('review.reject')}
        </Button>
      </Space>
    </Card>
  );
}

function RejectModal({ notice, onClose }: { notice: Notice; onClose: () => void }) {
  const t = useT();
  const api = useApi();
  const queryClient = useQueryClient();
  const { message } = AntApp.useApp();
  const [form] = Form.useForm<{ note: string }>();
  const reject = useMutation({
    mutationFn: (note: string) => api.notice.reject.mutate({ noticeId: notice.id, note }),
    onSuccess: async (n) => {
      await queryClient.invalidateQueries({ queryKey: ['notice', 'pending'] });
      void message.success(t('review.rejected', { title: n.title }));
      onClose();
    },
  });
  return (
    <Modal
      open
      title={t('review.reject.title')}
      onCancel={reject.isPending ? undefined : onClose}
      okText={t('review.reject')}
      okButtonProps={{ danger: true, loading: reject.isPending, 'data-testid': 'reject-confirm' }}
      cancelText={t('common.cancel')}
      onOk={() => form.submit()}
      mask={{ closable: false }}
      destroyOnHidden
    >
      {reject.isError && (
        <div className="ebid-gap">
          <AppErrorAlert error={reject.error} />
        </div>
      )}
      <Form form={form} layout="vertical" onFinish={(v) => reject.mutate(v.note.trim())} disabled={reject.isPending}>
        <Form.Item name="note" label={t('review.note')} rules={[{ required: true, whitespace: true, min: 2, max: 1000, message: t('review.note.required') }]}>
          <Input.TextArea rows={3} maxLength={1000} showCount />
        </Form.Item>
      </Form>
    </Modal>
  );
}

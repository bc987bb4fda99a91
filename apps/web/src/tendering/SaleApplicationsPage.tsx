import { useState } from 'react';
import { App as AntApp, Alert, Button, Card, Empty, Form, Input, List, Modal, Space, Spin, Tag } from 'antd';
import { AuditOutlined, CheckCircleOutlined, CloseCircleOutlined } from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { statusFamilyOf, termKey } from '@ebid/domain';
import { useApi, type RouterOutputs } from '../api.ts';
import { formatBeijingDateTime } from '../clock.ts';
import { AppErrorAlert } from '../components/AppErrorAlert.tsx';
import { StatusTag } from '../components/StatusTag.tsx';
import { useT, type MessageKey } from '../i18n.ts';
import { methodKey, TRADE_KEYS } from '../labels.ts';
import { formatFen } from '../money.ts';
import { DenseTable } from '../components/DenseTable.tsx';

type QueueItem = RouterOutputs['registration']['saleReviewQueue'][number];
type Applicant = RouterOutputs['registration']['saleApplicants'][number];

const STATUS_KEYS: Record<Applicant['status'], MessageKey> = {
  applied: 'sales.status.applied',
  qualified: 'sales.status.qualified',
  disqualified: 'sales.status.disqualified',
  withdrawn: 'sales.status.withdrawn',
};

/**
 * 竞买（受让）申请审核 (center staff, issue 18 §4): the land and property projects in their review window,
 * then each application with its deposit; 通过 (once the deposit arrived) or 不予通过 with a reason the
 * applicant is told. The applicants' identities are shown to the reviewers only.
 */
export function SaleApplicationsPage() {
  const t = useT();
  const api = useApi();
  const queue = useQuery({ queryKey: ['registration', 'saleReviewQueue'], queryFn: () => api.registration.saleReviewQueue.query() });
  const [selected, setSelected] = useState<QueueItem | null>(null);
  return (
    <div className="ebid-stack">
      <Card title={<h2 className="ebid-card-title">{t('sales.review.title')}</h2>}>
        <Alert type="info" showIcon className="ebid-gap" title={t('sales.review.secretHint')} />
        {queue.isError ? (
          <AppErrorAlert error={queue.error} onRetry={() => void queue.refetch()} />
        ) : queue.isPending ? (
          <Spin />
        ) : queue.data.length === 0 ? (
          <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('sales.review.empty')} />
        ) : (
          <List
            data-testid="sale-review-queue"
            dataSource={queue.data}
            renderItem={(q) => {
              const mk = methodKey(q.method);
              return (
                <List.Item
                  actions={[
                    <Button
                      key="open"
                      type={q.projectId === selected?.projectId ? 'primary' : 'default'}
                      icon={<AuditOutlined aria-hidden />}
                      onClick={() => setSelected(q)}
                      aria-label={t('sales.review.openAria', { name: q.name })}
                    >
                      {t('sales.review.open')}
                    </Button>,
                  ]}
                >
                  <List.Item.Meta
                    title={`${q.name}（${q.unifiedDealCode}）`}
                    description={
                      <Space wrap>
                        <Tag>{t(TRADE_KEYS[q.tradeType])}{mk ? ` · ${t(mk)}` : ''}</Tag>
                        <span>{t('sales.review.pending', { count: q.pending })}</span>
                        {q.reviewClosesAt && <span>{t('sales.review.closesAt', { at: formatBeijingDateTime(Date.parse(q.reviewClosesAt)) })}</span>}
                      </Space>
                    }
                  />
                </List.Item>
              );
            }}
          />
        )}
      </Card>
      {selected && <Applicants key={selected.projectId} item={selected} />}
    </div>
  );
}

function Applicants({ item }: { item: QueueItem }) {
  const t = useT();
  const api = useApi();
  const queryClient = useQueryClient();
  const { message } = AntApp.useApp();
  const list = useQuery({ queryKey: ['registration', 'saleApplicants', item.projectId], queryFn: () => api.registration.saleApplicants.query({ projectId: item.projectId }) });
  const [refusing, setRefusing] = useState<Applicant | null>(null);
  const [form] = Form.useForm<{ note: string }>();
  const review = useMutation({
    mutationFn: (v: { r: Applicant; decision: 'qualified' | 'disqualified'; note?: string }) =>
      api.registration.review.mutate({ registrationId: v.r.id, decision: v.decision, expectedVersion: v.r.version, ...(v.note ? { note: v.note } : {}) }),
    onSuccess: async () => {
      setRefusing(null);
      void message.success(t('sales.review.done'));
      await queryClient.invalidateQueries({ queryKey: ['registration'] });
    },
  });
  const depositWord = t(termKey('security', item.tradeType, item.method));
  return (
    <Card title={<h3 className="ebid-card-title">{`${t('sales.review.applicants')} · ${item.name}`}</h3>}>
      {review.isError && !refusing && (
        <div className="ebid-gap">
          <AppErrorAlert error={review.error} />
        </div>
      )}
      {list.isError ? (
        <AppErrorAlert error={list.error} onRetry={() => void list.refetch()} />
      ) : (
        <DenseTable<Applicant>
          testId="sale-applicants"
          rowKey="id"
          loading={list.isPending}
          pagination={false}
          empty={t('sales.review.noApplicants')}
          dataSource={list.data ?? []}
          columns={[
            { key: 'section', title: t('sales.review.section'), render: (_, r) => `${r.sectionCode} ${r.sectionName}` },
            { key: 'company', title: t('sales.review.company'), dataIndex: 'bidderName' },
            { key: 'appliedAt', title: t('sales.review.appliedAt'), render: (_, r) => formatBeijingDateTime(Date.parse(r.appliedAt)) },
            {
              key: 'deposit',
              title: depositWord,
              render: (_, r) => (r.deposit ? `${t(`deposit.status.${r.deposit.status}`)} · ${formatFen(r.deposit.requiredFen)}` : t('deposit.status.none')),
            },
            { key: 'status', title: t('sales.review.status'), render: (_, r) => <StatusTag family={statusFamilyOf('registration', r.status)}>{t(STATUS_KEYS[r.status])}</StatusTag> },
            { key: 'note', title: t('sales.review.note'), render: (_, r) => r.decisionNote ?? '—' },
            {
              key: 'actions',
              fixed: 'right',
              title: t('sales.review.actions'),
              render: (_, r) =>
                r.status === 'applied' ? (
                  <Space>
                    <Button
                      size="small"
                      type="primary"
                      icon={<CheckCircleOutlined aria-hidden />}
                      loading={review.isPending && review.variables?.r.id === r.id && review.variables.decision === 'qualified'}
                      onClick={() => review.mutate({ r, decision: 'qualified' })}
                      data-testid={`qualify-${r.id}`}
                    >
                      {t('sales.review.qualify')}
                    </Button>
                    <Button size="small" danger icon={<CloseCircleOutlined aria-hidden />} onClick={() => setRefusing(r)} data-testid={`disqualify-${r.id}`}>
                      {t('sales.review.disqualify')}
                    </Button>
                  </Space>
                ) : null,
            },
          ]}
        />
      )}
      <Modal
        open={refusing !== null}
        title={refusing ? `${t('sales.review.disqualify')} · ${refusing.bidderName}` : ''}
        okText={t('sales.review.confirm')}
        okButtonProps={{ danger: true, loading: review.isPending }}
        onCancel={() => {
          setRefusing(null);
          review.reset();
        }}
        onOk={() =>
          void form
            .validateFields()
            .then((v) => refusing && review.mutate({ r: refusing, decision: 'disqualified', note: v.note.trim() }))
            .catch(() => undefined) // the form shows what is missing
        }
        destroyOnHidden
      >
        {review.isError && <AppErrorAlert error={review.error} />}
        <Form form={form} layout="vertical" preserve={false}>
          <Form.Item name="note" label={t('sales.review.reason')} rules={[{ required: true, whitespace: true, min: 2, message: t('sales.review.reason.required') }]}>
            <Input.TextArea rows={3} maxLength={500} data-testid="disqualify-reason" />
          </Form.Item>
        </Form>
      </Modal>
    </Card>
  );
}

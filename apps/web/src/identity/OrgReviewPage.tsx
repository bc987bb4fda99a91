import { useState } from 'react';
import { App as AntApp, Button, Card, Descriptions, Form, Input, Modal, Radio, Space, Typography } from 'antd';
import { CheckOutlined, CloseOutlined, PlusOutlined, SearchOutlined, TeamOutlined } from '@ant-design/icons';
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useApi, type RouterOutputs } from '../api.ts';
import { formatBeijingDateTime } from '../clock.ts';
import { AppErrorAlert } from '../components/AppErrorAlert.tsx';
import { KeysetPager, useKeyset } from '../components/KeysetPager.tsx';
import { OrgStatusTag, type OrgStatus } from '../components/StatusTag.tsx';
import { useT, type MessageKey } from '../i18n.ts';
import { DenseTable } from '../components/DenseTable.tsx';
import { CreateOrgModal, OrgAccountsModal } from './OrgCreate.tsx';

export type Organization = RouterOutputs['org']['list']['items'][number];
type StatusFilter = OrgStatus | 'all';

const PAGE_SIZE = 20;

export const ORG_KIND_KEYS: Record<Organization['kind'], MessageKey> = {
  center: 'org.kind.center',
  tenderee: 'org.kind.tenderee',
  agent: 'org.kind.agent',
  bidder: 'org.kind.bidder',
  supervisor: 'org.kind.supervisor',
  expert_pool: 'org.kind.expert_pool',
};

/** 机构审核: self-registered companies waiting for the center, and every organization by status. */
export function OrgReviewPage() {
  const t = useT();
  const api = useApi();
  const [status, setStatus] = useState<StatusFilter>('pending');
  const [q, setQ] = useState('');
  const [query, setQuery] = useState('');
  const paging = useKeyset();
  const [reviewing, setReviewing] = useState<{ org: Organization; decision: 'approve' | 'reject' } | null>(null);
  const [creating, setCreating] = useState(false);
  const [accountsOf, setAccountsOf] = useState<Organization | null>(null);
  const queryClient = useQueryClient();
  const { message } = AntApp.useApp();

  const input = {
    ...(status === 'all' ? {} : { status }),
    ...(query ? { q: query } : {}),
    ...(paging.beforeId ? { beforeId: paging.beforeId } : {}),
    limit: PAGE_SIZE,
  };
  const orgs = useQuery({
    queryKey: ['org', 'list', input],
    queryFn: () => api.org.list.query(input),
    placeholderData: keepPreviousData,
  });

  return (
    <div className="ebid-stack">
      <Card>
        <Form
          layout="inline"
          className="ebid-filters"
          aria-label={t('orgs.filters')}
          onFinish={() => {
            setQuery(q.trim());
            paging.reset();
          }}
        >
          <Form.Item label={t('orgs.status')}>
            <Radio.Group
              optionType="button"
              value={status}
              onChange={(e) => {
                setStatus(e.target.value as StatusFilter);
                paging.reset();
              }}
              options={[
                { value: 'pending', label: t('org.status.pending') },
                { value: 'active', label: t('org.status.active') },
                { value: 'rejected', label: t('org.status.rejected') },
                { value: 'all', label: t('portal.filter.all') },
              ]}
              data-testid="org-status-filter"
            />
          </Form.Item>
          <Form.Item label={t('orgs.search')} htmlFor="org-q">
            <Input id="org-q" allowClear value={q} onChange={(e) => setQ(e.target.value)} placeholder={t('orgs.search.placeholder')} />
          </Form.Item>
          <Form.Item>
            <Button htmlType="submit" icon={<SearchOutlined aria-hidden />}>
              {t('portal.filter.search')}
            </Button>
          </Form.Item>
          <Form.Item>
            <Button type="primary" icon={<PlusOutlined aria-hidden />} onClick={() => setCreating(true)} data-testid="org-create">
              {t('orgs.create')}
            </Button>
          </Form.Item>
        </Form>
      </Card>
      <Card title={<h2 className="ebid-card-title">{t('orgs.list')}</h2>}>
        {orgs.isError ? (
          <AppErrorAlert error={orgs.error} onRetry={() => void orgs.refetch()} />
        ) : (
          <>
            <DenseTable<Organization>
              rowKey="id"
              loading={orgs.isFetching}
              dataSource={orgs.data?.items ?? []}
              pagination={false}
              testId="org-table"
              details={{
                title: (o) => o.name,
                render: (o) => (
                  <Descriptions
                    size="small"
                    column={1}
                    bordered
                    items={[
                      { key: 'name', label: t('orgs.name'), children: o.name },
                      { key: 'code', label: t('register.creditCode'), children: <span className="ebid-mono">{o.creditCode}</span> },
                      { key: 'kind', label: t('orgs.kind'), children: t(ORG_KIND_KEYS[o.kind]) },
                      { key: 'phone', label: t('register.phone'), children: o.contactPhone ?? '—' },
                      { key: 'createdAt', label: t('orgs.createdAt'), children: formatBeijingDateTime(Date.parse(o.createdAt)) },
                      { key: 'status', label: t('orgs.status'), children: <OrgStatusTag status={o.status} /> },
                      ...(o.reviewNote ? [{ key: 'note', label: t('orgs.note'), children: o.reviewNote }] : []),
                    ]}
                  />
                ),
              }}
              empty={status === 'pending' ? t('orgs.empty.pending') : t('orgs.empty')}
              columns={[
                {
                  key: 'name',
                  title: t('tables.orgs.nameCode'),
                  render: (_v, o) => (
                    <>
                      <div><strong>{o.name}</strong></div>
                      <span className="ebid-mono ebid-small">{o.creditCode}</span>
                    </>
                  ),
                },
                { key: 'kind', title: t('orgs.kind'), render: (_v, o) => t(ORG_KIND_KEYS[o.kind]) },
                { key: 'createdAt', title: t('orgs.createdAt'), render: (_v, o) => formatBeijingDateTime(Date.parse(o.createdAt)) },
                {
                  key: 'status',
                  title: t('orgs.status'),
                  render: (_v, o) => (
                    <div>
                      <OrgStatusTag status={o.status} />
                      {o.reviewNote && (
                        <Typography.Paragraph type="secondary" className="ebid-small ebid-note">
                          {t('orgs.note')}: {o.reviewNote}
                        </Typography.Paragraph>
                      )}
                    </div>
                  ),
                },
                {
                  key: 'actions',
                  fixed: 'right',
                  title: t('table.actions'),
                  render: (_v, o) =>
                    o.status === 'pending' ? (
                      <Space size={4} wrap>
                        <Button
                          size="small"
                          type="primary"
                          icon={<CheckOutlined aria-hidden />}
                          onClick={() => setReviewing({ org: o, decision: 'approve' })}
                          data-testid={`approve-${o.creditCode}`}
                        >
                          {t('orgs.approve')}
                        </Button>
                        <Button
                          size="small"
                          danger
                          icon={<CloseOutlined aria-hidden />}
                          onClick={() => setReviewing({ org: o, decision: 'reject' })}
                          data-testid={`reject-${o.creditCode}`}
                        >
                          {t('orgs.reject')}
                        </Button>
                      </Space>
                    ) : o.status === 'active' ? (
                      <Button size="small" icon={<TeamOutlined aria-hidden />} onClick={() => setAccountsOf(o)} data-testid={`org-users-${o.creditCode}`}>
                        {t('orgs.users')}
                      </Button>
                    ) : null,
                },
              ]}
            />
            <KeysetPager
              page={paging.page}
              nextBeforeId={orgs.data?.nextBeforeId}
              onPrev={paging.prev}
              onNext={paging.next}
              disabled={orgs.isFetching}
            />
          </>
        )}
      </Card>
      {reviewing && <ReviewModal {...reviewing} onClose={() => setReviewing(null)} />}
      {creating && (
        <CreateOrgModal
          onClose={() => setCreating(false)}
          onCreated={(o) => {
            setCreating(false);
            void queryClient.invalidateQueries({ queryKey: ['org', 'list'] });
            setStatus('active');
            paging.reset();
            void message.success(t('orgs.created', { name: o.name }));
          }}
        />
      )}
      {accountsOf && <OrgAccountsModal org={accountsOf} onClose={() => setAccountsOf(null)} />}
    </div>
  );
}

function ReviewModal({ org, decision, onClose }: { org: Organization; decision: 'approve' | 'reject'; onClose: () => void }) {
  const t = useT();
  const api = useApi();
  const queryClient = useQueryClient();
  const { message } = AntApp.useApp();
  const [form] = Form.useForm<{ note?: string }>();
  const review = useMutation({
    mutationFn: (note: string | undefined) => api.org.review.mutate({ orgId: org.id, decision, ...(note ? { note } : {}) }),
    onSuccess: async (o) => {
      await queryClient.invalidateQueries({ queryKey: ['org', 'list'] });
      void message.success(t(decision === 'approve' ? 'orgs.approved' : 'orgs.rejected', { name: o.name }));
      onClose();
    },
  });
  const approve = decision === 'approve';
  return (
    <Modal
      open
      title={t(approve ? 'orgs.approve.title' : 'orgs.reject.title')}
      onCancel={review.isPending ? undefined : onClose}
      okText={t(approve ? 'orgs.approve' : 'orgs.reject')}
      okButtonProps={{ danger: !approve, loading: review.isPending, 'data-testid': 'review-confirm' }}
      cancelText={t('common.cancel')}
      onOk={() => form.submit()}
      mask={{ closable: false }}
      destroyOnHidden
    >
      <Descriptions
        size="small"
        column={1}
        className="ebid-gap"
        items={[
          { key: 'name', label: t('orgs.name'), children: org.name },
          { key: 'code', label: t('register.creditCode'), children: <span className="ebid-mono">{org.creditCode}</span> },
          { key: 'phone', label: t('register.phone'), children: org.contactPhone ?? '—' },
        ]}
      />
      {review.isError && (
        <div className="ebid-gap">
          <AppErrorAlert error={review.error} />
        </div>
      )}
      <Form form={form} layout="vertical" onFinish={(v) => review.mutate(v.note?.trim() || undefined)} disabled={review.isPending}>
        <Form.Item
          name="note"
          label={t('orgs.note')}
          rules={[
            { required: !approve, whitespace: true, message: t('orgs.note.required') },
            { max: 500, message: t('orgs.note.length') },
          ]}
          extra={approve ? t('orgs.note.optional') : t('orgs.note.rejectHint')}
        >
          <Input.TextArea rows={3} maxLength={500} showCount />
        </Form.Item>
      </Form>
    </Modal>
  );
}

import { useState } from 'react';
import { App as AntApp, Button, Card, Form, InputNumber, Select, Space, Table, Tag, Typography } from 'antd';
import { FileProtectOutlined, SafetyOutlined, SearchOutlined } from '@ant-design/icons';
import { keepPreviousData, useMutation, useQuery } from '@tanstack/react-query';
import { useOutletContext } from 'react-router';
import { useApi, type Actor, type RouterOutputs } from '../api.ts';
import { formatBeijingDateTime } from '../clock.ts';
import { AppErrorAlert } from '../components/AppErrorAlert.tsx';
import { AuditReport, chainLabel } from '../components/AuditReport.tsx';
import { KeysetPager, useKeyset } from '../components/KeysetPager.tsx';
import { errorMessage, toAppErrorView } from '../errors.ts';
import { useLang, useT } from '../i18n.ts';

export type AuditEvent = RouterOutputs['audit']['list']['events'][number];
type Chain = 'platform' | `project:${number}`;

const PAGE_SIZE = 50;

interface Filter {
  chainKind: 'platform' | 'project';
  projectId?: number | null;
  actorUserId?: number | null;
}

/** The list input of a filter (a project chain needs its project number). */
export function auditListInput(f: Filter, beforeId: number | undefined) {
  const chain: Chain | undefined = f.chainKind === 'platform' ? 'platform' : f.projectId ? `project:${f.projectId}` : undefined;
  return {
    ...(chain ? { chain } : {}),
    ...(f.actorUserId ? { actorUserId: f.actorUserId } : {}),
    ...(beforeId ? { beforeId } : {}),
    limit: PAGE_SIZE,
  };
}

/**
 * 审计日志: the hash-chained audit trail, newest first, and its verification. Center staff and the
 * platform admin may also write a signed checkpoint; the supervisor reads and verifies only.
 */
export function AuditPage() {
  const t = useT();
  const { lang } = useLang();
  const api = useApi();
  const actor = useOutletContext<Actor>();
  const { message } = AntApp.useApp();
  const [form] = Form.useForm<Filter>();
  const [filter, setFilter] = useState<Filter>({ chainKind: 'platform' });
  const paging = useKeyset();
  const input = auditListInput(filter, paging.beforeId);
  const events = useQuery({
    queryKey: ['audit', 'list', input],
    queryFn: () => api.audit.list.query(input),
    placeholderData: keepPreviousData,
  });
  const verify = useMutation({ mutationFn: () => api.audit.verify.mutate({}) });
  const center = actor.role === 'staff' || actor.role === 'platform_admin';
  const checkpoint = useMutation({
    mutationFn: () => api.audit.checkpoint.mutate(),
    onSuccess: (r) => {
      void message.success(t('audit.checkpoint.done', { id: r.eventId }));
      void events.refetch();
    },
    onError: (err) => {
      const view = toAppErrorView(err);
      void message.error(`${errorMessage(view, lang)} (${t('error.code')}: ${view.code})`);
    },
  });
  const chainKind = Form.useWatch('chainKind', form);

  return (
    <div className="ebid-stack">
      <Card title={<h2 className="ebid-card-title">{t('audit.verify.title')}</h2>}>
        <Typography.Paragraph>{t('audit.verify.intro')}</Typography.Paragraph>
        <Space wrap className="ebid-gap">
          <Button
            type="primary"
            icon={<SafetyOutlined aria-hidden />}
            onClick={() => verify.mutate()}
            loading={verify.isPending}
            data-testid="audit-verify"
          >
            {t('audit.verify')}
          </Button>
          {center && (
            <Button icon={<FileProtectOutlined aria-hidden />} onClick={() => checkpoint.mutate()} loading={checkpoint.isPending} data-testid="audit-checkpoint">
              {t('audit.checkpoint')}
            </Button>
          )}
        </Space>
        {verify.isError && <AppErrorAlert error={verify.error} title={t('audit.verify.error')} />}
        {verify.data && <AuditReport report={verify.data} />}
      </Card>
      <Card title={<h2 className="ebid-card-title">{t('audit.events')}</h2>}>
        <Form<Filter>
          form={form}
          layout="inline"
          className="ebid-filters"
          initialValues={{ chainKind: 'platform' }}
          aria-label={t('audit.filters')}
          onFinish={(v) => {
            setFilter(v);
            paging.reset();
          }}
        >
          <Form.Item name="chainKind" label={t('audit.chain')}>
            <Select
              className="ebid-select-chain"
              options={[
                { value: 'platform', label: t('audit.chain.platform') },
                { value: 'project', label: t('audit.chain.projectAny') },
              ]}
            />
          </Form.Item>
          {chainKind === 'project' && (
            <Form.Item name="projectId" label={t('audit.projectId')} rules={[{ required: true, message: t('audit.projectId.required') }]}>
              <InputNumber min={1} precision={0} />
            </Form.Item>
          )}
          <Form.Item name="actorUserId" label={t('audit.actorUserId')}>
            <InputNumber min={1} precision={0} data-testid="audit-user-filter" />
          </Form.Item>
          <Form.Item>
            <Button htmlType="submit" icon={<SearchOutlined aria-hidden />} data-testid="audit-search">
              {t('portal.filter.search')}
            </Button>
          </Form.Item>
        </Form>
        {events.isError ? (
          <AppErrorAlert error={events.error} onRetry={() => void events.refetch()} />
        ) : (
          <>
            <Table<AuditEvent>
              rowKey="id"
              size="small"
              loading={events.isFetching}
              dataSource={events.data?.events ?? []}
              pagination={false}
              scroll={{ x: 'max-content' }}
              data-testid="audit-table"
              locale={{ emptyText: t('audit.empty') }}
              expandable={{
                expandedRowRender: (e) => <AuditEventDetail event={e} />,
                columnTitle: <span className="ebid-visually-hidden">{t('audit.details')}</span>,
              }}
              columns={[
                { key: 'id', title: t('audit.eventId'), dataIndex: 'id', width: 90 },
                { key: 'at', title: t('audit.at'), width: 170, render: (_v, e) => formatBeijingDateTime(Date.parse(e.at)) },
                { key: 'chain', title: t('audit.chainSeq'), width: 150, render: (_v, e) => `${chainLabel(t, e.chain)} #${e.seq}` },
                {
                  key: 'action',
                  title: t('audit.action'),
                  render: (_v, e) => (e.masked ? <Tag data-testid="audit-masked">{t('audit.masked')}</Tag> : <span className="ebid-mono">{e.action}</span>),
                },
                { key: 'subject', title: t('audit.subject'), render: (_v, e) => (e.masked && e.subjectId === null ? '—' : <span className="ebid-mono">{`${e.subjectType}:${e.subjectId ?? '—'}`}</span>) },
                {
                  key: 'actor',
                  title: t('audit.actor'),
                  render: (_v, e) => (e.masked && e.actorRole === null ? '—' : e.actorUserId == null ? t('audit.system') : `#${e.actorUserId}${e.actorRole ? ` (${e.actorRole})` : ''}`),
                },
                {
                  key: 'cert',
                  title: t('audit.certSerial'),
                  render: (_v, e) => (e.certSerial ? <span className="ebid-mono ebid-small">{e.certSerial}</span> : '—'),
                },
                { key: 'hash', title: t('audit.hash'), render: (_v, e) => (e.hash ? <span className="ebid-mono ebid-small">{e.hash.slice(0, 16)}…</span> : '—') },
              ]}
            />
            <KeysetPager
              page={paging.page}
              nextBeforeId={events.data?.nextBeforeId}
              onPrev={paging.prev}
              onNext={paging.next}
              disabled={events.isFetching}
            />
          </>
        )}
      </Card>
    </div>
  );
}

function AuditEventDetail({ event }: { event: AuditEvent }) {
  const t = useT();
  return (
    <div className="ebid-audit-detail">
      {event.masked && (
        <Typography.Paragraph type="secondary" data-testid="audit-masked-note">
          {t('audit.maskedUntil', { until: event.maskedUntil ? formatBeijingDateTime(Date.parse(event.maskedUntil)) : '—' })}
        </Typography.Paragraph>
      )}
      <dl className="ebid-dl">
        <dt>{t('audit.hash')}</dt>
        <dd className="ebid-mono ebid-break">{event.hash ?? '—'}</dd>
        <dt>{t('audit.prevHash')}</dt>
        <dd className="ebid-mono ebid-break">{event.prevHash ?? '—'}</dd>
        <dt>{t('audit.payloadHash')}</dt>
        <dd className="ebid-mono ebid-break">{event.payloadHash ?? '—'}</dd>
        {event.objectHashes.length > 0 && (
          <>
            <dt>{t('audit.objects')}</dt>
            <dd className="ebid-mono ebid-break">{event.objectHashes.join(', ')}</dd>
          </>
        )}
        {event.clientAddress && (
          <>
            <dt>{t('audit.clientAddress')}</dt>
            <dd className="ebid-mono">{event.clientAddress}</dd>
          </>
        )}
        {event.userAgent && (
          <>
            <dt>{t('audit.userAgent')}</dt>
            <dd className="ebid-break">{event.userAgent}</dd>
          </>
        )}
        {event.deviceFingerprint && (
          <>
            <dt>{t('audit.deviceFingerprint')}</dt>
            <dd className="ebid-mono ebid-break">{event.deviceFingerprint}</dd>
          </>
        )}
      </dl>
      <pre className="ebid-pre" aria-label={t('audit.payload')}>
        {JSON.stringify(event.payload, null, 2)}
      </pre>
    </div>
  );
}

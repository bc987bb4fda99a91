import { useRef, useState, type ReactNode } from 'react';
import { App as AntApp, Button, Card, Descriptions, Empty, Form, Input, Modal, Popconfirm, Radio, Select, Space, Switch, Typography, type RadioChangeEvent } from 'antd';
import { CheckOutlined, RollbackOutlined, SearchOutlined, StopOutlined, UploadOutlined } from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useApi, type RouterOutputs } from '../api.ts';
import { formatBeijing, formatBeijingDateTime } from '../clock.ts';
import { ProvisionalTag } from '../components/ProvisionalTag.tsx';
import { AppErrorAlert } from '../components/AppErrorAlert.tsx';
import { DenseTable } from '../components/DenseTable.tsx';
import { isSecretUntilDeadline, toAppErrorView } from '../errors.ts';
import { serverText, useLang, useT } from '../i18n.ts';
import { formatFen, yuanToFen } from '../money.ts';
import { DEPOSIT_FORM_LABELS, DepositStatusTag, OverdueTag, type DepositForm, type DepositStatus } from './deposit-labels.tsx';

type Deposit = RouterOutputs['deposit']['list'][number];
interface ImportRowProblem {
  line: number;
  field: string;
  reason: string;
  messageZh: string;
  messageEn: string;
}

const DEPOSITS_KEY = ['deposit', 'list'] as const;
const STATUSES: DepositStatus[] = ['pending', 'received', 'refunded', 'forfeited'];

/**
 * 保证金 (staff menu 'deposits'): find one security by reference or company + project (before the bid
 * deadline the only way: the list leaves those projects out, issue 13 §2); filter by project, status and
 * overdue; record a receipt, refund, forfeit; import a bank statement CSV (every bad row listed, nothing
 * imported).
 */
export function DepositsPage() {
  const t = useT();
  const api = useApi();
  const queryClient = useQueryClient();
  const { message } = AntApp.useApp();
  const [projectId, setProjectId] = useState<number | undefined>();
  const [status, setStatus] = useState<DepositStatus | undefined>();
  const [overdueOnly, setOverdueOnly] = useState(false);
  const [recording, setRecording] = useState<Deposit | null>(null);
  const [forfeiting, setForfeiting] = useState<Deposit | null>(null);
  const projects = useQuery({ queryKey: ['project', 'list', 200], queryFn: () => api.project.list.query({ limit: 200 }) });
  const filter = { ...(projectId ? { projectId } : {}), ...(status ? { status } : {}), ...(overdueOnly ? { overdueOnly } : {}) };
  const list = useQuery({ queryKey: [...DEPOSITS_KEY, filter], queryFn: () => api.deposit.list.query(filter), retry: (n, e) => !isSecretUntilDeadline(e) && n < 2 });
  const secret = isSecretUntilDeadline(list.error);
  const refresh = () => queryClient.invalidateQueries({ queryKey: ['deposit'] });
  const refund = useMutation({
    mutationFn: (depositId: number) => api.deposit.refund.mutate({ depositId }),
    onSuccess: async () => {
      void message.success(t('deposits.page.refundRecorded'));
      await refresh();
    },
  });

  return (
    <div className="ebid-stack">
      <LookupCard onRecord={setRecording} onForfeit={setForfeiting} onRefund={(d) => refund.mutate(d.id)} />
      <ImportCard onImported={() => void refresh()} />
      <UnmatchedCard onChanged={() => void refresh()} />
      <Card title={<h2 className="ebid-card-title">{t('deposits.page.deposits')}</h2>}>
        <Space wrap className="ebid-gap">
          <label>
            {t('deposits.page.project')}{' '}
            <Select
              allowClear
              showSearch
              optionFilterProp="label"
              style={{ minWidth: 320 }}
              aria-label={t('deposits.page.filterProject')}
              value={projectId}
              onChange={(v) => setProjectId(v)}
              options={(projects.data ?? []).map((p) => ({ value: p.id, label: `${p.unifiedDealCode} ${p.name}` }))}
              placeholder={t('deposits.page.allProjects')}
            />
          </label>
          <label>
            {t('deposits.status')}{' '}
            <Select
              allowClear
              style={{ minWidth: 140 }}
              aria-label={t('deposits.page.filterStatus')}
              value={status}
              onChange={(v) => setStatus(v)}
              options={STATUSES.map((s) => ({ value: s, label: <DepositStatusTag status={s} /> }))}
              placeholder={t('deposits.page.allStatuses')}
            />
          </label>
          <label>
            <Switch checked={overdueOnly} onChange={setOverdueOnly} aria-label={t('deposits.page.overdueRefundsOnly')} />{' '}
            {t('deposits.page.overdueRefundsOnly')}
          </label>
        </Space>
        {list.isError && !secret && <AppErrorAlert error={list.error} onRetry={() => void list.refetch()} />}
        {refund.isError && <AppErrorAlert error={refund.error} title={t('deposits.page.refundFailed')} />}
        <Typography.Paragraph type="secondary" data-testid="deposits-secret-hint">
          {t('deposits.page.securitiesProjectsBefore')}
        </Typography.Paragraph>
        {list.isError && secret ? (
          <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={<span data-testid="deposits-secret">{t('common.secretBeforeDeadline')}</span>} />
        ) : (
          <DepositTable rows={list.data ?? []} loading={list.isPending} testId="deposits-table" onRecord={setRecording} onForfeit={setForfeiting} onRefund={(d) => refund.mutate(d.id)} />
        )}
      </Card>
      {recording && <RecordModal deposit={recording} onClose={() => setRecording(null)} onDone={() => void refresh()} />}
      {forfeiting && <ForfeitModal deposit={forfeiting} onClose={() => setForfeiting(null)} onDone={() => void refresh()} />}
    </div>
  );
}

interface DepositActions {
  onRecord: (d: Deposit) => void;
  onRefund: (d: Deposit) => void;
  onForfeit: (d: Deposit) => void;
}

function DepositTable({ rows, loading, testId, onRecord, onRefund, onForfeit }: { rows: Deposit[]; loading: boolean; testId: string } & DepositActions) {
  const t = useT();
  // Issue 19 §3: who, how much and where it stands at a glance; payer, reference, guarantee and times in the drawer.
  return (
    <DenseTable<Deposit>
      rowKey="id"
      loading={loading}
      dataSource={rows}
      testId={testId}
      empty={t('tables.deposits.none')}
      columns={[
        {
          key: 'bidder',
          title: t('tables.deposits.bidderProject'),
          render: (_, d) => (
            <>
              <div>{d.bidderName}</div>
              <Typography.Paragraph type="secondary" className="ebid-small" style={{ margin: 0 }} ellipsis={{ rows: 2, tooltip: `${d.projectCode} ${d.projectName} · ${d.sectionCode}` }}>
                <span className="ebid-mono">{d.projectCode}</span> {d.projectName} · {d.sectionCode}
              </Typography.Paragraph>
            </>
          ),
        },
        {
          key: 'amount', width: 160, align: 'right',
          title: t('tables.deposits.requiredReceived'),
          render: (_, d) => (
            <>
              <div>{formatFen(d.requiredFen)}</div>
              <Typography.Text type="secondary" className="ebid-small">
                {t('tables.deposits.receivedShort')} {formatFen(d.receivedFen)}
              </Typography.Text>
            </>
          ),
        },
        { key: 'status', width: 170, title: t('deposits.status'), render: (_, d) => <DepositStatusCell d={d} /> },
        { key: 'paymentReference', width: 140, title: t('deposits.table.paymentReference'), render: (_, d) => <span className="ebid-mono">{d.paymentReference ?? '—'}</span> },
      ]}
      actionsWidth={230}
      actions={(d) => (
        <>
          {d.status === 'pending' && (
            <Button size="small" type="primary" icon={<CheckOutlined aria-hidden />} onClick={() => onRecord(d)} aria-label={`${t('deposits.recordReceipt')} ${d.bidderName} ${d.sectionCode}`} data-testid={`record-${d.id}`}>
              {t('deposits.recordReceipt')}
            </Button>
          )}
          {d.status === 'received' && (
            <>
              <Popconfirm title={t('deposits.table.confirmDepositRefunded')} onConfirm={() => onRefund(d)}>
                <Button size="small" icon={<RollbackOutlined aria-hidden />} aria-label={`${t('deposits.table.refund')} ${d.bidderName} ${d.sectionCode}`} data-testid={`refund-${d.id}`}>
                  {t('deposits.table.refund')}
                </Button>
              </Popconfirm>
              <Button size="small" danger icon={<StopOutlined aria-hidden />} onClick={() => onForfeit(d)} aria-label={`${t('deposits.forfeit')} ${d.bidderName} ${d.sectionCode}`} data-testid={`forfeit-${d.id}`}>
                {t('deposits.forfeit')}
              </Button>
            </>
          )}
        </>
      )}
      details={{ title: (d) => `${d.bidderName} · ${d.projectCode} ${d.sectionCode}`, render: (d) => <DepositDetails d={d} /> }}
    />
  );
}

/** Status, overdue and the last day of the refund (B10) in one cell. */
function DepositStatusCell({ d }: { d: Deposit }) {
  const t = useT();
  return (
    <Space size={4} wrap>
      <DepositStatusTag status={d.status} />
      {d.overdue && <OverdueTag />}
      {d.refundDueAt && (
        <span className="ebid-small" style={d.overdue ? { color: '#a8071a', fontWeight: 600 } : undefined}>
          {t('deposits.summary.refundDue')}
          {/* refundDueAt is the exclusive 24:00 end; show the last day it covers */}
          <span>{formatBeijing(Date.parse(d.refundDueAt) - 1, 'YYYY-MM-DD')}</span>
          <ProvisionalTag on={d.refundDueProvisional} kind="due" />
        </span>
      )}
    </Space>
  );
}

/** Everything about one security, in the row's drawer. */
function DepositDetails({ d }: { d: Deposit }) {
  const t = useT();
  const time = (iso: string | null) => (iso ? formatBeijingDateTime(Date.parse(iso)) : '—');
  return (
    <Descriptions
      size="small"
      column={1}
      bordered
      items={[
        { key: 'bidder', label: t('deposits.table.bidder'), children: d.bidderName },
        { key: 'project', label: t('deposits.table.projectSection'), children: <><span className="ebid-mono">{d.projectCode}</span> {d.projectName} · {d.sectionCode}</> },
        { key: 'required', label: t('deposits.table.required'), children: formatFen(d.requiredFen) },
        { key: 'received', label: t('deposits.table.received'), children: formatFen(d.receivedFen) },
        { key: 'form', label: t('deposits.table.form'), children: d.form ? t(DEPOSIT_FORM_LABELS[d.form]) : '—' },
        { key: 'payer', label: t('deposits.payerAccount'), children: d.payerName ? `${d.payerName}${d.payerAccount ? ` / ${d.payerAccount}` : ''}` : '—' },
        {
          key: 'reference',
          label: t('deposits.table.referenceGuarantee'),
          children: (
            <>
              {d.reference ?? '—'}
              {d.guaranteeIssuer && (
                <Typography.Text type="secondary" style={{ display: 'block' }} data-testid={`guarantee-${d.id}`}>
                  {d.guaranteeIssuer} · {t('deposits.table.verified')}
                  {d.guaranteeVerification}
                  {d.guaranteeVerifiedAt && ` (${formatBeijingDateTime(Date.parse(d.guaranteeVerifiedAt))})`}
                </Typography.Text>
              )}
            </>
          ),
        },
        { key: 'paymentReference', label: t('deposits.table.paymentReference'), children: <span className="ebid-mono">{d.paymentReference ?? '—'}</span> },
        { key: 'status', label: t('deposits.status'), children: <DepositStatusCell d={d} /> },
        { key: 'receivedAt', label: t('deposits.table.received2'), children: time(d.receivedAt) },
        { key: 'refundedAt', label: t('deposits.table.refunded'), children: time(d.refundedAt) },
      ]}
    />
  );
}

type LookupKey = { reference: string } | { projectCode: string; sectionCode: string; company: string };

/**
 * 查找保证金: before the bid deadline staff find ONE security — by its payment reference, or by project +
 * section + company when the bidder presents its payment (issue 13 §2) — and record, refund or forfeit it.
 */
function LookupCard(actions: DepositActions) {
  const t = useT();
  const api = useApi();
  const [by, setBy] = useState<'reference' | 'company'>('reference');
  const [form] = Form.useForm<{ reference?: string; projectCode?: string; sectionCode?: string; company?: string }>();
  const [key, setKey] = useState<LookupKey | null>(null);
  const found = useQuery({
    queryKey: ['deposit', 'lookup', key],
    queryFn: () => api.deposit.lookup.query(key!),
    enabled: key !== null,
    retry: false,
  });
  const submit = (v: { reference?: string; projectCode?: string; sectionCode?: string; company?: string }) =>
    setKey(by === 'reference' ? { reference: (v.reference ?? '').trim() } : { projectCode: (v.projectCode ?? '').trim(), sectionCode: (v.sectionCode ?? '').trim(), company: (v.company ?? '').trim() });
  return (
    <Card title={<h2 className="ebid-card-title">{t('deposits.lookupCard.findSecurity')}</h2>} data-testid="deposit-lookup">
      <Typography.Paragraph type="secondary">
        {t('deposits.lookupCard.findOneSecurity')}
      </Typography.Paragraph>
      <Radio.Group
        value={by}
        onChange={(e) => setBy(e.target.value as 'reference' | 'company')}
        options={[
          { value: 'reference', label: t('deposits.lookupCard.reference') },
          { value: 'company', label: t('deposits.lookupCard.projectCompany') },
        ]}
        aria-label={t('deposits.lookupCard.find')}
      />
      <Form form={form} layout="inline" className="ebid-gap" onFinish={submit}>
        {by === 'reference' ? (
          <Form.Item name="reference" label={t('deposits.lookupCard.paymentReferenceTransaction')} rules={[{ required: true, max: 64 }]}>
            <Input data-testid="lookup-reference" />
          </Form.Item>
        ) : (
          <>
            <Form.Item name="projectCode" label={t('deposits.lookupCard.projectCode')} rules={[{ required: true, max: 64 }]}>
              <Input data-testid="lookup-project" />
            </Form.Item>
            <Form.Item name="sectionCode" label={t('deposits.lookupCard.sectionCode')} rules={[{ required: true, max: 32 }]}>
              <Input data-testid="lookup-section" style={{ width: 100 }} />
            </Form.Item>
            <Form.Item name="company" label={t('deposits.lookupCard.bidderCreditCode')} rules={[{ required: true, max: 128 }]}>
              <Input data-testid="lookup-company" />
            </Form.Item>
          </>
        )}
        <Form.Item>
          <Button type="primary" htmlType="submit" icon={<SearchOutlined aria-hidden />} loading={found.isFetching} data-testid="lookup-submit">
            {t('deposits.lookupCard.find2')}
          </Button>
        </Form.Item>
      </Form>
      {found.isError && <AppErrorAlert error={found.error} title={t('deposits.lookupCard.found')} />}
      {found.data && (
        <DepositTable
          rows={[found.data]}
          loading={found.isFetching}
          testId="deposit-lookup-result"
          onRecord={actions.onRecord}
          onForfeit={actions.onForfeit}
          onRefund={actions.onRefund}
        />
      )}
    </Card>
  );
}

interface RecordValues {
  amountYuan: string;
  form: DepositForm;
  payerName: string;
  payerAccount?: string;
  reference: string;
  guaranteeIssuer?: string;
  guaranteeVerification?: string;
}

/** A guarantee's issuer and verification (issue 16 §5), asked when the chosen form is not cash. */
function GuaranteeFields() {
  const t = useT();
  return (
    <>
      <Form.Item name="guaranteeIssuer" label={t('deposits.guaranteeFields.guaranteeIssuerBank')} rules={[{ required: true, min: 2, max: 128 }]}>
        <Input data-testid="record-guarantee-issuer" />
      </Form.Item>
      <Form.Item
        name="guaranteeVerification"
        label={t('deposits.guaranteeFields.verificationIssuerVerification')}
        extra={t('deposits.guaranteeFields.verificationTimeRecorded')}
        rules={[{ required: true, min: 2, max: 500 }]}
      >
        <Input data-testid="record-guarantee-verification" />
      </Form.Item>
    </>
  );
}

/** The three forms of a security as radio buttons (inside a Form.Item: value and onChange come from it). */
function SecurityFormRadio(props: { value?: DepositForm; onChange?: (e: RadioChangeEvent) => void }) {
  const t = useT();
  return <Radio.Group {...props} options={(['cash', 'guarantee', 'e_guarantee'] as const).map((f) => ({ value: f, label: t(DEPOSIT_FORM_LABELS[f]) }))} />;
}

function RecordModal({ deposit, onClose, onDone }: { deposit: Deposit; onClose: () => void; onDone: () => void }) {
  const t = useT();
  const api = useApi();
  const [form] = Form.useForm<RecordValues>();
  const chosenForm = Form.useWatch('form', form);
  const record = useMutation({
    mutationFn: (v: RecordValues) =>
      api.deposit.record.mutate({
        depositId: deposit.id,
        amountFen: yuanToFen(v.amountYuan) ?? 0,
        form: v.form,
        payerName: v.payerName,
        payerAccount: v.payerAccount?.trim() ? v.payerAccount.trim() : null,
        reference: v.reference,
        ...(v.form === 'cash' ? {} : { guaranteeIssuer: v.guaranteeIssuer ?? null, guaranteeVerification: v.guaranteeVerification ?? null }),
      }),
    onSuccess: () => {
      onDone();
      onClose();
    },
  });
  return (
    <Modal
      open
      title={`${t('deposits.recordReceipt')} — ${deposit.bidderName} · ${deposit.sectionCode}`}
      okText={t('deposits.recordModal.record')}
      cancelText={t('common.cancel')}
      onCancel={onClose}
      confirmLoading={record.isPending}
      onOk={() => void form.validateFields().then((v) => record.mutate(v))}
    >
      <Typography.Paragraph>
        {t('deposits.recordModal.required')}
        {formatFen(deposit.requiredFen)}
      </Typography.Paragraph>
      {record.isError && <AppErrorAlert error={record.error} title={t('deposits.recordModal.recordingFailed')} />}
      <Form form={form} layout="vertical" initialValues={{ form: deposit.tradeType === 'procurement' ? 'guarantee' : 'cash', payerName: deposit.bidderName }}>
        <Form.Item
          name="amountYuan"
          label={t('deposits.recordModal.amountCny')}
          rules={[{ required: true, validator: async (_, v: string | undefined) => (v && yuanToFen(v) ? undefined : Promise.reject(new Error(t('deposits.recordModal.enterAmountMost')))) }]}
        >
          <Input inputMode="decimal" />
        </Form.Item>
        <Form.Item name="form" label={t('deposits.form')} rules={[{ required: true }]}>
          <SecurityFormRadio />
        </Form.Item>
        <Form.Item name="payerName" label={t('deposits.recordModal.payerName')} rules={[{ required: true, max: 128 }]}>
          <Input />
        </Form.Item>
        <Form.Item name="payerAccount" label={t('deposits.recordModal.payerAccountCash')} rules={[{ pattern: /^[0-9][0-9 -]{0,38}[0-9]?$/, message: t('deposits.recordModal.digitsSpacesDashes') }]}>
          <Input />
        </Form.Item>
        <Form.Item name="reference" label={t('deposits.recordModal.referenceGuaranteeNumber')} rules={[{ required: true, max: 64 }]}>
          <Input data-testid="record-reference" />
        </Form.Item>
        {chosenForm && chosenForm !== 'cash' && <GuaranteeFields />}
      </Form>
    </Modal>
  );
}

/**
 * A modal with one form whose OK button runs `submit`: validates, shows the typed error, and on success
 * closes and tells the page to refresh (forfeit, assign and return).
 */
function FormModal<V extends object>({
  title,
  okText,
  danger = false,
  errorTitle,
  initialValues,
  submit,
  onClose,
  onDone,
  children,
}: {
  title: string;
  okText: string;
  danger?: boolean;
  errorTitle?: string;
  initialValues?: Partial<V>;
  submit: (v: V) => Promise<unknown>;
  onClose: () => void;
  onDone: () => void;
  children: ReactNode;
}) {
  const t = useT();
  const [form] = Form.useForm<V>();
  const run = useMutation({
    mutationFn: submit,
    onSuccess: () => {
      onDone();
      onClose();
    },
  });
  return (
    <Modal
      open
      title={title}
      okText={okText}
      okButtonProps={danger ? { danger: true } : undefined}
      cancelText={t('common.cancel')}
      onCancel={onClose}
      confirmLoading={run.isPending}
      onOk={() => void form.validateFields().then((v) => run.mutate(v))}
    >
      {run.isError && <AppErrorAlert error={run.error} title={errorTitle} />}
      <Form form={form} layout="vertical" initialValues={initialValues}>
        {children}
      </Form>
    </Modal>
  );
}

function ForfeitModal({ deposit, onClose, onDone }: { deposit: Deposit; onClose: () => void; onDone: () => void }) {
  const t = useT();
  const api = useApi();
  return (
    <FormModal<{ reason: string }>
      title={`${t('deposits.forfeitModal.forfeitDeposit')} — ${deposit.bidderName} · ${deposit.sectionCode}`}
      okText={t('deposits.forfeit')}
      danger
      submit={(v) => api.deposit.forfeit.mutate({ depositId: deposit.id, reason: v.reason })}
      onClose={onClose}
      onDone={onDone}
    >
      <Form.Item name="reason" label={t('deposits.forfeitModal.reason')} rules={[{ required: true, min: 2, max: 500 }]}>
        <Input.TextArea rows={3} />
      </Form.Item>
    </FormModal>
  );
}

/** 导入银行流水: pick a .csv, read it as text, send; a VALIDATION IMPORT_ROWS shows every bad row. */
function ImportCard({ onImported }: { onImported: () => void }) {
  const { lang } = useLang();
  const t = useT();
  const api = useApi();
  const { message } = AntApp.useApp();
  const fileRef = useRef<HTMLInputElement>(null);
  const [fileName, setFileName] = useState<string | null>(null);
  const imp = useMutation({
    mutationFn: async (file: File) => api.deposit.import.mutate({ fileName: file.name, csv: await file.text() }),
    onSuccess: (r) => {
      void message.success(
        t('deposits.importCard.imported', { imported: r.imported, unmatched: r.unmatched ? t('deposits.importCard.unmatched', { n: r.unmatched }) : '' }),
      );
      onImported();
    },
  });
  const view = imp.isError ? toAppErrorView(imp.error) : null;
  const badRows = view?.details?.reason === 'IMPORT_ROWS' ? ((view.details.rows as ImportRowProblem[] | undefined) ?? []) : [];
  return (
    <Card title={<h2 className="ebid-card-title">{t('deposits.importCard.importBankStatement')}</h2>}>
      <Typography.Paragraph type="secondary">
        {t('deposits.importCard.csvHeaderDate')}
      </Typography.Paragraph>
      <Space wrap>
        <label htmlFor="deposit-import-file">{t('deposits.importCard.statementFileCsv')}</label>
        <input
          id="deposit-import-file"
          ref={fileRef}
          type="file"
          accept=".csv,text/csv"
          data-testid="deposit-import-file"
          onChange={(e) => {
            const f = e.target.files?.[0];
            setFileName(f?.name ?? null);
            imp.reset();
          }}
        />
        <Button
          type="primary"
          icon={<UploadOutlined aria-hidden />}
          disabled={!fileName}
          loading={imp.isPending}
          onClick={() => {
            const f = fileRef.current?.files?.[0];
            if (f) imp.mutate(f);
          }}
          data-testid="deposit-import-submit"
        >
          {t('deposits.importCard.importBankStatement2')}
        </Button>
      </Space>
      {imp.isError && (
        <div className="ebid-gap">
          <AppErrorAlert error={imp.error} title={t('deposits.importCard.importFailedNothing')} />
        </div>
      )}
      {badRows.length > 0 && (
        <DenseTable<ImportRowProblem>
          rowKey={(r) => `${r.line}-${r.field}-${r.reason}`}
          pagination={false}
          testId="import-errors"
          dataSource={badRows}
          columns={[
            { key: 'line', title: t('deposits.importCard.line'), dataIndex: 'line', width: 80 },
            { key: 'field', title: t('deposits.importCard.field'), dataIndex: 'field', width: 140 },
            { key: 'message', title: t('deposits.importCard.problem'), render: (_, r) => serverText(lang, { zh: r.messageZh, en: r.messageEn }) },
            { key: 'reason', title: t('deposits.importCard.code'), render: (_, r) => <code>{r.reason}</code>, width: 200 },
          ]}
        />
      )}
    </Card>
  );
}

type Unmatched = RouterOutputs['deposit']['unmatched'][number];

/**
 * 未匹配款项 (issue 16 §5): statement rows whose remark carried no known payment reference — listed, never
 * guessed. Staff assign one to the security of a payment reference (amount and B7 checked by the server)
 * or mark it returned to the payer with a note.
 */
function UnmatchedCard({ onChanged }: { onChanged: () => void }) {
  const t = useT();
  const api = useApi();
  const queryClient = useQueryClient();
  const list = useQuery({ queryKey: ['deposit', 'unmatched'], queryFn: () => api.deposit.unmatched.query({}) });
  const [assigning, setAssigning] = useState<Unmatched | null>(null);
  const [returning, setReturning] = useState<Unmatched | null>(null);
  const done = () => {
    void queryClient.invalidateQueries({ queryKey: ['deposit'] });
    onChanged();
  };
  return (
    <Card title={<h2 className="ebid-card-title">{t('deposits.unmatchedCard.unmatchedPayments')}</h2>} data-testid="unmatched-payments">
      <Typography.Paragraph type="secondary">
        {t('deposits.unmatchedCard.statementRowsWhose')}
      </Typography.Paragraph>
      {list.isError && <AppErrorAlert error={list.error} onRetry={() => void list.refetch()} />}
      <DenseTable<Unmatched>
        rowKey="id"
        loading={list.isPending}
        dataSource={list.data ?? []}
        testId="unmatched-table"
        empty={t('deposits.unmatchedCard.unmatchedPayments2')}
        columns={[
          { key: 'receivedAt', width: 150, title: t('deposits.unmatchedCard.date'), render: (_, u) => formatBeijingDateTime(Date.parse(u.receivedAt)) },
          { key: 'payer', title: t('deposits.payerAccount'), render: (_, u) => `${u.payerName}${u.payerAccount ? ` / ${u.payerAccount}` : ''}` },
          { key: 'amount', width: 140, align: 'right', title: t('deposits.unmatchedCard.amount'), render: (_, u) => formatFen(u.amountFen) },
          { key: 'reference', width: 140, title: t('deposits.unmatchedCard.transaction'), render: (_, u) => <span className="ebid-mono">{u.reference}</span> },
          { key: 'remark', title: t('deposits.unmatchedCard.remark'), render: (_, u) => u.remark ?? '—' },
        ]}
        actionsWidth={170}
        actions={(u) => (
          <>
            <Button size="small" type="primary" icon={<CheckOutlined aria-hidden />} onClick={() => setAssigning(u)} data-testid={`assign-${u.id}`}>
              {t('deposits.assign')}
            </Button>
            <Button size="small" icon={<RollbackOutlined aria-hidden />} onClick={() => setReturning(u)} data-testid={`return-${u.id}`}>
              {t('deposits.return')}
            </Button>
          </>
        )}
      />
      {assigning && <AssignModal payment={assigning} onClose={() => setAssigning(null)} onDone={done} />}
      {returning && <ReturnModal payment={returning} onClose={() => setReturning(null)} onDone={done} />}
    </Card>
  );
}

function AssignModal({ payment, onClose, onDone }: { payment: Unmatched; onClose: () => void; onDone: () => void }) {
  const t = useT();
  const api = useApi();
  return (
    <FormModal<{ paymentReference: string; form: DepositForm; guaranteeIssuer?: string; guaranteeVerification?: string }>
      title={`${t('deposits.assignModal.assignPayment')} — ${payment.payerName} · ${formatFen(payment.amountFen)}`}
      okText={t('deposits.assign')}
      errorTitle={t('deposits.assignModal.assignmentFailed')}
      initialValues={{ form: 'cash' }}
      submit={(v) =>
        api.deposit.assignUnmatched.mutate({
          unmatchedId: payment.id,
          paymentReference: v.paymentReference.trim(),
          form: v.form,
          expectedVersion: payment.version,
          ...(v.form === 'cash' ? {} : { guaranteeIssuer: v.guaranteeIssuer ?? null, guaranteeVerification: v.guaranteeVerification ?? null }),
        })
      }
      onClose={onClose}
      onDone={onDone}
    >
      <Form.Item
        name="paymentReference"
        label={t('deposits.assignModal.paymentReferenceBzj')}
        rules={[{ required: true, pattern: /^\s*bzj[0-9a-z]{10}\s*$/i, message: t('deposits.assignModal.bzjFollowed10') }]}
      >
        <Input data-testid="assign-reference" />
      </Form.Item>
      <Form.Item name="form" label={t('deposits.form')} rules={[{ required: true }]}>
        <SecurityFormRadio />
      </Form.Item>
      <Form.Item noStyle dependencies={['form']}>
        {({ getFieldValue }) => (getFieldValue('form') !== 'cash' ? <GuaranteeFields /> : null)}
      </Form.Item>
    </FormModal>
  );
}

function ReturnModal({ payment, onClose, onDone }: { payment: Unmatched; onClose: () => void; onDone: () => void }) {
  const t = useT();
  const api = useApi();
  return (
    <FormModal<{ note: string }>
      title={`${t('deposits.returnModal.returnPayment')} — ${payment.payerName} · ${formatFen(payment.amountFen)}`}
      okText={t('deposits.return')}
      submit={(v) => api.deposit.returnUnmatched.mutate({ unmatchedId: payment.id, note: v.note, expectedVersion: payment.version })}
      onClose={onClose}
      onDone={onDone}
    >
      <Form.Item name="note" label={t('deposits.returnModal.noteEG')} rules={[{ required: true, min: 2, max: 500 }]}>
        <Input.TextArea rows={3} data-testid="return-note" />
      </Form.Item>
    </FormModal>
  );
}

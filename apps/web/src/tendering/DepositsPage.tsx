import { useRef, useState, type ReactNode } from 'react';
import { App as AntApp, Button, Card, Empty, Form, Input, Modal, Popconfirm, Radio, Select, Space, Switch, Table, Typography, type RadioChangeEvent } from 'antd';
import { CheckOutlined, RollbackOutlined, SearchOutlined, StopOutlined, UploadOutlined } from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useApi, type RouterOutputs } from '../api.ts';
import { formatBeijing, formatBeijingDateTime } from '../clock.ts';
import { ProvisionalTag } from '../components/ProvisionalTag.tsx';
import { AppErrorAlert } from '../components/AppErrorAlert.tsx';
import { isSecretUntilDeadline, toAppErrorView } from '../errors.ts';
import { pick, SECRET_BEFORE_DEADLINE, useLang } from '../i18n.ts';
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
  const { lang } = useLang();
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
      void message.success(pick(lang, { zh: '已登记退还', en: 'Refund recorded' }));
      await refresh();
    },
  });

  return (
    <div className="ebid-stack">
      <LookupCard onRecord={setRecording} onForfeit={setForfeiting} onRefund={(d) => refund.mutate(d.id)} />
      <ImportCard onImported={() => void refresh()} />
      <UnmatchedCard onChanged={() => void refresh()} />
      <Card title={<h2 className="ebid-card-title">{pick(lang, { zh: '保证金', en: 'Deposits' })}</h2>}>
        <Space wrap className="ebid-gap">
          <label>
            {pick(lang, { zh: '项目', en: 'Project' })}{' '}
            <Select
              allowClear
              showSearch
              optionFilterProp="label"
              style={{ minWidth: 320 }}
              aria-label={pick(lang, { zh: '按项目筛选', en: 'Filter by project' })}
              value={projectId}
              onChange={(v) => setProjectId(v)}
              options={(projects.data ?? []).map((p) => ({ value: p.id, label: `${p.unifiedDealCode} ${p.name}` }))}
              placeholder={pick(lang, { zh: '全部项目', en: 'All projects' })}
            />
          </label>
          <label>
            {pick(lang, { zh: '状态', en: 'Status' })}{' '}
            <Select
              allowClear
              style={{ minWidth: 140 }}
              aria-label={pick(lang, { zh: '按状态筛选', en: 'Filter by status' })}
              value={status}
              onChange={(v) => setStatus(v)}
              options={STATUSES.map((s) => ({ value: s, label: <DepositStatusTag status={s} /> }))}
              placeholder={pick(lang, { zh: '全部状态', en: 'All statuses' })}
            />
          </label>
          <label>
            <Switch checked={overdueOnly} onChange={setOverdueOnly} aria-label={pick(lang, { zh: '只看退还已超期', en: 'Overdue refunds only' })} />{' '}
            {pick(lang, { zh: '只看退还已超期', en: 'Overdue refunds only' })}
          </label>
        </Space>
        {list.isError && !secret && <AppErrorAlert error={list.error} onRetry={() => void list.refetch()} />}
        {refund.isError && <AppErrorAlert error={refund.error} title={pick(lang, { zh: '退还失败', en: 'Refund failed' })} />}
        <Typography.Paragraph type="secondary" data-testid="deposits-secret-hint">
          {pick(lang, {
            zh: '投标截止时间前的项目不在此列出其保证金（不公开报名单位及数量，《招标投标法》第二十二条）；请用上方“查找保证金”按交易流水号或单位查找。',
            en: 'Securities of projects before their bid deadline are not listed here (registrants and their number stay secret); use “Find a security” above, by reference or company.',
          })}
        </Typography.Paragraph>
        {list.isError && secret ? (
          <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={<span data-testid="deposits-secret">{pick(lang, SECRET_BEFORE_DEADLINE)}</span>} />
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
  const { lang } = useLang();
  return (
    <Table
      rowKey="id"
      size="small"
      loading={loading}
      dataSource={rows}
      scroll={{ x: 1700 }}
      data-testid={testId}
      columns={[
        { key: 'bidder', width: 160, title: pick(lang, { zh: '投标人（竞买人）', en: 'Bidder' }), dataIndex: 'bidderName' },
        {
          key: 'project', width: 240,
          title: pick(lang, { zh: '项目 / 标段', en: 'Project / section' }),
          render: (_, d) => (
            <>
              <span className="ebid-mono">{d.projectCode}</span> {d.projectName} · {d.sectionCode}
            </>
          ),
        },
        { key: 'required', width: 120, title: pick(lang, { zh: '应缴', en: 'Required' }), render: (_, d) => formatFen(d.requiredFen) },
        { key: 'received', width: 120, title: pick(lang, { zh: '到账', en: 'Received' }), render: (_, d) => formatFen(d.receivedFen) },
        { key: 'form', width: 110, title: pick(lang, { zh: '形式', en: 'Form' }), render: (_, d) => (d.form ? pick(lang, DEPOSIT_FORM_LABELS[d.form]) : '—') },
        { key: 'payer', width: 220, title: pick(lang, { zh: '付款人 / 账号', en: 'Payer / account' }), render: (_, d) => (d.payerName ? `${d.payerName}${d.payerAccount ? ` / ${d.payerAccount}` : ''}` : '—') },
        {
          key: 'reference', width: 200,
          title: pick(lang, { zh: '流水号 / 保函', en: 'Reference / guarantee' }),
          render: (_, d) => (
            <>
              {d.reference ?? '—'}
              {d.guaranteeIssuer && (
                <Typography.Text type="secondary" style={{ display: 'block' }} data-testid={`guarantee-${d.id}`}>
                  {d.guaranteeIssuer} · {pick(lang, { zh: '核验：', en: 'verified: ' })}
                  {d.guaranteeVerification}
                  {d.guaranteeVerifiedAt && ` (${formatBeijingDateTime(Date.parse(d.guaranteeVerifiedAt))})`}
                </Typography.Text>
              )}
            </>
          ),
        },
        { key: 'paymentReference', width: 150, title: pick(lang, { zh: '付款附言', en: 'Payment reference' }), render: (_, d) => <span className="ebid-mono">{d.paymentReference ?? '—'}</span> },
        {
          key: 'status', width: 110,
          title: pick(lang, { zh: '状态', en: 'Status' }),
          render: (_, d) => (
            <Space size={4} wrap>
              <DepositStatusTag status={d.status} />
              {d.overdue && <OverdueTag />}
            </Space>
          ),
        },
        { key: 'receivedAt', width: 170, title: pick(lang, { zh: '到账时间', en: 'Received at' }), render: (_, d) => (d.receivedAt ? formatBeijingDateTime(Date.parse(d.receivedAt)) : '—') },
        {
          key: 'due', width: 130,
          title: pick(lang, { zh: '应退还日期', en: 'Refund due' }),
          render: (_, d) =>
            d.refundDueAt ? (
              <span style={d.overdue ? { color: '#a8071a', fontWeight: 600 } : undefined}>
                {formatBeijing(Date.parse(d.refundDueAt) - 1, 'YYYY-MM-DD')}
                <ProvisionalTag on={d.refundDueProvisional} kind="due" />
              </span>
            ) : (
              '—'
            ),
        },
        { key: 'refundedAt', width: 170, title: pick(lang, { zh: '退还时间', en: 'Refunded at' }), render: (_, d) => (d.refundedAt ? formatBeijingDateTime(Date.parse(d.refundedAt)) : '—') },
        {
          key: 'actions', width: 180, fixed: 'right' as const,
          title: pick(lang, { zh: '操作', en: 'Actions' }),
          render: (_, d) => (
            <Space size={4} wrap>
              {d.status === 'pending' && (
                <Button size="small" type="primary" icon={<CheckOutlined aria-hidden />} onClick={() => onRecord(d)} aria-label={`${pick(lang, { zh: '登记到账', en: 'Record receipt' })} ${d.bidderName} ${d.sectionCode}`} data-testid={`record-${d.id}`}>
                  {pick(lang, { zh: '登记到账', en: 'Record receipt' })}
                </Button>
              )}
              {d.status === 'received' && (
                <>
                  <Popconfirm title={pick(lang, { zh: '确认已退还该保证金？', en: 'Confirm that this deposit was refunded?' })} onConfirm={() => onRefund(d)}>
                    <Button size="small" icon={<RollbackOutlined aria-hidden />} aria-label={`${pick(lang, { zh: '退还', en: 'Refund' })} ${d.bidderName} ${d.sectionCode}`} data-testid={`refund-${d.id}`}>
                      {pick(lang, { zh: '退还', en: 'Refund' })}
                    </Button>
                  </Popconfirm>
                  <Button size="small" danger icon={<StopOutlined aria-hidden />} onClick={() => onForfeit(d)} aria-label={`${pick(lang, { zh: '没收', en: 'Forfeit' })} ${d.bidderName} ${d.sectionCode}`} data-testid={`forfeit-${d.id}`}>
                    {pick(lang, { zh: '没收', en: 'Forfeit' })}
                  </Button>
                </>
              )}
            </Space>
          ),
        },
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
  const { lang } = useLang();
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
    <Card title={<h2 className="ebid-card-title">{pick(lang, { zh: '查找保证金', en: 'Find a security' })}</h2>} data-testid="deposit-lookup">
      <Typography.Paragraph type="secondary">
        {pick(lang, {
          zh: '按付款附言（BZJ…）、交易流水号或保函编号（已到账的），或按项目编号、标段编号和投标人（统一社会信用代码或全称）查找一笔保证金，登记到账、退还或没收。',
          en: 'Find one security by its payment reference (BZJ…), its transaction or guarantee number (received ones), or by project code, section code and the bidder (credit code or full name), to record, refund or forfeit it.',
        })}
      </Typography.Paragraph>
      <Radio.Group
        value={by}
        onChange={(e) => setBy(e.target.value as 'reference' | 'company')}
        options={[
          { value: 'reference', label: pick(lang, { zh: '按交易流水号', en: 'By reference' }) },
          { value: 'company', label: pick(lang, { zh: '按项目与投标人', en: 'By project and company' }) },
        ]}
        aria-label={pick(lang, { zh: '查找方式', en: 'Find by' })}
      />
      <Form form={form} layout="inline" className="ebid-gap" onFinish={submit}>
        {by === 'reference' ? (
          <Form.Item name="reference" label={pick(lang, { zh: '付款附言 / 交易流水号 / 保函编号', en: 'Payment reference / transaction / guarantee number' })} rules={[{ required: true, max: 64 }]}>
            <Input data-testid="lookup-reference" />
          </Form.Item>
        ) : (
          <>
            <Form.Item name="projectCode" label={pick(lang, { zh: '项目编号', en: 'Project code' })} rules={[{ required: true, max: 64 }]}>
              <Input data-testid="lookup-project" />
            </Form.Item>
            <Form.Item name="sectionCode" label={pick(lang, { zh: '标段编号', en: 'Section code' })} rules={[{ required: true, max: 32 }]}>
              <Input data-testid="lookup-section" style={{ width: 100 }} />
            </Form.Item>
            <Form.Item name="company" label={pick(lang, { zh: '投标人（信用代码或全称）', en: 'Bidder (credit code or name)' })} rules={[{ required: true, max: 128 }]}>
              <Input data-testid="lookup-company" />
            </Form.Item>
          </>
        )}
        <Form.Item>
          <Button type="primary" htmlType="submit" icon={<SearchOutlined aria-hidden />} loading={found.isFetching} data-testid="lookup-submit">
            {pick(lang, { zh: '查找', en: 'Find' })}
          </Button>
        </Form.Item>
      </Form>
      {found.isError && <AppErrorAlert error={found.error} title={pick(lang, { zh: '未找到', en: 'Not found' })} />}
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
  const { lang } = useLang();
  return (
    <>
      <Form.Item name="guaranteeIssuer" label={pick(lang, { zh: '保函出具机构（银行或保险公司）', en: 'Guarantee issuer (bank or insurer)' })} rules={[{ required: true, min: 2, max: 128 }]}>
        <Input data-testid="record-guarantee-issuer" />
      </Form.Item>
      <Form.Item
        name="guaranteeVerification"
        label={pick(lang, { zh: '核验方式（出具机构的核验码或核验网址）', en: 'Verification (the issuer’s verification code or URL)' })}
        extra={pick(lang, { zh: '核验时间记为登记时间。', en: 'The verification time is recorded as now.' })}
        rules={[{ required: true, min: 2, max: 500 }]}
      >
        <Input data-testid="record-guarantee-verification" />
      </Form.Item>
    </>
  );
}

/** The three forms of a security as radio buttons (inside a Form.Item: value and onChange come from it). */
function SecurityFormRadio(props: { value?: DepositForm; onChange?: (e: RadioChangeEvent) => void }) {
  const { lang } = useLang();
  return <Radio.Group {...props} options={(['cash', 'guarantee', 'e_guarantee'] as const).map((f) => ({ value: f, label: pick(lang, DEPOSIT_FORM_LABELS[f]) }))} />;
}

function RecordModal({ deposit, onClose, onDone }: { deposit: Deposit; onClose: () => void; onDone: () => void }) {
  const { lang } = useLang();
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
      title={`${pick(lang, { zh: '登记到账', en: 'Record receipt' })} — ${deposit.bidderName} · ${deposit.sectionCode}`}
      okText={pick(lang, { zh: '登记', en: 'Record' })}
      cancelText={pick(lang, { zh: '取消', en: 'Cancel' })}
      onCancel={onClose}
      confirmLoading={record.isPending}
      onOk={() => void form.validateFields().then((v) => record.mutate(v))}
    >
      <Typography.Paragraph>
        {pick(lang, { zh: '应缴金额：', en: 'Required: ' })}
        {formatFen(deposit.requiredFen)}
      </Typography.Paragraph>
      {record.isError && <AppErrorAlert error={record.error} title={pick(lang, { zh: '登记失败', en: 'Recording failed' })} />}
      <Form form={form} layout="vertical" initialValues={{ form: deposit.tradeType === 'procurement' ? 'guarantee' : 'cash', payerName: deposit.bidderName }}>
        <Form.Item
          name="amountYuan"
          label={pick(lang, { zh: '到账金额（元）', en: 'Amount (CNY)' })}
          rules={[{ required: true, validator: async (_, v: string | undefined) => (v && yuanToFen(v) ? undefined : Promise.reject(new Error(pick(lang, { zh: '请输入金额，最多两位小数', en: 'Enter an amount with at most 2 decimals' })))) }]}
        >
          <Input inputMode="decimal" />
        </Form.Item>
        <Form.Item name="form" label={pick(lang, { zh: '保证金形式', en: 'Form' })} rules={[{ required: true }]}>
          <SecurityFormRadio />
        </Form.Item>
        <Form.Item name="payerName" label={pick(lang, { zh: '付款人名称', en: 'Payer name' })} rules={[{ required: true, max: 128 }]}>
          <Input />
        </Form.Item>
        <Form.Item name="payerAccount" label={pick(lang, { zh: '付款账号（现金须为基本账户）', en: 'Payer account (cash: the basic account)' })} rules={[{ pattern: /^[0-9][0-9 -]{0,38}[0-9]?$/, message: pick(lang, { zh: '只能包含数字、空格和短横线', en: 'Digits, spaces and dashes only' }) }]}>
          <Input />
        </Form.Item>
        <Form.Item name="reference" label={pick(lang, { zh: '交易流水号 / 保函编号', en: 'Reference / guarantee number' })} rules={[{ required: true, max: 64 }]}>
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
  const { lang } = useLang();
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
      cancelText={pick(lang, { zh: '取消', en: 'Cancel' })}
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
  const { lang } = useLang();
  const api = useApi();
  return (
    <FormModal<{ reason: string }>
      title={`${pick(lang, { zh: '没收保证金', en: 'Forfeit deposit' })} — ${deposit.bidderName} · ${deposit.sectionCode}`}
      okText={pick(lang, { zh: '没收', en: 'Forfeit' })}
      danger
      submit={(v) => api.deposit.forfeit.mutate({ depositId: deposit.id, reason: v.reason })}
      onClose={onClose}
      onDone={onDone}
    >
      <Form.Item name="reason" label={pick(lang, { zh: '没收理由', en: 'Reason' })} rules={[{ required: true, min: 2, max: 500 }]}>
        <Input.TextArea rows={3} />
      </Form.Item>
    </FormModal>
  );
}

/** 导入银行流水: pick a .csv, read it as text, send; a VALIDATION IMPORT_ROWS shows every bad row. */
function ImportCard({ onImported }: { onImported: () => void }) {
  const { lang } = useLang();
  const api = useApi();
  const { message } = AntApp.useApp();
  const fileRef = useRef<HTMLInputElement>(null);
  const [fileName, setFileName] = useState<string | null>(null);
  const imp = useMutation({
    mutationFn: async (file: File) => api.deposit.import.mutate({ fileName: file.name, csv: await file.text() }),
    onSuccess: (r) => {
      void message.success(
        pick(lang, {
          zh: `已导入${r.imported}笔保证金${r.unmatched ? `，${r.unmatched}笔未匹配款项待处理` : ''}`,
          en: `${r.imported} deposit(s) imported${r.unmatched ? `; ${r.unmatched} unmatched payment(s) to deal with` : ''}`,
        }),
      );
      onImported();
    },
  });
  const view = imp.isError ? toAppErrorView(imp.error) : null;
  const badRows = view?.details?.reason === 'IMPORT_ROWS' ? ((view.details.rows as ImportRowProblem[] | undefined) ?? []) : [];
  return (
    <Card title={<h2 className="ebid-card-title">{pick(lang, { zh: '导入银行流水', en: 'Import a bank statement' })}</h2>}>
      <Typography.Paragraph type="secondary">
        {pick(lang, {
          zh: 'CSV 表头：交易日期,付款人名称,付款账号,金额,交易流水号,附言[,保证金形式,保函出具机构,保函核验]（保函须填出具机构和核验）。按附言中的付款附言（BZJ…）匹配保证金，不按单位名称；附言中没有有效付款附言的款项列入下方“未匹配款项”。任何一行格式或金额有误，整个文件都不会导入。',
          en: 'CSV header: date,payer_name,payer_account,amount,reference,remark[,form,guarantee_issuer,guarantee_verification] (a guarantee needs its issuer and verification). Rows are matched by the payment reference (BZJ…) in the remark, never by company name; a row without a known one goes to “Unmatched payments” below. If any row is malformed or its amount is wrong, nothing is imported.',
        })}
      </Typography.Paragraph>
      <Space wrap>
        <label htmlFor="deposit-import-file">{pick(lang, { zh: '银行流水文件（.csv）', en: 'Statement file (.csv)' })}</label>
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
          {pick(lang, { zh: '导入银行流水', en: 'Import bank statement' })}
        </Button>
      </Space>
      {imp.isError && (
        <div className="ebid-gap">
          <AppErrorAlert error={imp.error} title={pick(lang, { zh: '导入失败，未导入任何记录', en: 'Import failed; nothing was imported' })} />
        </div>
      )}
      {badRows.length > 0 && (
        <Table
          rowKey={(r) => `${r.line}-${r.field}-${r.reason}`}
          size="small"
          pagination={false}
          data-testid="import-errors"
          dataSource={badRows}
          columns={[
            { key: 'line', title: pick(lang, { zh: '行号', en: 'Line' }), dataIndex: 'line', width: 80 },
            { key: 'field', title: pick(lang, { zh: '字段', en: 'Field' }), dataIndex: 'field', width: 140 },
            { key: 'message', title: pick(lang, { zh: '问题', en: 'Problem' }), render: (_, r) => pick(lang, { zh: r.messageZh, en: r.messageEn }) },
            { key: 'reason', title: pick(lang, { zh: '代码', en: 'Code' }), render: (_, r) => <code>{r.reason}</code>, width: 200 },
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
  const { lang } = useLang();
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
    <Card title={<h2 className="ebid-card-title">{pick(lang, { zh: '未匹配款项', en: 'Unmatched payments' })}</h2>} data-testid="unmatched-payments">
      <Typography.Paragraph type="secondary">
        {pick(lang, {
          zh: '银行流水中附言没有有效付款附言的款项。请与付款单位核实后分配到对应的保证金（按其付款附言），或原路退回。',
          en: 'Statement rows whose remark carried no known payment reference. Check with the payer, then assign one to its security (by its payment reference) or return it.',
        })}
      </Typography.Paragraph>
      {list.isError && <AppErrorAlert error={list.error} onRetry={() => void list.refetch()} />}
      <Table
        rowKey="id"
        size="small"
        loading={list.isPending}
        dataSource={list.data ?? []}
        data-testid="unmatched-table"
        locale={{ emptyText: pick(lang, { zh: '没有未匹配的款项', en: 'No unmatched payments' }) }}
        columns={[
          { key: 'receivedAt', title: pick(lang, { zh: '交易时间', en: 'Date' }), render: (_, u) => formatBeijingDateTime(Date.parse(u.receivedAt)) },
          { key: 'payer', title: pick(lang, { zh: '付款人 / 账号', en: 'Payer / account' }), render: (_, u) => `${u.payerName}${u.payerAccount ? ` / ${u.payerAccount}` : ''}` },
          { key: 'amount', title: pick(lang, { zh: '金额', en: 'Amount' }), render: (_, u) => formatFen(u.amountFen) },
          { key: 'reference', title: pick(lang, { zh: '交易流水号', en: 'Transaction' }), dataIndex: 'reference' },
          { key: 'remark', title: pick(lang, { zh: '附言', en: 'Remark' }), render: (_, u) => u.remark ?? '—' },
          {
            key: 'actions',
            title: pick(lang, { zh: '操作', en: 'Actions' }),
            render: (_, u) => (
              <Space size={4} wrap>
                <Button size="small" type="primary" icon={<CheckOutlined aria-hidden />} onClick={() => setAssigning(u)} data-testid={`assign-${u.id}`}>
                  {pick(lang, { zh: '分配', en: 'Assign' })}
                </Button>
                <Button size="small" icon={<RollbackOutlined aria-hidden />} onClick={() => setReturning(u)} data-testid={`return-${u.id}`}>
                  {pick(lang, { zh: '退回', en: 'Return' })}
                </Button>
              </Space>
            ),
          },
        ]}
      />
      {assigning && <AssignModal payment={assigning} onClose={() => setAssigning(null)} onDone={done} />}
      {returning && <ReturnModal payment={returning} onClose={() => setReturning(null)} onDone={done} />}
    </Card>
  );
}

function AssignModal({ payment, onClose, onDone }: { payment: Unmatched; onClose: () => void; onDone: () => void }) {
  const { lang } = useLang();
  const api = useApi();
  return (
    <FormModal<{ paymentReference: string; form: DepositForm; guaranteeIssuer?: string; guaranteeVerification?: string }>
      title={`${pick(lang, { zh: '分配款项', en: 'Assign payment' })} — ${payment.payerName} · ${formatFen(payment.amountFen)}`}
      okText={pick(lang, { zh: '分配', en: 'Assign' })}
      errorTitle={pick(lang, { zh: '分配失败', en: 'Assignment failed' })}
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
        label={pick(lang, { zh: '付款附言（BZJ…，向付款单位核实）', en: 'Payment reference (BZJ…, confirmed with the payer)' })}
        rules={[{ required: true, pattern: /^\s*bzj[0-9a-z]{10}\s*$/i, message: pick(lang, { zh: '格式为 BZJ 加10位字符', en: 'BZJ followed by 10 characters' }) }]}
      >
        <Input data-testid="assign-reference" />
      </Form.Item>
      <Form.Item name="form" label={pick(lang, { zh: '保证金形式', en: 'Form' })} rules={[{ required: true }]}>
        <SecurityFormRadio />
      </Form.Item>
      <Form.Item noStyle dependencies={['form']}>
        {({ getFieldValue }) => (getFieldValue('form') !== 'cash' ? <GuaranteeFields /> : null)}
      </Form.Item>
    </FormModal>
  );
}

function ReturnModal({ payment, onClose, onDone }: { payment: Unmatched; onClose: () => void; onDone: () => void }) {
  const { lang } = useLang();
  const api = useApi();
  return (
    <FormModal<{ note: string }>
      title={`${pick(lang, { zh: '退回款项', en: 'Return payment' })} — ${payment.payerName} · ${formatFen(payment.amountFen)}`}
      okText={pick(lang, { zh: '退回', en: 'Return' })}
      submit={(v) => api.deposit.returnUnmatched.mutate({ unmatchedId: payment.id, note: v.note, expectedVersion: payment.version })}
      onClose={onClose}
      onDone={onDone}
    >
      <Form.Item name="note" label={pick(lang, { zh: '退回说明（如退款流水号）', en: 'Note (e.g. the refund transaction)' })} rules={[{ required: true, min: 2, max: 500 }]}>
        <Input.TextArea rows={3} data-testid="return-note" />
      </Form.Item>
    </FormModal>
  );
}

import { App as AntApp, Button, Card, DatePicker, Form, Input, InputNumber, Radio, Select, Space, Switch } from 'antd';
import { MinusCircleOutlined, PlusOutlined } from '@ant-design/icons';
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useNavigate, useOutletContext } from 'react-router';
import {
  hasSubject,
  INDUSTRIES,
  isSaleTrade,
  METHODS_BY_TRADE_TYPE,
  namesSingleSupplier,
  PRICE_KINDS,
  procedureFlags,
  PROJECT_SUBJECTS,
  PROPERTY_KINDS,
  termKey,
  TRADE_TYPES,
  type Industry,
  type PriceKind,
  type PropertyKind,
  type ProcedureMethod,
  type ProjectSubject,
  type TradeType,
} from '@ebid/domain';
import { useApi, type Actor } from '../api.ts';
import { AppErrorAlert } from '../components/AppErrorAlert.tsx';
import { useProjectT, useT, type TFunction } from '../i18n.ts';
import { budgetKey, INDUSTRY_KEYS, METHOD_KEYS, PRICE_KIND_KEYS, SUBJECT_KEYS, TRADE_KEYS } from '../labels.ts';
import { yuanToFen } from '../money.ts';
import { workspaceBase } from '../menus.ts';
import type { Dayjs } from 'dayjs';

interface SectionValues {
  name: string;
  ceiling?: string;
  security?: string;
  /** Sales (issue 18 §4): land 起始价 / property 转让底价, 加价幅度, 评估值, 评估基准日, 批准文件文号. */
  startingPrice?: string;
  increment?: string;
  appraisal?: string;
  appraisalDate?: Dayjs | null;
  floorApprovalRef?: string;
}
interface Values {
  tradeType: TradeType;
  method: ProcedureMethod;
  prequalification?: boolean;
  name: string;
  tendereeOrgId?: number;
  budget?: string;
  subject?: ProjectSubject;
  /** Engineering (issue 20 §4): which line supervisor oversees it. */
  industry?: Industry;
  priceKind?: PriceKind;
  securityWaived?: boolean;
  singleSourceSupplierOrgId?: number;
  propertyKind?: PropertyKind;
  sections: SectionValues[];
}

/** Fee-rate bids (费率报价) exist where fees are tendered: engineering and procurement. */
const ratePricing = (tt: TradeType) => tt === 'engineering' || tt === 'procurement';
/** A bid security the tender may waive: the sealed-bid trade types (a land or property deposit is the seller's). */
const waivable = (tt: TradeType) => tt === 'engineering' || tt === 'procurement';

/** Whether the user may choose prequalification for this combination (both choices allowed by the domain). */
export function prequalificationChoosable(tradeType: TradeType, method: ProcedureMethod): boolean {
  try {
    procedureFlags(tradeType, method, { prequalification: true });
    procedureFlags(tradeType, method, { prequalification: false });
    return true;
  } catch {
    return false;
  }
}

const amountRule = (t: TFunction) => ({
  validator: (_: unknown, v: string | undefined) =>
    !v || yuanToFen(v) !== null ? Promise.resolve() : Promise.reject(new Error(t('project.amount.format'))),
});

const fen = (v: string | undefined) => (v?.trim() ? yuanToFen(v) : null);

/** A required amount > 0 (the sale fields; the server says the same, naming the section). */
const positiveAmountRule = (t: TFunction, word: string) => ({
  validator: (_: unknown, v: string | undefined) => {
    if (!v?.trim()) return Promise.reject(new Error(t('sales.required', { word })));
    const f = yuanToFen(v);
    if (f === null) return Promise.reject(new Error(t('project.amount.format')));
    return f > 0 ? Promise.resolve() : Promise.reject(new Error(t('sales.positive', { word })));
  },
});

/** What one section sends: a tender section its ceiling; a land plot or property item its sale terms instead (issue 18 §4). */
export function sectionPayload(tradeType: TradeType, s: SectionValues, waived: boolean) {
  const security = waived ? null : fen(s.security);
  if (tradeType === 'land') return { name: s.name.trim(), startingPriceFen: fen(s.startingPrice), incrementFen: fen(s.increment), securityFen: security };
  if (tradeType === 'property') {
    return {
      name: s.name.trim(),
      startingPriceFen: fen(s.startingPrice),
      appraisalFen: fen(s.appraisal),
      appraisalDate: s.appraisalDate ? s.appraisalDate.format('YYYY-MM-DD') : null,
      floorApprovalRef: s.floorApprovalRef?.trim() || null,
      ...(s.increment?.trim() ? { incrementFen: fen(s.increment) } : {}),
      securityFen: security,
    };
  }
  return { name: s.name.trim(), ceilingFen: fen(s.ceiling), securityFen: security };
}

/**
 * 新建项目: trade type → method, prequalification where the method allows the choice, the subject (engineering),
 * budget (required for procurement), price kind, a waived security, sections.
 */
export function ProjectNewPage() {
  const api = useApi();
  const actor = useOutletContext<Actor>();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const { message } = AntApp.useApp();
  const [form] = Form.useForm<Values>();
  const tradeType = Form.useWatch('tradeType', form) ?? 'engineering';
  const method = Form.useWatch('method', form);
  // Issue 18 §1: the labels name the parties and prices by the chosen trade and method (招标控制价 / 最高限价 / 起始价 …).
  const t = useProjectT({ tradeType, method: method ?? '' });
  const bk = budgetKey(tradeType);
  const choosable = method ? prequalificationChoosable(tradeType, method) : false;
  const waived = (Form.useWatch('securityWaived', form) ?? false) && waivable(tradeType);
  const namesSupplier = method ? namesSingleSupplier(tradeType, method) : false;

  const create = useMutation({
    mutationFn: (v: Values) =>
      api.project.create.mutate({
        tradeType: v.tradeType,
        method: v.method,
        ...(choosable ? { prequalification: v.prequalification ?? false } : {}),
        name: v.name.trim(),
        ...(v.tendereeOrgId ? { tendereeOrgId: v.tendereeOrgId } : {}),
        budgetFen: budgetKey(v.tradeType) ? fen(v.budget) : null,
        ...(hasSubject(v.tradeType) ? { subject: v.subject } : {}),
        ...(v.tradeType === 'engineering' ? { industry: v.industry } : {}),
        ...(ratePricing(v.tradeType) ? { priceKind: v.priceKind ?? 'amount' } : {}),
        ...(waivable(v.tradeType) ? { securityWaived: v.securityWaived ?? false } : {}),
        ...(namesSingleSupplier(v.tradeType, v.method) ? { singleSourceSupplierOrgId: v.singleSourceSupplierOrgId } : {}),
        ...(v.tradeType === 'property' ? { propertyKind: v.propertyKind } : {}),
        sections: v.sections.map((s) => sectionPayload(v.tradeType, s, waived)),
      }),
    onSuccess: async (p) => {
      await queryClient.invalidateQueries({ queryKey: ['project'] });
      void message.success(t('project.created', { code: p.unifiedDealCode }));
      void navigate(`${workspaceBase(actor)}/projects/${p.id}`);
    },
  });

  return (
    <Card className="ebid-narrow">
      {create.isError && (
        <div className="ebid-gap">
          <AppErrorAlert error={create.error} title={t('project.create.failed')} />
        </div>
      )}
      <Form<Values>
        form={form}
        layout="vertical"
        initialValues={{ tradeType: 'engineering', method: 'open', prequalification: false, priceKind: 'amount', securityWaived: false, industry: 'housing', sections: [{ name: '' }] }}
        onFinish={(v) => create.mutate(v)}
        disabled={create.isPending}
        data-testid="project-form"
      >
        <Form.Item name="tradeType" label={t('project.tradeType')} rules={[{ required: true }]}>
          <Select
            onChange={(tt: TradeType) => form.setFieldValue('method', METHODS_BY_TRADE_TYPE[tt][0])}
            options={TRADE_TYPES.map((tt) => ({ value: tt, label: t(TRADE_KEYS[tt]) }))}
          />
        </Form.Item>
        <Form.Item name="method" label={t('project.method')} rules={[{ required: true, message: t('project.method.required') }]}>
          <Select options={METHODS_BY_TRADE_TYPE[tradeType].map((m) => ({ value: m, label: t(METHOD_KEYS[m]) }))} />
        </Form.Item>
        {choosable && (
          <Form.Item name="prequalification" label={t('project.prequalification')} valuePropName="checked" extra={t('project.prequalification.hint')}>
            <Switch />
          </Form.Item>
        )}
        {namesSupplier && <SupplierSelect />}
        <Form.Item name="name" label={t('project.name')} rules={[{ required: true, whitespace: true, min: 2, max: 200, message: t('project.name.required') }]}>
          <Input maxLength={200} />
        </Form.Item>
        {actor.role === 'agent' && (
          <Form.Item name="tendereeOrgId" label={t('project.tendereeOrgId')} extra={t('project.tendereeOrgId.hint')} rules={[{ required: true }]}>
            <InputNumber min={1} precision={0} />
          </Form.Item>
        )}
        {hasSubject(tradeType) && (
          <Form.Item name="subject" label={t('project.subject')} extra={t('project.subject.hint')} rules={[{ required: true, message: t('project.subject.required') }]}>
            <Select options={PROJECT_SUBJECTS.map((s) => ({ value: s, label: t(SUBJECT_KEYS[s]) }))} data-testid="project-subject" />
          </Form.Item>
        )}
        {tradeType === 'engineering' && (
          <Form.Item name="industry" label={t('project.industry')} extra={t('project.industry.hint')} rules={[{ required: true, message: t('project.industry.required') }]}>
            <Select options={INDUSTRIES.map((i) => ({ value: i, label: t(INDUSTRY_KEYS[i]) }))} data-testid="project-industry" />
          </Form.Item>
        )}
        {bk && (
          <Form.Item
            name="budget"
            label={t(bk)}
            extra={tradeType === 'procurement' ? t('project.budget.required') : undefined}
            rules={[amountRule(t), { required: tradeType === 'procurement', whitespace: true, message: t('project.budget.required') }]}
          >
            <Input inputMode="decimal" prefix="¥" />
          </Form.Item>
        )}
        {ratePricing(tradeType) && (
          <Form.Item name="priceKind" label={t('project.priceKind')} extra={t('project.priceKind.hint')}>
            <Radio.Group options={PRICE_KINDS.map((k) => ({ value: k, label: t(PRICE_KIND_KEYS[k]) }))} />
          </Form.Item>
        )}
        {waivable(tradeType) && (
          <Form.Item name="securityWaived" label={t('project.securityWaived')} valuePropName="checked" extra={t('project.securityWaived.hint')}>
            <Switch />
          </Form.Item>
        )}
        {tradeType === 'property' && (
          <Form.Item name="propertyKind" label={t('sales.propertyKind')} extra={t('sales.propertyKind.hint')} rules={[{ required: true, message: t('sales.propertyKind.required') }]}>
            <Select options={PROPERTY_KINDS.map((k) => ({ value: k, label: t(`propertyKind.${k}`) }))} data-testid="project-property-kind" />
          </Form.Item>
        )}
        <fieldset className="ebid-fieldset">
          <legend>{t(tradeType === 'land' ? 'sales.plot' : tradeType === 'property' ? 'sales.item' : 'project.sections')}</legend>
          <Form.List name="sections">
            {(fields, { add, remove }) => (
              <>
                {fields.map((f, i) => (
                  <Space key={f.key} align="start" wrap data-testid={`section-${i}`}>
                    <Form.Item
                      name={[f.name, 'name']}
                      label={t(tradeType === 'land' ? 'sales.plot.name' : tradeType === 'property' ? 'sales.item.name' : 'project.section.name')}
                      rules={[{ required: true, whitespace: true, message: t('project.section.name.required') }]}
                    >
                      <Input maxLength={200} />
                    </Form.Item>
                    {isSaleTrade(tradeType) ? (
                      <SaleFields t={t} tradeType={tradeType} method={method ?? METHODS_BY_TRADE_TYPE[tradeType][0]} field={f.name} />
                    ) : (
                      <Form.Item name={[f.name, 'ceiling']} label={t('project.section.ceiling')} rules={[amountRule(t)]}>
                        <Input inputMode="decimal" prefix="¥" />
                      </Form.Item>
                    )}
                    {!waived && (
                      <Form.Item
                        name={[f.name, 'security']}
                        label={isSaleTrade(tradeType) ? t('sales.amount', { word: t(termKey('security', tradeType, method ?? METHODS_BY_TRADE_TYPE[tradeType][0])) }) : t('project.section.security')}
                        rules={[amountRule(t)]}
                      >
                        <Input inputMode="decimal" prefix="¥" />
                      </Form.Item>
                    )}
                    {fields.length > 1 && (
                      <Button type="text" aria-label={t('project.section.remove')} icon={<MinusCircleOutlined aria-hidden />} onClick={() => remove(f.name)} className="ebid-gap-top" />
                    )}
                  </Space>
                ))}
                <Button type="dashed" icon={<PlusOutlined aria-hidden />} onClick={() => add({ name: '' })} disabled={fields.length >= 50}>
                  {t('project.section.add')}
                </Button>
              </>
            )}
          </Form.List>
        </fieldset>
        <Form.Item className="ebid-gap-top">
          <Button type="primary" htmlType="submit" loading={create.isPending} data-testid="project-create">
            {t('project.create')}
          </Button>
        </Form.Item>
      </Form>
    </Card>
  );
}

/**
 * The single source's supplier (issue 18 §3): approved supplier companies by name or credit code, from
 * `org.supplierChoices`; required.
 */
function SupplierSelect() {
  const t = useT();
  const api = useApi();
  const [q, setQ] = useState('');
  const choices = useQuery({
    queryKey: ['org', 'supplierChoices', q],
    queryFn: () => api.org.supplierChoices.query(q.trim() ? { q: q.trim() } : {}),
    placeholderData: keepPreviousData,
  });
  return (
    <Form.Item
      name="singleSourceSupplierOrgId"
      label={t('project.singleSourceSupplier')}
      extra={t('project.singleSourceSupplier.hint')}
      rules={[{ required: true, message: t('project.singleSourceSupplier.required') }]}
    >
      <Select
        showSearch
        filterOption={false}
        onSearch={setQ}
        loading={choices.isFetching}
        placeholder={t('project.singleSourceSupplier.search')}
        options={(choices.data ?? []).map((c) => ({ value: c.id, label: `${c.name}（${c.creditCode}）` }))}
        data-testid="project-supplier"
      />
    </Form.Item>
  );
}

/**
 * The sale terms of one plot or item, in the trade's own words (issue 18 §4): land 起始价 and 加价幅度;
 * property 转让底价 (a floor), 评估值, 评估基准日 and — for a floor below 90 % of it on a re-disclosure —
 * the 批准文件文号. No ceiling: the floor is not a ceiling.
 */
function SaleFields({ t, tradeType, method, field }: { t: TFunction; tradeType: 'land' | 'property'; method: ProcedureMethod; field: number }) {
  const floorWord = t(termKey('ceiling', tradeType, method));
  const increment = t('sales.increment');
  return (
    <>
      <Form.Item
        name={[field, 'startingPrice']}
        label={t('sales.amount', { word: floorWord })}
        extra={t(tradeType === 'land' ? 'sales.startingPrice.hint' : 'sales.floor.hint')}
        rules={[positiveAmountRule(t, floorWord)]}
      >
        <Input inputMode="decimal" prefix="¥" data-testid={`section-${field}-starting-price`} />
      </Form.Item>
      {tradeType === 'land' ? (
        <Form.Item name={[field, 'increment']} label={increment} rules={[positiveAmountRule(t, t('sales.increment'))]}>
          <Input inputMode="decimal" prefix="¥" data-testid={`section-${field}-increment`} />
        </Form.Item>
      ) : (
        <>
          <Form.Item name={[field, 'appraisal']} label={t('sales.appraisal')} rules={[positiveAmountRule(t, t('sales.appraisal'))]}>
            <Input inputMode="decimal" prefix="¥" data-testid={`section-${field}-appraisal`} />
          </Form.Item>
          <Form.Item name={[field, 'appraisalDate']} label={t('sales.appraisalDate')} extra={t('sales.appraisalDate.hint')} rules={[{ required: true, message: t('sales.required', { word: t('sales.appraisalDate') }) }]}>
            <DatePicker data-testid={`section-${field}-appraisal-date`} />
          </Form.Item>
          <Form.Item name={[field, 'floorApprovalRef']} label={t('sales.floorApprovalRef')} extra={t('sales.floorApprovalRef.hint')}>
            <Input maxLength={100} />
          </Form.Item>
        </>
      )}
    </>
  );
}

/**
 * Method rules at the steps that exist (issue 18 §3), one place each:
 *
 * - The K coefficient (浮动点 / 下浮系数 drawn at the opening, domain §3.2) is an engineering practice of
 *   the 评标基准价 (C-FJ FloatPoint; R12 §29–35 leave the base price to the tender). Government procurement
 *   scores the price by the 低价优先法: the base is the lowest valid evaluated price, never lowered by a
 *   coefficient (R87 §54–55: only arithmetic correction and policy deductions; domain §3.1); land and property sell to the highest offer. So only engineering
 *   may draw a K, and no procurement, land or property opening ever starts one.
 * - A single-source procurement (单一来源, CG §31, CGT §38) names its one supplier on the project, and the
 *   publicity names it; only that supplier may register and respond. Every other method names none.
 */
import { AppError } from '../errors.ts';
import type { ProcedureMethod, TradeType } from './flags.ts';

/** Whether an opening of this trade type may draw a K coefficient (浮动点): engineering only (any other word: no). */
export function kCoefficientAllowed(tradeType: TradeType | (string & {})): boolean {
  return tradeType === 'engineering';
}

/** The refusal of a float-point set where the trade type has no K coefficient (VALIDATION, nothing changes). */
export function kCoefficientRefusal(tradeType: TradeType): AppError | null {
  if (kCoefficientAllowed(tradeType)) return null;
  const why =
    tradeType === 'procurement'
      ? {
          zh: '政府采购项目不得设置K值（浮动点）：K值下浮是工程建设评标基准价的做法，政府采购价格分采用低价优先法，以满足采购文件要求且价格最低的报价为评标基准价，价格只作算术修正和政策扣除（财政部令第87号第五十四条、第五十五条）',
          en: 'A government procurement project has no K coefficient (float points): lowering the base price by K is an engineering practice; procurement scores the price by the lowest-price method, the base being the lowest compliant price, adjusted only by arithmetic correction and policy deductions (MOF Order No. 87, Arts. 54 and 55)',
        }
      : {
          zh: '土地和产权交易以最高报价成交，不设K值（浮动点）；K值仅用于工程建设评标基准价',
          en: 'Land and property sales go to the highest offer and have no K coefficient (float points); K is an engineering base-price practice',
        };
  return new AppError('VALIDATION', why, { field: 'floatPointsBp', reason: 'K_NOT_ALLOWED', tradeType });
}

/** Whether the project names one supplier (procurement single source only). */
export function namesSingleSupplier(tradeType: TradeType, method: ProcedureMethod | string): boolean {
  return tradeType === 'procurement' && method === 'single_source';
}

/**
 * The supplier a new project names: required (a positive id) for single source, refused for every other
 * method. Returns the VALIDATION error or null. Whether the organization is an active bidder company is
 * the service's check (it needs the database).
 */
export function singleSourceSupplierProblem(tradeType: TradeType, method: ProcedureMethod | string, supplierOrgId: number | null | undefined): AppError | null {
  const given = supplierOrgId !== null && supplierOrgId !== undefined;
  if (namesSingleSupplier(tradeType, method)) {
    if (given && Number.isSafeInteger(supplierOrgId) && supplierOrgId > 0) return null;
    return new AppError(
      'VALIDATION',
      { zh: '单一来源采购须在项目中指定拟定的唯一供应商（政府采购法实施条例第三十八条）', en: 'A single-source procurement must name its one supplier (Regulation on the Government Procurement Law, Art. 38)' },
      { field: 'singleSourceSupplierOrgId', reason: 'SUPPLIER_REQUIRED' },
    );
  }
  if (!given) return null;
  return new AppError(
    'VALIDATION',
    { zh: '只有单一来源采购项目指定唯一供应商；其他交易方式须公开竞争', en: 'Only a single-source procurement names a supplier; every other method is open to competition' },
    { field: 'singleSourceSupplierOrgId', reason: 'SUPPLIER_NOT_APPLICABLE', tradeType, method },
  );
}

export interface SingleSourceProject {
  tradeType: TradeType;
  method: ProcedureMethod | string;
  singleSourceSupplierOrgId: number | null;
}

/**
 * May this bidder company take part (register, respond) in the project? Every company may in a competitive
 * procedure; in a single source only the named supplier (a project without one admits nobody). Returns
 * the FORBIDDEN refusal or null. `act` names what was refused in the message.
 */
export function singleSourceParticipationRefusal(p: SingleSourceProject, bidderOrgId: number, act: 'register' | 'respond'): AppError | null {
  if (!namesSingleSupplier(p.tradeType, p.method)) return null;
  if (p.singleSourceSupplierOrgId !== null && p.singleSourceSupplierOrgId === bidderOrgId) return null;
  const what = act === 'register' ? { zh: '报名', en: 'register for' } : { zh: '提交响应文件', en: 'respond to' };
  return new AppError(
    'FORBIDDEN',
    {
      zh: `本项目为单一来源采购，只有公示的拟定供应商可以${what.zh}，贵单位不是该供应商`,
      en: `This is a single-source procurement: only the supplier named in the publicity may ${what.en} it, and your company is not that supplier`,
    },
    { reason: 'NOT_SINGLE_SOURCE_SUPPLIER', act },
  );
}

/**
 * What a single source needs before its publicity goes to review or out (issue 18 §3): the named supplier
 * and the publicity period — its end is when the procedure moves on to the negotiation, so a publicity
 * without one would never end. Returns the VALIDATION refusal or null (always null for other methods).
 */
export function singleSourcePublicationProblem(p: SingleSourceProject & { schedule: { publicityStart?: unknown; publicityEnd?: unknown } }): AppError | null {
  if (!namesSingleSupplier(p.tradeType, p.method)) return null;
  if (p.singleSourceSupplierOrgId === null) return singleSourceSupplierProblem(p.tradeType, p.method, null);
  const missing = (['publicityStart', 'publicityEnd'] as const).find((f) => !p.schedule[f]);
  if (!missing) return null;
  return new AppError(
    'VALIDATION',
    { zh: '单一来源采购须在时间安排中填写公示开始和截止时间（公示期不少于5个工作日）', en: 'A single-source procurement needs the publicity start and end in its schedule (at least 5 working days)' },
    { field: `schedule.${missing}`, reason: 'PUBLICITY_PERIOD_REQUIRED' },
  );
}

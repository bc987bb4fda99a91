/**
 * Creating a project (issue 4 §1, issue 16 §2, §5, §8): by a tenderee for its own organization or by an
 * agent under a mandate in force, with its sections, checked against the budget and the statutory caps of
 * the bid security, and numbered with the next 统一交易标识码.
 */
import { eq } from 'drizzle-orm';
import { organizations, projects, sections, type Tx } from '@ebid/db';
import { projectChain } from '@ebid/audit';
import {
  AppError,
  budgetViolations,
  formatYuan,
  hasSubject,
  industryProblem,
  METHODS_BY_TRADE_TYPE,
  procedureFlags,
  propertyKindViolation,
  saleSectionViolations,
  securityCapFen,
  singleSourceSupplierProblem,
  termPair,
  termWord,
  type Industry,
  type ProjectSubject,
} from '@ebid/domain';
import type { CreateProjectInput, ProjectView } from '@ebid/contracts';
import { audit, requireRole, type RequestContext } from '../context.ts';
import type { Deps } from '../deps.ts';
import { hasMandate } from '../identity/mandates.ts';
import { allocateDealCode } from './deal-codes.ts';
import { noMandate } from './project-access.ts';
import { toView } from './project-reads.ts';

export async function createProject(deps: Pick<Deps, 'db' | 'clock' | 'config'>, ctx: RequestContext, input: CreateProjectInput): Promise<ProjectView> {
  const actor = requireRole(ctx, 'tenderee', 'agent');
  if (!METHODS_BY_TRADE_TYPE[input.tradeType].some((m) => m === input.method)) {
    throw new AppError('VALIDATION', { zh: '该交易类型不支持此交易方式', en: 'This method does not exist for this trade type' }, { field: 'method' });
  }
  procedureFlags(input.tradeType, input.method, input.prequalification ? { prequalification: true } : {}); // validates the combination
  const subject = projectFieldsOf(input);
  const industry = industryOf(input);
  const supplierProblem = singleSourceSupplierProblem(input.tradeType, input.method, input.singleSourceSupplierOrgId); // issue 18 §3
  if (supplierProblem) throw supplierProblem;
  assertSaleTerms(input, deps.clock.now());
  const securityWaived = input.securityWaived ?? false;
  // R87 §63 (issue 16 §2): a procurement project states its budget (there is no later edit of it: a draft
  // without one could never be published) and each package's 最高限价 lies within it.
  const [budgetProblem] = budgetViolations({ tradeType: input.tradeType, budgetFen: input.budgetFen, sections: input.sections });
  if (budgetProblem) throw new AppError('VALIDATION', { zh: budgetProblem.messageZh, en: budgetProblem.messageEn }, { reason: budgetProblem.reason, field: budgetProblem.field });
  input.sections.forEach((s, i) => {
    if (securityWaived && (s.securityFen ?? 0) > 0) {
      throw new AppError(
        'VALIDATION',
        { zh: `本项目免收${termWord('zh', 'security', input.tradeType, input.method)}，第${i + 1}标段不应再设保证金金额`, en: `The ${termWord('en', 'security', input.tradeType, input.method)} is waived: section ${i + 1} cannot also set a security amount` },
        { reason: 'SECURITY_WAIVED', field: `sections.${i}.securityFen` },
      );
    }
    // B6: the configured security may not exceed the statutory cap (2% of the section's estimate, and the
    // absolute cap of the project's subject: 100,000 CNY for survey and design).
    const capFen = securityCapFen({ tradeType: input.tradeType, subject, estimateFen: s.ceilingFen ?? input.budgetFen ?? null });
    if (capFen !== null && (s.securityFen ?? 0) > capFen) {
      throw new AppError(
        'VALIDATION',
        { zh: `第${i + 1}标段的保证金超过法定上限（${formatYuan(capFen)}元）`, en: `Section ${i + 1}: the security exceeds the legal cap (CNY ${formatYuan(capFen)})` },
        { reason: 'SECURITY_CAP', field: `sections.${i}.securityFen`, capFen },
      );
    }
  });
  const tendereeOrgId = actor.role === 'tenderee' ? actor.orgId : input.tendereeOrgId;
  const tendereeWord = termPair('tenderee', input.tradeType, input.method);
  if (!tendereeOrgId) throw new AppError('VALIDATION', { zh: `请选择${tendereeWord.zh}`, en: `Choose the ${tendereeWord.en}` }, { field: 'tendereeOrgId' });
  if (actor.role === 'tenderee' && input.tendereeOrgId !== undefined && input.tendereeOrgId !== actor.orgId) {
    throw new AppError('FORBIDDEN', { zh: '只能为本单位创建项目', en: 'You can create projects only for your own organization' });
  }
  return deps.db.transaction(async (tx) => {
    const [tenderee] = await tx.select().from(organizations).where(eq(organizations.id, tendereeOrgId));
    if (!tenderee || tenderee.kind !== 'tenderee' || tenderee.status !== 'active') {
      throw new AppError('VALIDATION', { zh: `${tendereeWord.zh}不存在`, en: `No such ${tendereeWord.en}` }, { field: 'tendereeOrgId' });
    }
    if (actor.role === 'agent' && !(await hasMandate(tx, actor.orgId, tendereeOrgId, deps.clock.now()))) throw noMandate();
    const singleSourceSupplierOrgId = await singleSourceSupplierOf(tx, input);
    // The project's region: given, else the tenderee's, else the center's own (issue 15 §3).
    const regionCode = input.regionCode ?? tenderee.regionCode ?? deps.config.center.regionCode;
    const code = await allocateDealCode(tx, deps, { regionCode, tradeType: input.tradeType });
    const [p] = await tx
      .insert(projects)
      .values({
        unifiedDealCode: code,
        tradeType: input.tradeType,
        method: input.method,
        prequalification: input.prequalification ?? false,
        name: input.name,
        tendereeOrgId,
        agentOrgId: actor.role === 'agent' ? actor.orgId : null,
        createdBy: actor.userId,
        regionCode,
        budgetFen: input.budgetFen ?? null,
        subject,
        industry,
        priceKind: input.priceKind ?? 'amount',
        securityWaived,
        singleSourceSupplierOrgId,
        propertyKind: input.propertyKind ?? null,
      })
      .returning();
    if (!p) throw new AppError('INTERNAL');
    for (const [i, s] of input.sections.entries()) {
      await tx.insert(sections).values({
        projectId: p.id,
        code: String(i + 1).padStart(3, '0'),
        name: s.name,
        ceilingFen: s.ceilingFen ?? null,
        securityFen: s.securityFen ?? null,
        startingPriceFen: s.startingPriceFen ?? null,
        incrementFen: s.incrementFen ?? null,
        appraisalFen: s.appraisalFen ?? null,
        appraisalDate: s.appraisalDate ?? null,
        floorApprovalRef: s.floorApprovalRef?.trim() || null,
      });
    }
    await audit(tx, deps, ctx, {
      chain: projectChain(p.id),
      action: 'project.create',
      subject: { type: 'project', id: p.id },
      payload: {
        unifiedDealCode: code,
        tradeType: input.tradeType,
        method: input.method,
        name: input.name,
        tendereeOrgId,
        agentOrgId: p.agentOrgId,
        budgetFen: p.budgetFen,
        subject,
        industry,
        priceKind: p.priceKind,
        securityWaived,
        singleSourceSupplierOrgId,
        propertyKind: p.propertyKind,
        sections: input.sections,
      },
    });
    return toView(tx, p);
  });
}

/**
 * The subject of a new project (issue 16 §8): engineering has one (omitted → works); the other trade types
 * have none, and a rate price (费率报价) exists only where fees are tendered (engineering, procurement).
 */
function projectFieldsOf(input: Pick<CreateProjectInput, 'tradeType' | 'subject' | 'priceKind'>): ProjectSubject | null {
  if (!hasSubject(input.tradeType)) {
    if (input.subject) {
      throw new AppError('VALIDATION', { zh: '只有工程建设项目填写招标内容（施工、勘察、设计等）', en: 'Only engineering projects have a subject (works, survey, design …)' }, { reason: 'SUBJECT_NOT_APPLICABLE', field: 'subject' });
    }
  }
  if (input.priceKind === 'rate' && input.tradeType !== 'engineering' && input.tradeType !== 'procurement') {
    throw new AppError('VALIDATION', { zh: '土地和产权交易以金额报价，不能采用费率报价', en: 'Land and property bids are amounts; a fee rate is not allowed' }, { reason: 'PRICE_KIND_NOT_APPLICABLE', field: 'priceKind' });
  }
  return hasSubject(input.tradeType) ? (input.subject ?? 'works') : null;
}

/**
 * The industry (行业) of a new project (issue 20 §4, M3): engineering has one (omitted → housing, 房屋建筑和
 * 市政基础设施, the commonest); the other trade types have none. It decides which supervisors see the project.
 */
function industryOf(input: Pick<CreateProjectInput, 'tradeType' | 'industry'>): Industry | null {
  const problem = industryProblem(input.tradeType, input.industry);
  if (problem === 'INDUSTRY_NOT_APPLICABLE') {
    throw new AppError('VALIDATION', { zh: '只有工程建设项目填写行业', en: 'Only engineering projects have an industry' }, { reason: problem, field: 'industry' });
  }
  if (problem) throw new AppError('VALIDATION', { zh: '未知的行业', en: 'Unknown industry' }, { reason: problem, field: 'industry' });
  return input.tradeType === 'engineering' ? (input.industry ?? 'housing') : null;
}

/**
 * The one supplier a single-source procurement names (issue 18 §3, CG §31, CGT §38): an active bidder
 * company (its presence and the method were checked by the domain rule before). Null for other methods.
 */
async function singleSourceSupplierOf(tx: Tx, input: Pick<CreateProjectInput, 'singleSourceSupplierOrgId'>): Promise<number | null> {
  const id = input.singleSourceSupplierOrgId ?? null;
  if (id === null) return null;
  const [org] = await tx.select({ kind: organizations.kind, status: organizations.status }).from(organizations).where(eq(organizations.id, id));
  if (!org || org.kind !== 'bidder' || org.status !== 'active') {
    throw new AppError(
      'VALIDATION',
      { zh: '拟定的唯一供应商须为平台上已审核通过的供应商单位', en: 'The single-source supplier must be an approved supplier company on the platform' },
      { field: 'singleSourceSupplierOrgId', reason: 'SUPPLIER_NOT_ACTIVE_BIDDER' },
    );
  }
  return id;
}

/**
 * The sale terms of a new project (issue 18 §4; domain sales/terms.ts): a property deal names its deal kind
 * (and no other trade type does); each land plot states its 起始价 and 加价幅度, each property item its 转让底价,
 * 评估值 and 评估基准日 under L7 (a new project is a first disclosure: the floor not below the appraisal); a
 * sale carries no ceiling and a tender none of the sale fields. VALIDATION naming the section and field.
 */
export function assertSaleTerms(input: Pick<CreateProjectInput, 'tradeType' | 'method' | 'propertyKind' | 'sections'>, at: Date): void {
  const kind = propertyKindViolation(input.tradeType, input.propertyKind);
  if (kind) throw new AppError('VALIDATION', { zh: kind.messageZh, en: kind.messageEn }, { reason: kind.reason, field: 'propertyKind' });
  const [first, ...rest] = saleSectionViolations({ tradeType: input.tradeType, method: input.method, sections: input.sections, at, firstDisclosure: true });
  if (first) {
    throw new AppError(
      'VALIDATION',
      { zh: first.messageZh, en: first.messageEn },
      { reason: first.reason, field: first.path, violations: [first, ...rest].map((v) => ({ reason: v.reason, field: v.path })) },
    );
  }
}

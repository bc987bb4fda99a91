/**
 * The evaluation method of a section (issue 22 §3; S1): set by the owner side while the project is a draft
 * (or back in draft after a rejected review), validated by the domain's `validateMethod`, stored with its
 * SHA-256 and frozen from then on — once the project leaves DRAFT the method cannot change (a change after
 * publication would be a new, versioned amendment, which this platform does not build yet).
 */
import crypto from 'node:crypto';
import { and, eq } from 'drizzle-orm';
import { projectChain } from '@ebid/audit';
import { sections } from '@ebid/db';
import { AppError } from '@ebid/domain';
import { canonicalJson, validateMethod, type EvaluationMethodSpec } from '@ebid/domain/evaluation';
import { audit, requireActor, type RequestContext } from '../context.ts';
import type { Deps } from '../deps.ts';
import { assertOwnerSide, lockProject } from '../projects/project-access.ts';

/** SHA-256 of the method's canonical JSON (keys sorted: jsonb does not keep their order). */
export function methodSha256(spec: EvaluationMethodSpec): string {
  return crypto.createHash('sha256').update(canonicalJson(spec)).digest('hex');
}

export interface SetEvaluationMethodInput {
  projectId: number;
  sectionId: number;
  method: unknown;
  blindTechnical: boolean;
}

export async function setEvaluationMethod(deps: Pick<Deps, 'db' | 'clock'>, ctx: RequestContext, input: SetEvaluationMethodInput): Promise<{ sectionId: number; methodSha256: string; blindTechnical: boolean }> {
  const actor = requireActor(ctx);
  const spec = validateMethod(input.method as EvaluationMethodSpec);
  if (input.blindTechnical && !('criteria' in spec && spec.criteria.some((c) => c.group === 'technical'))) {
    throw new AppError('VALIDATION', { zh: '暗标评审需要评标办法中有技术评分因素', en: 'A blind technical review needs technical criteria in the method' }, { field: 'blindTechnical', reason: 'BLIND_WITHOUT_TECHNICAL' });
  }
  const sha = methodSha256(spec);
  return deps.db.transaction(async (tx) => {
    const p = await lockProject(tx, input.projectId);
    await assertOwnerSide(tx, deps, actor, p);
    if (p.status !== 'DRAFT') {
      throw new AppError('INVALID_STATE', { zh: '招标公告提交后评标办法即冻结，不能再修改', en: 'The evaluation method is frozen once the tender is submitted' }, { reason: 'METHOD_FROZEN', rule: 'S1', status: p.status });
    }
    const updated = await tx
      .update(sections)
      .set({ evaluationMethod: spec, evaluationMethodSha256: sha, blindTechnical: input.blindTechnical })
      .where(and(eq(sections.id, input.sectionId), eq(sections.projectId, p.id)))
      .returning({ id: sections.id });
    if (updated.length === 0) throw new AppError('NOT_FOUND', { zh: '标段不存在', en: 'No such section' }, { field: 'sectionId' });
    await audit(tx, deps, ctx, {
      chain: projectChain(p.id),
      action: 'evaluation.method_set',
      subject: { type: 'section', id: input.sectionId },
      payload: { sectionId: input.sectionId, kind: spec.kind, version: spec.version, methodSha256: sha, blindTechnical: input.blindTechnical },
    });
    return { sectionId: input.sectionId, methodSha256: sha, blindTechnical: input.blindTechnical };
  });
}

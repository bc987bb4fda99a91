/**
 * The evaluation's statuses and words (issue 22 §6), shared by the center's, the supervisor's and the
 * bidder's pages: each status a tag of its family (issue 19 §2), the stages, the R87 §64 reopening cases.
 */
import type { StatusFamily } from '@ebid/domain';
import type { RouterOutputs } from '../api.ts';
import { StatusTag } from '../components/StatusTag.tsx';
import { useT, type MessageKey } from '../i18n.ts';

export type EvaluationStatus = RouterOutputs['evaluation']['get']['status'];
export type EvaluationStage = RouterOutputs['evaluation']['progress']['members'][number]['stages'][number]['stage'];

const STATUS_FAMILY: Record<EvaluationStatus, StatusFamily> = {
  preparing: 'open',
  compliance: 'progress',
  technical: 'progress',
  scoring: 'progress',
  reporting: 'progress',
  signed: 'done',
  failed: 'failed',
};

export const EVALUATION_STATUSES = Object.keys(STATUS_FAMILY) as EvaluationStatus[];

/** 准备中 / 初步评审 / 技术标（暗标）评审 / 详细评审 / 报告签署中 / 已签署 / 评标失败, in its family's colours. */
export function EvaluationStatusTag({ status }: { status: EvaluationStatus }) {
  const t = useT();
  return (
    <StatusTag family={STATUS_FAMILY[status] ?? 'neutral'} testId="evaluation-status">
      {t(`evaluationCenter.status.${status}` as MessageKey)}
    </StatusTag>
  );
}

export function useStageName(): (stage: EvaluationStage) => string {
  const t = useT();
  return (stage) => t(`evaluationCenter.stage.${stage}` as MessageKey);
}

/** R87 §64: the only cases in which a signed evaluation is reopened (the service checks them, rule S11). */
export const REOPEN_CASES = ['sum_error', 'out_of_range', 'objective_mismatch', 'extreme_scores'] as const;
export type ReopenCase = (typeof REOPEN_CASES)[number];

export function useReopenCaseName(): (c: ReopenCase) => string {
  const t = useT();
  return (c) => t(`evaluationCenter.reopen.case.${c}` as MessageKey);
}

/** The statuses after which nothing moves on its own: no polling. */
export function evaluationSettled(status: EvaluationStatus | undefined): boolean {
  return status === 'signed' || status === 'failed';
}

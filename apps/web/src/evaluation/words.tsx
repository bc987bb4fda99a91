/** The evaluation's statuses in the expert's words (issue 22 §6), each a status tag of its family (issue 19 §2). */
import type { StatusFamily } from '@ebid/domain';
import { StatusTag } from '../components/StatusTag.tsx';
import { useT, type MessageKey } from '../i18n.ts';
import type { EvaluationStatus } from './model.ts';

const STATUS_FAMILY: Record<EvaluationStatus, StatusFamily> = {
  preparing: 'open',
  compliance: 'progress',
  technical: 'progress',
  scoring: 'progress',
  reporting: 'progress',
  signed: 'done',
  failed: 'failed',
};

export function ExpertEvaluationStatusTag({ status, testId = 'evaluation-status' }: { status: EvaluationStatus; testId?: string }) {
  const t = useT();
  return (
    <StatusTag family={STATUS_FAMILY[status] ?? 'neutral'} testId={testId}>
      {t(`evaluation.status.${status}` as MessageKey)}
    </StatusTag>
  );
}

/** A member's own act (signed in, declared, signed) as a done / waiting tag. */
export function DoneTag({ done, yes, no, testId }: { done: boolean; yes: MessageKey; no: MessageKey; testId?: string }) {
  const t = useT();
  return (
    <StatusTag family={done ? 'done' : 'progress'} {...(testId ? { testId } : {})}>
      {t(done ? yes : no)}
    </StatusTag>
  );
}

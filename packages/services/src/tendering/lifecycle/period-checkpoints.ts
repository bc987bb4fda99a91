/**
 * The minimum-period checkpoints (issue 20 §1, M1; domain §6.2 文件发售期, 等标期/公告期): when a notice is
 * published, one checkpoint per statutory window of its schedule that a `period: 'window'` kind watches
 * (domain supervision/checkpoint-kinds.ts `windowCheckpoints`), due when the minimum has surely run.
 *
 * Its raiser, at the due instant, counts again on today's calendar: the anchor moved (a clarification,
 * N5) or a year's official calendar published since moved the due instant → the checkpoint moves; the
 * window stayed open until the minimum had run → done ('checkpoint.period_run'); the window closed before
 * → the red alert to the owner side and the project's supervisors: the period was cut short. A project
 * terminated or failed before then completes it with that act.
 */
import type { ProjectRow, Tx } from '@ebid/db';
import { formatBeijingDateTime, scheduleFromIso, STATUTORY_LIMITS, windowCheckpoints, type WindowCheckpoint } from '@ebid/domain';
import type { Deps } from '../../deps.ts';
import { loadHolidayTable } from '../../projects/holidays.ts';
import { projectScheduleCheck } from '../../projects/project-schedule.ts';
import { declareCheckpoint, warnOverrides } from '../../supervision/checkpoints.ts';
import { GENERIC_RAISER, type CheckpointRaiser } from '../../supervision/engine.ts';

/** The acceleration of the sandbox (1 = statutory), from the deps' config when it is there. */
function accelerationOf(deps: object): number {
  return (deps as { config?: { testing?: { acceleration?: number } } }).config?.testing?.acceleration ?? 1;
}

async function windowsOf(tx: Tx, deps: object, p: ProjectRow): Promise<WindowCheckpoint[]> {
  return windowCheckpoints(projectScheduleCheck(p, scheduleFromIso(p.schedule), { acceleration: accelerationOf(deps) }), await loadHolidayTable(tx), warnOverrides(deps));
}

/** Declare the project's minimum-period checkpoints (inside the publishing transaction). */
export async function declarePeriodCheckpoints(tx: Tx, deps: Pick<Deps, 'clock'>, p: ProjectRow): Promise<void> {
  for (const w of await windowsOf(tx, deps, p)) {
    await declareCheckpoint(tx, deps, { projectId: p.id, kind: w.kind, subjectKey: w.subjectKey, dueAt: w.dueAt, warnAt: w.warnAt, provisional: w.provisional, responsibleOrgId: p.tendereeOrgId });
  }
}

/** The raiser of 'notice.period' and 'documents.sale_period'. */
export const periodCheckpointRaiser: CheckpointRaiser = {
  async inspect(tx, deps, input) {
    const { checkpoint: cp, project, now } = input; // the engine read the project in this transaction
    if (project.status === 'TERMINATED' || project.status === 'FAILED') {
      return { type: 'done', act: project.status === 'TERMINATED' ? 'project.terminate' : 'project.fail', at: now };
    }
    const w = (await windowsOf(tx, deps, project)).find((x) => x.subjectKey === cp.subjectKey);
    // Not one of the schedule's windows (a checkpoint declared by hand): the engine's own words.
    if (!w) return GENERIC_RAISER.inspect(tx, deps, input);
    if (w.dueAt.getTime() !== cp.dueAt.getTime()) return { type: 'moved', dueAt: w.dueAt, warnAt: w.warnAt, provisional: w.provisional };
    if (!w.cutShort) {
      // The period ran: recorded on the project's chain (and so on the supervisor's timeline).
      return {
        type: 'done',
        act: 'checkpoint.period_run',
        at: cp.dueAt,
        audit: {
          action: 'checkpoint.period_run',
          subject: { type: 'checkpoint', id: cp.id },
          payload: { kind: cp.kind, limitId: w.limitId, windowField: w.windowField, windowEnd: w.windowEnd.toISOString(), minimumRanAt: w.dueAt.toISOString(), provisional: w.provisional },
        },
      };
    }
    const limit = STATUTORY_LIMITS.find((l) => l.id === w.limitId);
    const code = project.unifiedDealCode;
    const end = formatBeijingDateTime(w.windowEnd);
    const due = formatBeijingDateTime(w.dueAt);
    const rule = limit ? { zh: `${limit.descriptionZh}，${limit.citationZh}`, en: `${limit.descriptionEn}, ${limit.citationEn}` } : { zh: cp.kind, en: cp.kind };
    const name = cp.kind === 'notice.period' ? { zh: '公告期', en: 'notice period' } : { zh: '文件发售期', en: 'document sale period' };
    return {
      type: 'raise',
      message: {
        kind: 'checkpoint.red',
        title: { zh: `【红色预警】${name.zh}短于法定最短期限（${code}）`, en: `[Red alert] The ${name.en} is shorter than the statutory minimum (${code})` },
        body: {
          zh: `${project.name}（${code}）的${name.zh}于 ${end} 结束，早于法定最短期限届满的 ${due}（北京时间${w.provisional ? '，暂定' : ''}；${rule.zh}）。`,
          en: `The ${name.en} of ${project.name} (${code}) ended at ${end}, before the statutory minimum ran at ${due} Beijing time${w.provisional ? ', provisional' : ''} (${rule.en}).`,
        },
        link: `/workspace/projects/${project.id}`,
        audit: {
          action: 'checkpoint.period_short',
          subject: { type: 'checkpoint', id: cp.id },
          payload: { limitId: w.limitId, windowField: w.windowField, windowEnd: w.windowEnd.toISOString(), minimumRunsAt: w.dueAt.toISOString(), provisional: w.provisional, ruleRef: limit?.ruleRef ?? null },
        },
      },
    };
  },
};

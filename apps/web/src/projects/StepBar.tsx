import { Alert, Steps } from 'antd';
import { CloseCircleOutlined, PauseCircleOutlined } from '@ant-design/icons';
import { termKey } from '@ebid/domain';
import { useT } from '../i18n.ts';
import type { Project } from './ProjectsPage.tsx';

type Step = Project['steps'][number];
type AntStatus = 'wait' | 'process' | 'finish' | 'error';

const ANT_STATUS: Record<Step['state'], AntStatus> = { done: 'finish', current: 'process', stopped: 'error', todo: 'wait' };

/**
 * The project's step bar (issue 18 §6): its trade and method's own steps (`step.<word>`), done / current /
 * todo, and — for a failed, terminated or suspended project — the step where it stopped, marked in red
 * (a pause for a suspension) with the stop's word and reason beside it and in an alert above, never by
 * colour alone. After a failure or termination the later steps are greyed: they will not come.
 */
export function StepBar({ project }: { project: Pick<Project, 'steps' | 'stepStop' | 'tradeType' | 'method'> }) {
  const t = useT();
  const stop = project.stepStop;
  const final = stop !== null && stop.kind !== 'suspended';
  const kindWord = !stop ? '' : stop.kind === 'failed' ? t(termKey('failure', project.tradeType, project.method)) : t(stop.kind === 'terminated' ? 'status.TERMINATED' : 'status.SUSPENDED');
  const reason = !stop || stop.reason === null ? null : stop.kind === 'failed' ? t(`failReason.${stop.reason}`) : stop.kind === 'suspended' ? t(`suspension.${stop.reason}`) : stop.reason;
  const stepWord = (status: string | null): string | null => {
    const s = project.steps.find((x) => x.status === status);
    return s ? t(`step.${s.word}`) : null;
  };
  const at = stop ? stepWord(stop.at) : null;
  const current = project.steps.findIndex((s) => s.state === 'current' || s.state === 'stopped');
  return (
    <>
      {stop && (
        <Alert
          className="ebid-gap"
          type={final ? 'error' : 'warning'}
          showIcon
          data-testid="project-stop"
          title={[kindWord, at ? t('project.steps.stoppedAt', { step: at }) : t('project.steps.stopUnknown'), stop.kind !== 'suspended' && stop.archived ? t('status.ARCHIVED') : null].filter(Boolean).join(' · ')}
          description={reason ? t('project.steps.reason', { reason }) : undefined}
        />
      )}
      <Steps
        size="small"
        current={current < 0 ? project.steps.length : current}
        data-testid="project-steps"
        items={project.steps.map((s) => {
          const stopped = s.state === 'stopped';
          return {
            key: s.status,
            title: t(`step.${s.word}`),
            status: stopped && !final ? 'process' : ANT_STATUS[s.state],
            ...(stopped ? { icon: final ? <CloseCircleOutlined aria-hidden /> : <PauseCircleOutlined aria-hidden />, content: kindWord } : {}),
            ...(final && s.state === 'todo' ? { disabled: true, style: { opacity: 0.55 } } : {}),
            ...(s.conditional ? { subTitle: t('project.steps.conditional') } : {}),
          };
        })}
      />
    </>
  );
}

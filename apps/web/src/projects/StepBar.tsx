import { useEffect, useRef, useState, type CSSProperties, type RefObject } from 'react';
import { Alert, Steps } from 'antd';
import { statusFamilyOf, termKey, type StatusFamily } from '@ebid/domain';
import { FAMILY_ICONS } from '../components/StatusTag.tsx';
import { FAMILY_PALETTE } from '../components/status-palette.ts';
import { useLang, useT, type Lang } from '../i18n.ts';
import type { Project } from './ProjectsPage.tsx';

type Step = Project['steps'][number];
type Stop = Project['stepStop'];
type AntStatus = 'wait' | 'process' | 'finish' | 'error';

const ANT_STATUS: Record<Step['state'], AntStatus> = { done: 'finish', current: 'process', stopped: 'error', todo: 'wait' };

/**
 * A step's colour family (issue 19 §2), the same as the tags': a step passed is done; the current step is
 * the family of the project's status there (投标 open, 评标 in progress, 已中标 done) — the very family of
 * the project's status tag; the stop is failed (流标 / 终止) or suspended (暂停); a step to come is neutral.
 */
export function stepFamily(step: Pick<Step, 'state' | 'status'>, stop: Stop): StatusFamily {
  switch (step.state) {
    case 'done':
      return 'done';
    case 'current':
      return statusFamilyOf('procedure', step.status);
    case 'stopped':
      return stop?.kind === 'suspended' ? 'suspended' : 'failed';
    case 'todo':
      return 'neutral';
  }
}

/**
 * The narrowest a step may be in each language (px): an English title must never break inside a word
 * (issue 19 §5), so a step needs room for its longest word ("Prequalification", "Consultation"); Chinese
 * wraps between characters. Below it the bar shows the first, the last and the steps around the current one.
 */
const MIN_STEP_WIDTH: Record<Lang, number> = { zh: 80, en: 132 };

/** How many steps fit in `width` px (at least 5: first, last, current ± 1); undefined: all of them. */
export function stepsThatFit(width: number | undefined, total: number, lang: Lang): number | undefined {
  if (width === undefined || width <= 0) return undefined;
  const fit = Math.max(5, Math.floor(width / MIN_STEP_WIDTH[lang]));
  return fit >= total ? undefined : fit;
}

/** The bar's own width, followed as the window changes (undefined where there is no layout, e.g. jsdom). */
function useWidth(): [RefObject<HTMLDivElement | null>, number | undefined] {
  const ref = useRef<HTMLDivElement>(null);
  const [width, setWidth] = useState<number>();
  useEffect(() => {
    const el = ref.current;
    if (!el || typeof ResizeObserver === 'undefined') return;
    const ro = new ResizeObserver(([entry]) => setWidth(entry ? Math.round(entry.contentRect.width) : undefined));
    ro.observe(el);
    return () => ro.disconnect();
  }, []);
  return [ref, width];
}

/** English titles break between words only, never inside one ("Registrati-on"); no hyphenation. */
const TITLE_STYLE: CSSProperties = { wordBreak: 'normal', overflowWrap: 'normal', hyphens: 'manual' };

/**
 * The project's step bar (issue 18 §6, issue 19 §2 §5): its trade and method's own steps (`step.<word>`),
 * done / current / todo, and — for a failed, terminated or suspended project — the step where it stopped,
 * with the stop's word and reason beside it and in an alert above, never by colour alone. Each step wears
 * its family's colours (status-palette.ts), the same as the status tags. After a failure or termination
 * the later steps are greyed: they will not come. Titles sit under their icons; when the steps do not
 * fit the width, the bar keeps the first, the last and those around the current step.
 */
export function StepBar({ project }: { project: Pick<Project, 'steps' | 'stepStop' | 'tradeType' | 'method'> }) {
  const t = useT();
  const { lang } = useLang();
  const [ref, width] = useWidth();
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
    <div ref={ref}>
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
        titlePlacement="vertical"
        current={current < 0 ? project.steps.length : current}
        maxCount={stepsThatFit(width, project.steps.length, lang)}
        data-testid="project-steps"
        items={project.steps.map((s) => {
          const stopped = s.state === 'stopped';
          const family = stepFamily(s, stop);
          const c = FAMILY_PALETTE[family];
          const greyed = final && s.state === 'todo';
          return {
            key: s.status,
            className: `ebid-step ebid-family-${family}`,
            title: t(`step.${s.word}`),
            status: stopped && !final ? 'process' : ANT_STATUS[s.state],
            ...(stopped ? { icon: FAMILY_ICONS[family], content: kindWord } : {}),
            // The family's colours; a step that will not come keeps the neutral grey (no opacity: it keeps its contrast).
            styles: {
              icon: { color: c.fg, background: stopped ? 'transparent' : c.bg, borderColor: c.fg },
              title: { ...TITLE_STYLE, color: s.state === 'todo' || stopped ? c.fg : undefined, textDecoration: greyed ? 'line-through' : undefined },
              subtitle: TITLE_STYLE,
              ...(stopped ? { content: { color: c.fg } } : {}),
              rail: { borderColor: s.state === 'done' ? FAMILY_PALETTE.done.fg : FAMILY_PALETTE.neutral.border },
            },
            ...(greyed ? { disabled: true } : {}),
            ...(s.conditional ? { subTitle: t('project.steps.conditional') } : {}),
          };
        })}
      />
    </div>
  );
}

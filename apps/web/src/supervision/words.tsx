/**
 * The supervision colours and words (ux.md: green 正常, yellow 预警, red 超期 — the same three everywhere;
 * issue 20 §3): a checkpoint state or an alert level as a tag with its icon and its words, so colour is
 * never the only sign; each text colour keeps ≥ 4.5:1 on its tint (words.test.tsx).
 */
import type { ReactNode } from 'react';
import { Tag } from 'antd';
import { CheckCircleOutlined, ClockCircleOutlined, ExclamationCircleOutlined, WarningOutlined } from '@ant-design/icons';
import { CHECKPOINT_KINDS, isCheckpointKind, type AlertLevel, type CheckpointState } from '@ebid/domain';
import type { Lang, TFunction } from '../i18n.ts';
import { FAMILY_PALETTE, type FamilyColours } from '../components/status-palette.ts';

export const STATE_PALETTE: Readonly<Record<CheckpointState, FamilyColours>> = {
  green: FAMILY_PALETTE.done,
  yellow: { fg: '#874d00', bg: '#fffbe6', border: '#ffe58f' },
  red: FAMILY_PALETTE.failed,
  done: FAMILY_PALETTE.neutral,
};

/** The fills of the chart bars (graphics: ≥ 3:1 on white, WCAG 1.4.11). */
export const CHART_COLOURS: Readonly<Record<AlertLevel, string>> = { yellow: '#ad6800', red: '#cf1322' };

const ICONS: Record<CheckpointState, ReactNode> = {
  green: <ClockCircleOutlined aria-hidden />,
  yellow: <WarningOutlined aria-hidden />,
  red: <ExclamationCircleOutlined aria-hidden />,
  done: <CheckCircleOutlined aria-hidden />,
};

export function StateTag({ state, t, label, testId }: { state: CheckpointState; t: TFunction; label?: string; testId?: string }) {
  const c = STATE_PALETTE[state];
  return (
    <Tag icon={ICONS[state]} style={{ color: c.fg, background: c.bg, borderColor: c.border }} data-testid={testId} data-state={state}>
      {label ?? t(`supervisionDash.state.${state}`)}
    </Tag>
  );
}

export function LevelTag({ level, t, testId }: { level: AlertLevel; t: TFunction; testId?: string }) {
  return <StateTag state={level} t={t} label={t(`supervisionDash.level.${level}`)} testId={testId} />;
}

/** A checkpoint kind in words: its declared name (domain checkpoint-kinds.ts), else the key (a kind this build does not know). */
export function kindWord(lang: Lang, kind: string): string {
  return isCheckpointKind(kind) ? CHECKPOINT_KINDS[kind].name[lang] : kind;
}

/** The supervision colours and words (issue 20 §3; ux.md: green 正常, yellow 预警, red 超期 everywhere). */
import { describe, expect, it } from 'vitest';
import { ALERT_LEVELS, CHECKPOINT_STATES } from '@ebid/domain';
import { contrast } from '../contrast.ts';
import { translate } from '../i18n.ts';
import { CHART_COLOURS, kindWord, STATE_PALETTE } from './words.tsx';

describe('supervision palette', () => {
  it.each(CHECKPOINT_STATES.map((s) => [s, STATE_PALETTE[s]] as const))('%s: text ≥ 4.5:1 on its tint and on white (AA)', (_s, c) => {
    expect(contrast(c.fg, c.bg)).toBeGreaterThanOrEqual(4.5);
    expect(contrast(c.fg, '#ffffff')).toBeGreaterThanOrEqual(4.5);
  });

  it.each(ALERT_LEVELS.map((l) => [l, CHART_COLOURS[l]] as const))('%s chart bars ≥ 3:1 on white (WCAG 1.4.11)', (_l, colour) => {
    expect(contrast(colour, '#ffffff')).toBeGreaterThanOrEqual(3);
  });

  it('the three colours are told apart, and each state has words in both languages', () => {
    expect(new Set(CHECKPOINT_STATES.map((s) => STATE_PALETTE[s].fg)).size).toBe(CHECKPOINT_STATES.length);
    for (const s of CHECKPOINT_STATES) {
      expect(translate('zh', `supervisionDash.state.${s}`)).toMatch(/[\u4e00-\u9fff]/);
      expect(translate('en', `supervisionDash.state.${s}`)).toMatch(/[a-z]/i);
    }
  });
});

describe('kindWord', () => {
  it.each([
    ['zh', 'objection.answer', '异议答复'],
    ['en', 'objection.answer', 'Objection answer'],
    ['zh', 'deposit.refund', '保证金退还'],
    ['en', 'opening.decryption', 'Decryption window'],
    ['zh', 'award.contract', 'award.contract'], // a kind this build does not declare: its key
  ] as const)('%s %s → %s', (lang, kind, word) => {
    expect(kindWord(lang, kind)).toBe(word);
  });
});

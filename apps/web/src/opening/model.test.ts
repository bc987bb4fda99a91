import { describe, expect, it } from 'vitest';
import { depositLabel } from './model.ts';

describe('depositLabel: the security column of the opening', () => {
  it.each<[string | null, string, string]>([
    [null, '无需缴纳', 'None required'],
    ['pending', '待缴纳', 'Pending'],
    ['received', '已到账', 'Received'],
    ['refunded', '已退还', 'Refunded'],
    ['forfeited', '已没收', 'Forfeited'],
    // issue 16 §5: the tender waived the security — not a missing payment
    ['waived', '不收取（招标文件免收）', 'Waived by the tender'],
  ])('%s → %s / %s', (status, zh, en) => {
    expect([depositLabel(status, 'zh'), depositLabel(status, 'en')]).toEqual([zh, en]);
  });
});

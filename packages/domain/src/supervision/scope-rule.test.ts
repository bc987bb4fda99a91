import { describe, expect, it } from 'vitest';
import { anyScopeCovers, industryProblem, isRegionCode, regionCovers, regionPrefix, scopeCovers, scopeProblem, type ScopeRule } from './scope-rule.ts';

describe('region codes (行政区划代码, issue 20 §4)', () => {
  it.each([
    ['330100', true],
    ['330102', true],
    ['330000', true],
    ['110000', true],
    ['000000', false],
    ['001234', false],
    ['33010', false],
    ['3301000', false],
    ['33010a', false],
    ['', false],
  ])('isRegionCode(%j) = %s', (code, ok) => {
    expect(isRegionCode(code)).toBe(ok);
  });

  it.each([
    ['330000', '33'],
    ['330100', '3301'],
    ['330102', '330102'],
    ['330002', '330002'],
    ['000000', null],
  ])('regionPrefix(%j) = %j', (code, prefix) => {
    expect(regionPrefix(code)).toBe(prefix);
  });

  it.each([
    // scope, project, covered — M3: a province covers its cities and districts, a city its districts
    ['330000', '330102', true],
    ['330000', '330100', true],
    ['330000', '340100', false],
    ['330100', '330100', true],
    ['330100', '330102', true],
    ['330100', '330199', true],
    ['330100', '330200', false],
    ['330100', '330000', false],
    ['330102', '330102', true],
    ['330102', '330103', false],
    ['330102', '330100', false],
    ['320500', '330100', false],
    ['330100', '3301', false],
    ['bad', '330100', false],
  ])('scope %s covers %s: %s', (scope, project, covered) => {
    expect(regionCovers(scope, project)).toBe(covered);
  });
});

describe('scopeCovers (M3)', () => {
  const eng = (industry: string | null): ScopeRule => ({ regionCode: '330100', tradeType: 'engineering', industry });
  it.each([
    ['same trade, region covered, every industry', eng(null), { regionCode: '330102', tradeType: 'engineering' as const, industry: 'water' }, true],
    ['same industry', eng('water'), { regionCode: '330102', tradeType: 'engineering' as const, industry: 'water' }, true],
    ['other industry', eng('water'), { regionCode: '330102', tradeType: 'engineering' as const, industry: 'transport' }, false],
    ['project without industry, scope of one industry', eng('water'), { regionCode: '330102', tradeType: 'engineering' as const, industry: null }, false],
    ['project without industry, scope of every industry', eng(null), { regionCode: '330102', tradeType: 'engineering' as const }, true],
    ['other trade type', eng(null), { regionCode: '330102', tradeType: 'procurement' as const, industry: null }, false],
    ['other region', eng(null), { regionCode: '320500', tradeType: 'engineering' as const, industry: 'water' }, false],
    ['procurement scope', { regionCode: '330000', tradeType: 'procurement' as const, industry: null }, { regionCode: '330106', tradeType: 'procurement' as const, industry: null }, true],
  ])('%s', (_name, scope, project, covered) => {
    expect(scopeCovers(scope, project)).toBe(covered);
  });

  it('no scope covers nothing; any one scope suffices', () => {
    const p = { regionCode: '330102', tradeType: 'land' as const };
    expect(anyScopeCovers([], p)).toBe(false);
    expect(anyScopeCovers([eng(null), { regionCode: '330000', tradeType: 'land', industry: null }], p)).toBe(true);
  });
});

describe('scopeProblem / industryProblem', () => {
  it.each([
    [{ regionCode: '330100', tradeType: 'engineering', industry: 'housing' }, null],
    [{ regionCode: '330100', tradeType: 'land', industry: null }, null],
    [{ regionCode: '33010', tradeType: 'land', industry: null }, 'REGION_CODE'],
    [{ regionCode: '000000', tradeType: 'engineering', industry: null }, 'REGION_CODE'],
    [{ regionCode: '330100', tradeType: 'procurement', industry: 'water' }, 'INDUSTRY_NOT_APPLICABLE'],
    [{ regionCode: '330100', tradeType: 'engineering', industry: 'mining' }, 'INDUSTRY_UNKNOWN'],
  ] satisfies [ScopeRule, string | null][])('%j → %s', (scope, reason) => {
    expect(scopeProblem(scope)?.reason ?? null).toBe(reason);
  });

  it.each([
    ['engineering', 'water', null],
    ['engineering', null, null],
    ['engineering', undefined, null],
    ['engineering', 'mining', 'INDUSTRY_UNKNOWN'],
    ['procurement', 'water', 'INDUSTRY_NOT_APPLICABLE'],
    ['land', null, null],
  ] as const)('%s with %j → %s', (trade, industry, problem) => {
    expect(industryProblem(trade, industry)).toBe(problem);
  });
});

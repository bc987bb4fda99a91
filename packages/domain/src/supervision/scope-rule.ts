/**
 * What a supervisor supervises (issue 20 §4, domain §8 M3): a supervisor account holds scopes, each a
 * region × a trade type, and for engineering optionally one industry (行业) — the line ministry whose
 * projects it supervises (domain §1 监管部门: 住建, 交通, 水利 …).
 *
 * Region rule. A region is a 6-digit 行政区划代码 (GB/T 2260): two digits of province, two of city, two of
 * district. A scope's code covers the codes under it in that hierarchy: a province code (`330000`) covers
 * every code starting `33`; a city code (`330100`) covers every code starting `3301` (its districts
 * `330102` … and the city-level code itself); a district code (`330102`) covers itself only. So the
 * covered prefix is the code with its trailing `00` pairs removed (at most two pairs: `000000` is not a
 * region). A project whose region code is malformed is covered by no scope.
 */
import type { TradeType } from '../procedure/flags.ts';

/** 工程建设项目的行业 (the line ministries of domain §1): engineering projects only. */
export const INDUSTRIES = ['housing', 'transport', 'water', 'other'] as const;
export type Industry = (typeof INDUSTRIES)[number];

/** A valid region code: 6 digits, a province part other than 00. */
export function isRegionCode(code: string): boolean {
  return /^\d{6}$/.test(code) && !code.startsWith('00');
}

/** The prefix a scope's region code covers (`330100` → `3301`), or null when the code is not a region. */
export function regionPrefix(code: string): string | null {
  if (!isRegionCode(code)) return null;
  if (code.endsWith('0000')) return code.slice(0, 2);
  if (code.endsWith('00')) return code.slice(0, 4);
  return code;
}

/** Does a scope of region `scopeCode` cover a project located in `projectCode`? */
export function regionCovers(scopeCode: string, projectCode: string): boolean {
  const prefix = regionPrefix(scopeCode);
  return prefix !== null && isRegionCode(projectCode) && projectCode.startsWith(prefix);
}

export interface ScopeRule {
  regionCode: string;
  tradeType: TradeType;
  /** Engineering only; null = every industry. */
  industry: string | null;
}

export interface ScopedProject {
  regionCode: string;
  tradeType: TradeType;
  /** Engineering only; null for the other trade types (and an engineering project not yet classified). */
  industry?: string | null;
}

/**
 * Does this scope cover the project (M3)? Same trade type, the region covered, and — when the scope names
 * an industry — the project of that industry (an engineering project without an industry is covered only
 * by a scope of every industry).
 */
export function scopeCovers(scope: ScopeRule, project: ScopedProject): boolean {
  if (scope.tradeType !== project.tradeType) return false;
  if (!regionCovers(scope.regionCode, project.regionCode)) return false;
  if (scope.industry !== null && scope.industry !== (project.industry ?? null)) return false;
  return true;
}

/** Does any of the scopes cover the project? (No scope: nothing.) */
export function anyScopeCovers(scopes: readonly ScopeRule[], project: ScopedProject): boolean {
  return scopes.some((s) => scopeCovers(s, project));
}

export type ScopeProblem = { reason: 'REGION_CODE'; messageZh: string; messageEn: string } | { reason: 'INDUSTRY_NOT_APPLICABLE' | 'INDUSTRY_UNKNOWN'; messageZh: string; messageEn: string };

/** Why a scope cannot be stored, or null: a valid region code; an industry only for engineering, and a known one. */
export function scopeProblem(scope: ScopeRule): ScopeProblem | null {
  if (!isRegionCode(scope.regionCode)) {
    return { reason: 'REGION_CODE', messageZh: `行政区划代码“${scope.regionCode}”无效（应为6位数字）`, messageEn: `"${scope.regionCode}" is not a region code (6 digits)` };
  }
  if (scope.industry !== null) {
    if (scope.tradeType !== 'engineering') return { reason: 'INDUSTRY_NOT_APPLICABLE', messageZh: '只有工程建设项目按行业划分监管范围', messageEn: 'Only engineering scopes name an industry' };
    if (!INDUSTRIES.some((i) => i === scope.industry)) return { reason: 'INDUSTRY_UNKNOWN', messageZh: '未知的行业', messageEn: 'Unknown industry' };
  }
  return null;
}

/** Is an industry valid for a project of this trade type? Engineering: one of INDUSTRIES or null; others: null only. */
export function industryProblem(tradeType: TradeType, industry: string | null | undefined): 'INDUSTRY_NOT_APPLICABLE' | 'INDUSTRY_UNKNOWN' | null {
  if (industry === null || industry === undefined) return null;
  if (tradeType !== 'engineering') return 'INDUSTRY_NOT_APPLICABLE';
  return INDUSTRIES.some((i) => i === industry) ? null : 'INDUSTRY_UNKNOWN';
}

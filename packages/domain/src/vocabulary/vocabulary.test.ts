import { describe, expect, it } from 'vitest';
import { PROCEDURE_METHODS, TRADE_TYPES } from '../procedure/flags.ts';
import { FAIL_REASONS, PROCEDURE_STATUSES, SUSPENSION_REASONS } from '../procedure/machine.ts';
import { STEP_WORDS } from '../procedure/steps.ts';
import { PRICE_KINDS, PROJECT_SUBJECTS } from '../procedure/project-fields.ts';
import { INDUSTRIES } from '../supervision/scope-rule.ts';
import { PROPERTY_KINDS } from '../calendar/limits.ts';
import { ROLE_LABELS, ROLES } from '../roles.ts';
import { SUMMARY_PERIODS } from '../tendering/summary-fields.ts';
import { STATUS_LABELS } from '../procedure/machine.ts';
import {
  BID_PART_WORDS,
  CONFIRM_STATUSES,
  DECRYPT_STATUSES,
  DEPOSIT_FORMS,
  DEPOSIT_STATUSES,
  FAILURE_CAUSES,
  NOTICE_KINDS,
  AUDIT_ACTIONS,
  AUDIT_SUBJECT_TYPES,
  DIALECTS,
  TERMS,
  statusWord,
  VOCABULARY,
  word,
  wordPair,
  type VocabularyKey,
} from './index.ts';

describe('the shared vocabulary', () => {
  it('has every key in both languages, none empty', () => {
    expect(Object.keys(VOCABULARY.en).sort()).toEqual(Object.keys(VOCABULARY.zh).sort());
    for (const lang of ['zh', 'en'] as const) {
      for (const [k, v] of Object.entries(VOCABULARY[lang])) expect(v.trim(), `${lang}:${k}`).not.toBe('');
    }
  });

  const lists: [string, readonly string[]][] = [
    ['status', PROCEDURE_STATUSES],
    ['trade', TRADE_TYPES],
    ['method', PROCEDURE_METHODS],
    ['subject', PROJECT_SUBJECTS],
    ['industry', INDUSTRIES],
    ['priceKind', PRICE_KINDS],
    ['propertyKind', PROPERTY_KINDS],
    ['notice.kind', NOTICE_KINDS],
    ['role', ROLES],
    ['bidPart', BID_PART_WORDS],
    ['deposit.status', DEPOSIT_STATUSES],
    ['deposit.form', DEPOSIT_FORMS],
    ['decrypt.status', DECRYPT_STATUSES],
    ['confirm.status', CONFIRM_STATUSES],
    ['failureCause', FAILURE_CAUSES],
    ['summaryPeriod', SUMMARY_PERIODS],
    ...TERMS.map((t): [string, readonly string[]] => [`term.${t}`, DIALECTS]),
    ['step', STEP_WORDS],
    ['failReason', FAIL_REASONS],
    ['suspension', SUSPENSION_REASONS],
    ['auditAction', AUDIT_ACTIONS],
    ['auditSubject', AUDIT_SUBJECT_TYPES],
  ];
  it.each(lists)('has a word for every value of %s', (prefix, values) => {
    for (const v of values) {
      for (const lang of ['zh', 'en'] as const) expect(VOCABULARY[lang][`${prefix}.${v}` as VocabularyKey], `${lang}:${prefix}.${v}`).toBeTruthy();
    }
  });

  it('says each word once: no key outside the lists', () => {
    const listed = new Set(lists.flatMap(([prefix, values]) => values.map((v) => `${prefix}.${v}`)));
    const extra = Object.keys(VOCABULARY.zh).filter((k) => !listed.has(k));
    expect(extra.sort()).toEqual(['deposit.status.none', 'deposit.status.waived']);
  });

  it('looks words up; the bilingual label maps are lookups into it', () => {
    expect(word('zh', 'trade.engineering')).toBe('工程建设');
    expect(statusWord('en', 'BIDDING')).toBe('Bidding');
    expect(wordPair('bidPart.summary')).toEqual({ zh: '开标一览表', en: 'Bid summary' });
    expect(STATUS_LABELS.FAILED).toEqual({ zh: '流标/失败', en: 'Failed' });
    expect(ROLE_LABELS.staff).toEqual({ zh: '交易中心', en: 'Center staff' });
  });
});

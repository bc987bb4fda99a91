import { describe, expect, it } from 'vitest';
import { AppError } from '../errors.ts';
import { procedureFlags, type ProcedureMethod, type TradeType } from '../procedure/flags.ts';
import { documentsMissing, requiredDocumentKind, requiredDocumentLabel, type RequiredDocumentKind } from './required-documents.ts';

describe('requiredDocumentKind — issue 16 §1: no tender without documents (N3, N7)', () => {
  it.each<[string, TradeType, ProcedureMethod, boolean | undefined, RequiredDocumentKind | null]>([
    ['tender', 'engineering', 'open', undefined, 'tender'],
    ['tender', 'engineering', 'invited', undefined, 'tender'],
    ['tender', 'procurement', 'open', undefined, 'tender'],
    ['tender', 'procurement', 'negotiation', undefined, 'tender'],
    ['tender', 'procurement', 'consultation', undefined, 'tender'],
    ['tender', 'procurement', 'inquiry', undefined, 'tender'],
    ['prequalification', 'engineering', 'open', true, 'prequalification'],
    ['prequalification', 'procurement', 'invited', undefined, 'prequalification'],
    ['land_sale', 'land', 'tender', undefined, 'tender'], // 出让文件 are stored as kind `tender`
    ['land_sale', 'land', 'auction', undefined, 'tender'],
    ['land_sale', 'land', 'listing', false, 'tender'],
    // exempt kinds: they issue no documents of their own
    ['amendment', 'engineering', 'open', undefined, null],
    ['termination', 'engineering', 'open', undefined, null],
    ['failure', 'engineering', 'open', undefined, null],
    ['single_source', 'procurement', 'single_source', undefined, null],
    ['property_disclosure', 'property', 'listing', undefined, null],
    ['property_disclosure', 'property', 'online_bidding', undefined, null],
    // a direct procedure issues no documents whatever the notice is called (boundary: flags win)
    ['tender', 'procurement', 'single_source', undefined, null],
    // unknown kinds and prototype keys are exempt, never a crash
    ['toString', 'engineering', 'open', undefined, null],
    ['', 'engineering', 'open', undefined, null],
  ])('%s notice, %s %s (prequalification %s) → %s', (noticeKind, tradeType, method, prequalification, expected) => {
    const flags = procedureFlags(tradeType, method, prequalification === undefined ? {} : { prequalification });
    expect(requiredDocumentKind(noticeKind, flags)).toBe(expected);
  });
});

describe('requiredDocumentLabel and documentsMissing — the glossary word of the missing documents', () => {
  it.each<[string, RequiredDocumentKind, string, string]>([
    ['tender', 'tender', '招标文件', 'tender documents'],
    ['prequalification', 'prequalification', '资格预审文件', 'prequalification documents'],
    ['land_sale', 'tender', '出让文件', 'land sale documents'],
  ])('%s notice needing %s → %s / %s', (noticeKind, kind, zh, en) => {
    expect(requiredDocumentLabel(noticeKind, kind)).toEqual({ zh, en });
    const e = documentsMissing(noticeKind, kind, 'submit');
    expect(e).toBeInstanceOf(AppError);
    expect(e.code).toBe('INVALID_STATE');
    expect(e.details).toEqual({ reason: 'DOCUMENTS_MISSING', kind });
    expect(e.messageZh).toBe(`${zh}尚未上传，公告不能提交审核。请先在“招标文件”中上传${zh}`);
    expect(e.messageEn).toContain(`The ${en} are not uploaded yet; the notice cannot be submitted for review`);
  });

  it('publishing names the publication, not the review', () => {
    const e = documentsMissing('tender', 'tender', 'publish');
    expect(e.messageZh).toContain('公告不能发布');
    expect(e.messageEn).toContain('cannot be published');
  });
});

import { describe, expect, it } from 'vitest';
import { isAppError } from '../errors.ts';
import { BANK_STATEMENT_MAX_ROWS, parseBankStatement, parseBeijingStatementDate } from './bank-statement.ts';

const NOW = new Date('2026-05-01T00:00:00Z');
const HEADER = '交易日期,付款人名称,付款账号,金额,交易流水号,附言';

/** The problems of a refused file (`statementRejected`), or null when it was read. */
function refusal(csv: string): { reason: string; field: string; line: number }[] | null {
  try {
    parseBankStatement(csv, NOW);
    return null;
  } catch (e) {
    if (!isAppError(e) || e.details?.reason !== 'IMPORT_ROWS') throw e;
    return (e.details.rows as { reason: string; field: string; line: number }[]).map(({ reason, field, line }) => ({ reason, field, line }));
  }
}

describe('parseBankStatement: rows read', () => {
  it.each([
    ['a cash row', `${HEADER}\n2026-04-01 10:30,华东建工,6222 0001,"800,000.00",TX1,投标保证金 BZJ0123456789`, { payerName: '华东建工', payerAccount: '6222 0001', amountFen: 80_000_000, reference: 'TX1', remark: '投标保证金 BZJ0123456789', form: 'cash', date: '2026-04-01T02:30:00.000Z' }],
    ['English headers, a date without time', 'date,payer_name,payer_account,amount,reference,remark\n2026-04-02,ACME,123,12.5,TX2,', { payerName: 'ACME', payerAccount: '123', amountFen: 1250, reference: 'TX2', remark: '', form: 'cash', date: '2026-04-01T16:00:00.000Z' }],
    ['quoted fields with commas and quotes', `${HEADER}\n2026-04-01,"江南路桥, 有限公司",123,"1,234.56","TX3","附言 ""BZJ"""`, { payerName: '江南路桥, 有限公司', amountFen: 123_456, reference: 'TX3', remark: '附言 "BZJ"' }],
    ['a byte-order mark before the header', `\ufeff${HEADER}\n2026-04-01,甲,123,1,TX4,r`, { payerName: '甲', amountFen: 100, reference: 'TX4' }],
    ['an e-guarantee without an account', `${HEADER},保证金形式,保函出具机构,保函核验\n2026-04-01,乙,,5000,EG1,r,电子保函,示范担保公司,验真码 7F3K`, { form: 'e_guarantee', payerAccount: null, guaranteeIssuer: '示范担保公司', guaranteeVerification: '验真码 7F3K' }],
  ])('%s', (_name, csv, expected) => {
    const { rows, problems } = parseBankStatement(csv, NOW);
    expect(problems).toEqual([]);
    expect(rows).toHaveLength(1);
    const { date, ...rest } = expected as Record<string, unknown>;
    expect(rows[0]).toMatchObject(rest);
    if (date) expect(rows[0]!.date.toISOString()).toBe(date);
  });
});

describe('parseBankStatement: row problems (returned, the row left out)', () => {
  it.each([
    ['an amount with three decimals', `${HEADER}\n2026-04-01,甲,123,1.005,TX1,r`, 'amount', 'AMOUNT_FORMAT'],
    ['a negative amount', `${HEADER}\n2026-04-01,甲,123,-5,TX1,r`, 'amount', 'AMOUNT_FORMAT'],
    ['a zero amount', `${HEADER}\n2026-04-01,甲,123,0,TX1,r`, 'amount', 'AMOUNT_FORMAT'],
    ['a misplaced thousands separator', `${HEADER}\n2026-04-01,甲,123,"80,00.00",TX1,r`, 'amount', 'AMOUNT_FORMAT'],
    ['a date that does not exist', `${HEADER}\n2026-02-30,甲,123,5,TX1,r`, 'date', 'DATE_FORMAT'],
    ['a date in the future', `${HEADER}\n2026-06-01,甲,123,5,TX1,r`, 'date', 'DATE_IN_FUTURE'],
    ['a missing payer', `${HEADER}\n2026-04-01,,123,5,TX1,r`, 'payerName', 'REQUIRED'],
    ['an unknown form', `${HEADER},保证金形式\n2026-04-01,甲,123,5,TX1,r,支票`, 'form', 'FORM_UNKNOWN'],
    ['a guarantee without its issuer', `${HEADER},form,guarantee_verification\n2026-04-01,甲,,5,TX1,r,guarantee,code 42`, 'guaranteeIssuer', 'GUARANTEE_DETAILS'],
  ])('%s', (_name, csv, field, reason) => {
    const { rows, problems } = parseBankStatement(csv, NOW);
    expect(rows).toEqual([]);
    expect(problems.map((p) => ({ field: p.field, reason: p.reason, line: p.line }))).toEqual([{ field, reason, line: 2 }]);
    expect(problems[0]!.messageZh.startsWith('第2行：')).toBe(true);
  });

  it('a reference repeated in the file: the later row', () => {
    const { rows, problems } = parseBankStatement(`${HEADER}\n2026-04-01,甲,1,5,TX1,r\n2026-04-01,乙,2,6,TX1,r`, NOW);
    expect(rows).toHaveLength(2);
    expect(problems).toMatchObject([{ line: 3, field: 'reference', reason: 'DUPLICATE_REFERENCE' }]);
  });
});

describe('parseBankStatement: files refused at once (IMPORT_ROWS)', () => {
  it.each([
    ['missing columns', '交易日期,付款人名称,金额\n2026-04-01,甲,5', [
      { reason: 'MISSING_COLUMN', field: 'payerAccount', line: 1 },
      { reason: 'MISSING_COLUMN', field: 'reference', line: 1 },
      { reason: 'MISSING_COLUMN', field: 'remark', line: 1 },
    ]],
    ['an empty file', '', [{ reason: 'EMPTY', field: 'file', line: 1 }]],
    ['a header and no transactions', `${HEADER}\n`, [{ reason: 'EMPTY', field: 'file', line: 1 }]],
    ['an unclosed quote', `${HEADER}\n2026-04-01,"甲,1,5,TX1,r`, [{ reason: 'CSV_MALFORMED', field: 'file', line: 2 }]],
    ['too many rows', `${HEADER}\n${'2026-04-01,甲,1,5,TX,r\n'.repeat(BANK_STATEMENT_MAX_ROWS + 1)}`, [{ reason: 'TOO_MANY_ROWS', field: 'file', line: 0 }]],
  ])('%s', (_name, csv, expected) => {
    expect(refusal(csv)).toEqual(expected);
  });
});

describe('parseBeijingStatementDate (北京时间)', () => {
  it.each([
    ['2026-03-05', '2026-03-04T16:00:00.000Z'],
    ['2026-03-05 09:30', '2026-03-05T01:30:00.000Z'],
    [' 2026-12-31 23:59 ', '2026-12-31T15:59:00.000Z'],
    ['2026-02-29', null],
    ['2026-13-01', null],
    ['2026-01-01 24:00', null],
    ['2026/01/01', null],
  ])('%j → %s', (s, iso) => {
    expect(parseBeijingStatementDate(s)?.toISOString() ?? null).toBe(iso);
  });
});

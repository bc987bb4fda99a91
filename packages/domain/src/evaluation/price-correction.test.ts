import { describe, expect, it } from 'vitest';
import { correctPrice, type PriceLine, type StatedPrice } from './price-correction.ts';
import { reasonOf } from './test-fixtures.ts';

const line = (id: string, quantity: string, unitPriceFen: number, amountFen: number): PriceLine => ({ id, quantity, unitPriceFen, amountFen });
const stated = (over: Partial<StatedPrice['opening']> = {}, body: StatedPrice['body'] = null): StatedPrice => ({ opening: { figuresFen: 300_000_00, wordsFen: null, lines: null, ...over }, body });

describe('S8 price corrections in the R87 §59 order', () => {
  it.each<[string, StatedPrice, number, string[]]>([
    ['nothing inconsistent', stated({ wordsFen: 300_000_00 }, { totalFen: 300_000_00, lines: null }), 300_000_00, []],
    ['1. the opening form beats the body', stated({}, { totalFen: 310_000_00, lines: null }), 300_000_00, ['OPENING_FORM_OVER_BODY']],
    ['2. words beat figures', stated({ wordsFen: 3_000_000_00 }), 3_000_000_00, ['WORDS_OVER_FIGURES']],
    ['1 then 2: body 310,000, figures 300,000, words 301,000 → words', stated({ wordsFen: 301_000_00 }, { totalFen: 310_000_00, lines: null }), 301_000_00, ['OPENING_FORM_OVER_BODY', 'WORDS_OVER_FIGURES']],
    [
      '3. a unit price with its point slipped (1,250.00 written 125.00): the line amount rules',
      stated({ lines: [line('L1', '200', 125_00, 250_000_00), line('L2', '1', 50_000_00, 50_000_00)] }),
      300_000_00,
      ['UNIT_PRICE_DECIMAL_SLIP'],
    ],
    [
      '4. the total differs from Σ unit price × quantity: the unit prices rule',
      stated({ lines: [line('L1', '200', 1_250_00, 250_000_00), line('L2', '2', 50_000_00, 100_000_00)] }),
      350_000_00,
      ['TOTAL_FROM_UNIT_PRICES'],
    ],
    [
      '4. a line amount off (not a slip) is recomputed from its unit price, then the total',
      stated({ lines: [line('L1', '200', 1_250_00, 249_000_00), line('L2', '1', 50_000_00, 50_000_00)] }),
      300_000_00,
      ['LINE_AMOUNT_FROM_UNIT_PRICE'],
    ],
    [
      '2 then 4: words 290,000 over figures 300,000, then the unit prices (300,000) over both',
      stated({ wordsFen: 290_000_00, lines: [line('L1', '200', 1_250_00, 250_000_00), line('L2', '1', 50_000_00, 50_000_00)] }),
      300_000_00,
      ['WORDS_OVER_FIGURES', 'TOTAL_FROM_UNIT_PRICES'],
    ],
    [
      'the body’s lines count only when the body agrees with the opening form',
      stated({}, { totalFen: 300_000_00, lines: [line('L1', '3', 100_000_00, 300_000_00), line('L2', '1', 1_00, 1_00)] }),
      300_001_00,
      ['TOTAL_FROM_UNIT_PRICES'],
    ],
    [
      'a body overruled by step 1 brings no lines',
      stated({}, { totalFen: 400_000_00, lines: [line('L1', '4', 100_000_00, 400_000_00)] }),
      300_000_00,
      ['OPENING_FORM_OVER_BODY'],
    ],
    ['a fractional quantity: 2.5 × 33.33 = 83.325 → 83.33 (half-up to the fen), consistent', stated({ figuresFen: 83_33, lines: [line('L1', '2.5', 33_33, 83_33)] }), 83_33, []],
    ['a fractional quantity written 83.32 → 83.33', stated({ figuresFen: 83_32, lines: [line('L1', '2.5', 33_33, 83_32)] }), 83_33, ['LINE_AMOUNT_FROM_UNIT_PRICE', 'TOTAL_FROM_UNIT_PRICES']],
  ])('S8: %s', (_n, input, priceFen, codes) => {
    const out = correctPrice(input);
    expect(out.priceFen).toBe(priceFen);
    expect(out.steps.map((s) => s.code)).toEqual(codes);
    expect(out.needsConfirmation).toBe(codes.length > 0);
  });

  it('the steps are recorded with their R87 §59 item and the figures replaced', () => {
    const out = correctPrice(stated({ wordsFen: 290_000_00, lines: [line('L1', '200', 125_00, 250_000_00), line('L2', '1', 50_000_00, 50_000_00)] }, { totalFen: 299_000_00, lines: null }));
    expect(out.steps).toEqual([
      { step: 1, code: 'OPENING_FORM_OVER_BODY', lineId: null, fromFen: 299_000_00, toFen: 300_000_00 },
      { step: 2, code: 'WORDS_OVER_FIGURES', lineId: null, fromFen: 300_000_00, toFen: 290_000_00 },
      { step: 3, code: 'UNIT_PRICE_DECIMAL_SLIP', lineId: 'L1', fromFen: 125_00, toFen: 1_250_00 },
      { step: 4, code: 'TOTAL_FROM_UNIT_PRICES', lineId: null, fromFen: 290_000_00, toFen: 300_000_00 },
    ]);
    expect(out.lines?.[0]).toEqual(line('L1', '200', 1_250_00, 250_000_00));
  });

  it.each<[string, StatedPrice, string]>([
    ['a zero price', stated({ figuresFen: 0 }), 'PRICE_FIGURE_INVALID'],
    ['a fractional fen', stated({ figuresFen: 100.5 }), 'PRICE_FIGURE_INVALID'],
    ['words as a string', stated({ wordsFen: '三十万元' as unknown as number }), 'PRICE_FIGURE_INVALID'],
    ['an empty line list', stated({ lines: [] }), 'PRICE_FIGURE_INVALID'],
    ['a zero quantity', stated({ lines: [line('L1', '0', 1, 0)] }), 'PRICE_LINE_QUANTITY_INVALID'],
    ['a float quantity', stated({ lines: [line('L1', 2 as unknown as string, 1, 2)] }), 'PRICE_LINE_QUANTITY_INVALID'],
    ['repeated line ids', stated({ lines: [line('L1', '1', 1, 1), line('L1', '1', 1, 1)] }), 'PRICE_LINE_ID_INVALID'],
    ['a negative unit price', stated({ lines: [line('L1', '1', -1, 1)] }), 'PRICE_FIGURE_INVALID'],
  ])('bad figures: %s → %s', (_n, input, reason) => {
    expect(reasonOf(() => correctPrice(input))).toBe(reason);
  });
});

/** R87 §31 (domain §3.1): brands compare normalized; bidders count one per brand. */
import { describe, expect, it } from 'vitest';
import { appliesSameBrand, brandKey, brandsOf, countBidders } from './same-brand.ts';

describe('the same-brand rule (R87 §31)', () => {
  it.each([
    ['Huawei', 'huawei'],
    ['  HUAWEI  ', 'huawei'],
    ['ＨＵＡＷＥＩ', 'huawei'],
    ['华为 技术', '华为 技术'],
    ['华为\u3000技术', '华为 技术'],
    ['', null],
    ['   ', null],
    [null, null],
    [undefined, null],
  ])('brandKey(%j) = %j', (input, key) => {
    expect(brandKey(input)).toBe(key);
  });

  it.each<[string, (string | null)[], number]>([
    ['no brands', [null, null, null], 3],
    ['three brands', ['A', 'B', 'C'], 3],
    ['two of one brand', ['A', 'a', 'C'], 2],
    ['all one brand', ['A', 'A', 'A'], 1],
    ['a brand and two without', ['A', null, ''], 3],
    ['none', [], 0],
  ])('countBidders: %s → %i', (_n, brands, n) => {
    expect(countBidders(brands.map((brand) => ({ brand })))).toBe(n);
  });

  it('GP kinds only: engineering has no such rule', () => {
    expect(appliesSameBrand('gp.comprehensive')).toBe(true);
    expect(appliesSameBrand('gp.lowest_price')).toBe(true);
    expect(appliesSameBrand('eng.comprehensive')).toBe(false);
    expect(brandsOf('eng.lowest_evaluated_price', [{ id: 'b1', brand: 'A' }]).size).toBe(0);
    expect([...brandsOf('gp.lowest_price', [{ id: 'b1', brand: 'A ' }, { id: 'b2', brand: null }])]).toEqual([['b1', 'a']]);
  });
});

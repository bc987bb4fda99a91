import { describe, expect, it } from 'vitest';
import { AppError } from './errors.ts';
import { bidReceiptJson, parseBidReceipt, type BidReceiptFields } from './bid-receipt.ts';

const witness = { id: 3, document: { type: 'ebid.audit.root', version: 1, at: '2026-03-05T01:30:00.000Z', treeSize: 2, root: 'a'.repeat(64), checkpointSha256: 'b'.repeat(64) }, inclusion: { chain: 'project:5', headHash: 'c'.repeat(64), leafIndex: 1, hashes: ['d'.repeat(64)] } };
const fields: BidReceiptFields<typeof witness> = {
  bidId: 17,
  version: 2,
  projectId: 5,
  unifiedDealCode: 'E3501000001000001001',
  sectionId: 6,
  sectionCode: '001',
  bidderOrgId: 9,
  bidderName: '示范水利工程有限公司',
  signerCertSerial: 'abcdef',
  receivedAt: '2026-03-05T01:29:59.123Z',
  parts: [
    { part: 'summary', size: 4400, partHash: '1'.repeat(64), headerSha256: '2'.repeat(64) },
    { part: 'technical', size: 9_000_000, partHash: '3'.repeat(64), headerSha256: '4'.repeat(64) },
  ],
  auditRoot: witness,
};

function causeOf(f: () => unknown): string | null {
  try {
    f();
    return null;
  } catch (e) {
    if (e instanceof AppError && (e.details as { reason?: string }).reason === 'RECEIPT_INVALID') return String((e.details as { cause?: string }).cause);
    throw e;
  }
}

describe('bidReceiptJson: the text the platform signs', () => {
  it('is byte for byte the layout of the receipts already issued (version 2; their signatures cover these bytes)', () => {
    // The text finalize wrote before this module existed (services bids.ts, issue 13 §6), key for key.
    const before =
      '{"type":"ebid-bid-receipt","v":2,"bidId":17,"version":2,"projectId":5,"unifiedDealCode":"E3501000001000001001","sectionId":6,' +
      '"sectionCode":"001","bidderOrgId":9,"bidderName":"示范水利工程有限公司","signerCertSerial":"abcdef","receivedAt":"2026-03-05T01:29:59.123Z",' +
      `"parts":[{"part":"summary","size":4400,"partHash":"${'1'.repeat(64)}","headerSha256":"${'2'.repeat(64)}"},` +
      `{"part":"technical","size":9000000,"partHash":"${'3'.repeat(64)}","headerSha256":"${'4'.repeat(64)}"}],` +
      `"auditRoot":${JSON.stringify(witness)}}`;
    expect(bidReceiptJson(fields)).toBe(before);
    expect(bidReceiptJson({ ...fields, auditRoot: null })).toContain('"auditRoot":null}');
  });

  it('parses back to the same fields', () => {
    expect(parseBidReceipt(bidReceiptJson(fields))).toEqual({ type: 'ebid-bid-receipt', v: 2, ...fields });
    expect(parseBidReceipt(new TextEncoder().encode(bidReceiptJson({ ...fields, auditRoot: null }))).auditRoot).toBeNull();
  });
});

describe('parseBidReceipt: strict', () => {
  const { auditRoot: _none, ...v1Fields } = fields;
  const v1 = JSON.stringify({ type: 'ebid-bid-receipt', v: 1, ...v1Fields });

  it('accepts a version-1 receipt (no audit root)', () => {
    const r = parseBidReceipt(v1);
    expect(r.v).toBe(1);
    expect('auditRoot' in r).toBe(false);
    expect(r.parts).toHaveLength(2);
  });

  it.each([
    ['not JSON', 'receipt', 'NOT_JSON'],
    ['a duplicate key', v1.replace('"bidId":17', '"bidId":17,"bidId":18'), 'NOT_JSON'],
    ['invalid UTF-8', new Uint8Array([0x7b, 0xff, 0x7d]), 'NOT_JSON'],
    ['another type', JSON.stringify({ type: 'ebid-bid-summary', v: 2 }), 'NOT_A_RECEIPT'],
    ['an unknown version', v1.replace('"v":1', '"v":3'), 'NOT_A_RECEIPT'],
    ['an array', '[]', 'NOT_A_RECEIPT'],
    ['version 1 with an audit root', v1.replace(/}$/, ',"auditRoot":null}'), 'FIELD'],
    ['version 2 without one', v1.replace('"v":1', '"v":2'), 'FIELD'],
    ['an unknown field', v1.replace(/}$/, ',"extra":1}'), 'FIELD'],
    ['a missing field', v1.replace('"bidderName":"示范水利工程有限公司",', ''), 'FIELD'],
    ['reordered fields', JSON.stringify({ v: 1, type: 'ebid-bid-receipt', ...v1Fields }), 'FIELD'],
    ['a string id', v1.replace('"bidId":17', '"bidId":"17"'), 'FIELD'],
    ['a part with an extra field', v1.replace('"size":4400', '"size":4400,"sha256":"x"'), 'FIELD'],
    ['a negative size', v1.replace('"size":4400', '"size":-1'), 'FIELD'],
    ['an audit root that is not an object', bidReceiptJson({ ...fields, auditRoot: 'root' }), 'FIELD'],
  ])('refuses %s', (_what, input, cause) => {
    expect(causeOf(() => parseBidReceipt(input))).toBe(cause);
  });
});

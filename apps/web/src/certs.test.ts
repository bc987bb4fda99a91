import { describe, expect, it } from 'vitest';
import {
  bytesToBase64,
  certState,
  dnAttr,
  dnSummary,
  forgetKey,
  formatSerial,
  KEY_INDEX_STORAGE_KEY,
  keyStoreName,
  needsRenewal,
  p12FileName,
  parseDn,
  readKeyIndex,
  rememberKey,
  type SavedKeyEntry,
} from './certs.ts';

const DAY = 86_400_000;
const NOW = Date.UTC(2026, 5, 1);

function cert(over: Partial<{ usage: 'signing' | 'encryption'; status: 'active' | 'revoked' | 'superseded'; from: number; to: number }> = {}) {
  return {
    usage: over.usage ?? ('signing' as const),
    status: over.status ?? ('active' as const),
    notBefore: new Date(over.from ?? NOW - DAY).toISOString(),
    notAfter: new Date(over.to ?? NOW + 365 * DAY).toISOString(),
  };
}

/** A Storage stand-in (the helpers take one, so they run without a DOM). */
function memoryStorage(): Storage {
  const m = new Map<string, string>();
  return {
    get length() {
      return m.size;
    },
    clear: () => m.clear(),
    getItem: (k) => m.get(k) ?? null,
    key: (i) => [...m.keys()][i] ?? null,
    removeItem: (k) => void m.delete(k),
    setItem: (k, v) => void m.set(k, v),
  };
}

describe('DN helpers', () => {
  it('reads RFC 4514 DNs with Chinese values, escaped commas and multi-valued RDNs', () => {
    const dn = 'serialNumber=91330100MA0000001G,CN=徐楠,O=之江智能科技\\, 有限公司,C=CN';
    expect(parseDn(dn)).toEqual([
      { type: 'serialNumber', value: '91330100MA0000001G' },
      { type: 'CN', value: '徐楠' },
      { type: 'O', value: '之江智能科技, 有限公司' },
      { type: 'C', value: 'CN' },
    ]);
    expect(dnAttr(dn, 'cn')).toBe('徐楠');
    expect(dnSummary(dn)).toBe('徐楠 · 之江智能科技, 有限公司');
    expect(parseDn('CN=a+OU=b')).toEqual([
      { type: 'CN', value: 'a' },
      { type: 'OU', value: 'b' },
    ]);
  });

  it('decodes hex-escaped UTF-8 and falls back to the DN without CN and O', () => {
    expect(dnAttr('CN=\\E5\\BC\\A0\\E4\\B8\\89', 'CN')).toBe('张三');
    expect(dnSummary('C=CN')).toBe('C=CN');
  });
});

describe('certState', () => {
  it.each([
    ['valid', cert(), 'valid'],
    ['stored status wins over dates: revoked', cert({ status: 'revoked', to: NOW - DAY }), 'revoked'],
    ['superseded', cert({ status: 'superseded' }), 'superseded'],
    ['expired', cert({ from: NOW - 800 * DAY, to: NOW - 1 }), 'expired'],
    ['not yet valid', cert({ from: NOW + DAY }), 'notYetValid'],
    ['expiring within 30 days', cert({ to: NOW + 29 * DAY }), 'expiring'],
    ['still valid at 31 days', cert({ to: NOW + 31 * DAY }), 'valid'],
  ] as const)('%s', (_name, c, state) => {
    expect(certState(c, NOW)).toBe(state);
  });

  it('does not judge dates before the server clock is known', () => {
    expect(certState(cert({ to: NOW - DAY }), undefined)).toBe('valid');
    expect(certState(cert({ status: 'revoked' }), undefined)).toBe('revoked');
  });

  it('asks for renewal when either usage has no usable certificate', () => {
    expect(needsRenewal([cert(), cert({ usage: 'encryption' })], NOW)).toBe(false);
    expect(needsRenewal([cert(), cert({ usage: 'encryption', to: NOW + 10 * DAY })], NOW)).toBe(false);
    expect(needsRenewal([cert()], NOW)).toBe(true);
    expect(needsRenewal([cert(), cert({ usage: 'encryption', status: 'revoked' })], NOW)).toBe(true);
    expect(needsRenewal([], NOW)).toBe(true);
  });
});

describe('formatting', () => {
  it('groups serials in pairs', () => {
    expect(formatSerial('6ce4dd30')).toBe('6C:E4:DD:30');
    expect(formatSerial('abc')).toBe('0A:BC');
  });

  it('encodes bytes as base64 (large inputs too)', () => {
    expect(bytesToBase64(new Uint8Array([0, 1, 2, 253, 254, 255]))).toBe('AAEC/f7/');
    const big = new Uint8Array(100_000).map((_v, i) => i % 256);
    expect(Buffer.from(bytesToBase64(big), 'base64').equals(Buffer.from(big))).toBe(true);
  });

  it('names the backups as the CLI and the demo seed do', () => {
    expect(p12FileName('bidder4', 'signing')).toBe('bidder4-sign.p12');
    expect(p12FileName('bidder4', 'encryption')).toBe('bidder4-enc.p12');
  });
});

describe('the browser key index', () => {
  const entry = (usage: 'signing' | 'encryption', serialHex: string): SavedKeyEntry => ({
    name: keyStoreName('bidder4', usage),
    usage,
    username: 'bidder4',
    subjectDn: 'CN=徐楠',
    serialHex,
    notAfter: '2028-01-01T00:00:00.000Z',
    savedAt: '2026-01-01T00:00:00.000Z',
  });

  it('remembers one entry per user and usage, replacing it on renewal, and forgets it', () => {
    const s = memoryStorage();
    expect(readKeyIndex(s)).toEqual([]);
    rememberKey(entry('signing', '01'), s);
    rememberKey(entry('encryption', '02'), s);
    rememberKey(entry('signing', '03'), s);
    expect(readKeyIndex(s).map((e) => [e.usage, e.serialHex])).toEqual([
      ['encryption', '02'],
      ['signing', '03'],
    ]);
    forgetKey(keyStoreName('bidder4', 'signing'), s);
    expect(readKeyIndex(s).map((e) => e.serialHex)).toEqual(['02']);
  });

  it('ignores garbage and missing storage', () => {
    const s = memoryStorage();
    s.setItem(KEY_INDEX_STORAGE_KEY, '{not json');
    expect(readKeyIndex(s)).toEqual([]);
    s.setItem(KEY_INDEX_STORAGE_KEY, JSON.stringify([{ name: 1 }, entry('signing', '0a')]));
    expect(readKeyIndex(s).map((e) => e.serialHex)).toEqual(['0a']);
    expect(readKeyIndex(undefined)).toEqual([]);
    expect(() => rememberKey(entry('signing', '01'), undefined)).not.toThrow();
  });
});

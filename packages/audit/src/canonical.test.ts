/** The canonical encoding (pure): exact texts, and that every event field is covered by the hash. */
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { AppError } from '@ebid/domain';
import { GENESIS_HASH, canonicalJson, eventHash, payloadHash } from './canonical.ts';
import { prepareAuditInput } from './append.ts';
import { projectChain, type AuditEvent } from './types.ts';

describe('canonicalJson', () => {
  it.each<[string, unknown, string]>([
    ['null', null, 'null'],
    ['booleans', [true, false], '[true,false]'],
    ['integers', [0, 1, -1, 42], '[0,1,-1,42]'],
    ['-0 is 0', -0, '0'],
    ['fractions', [0.1, -2.5, 1 / 3], '[0.1,-2.5,0.3333333333333333]'],
    ['exponents as ECMAScript', [1e21, 1.5e-7, 1e-6, 123e20], '[1e+21,1.5e-7,0.000001,1.23e+22]'],
    ['max safe integer', Number.MAX_SAFE_INTEGER, '9007199254740991'],
    ['key order', { b: 1, a: 2, c: 3 }, '{"a":2,"b":1,"c":3}'],
    ['key order by UTF-16 code units', { b: 1, B: 2, '10': 3, '9': 4, é: 5, aa: 6, a: 7 }, '{"10":3,"9":4,"B":2,"a":7,"aa":6,"b":1,"é":5}'],
    ['key order: astral vs BMP (code units, as RFC 8785)', { '\u{1F600}': 1, '\uFB01': 2 }, '{"\u{1F600}":1,"\uFB01":2}'],
    ['nested', { z: { y: [3, { b: 1, a: [] }], x: {} }, a: null }, '{"a":null,"z":{"x":{},"y":[3,{"a":[],"b":1}]}}'],
    ['arrays keep order', [3, 1, 2], '[3,1,2]'],
    ['empty', [{}, [], ''], '[{},[],""]'],
    ['Chinese is literal UTF-8', { 名称: '招标公告', 金额: 100 }, '{"名称":"招标公告","金额":100}'],
    ['astral chars literal', '𠀀😀', '"𠀀😀"'],
    ['escapes', '"\\\b\t\n\f\r\u0001\u001f\u007f\u2028/', '"\\"\\\\\\b\\t\\n\\f\\r\\u0001\\u001f\u007f\u2028/"'],
    ['Date as ISO with ms, UTC', new Date('2026-03-02T09:00:00+08:00'), '"2026-03-02T01:00:00.000Z"'],
    ['Date inside objects', { at: new Date(Date.UTC(2026, 0, 2, 3, 4, 5, 6)) }, '{"at":"2026-01-02T03:04:05.006Z"}'],
    ['undefined members omitted', { a: undefined, b: 1 }, '{"b":1}'],
    ['null-prototype object', Object.assign(Object.create(null) as object, { b: 1, a: 2 }), '{"a":2,"b":1}'],
  ])('%s', (_label, value, expected) => {
    expect(canonicalJson(value)).toBe(expected);
  });

  it('a Date and its ISO string encode identically (so a payload read back from jsonb hashes the same)', () => {
    const d = new Date('2026-05-06T07:08:09.010Z');
    expect(canonicalJson({ d })).toBe(canonicalJson({ d: d.toISOString() }));
    expect(payloadHash({ d })).toBe(payloadHash(JSON.parse(canonicalJson({ d }))));
  });

  it('is independent of insertion order, and round-trips through JSON.parse', () => {
    const a = { x: 1, y: { p: [1, 2], q: '中' } };
    const b = { y: { q: '中', p: [1, 2] }, x: 1 };
    expect(canonicalJson(a)).toBe(canonicalJson(b));
    expect(canonicalJson(JSON.parse(canonicalJson(a)))).toBe(canonicalJson(a));
  });

  const cyclic: Record<string, unknown> = {};
  cyclic.self = cyclic;
  it.each<[string, unknown]>([
    ['undefined at top level', undefined],
    ['undefined in an array', [1, undefined]],
    ['NaN', NaN],
    ['Infinity', { a: Infinity }],
    ['-Infinity', [-Infinity]],
    ['bigint', 1n],
    ['function', { f: () => 1 }],
    ['symbol', Symbol('s')],
    ['Map', new Map()],
    ['Set', new Set([1])],
    ['Buffer', Buffer.from('x')],
    ['class instance', new (class Foo {})()],
    ['invalid Date', new Date('nope')],
    ['U+0000 in a string', 'a\u0000b'],
    ['U+0000 in a key', { 'a\u0000': 1 }],
    ['lone high surrogate', '\uD800x'],
    ['lone low surrogate', 'x\uDC00'],
    ['cycle', cyclic],
  ])('refuses %s with VALIDATION', (_label, value) => {
    let err: unknown;
    try {
      canonicalJson(value);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(AppError);
    expect((err as AppError).code).toBe('VALIDATION');
  });

  it('a shared (non-cyclic) sub-object is fine', () => {
    const s = { k: 1 };
    expect(canonicalJson({ a: s, b: [s, s] })).toBe('{"a":{"k":1},"b":[{"k":1},{"k":1}]}');
  });

  it('payloadHash is SHA-256 hex of the UTF-8 canonical text', () => {
    const p = { 项目: '一项一档', n: 1 };
    expect(payloadHash(p)).toBe(createHash('sha256').update(Buffer.from('{"n":1,"项目":"一项一档"}', 'utf8')).digest('hex'));
  });
});

describe('eventHash', () => {
  const base: Omit<AuditEvent, 'id' | 'hash'> = {
    chain: projectChain(7),
    seq: 3,
    prevHash: 'a'.repeat(64),
    at: new Date('2026-03-02T01:00:00.123Z'),
    actorUserId: 11,
    actorRole: 'bidder',
    actorOrgId: 5,
    certSerial: '0A1B',
    action: 'bid.submit',
    subjectType: 'bid',
    subjectId: '99',
    payload: { amount: 100, 备注: '无' },
    payloadHash: payloadHash({ amount: 100, 备注: '无' }),
    objectHashes: ['b'.repeat(64)],
    clientAddress: '203.0.113.9',
    userAgent: null,
    deviceFingerprint: null,
  };

  it('is the SHA-256 of the canonical JSON of the 15 fields', () => {
    const { userAgent: _u, deviceFingerprint: _d, ...fifteen } = base;
    const text = canonicalJson(fifteen);
    expect(eventHash(base)).toBe(createHash('sha256').update(text, 'utf8').digest('hex'));
    expect(eventHash(base)).toMatch(/^[0-9a-f]{64}$/);
  });

  it('ignores id and hash', () => {
    const withExtras = { ...base, id: 1, hash: 'c'.repeat(64) } as AuditEvent;
    expect(eventHash(withExtras)).toBe(eventHash(base));
  });

  it.each<[keyof typeof base, unknown]>([
    ['chain', 'project:8'],
    ['seq', 4],
    ['prevHash', 'd'.repeat(64)],
    ['at', new Date('2026-03-02T01:00:00.124Z')],
    ['actorUserId', 12],
    ['actorUserId', null],
    ['actorRole', 'staff'],
    ['actorRole', null],
    ['actorOrgId', 6],
    ['actorOrgId', null],
    ['certSerial', '0A1C'],
    ['certSerial', null],
    ['action', 'bid.withdraw'],
    ['subjectType', 'bids'],
    ['subjectId', '98'],
    ['payload', { amount: 101, 备注: '无' }],
    ['payloadHash', 'e'.repeat(64)],
    ['objectHashes', []],
    ['objectHashes', ['b'.repeat(64), 'b'.repeat(64)]],
    ['clientAddress', '203.0.113.10'],
    ['clientAddress', null],
    ['userAgent', 'Mozilla/5.0'],
    ['deviceFingerprint', 'web:' + 'f'.repeat(64)],
  ])('changes when %s changes (→ %j)', (field, value) => {
    expect(eventHash({ ...base, [field]: value })).not.toBe(eventHash(base));
  });

  it('an event without a User-Agent or device fingerprint hashes as before they existed (issue 13 §7)', () => {
    const { userAgent: _u, deviceFingerprint: _d, ...fifteen } = base;
    expect(eventHash(fifteen as typeof base)).toBe(eventHash(base));
    const withUa = { ...base, userAgent: 'ebid/1.0', deviceFingerprint: 'ebid:' + 'a'.repeat(64) };
    expect(eventHash(withUa)).toBe(createHash('sha256').update(canonicalJson({ ...fifteen, userAgent: 'ebid/1.0', deviceFingerprint: 'ebid:' + 'a'.repeat(64) }), 'utf8').digest('hex'));
  });

  it('refuses a missing field rather than hashing around it', () => {
    const { clientAddress: _c, ...rest } = base;
    expect(() => eventHash(rest as typeof base)).toThrow(AppError);
  });

  it('genesis prevHash is 64 zeros', () => {
    expect(GENESIS_HASH).toBe('0'.repeat(64));
  });
});

describe('input validation (before any query)', () => {
  const ok = {
    chain: 'platform' as const,
    actor: null,
    action: 'org.register',
    subject: { type: 'org', id: 1 },
    payload: {},
    at: new Date(),
  };
  it('accepts a well-formed input and normalizes the payload to its jsonb form', () => {
    const p = prepareAuditInput({ ...ok, payload: { at: new Date('2026-01-01T00:00:00Z'), b: undefined } });
    expect(p.payload).toEqual({ at: '2026-01-01T00:00:00.000Z' });
    expect(p.subjectId).toBe('1');
    expect(p.payloadHash).toBe(payloadHash({ at: '2026-01-01T00:00:00.000Z' }));
  });
  it('keeps a User-Agent as sent, bounded and without control characters (never refused)', () => {
    expect(prepareAuditInput({ ...ok, userAgent: 'Mozilla/5.0\u0000 (X11)' + 'x'.repeat(600) }).userAgent).toMatch(/^Mozilla\/5\.0 \(X11\)x+$/);
    expect(prepareAuditInput({ ...ok, userAgent: 'Mozilla/5.0\u0000 (X11)' + 'x'.repeat(600) }).userAgent).toHaveLength(500);
    expect(prepareAuditInput({ ...ok, userAgent: '' }).userAgent).toBeNull();
  });
  it.each<[string, Record<string, unknown>]>([
    ['bad chain', { chain: 'project:0' }],
    ['bad chain text', { chain: 'Project:1' }],
    ['action without a dot', { action: 'register' }],
    ['action with capitals', { action: 'Org.register' }],
    ['invalid date', { at: new Date('x') }],
    ['actor without role', { actor: { userId: 1, role: '' } }],
    ['actor with fractional id', { actor: { userId: 1.5, role: 'staff' } }],
    ['empty subject id', { subject: { type: 'org', id: '' } }],
    ['bad subject type', { subject: { type: '', id: 1 } }],
    ['bad object hash', { objectHashes: ['ABC'] }],
    ['undefined payload', { payload: undefined }],
    ['bigint in payload', { payload: { n: 1n } }],
    ['device fingerprint with spaces', { deviceFingerprint: 'web: ' + 'a'.repeat(40) }],
    ['device fingerprint too short', { deviceFingerprint: 'abc' }],
  ])('refuses %s', (_label, patch) => {
    expect(() => prepareAuditInput({ ...ok, ...patch } as never)).toThrow(AppError);
  });
});

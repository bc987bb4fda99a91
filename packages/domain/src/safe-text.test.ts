import { describe, expect, it } from 'vitest';
import { findForbiddenChar, findUnsafeText, unsafeTextError } from './safe-text.ts';

describe('findForbiddenChar (issue 13 §9.1)', () => {
  it.each([
    ['plain Chinese', '示范市第二中学新校区建设工程', null],
    ['ASCII printable edge', ' ~', null],
    ['emoji (a proper surrogate pair)', '投标😀ok', null],
    ['U+00A0 (first after C1)', 'a\u00a0b', null],
    ['U+061B (just below ALM)', '\u061b', null],
    ['U+200D (ZWJ, not a bidi control)', 'a\u200db', null],
    ['U+2029 is left to the field schemas', 'a\u2029b', null],
    ['U+202F (after the overrides)', 'a\u202fb', null],
    ['U+2065 / U+206A (around the isolates)', '\u2065\u206a', null],
    ['NUL', 'a\u0000b', ['U+0000', 'control', 1]],
    ['U+0001', '\u0001', ['U+0001', 'control', 0]],
    ['ESC', 'x\u001b[31m', ['U+001B', 'control', 1]],
    ['U+001F', '\u001f', ['U+001F', 'control', 0]],
    ['DEL', 'a\u007f', ['U+007F', 'control', 1]],
    ['C1 U+0080', '\u0080', ['U+0080', 'control', 0]],
    ['C1 U+009F', '\u009f', ['U+009F', 'control', 0]],
    ['ALM U+061C', '\u061c', ['U+061C', 'bidi', 0]],
    ['LRM U+200E', '\u200e', ['U+200E', 'bidi', 0]],
    ['RLM U+200F', '\u200f', ['U+200F', 'bidi', 0]],
    ['LRE U+202A', '\u202a', ['U+202A', 'bidi', 0]],
    ['RLO U+202E', 'invoice\u202efdp.exe', ['U+202E', 'bidi', 7]],
    ['LRI U+2066', '\u2066', ['U+2066', 'bidi', 0]],
    ['PDI U+2069', '\u2069', ['U+2069', 'bidi', 0]],
    ['a lone high surrogate at the end', 'ab\ud83d', ['U+D83D', 'lone_surrogate', 2]],
    ['a lone high surrogate before text', '\ud83dx', ['U+D83D', 'lone_surrogate', 0]],
    ['a lone low surrogate', 'a\ude00', ['U+DE00', 'lone_surrogate', 1]],
    ['the first of several', '\u202e\u0000', ['U+202E', 'bidi', 0]],
  ] as const)('%s', (_what, s, expected) => {
    const f = findForbiddenChar(s);
    expect(f === null ? null : [f.codePoint, f.kind, f.index]).toEqual(expected);
  });

  it.each([
    ['tab', '\t'],
    ['line feed', '\n'],
    ['carriage return', '\r'],
  ])('%s: allowed in free text only', (_what, ch) => {
    expect(findForbiddenChar(`a${ch}b`, { allowLineBreaks: true })).toBeNull();
    expect(findForbiddenChar(`a${ch}b`)).toMatchObject({ kind: 'control', index: 1 });
    expect(findForbiddenChar(`a${ch}b`, { allowLineBreaks: false })).toMatchObject({ kind: 'control' });
  });

  it.each([
    ['zero width space', '\u200b', 'U+200B'],
    ['zero width non-joiner', '\u200c', 'U+200C'],
    ['zero width joiner', '\u200d', 'U+200D'],
    ['byte-order mark', '\ufeff', 'U+FEFF'],
  ])('%s: refused in a printed name (invisible), allowed otherwise', (_what, ch, codePoint) => {
    expect(findForbiddenChar(`江城${ch}市`, { invisible: true })).toEqual({ index: 2, codePoint, kind: 'invisible' });
    expect(findForbiddenChar(`江城${ch}市`)).toBeNull();
  });

  it('a printed name still refuses controls and bidi characters first, and allows ordinary spaces', () => {
    expect(findForbiddenChar('江城\u0000市', { invisible: true })).toMatchObject({ kind: 'control' });
    expect(findForbiddenChar('江城\u202e市', { invisible: true })).toMatchObject({ kind: 'bidi' });
    expect(findForbiddenChar('江城市政务服务中心 5 楼', { invisible: true })).toBeNull();
  });

  it('free text still refuses the other C0 controls', () => {
    expect(findForbiddenChar('第一段\n第二段\u0000', { allowLineBreaks: true })).toMatchObject({ codePoint: 'U+0000', index: 7 });
    expect(findForbiddenChar('\u000b', { allowLineBreaks: true })).toMatchObject({ codePoint: 'U+000B' });
    expect(findForbiddenChar('\u000c', { allowLineBreaks: true })).toMatchObject({ codePoint: 'U+000C' });
  });
});

describe('findUnsafeText: the walk over a parsed input', () => {
  it.each([
    ['a clean object', { name: '一标段', sections: [{ name: 'A', n: 1 }], ok: true, none: null }, null],
    ['a top-level string', 'a\u0000', ['', false]],
    ['a nested value', { sections: [{ name: 'ok' }, { name: 'b\u202e' }] }, ['sections.1.name', false]],
    ['a key', { ['na\u0000me']: 'x' }, ['na\u0000me', true]],
    ['a key with a line feed (keys never allow breaks)', { a: { ['k\n']: 1 } }, ['a.k\n', true]],
    ['an array of strings', ['ok', 'x\u0007'], ['1', false]],
  ])('%s', (_what, input, expected) => {
    const hit = findUnsafeText(input, { allowLineBreaks: true });
    expect(hit === null ? null : [hit.path, hit.inKey]).toEqual(expected);
  });

  it('free text values keep their line breaks; names do not when breaks are off', () => {
    expect(findUnsafeText({ body: '一、\n二、\r\n\t三' }, { allowLineBreaks: true })).toBeNull();
    expect(findUnsafeText({ name: 'a\nb' })).toMatchObject({ path: 'name', codePoint: 'U+000A' });
  });

  it('skips what is not text: numbers, buffers, streams, class instances, Dates', () => {
    const input = { n: 1, b: Buffer.from([0, 1, 2]), d: new Date(0), u8: new Uint8Array([0]), m: new Map([['\u0000', '\u0000']]) };
    expect(findUnsafeText(input)).toBeNull();
  });

  it('walks a deeply nested input without recursion', () => {
    let deep: unknown = 'x\u0000';
    for (let i = 0; i < 100_000; i++) deep = [deep];
    expect(findUnsafeText(deep)).toMatchObject({ codePoint: 'U+0000' });
  });
});

describe('unsafeTextError', () => {
  it('is a VALIDATION AppError naming the field path and the character, in Chinese and English', () => {
    const e = unsafeTextError(findUnsafeText({ sections: [{ name: 'a\u0000' }] })!);
    expect(e.code).toBe('VALIDATION');
    expect(e.details).toEqual({ field: 'sections.0.name', reason: 'FORBIDDEN_CHARACTER', codePoint: 'U+0000', kind: 'control' });
    expect(e.messageZh).toBe('字段 sections.0.name 含有不允许的控制字符（U+0000）');
    expect(e.messageEn).toBe('The field sections.0.name contains a control character (U+0000), which is not allowed');
  });

  it('prefixes the path with where it came from (query, params, body)', () => {
    expect(unsafeTextError(findUnsafeText({ name: '\u202e' })!, 'query').details).toMatchObject({ field: 'query.name', kind: 'bidi' });
    expect(unsafeTextError(findUnsafeText('\u0000')!, 'body').details).toMatchObject({ field: 'body' });
    const key = unsafeTextError(findUnsafeText({ ['k\u0000']: 1 })!);
    expect(key.messageZh).toBe('字段 k\\u0000 的名称含有不允许的控制字符（U+0000）'); // the character itself is never echoed
    expect(key.details).toMatchObject({ field: 'k\\u0000' });
    expect(unsafeTextError(findUnsafeText({ ['😀\u202e']: 1 })!).details).toMatchObject({ field: '😀\\u202E' });
  });
});

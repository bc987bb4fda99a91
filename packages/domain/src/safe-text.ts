/**
 * The one character rule for every text input (issue 13 §9.1). Refused everywhere:
 *
 * - control characters: C0 (U+0000–U+001F) except tab, line feed and carriage return where free text
 *   allows them, DEL (U+007F) and C1 (U+0080–U+009F). A NUL cannot even be stored in a PostgreSQL text
 *   column, and the others have no business in a name, a title or a notice;
 * - bidirectional controls (U+202A–U+202E embeddings and overrides, U+2066–U+2069 isolates, U+200E/U+200F
 *   marks, U+061C Arabic letter mark): they make a file name or a notice read differently from what it
 *   is (`invoice‮fdp.exe`, "Trojan Source");
 * - lone UTF-16 surrogates: not a character at all, and not storable as UTF-8.
 *
 * Pure: the HTTP edge (a tRPC middleware on the raw input, a fastify hook on the plain routes) applies it
 * to every string and every object key before any schema or service sees the input.
 */
import { AppError } from './errors.ts';

export type ForbiddenCharKind = 'control' | 'bidi' | 'lone_surrogate' | 'invisible';

export interface ForbiddenChar {
  /** UTF-16 index in the string. */
  index: number;
  /** `U+XXXX`. */
  codePoint: string;
  kind: ForbiddenCharKind;
}

export interface TextRuleOptions {
  /** Free text: tab, LF and CR are allowed. Otherwise (names, keys, URL parts) they are refused too. */
  allowLineBreaks?: boolean;
  /**
   * A name printed on documents (the center's, an account's display name): zero-width characters
   * (U+200B–U+200D) and the byte-order mark U+FEFF are refused too — they would hide inside the name.
   */
  invisible?: boolean;
}

const hex = (c: number) => `U+${c.toString(16).toUpperCase().padStart(4, '0')}`;

function isBidiControl(c: number): boolean {
  return (c >= 0x202a && c <= 0x202e) || (c >= 0x2066 && c <= 0x2069) || c === 0x200e || c === 0x200f || c === 0x061c;
}

/** The first character of `s` that the rule refuses, or null. */
export function findForbiddenChar(s: string, opts: TextRuleOptions = {}): ForbiddenChar | null {
  const allowBreaks = opts.allowLineBreaks ?? false;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x20 || (c >= 0x7f && c <= 0x9f)) {
      if (allowBreaks && (c === 0x09 || c === 0x0a || c === 0x0d)) continue;
      return { index: i, codePoint: hex(c), kind: 'control' };
    }
    if (c < 0x061c) continue; // fast path: nothing else below U+061C is refused
    if (isBidiControl(c)) return { index: i, codePoint: hex(c), kind: 'bidi' };
    if (opts.invisible && ((c >= 0x200b && c <= 0x200d) || c === 0xfeff)) return { index: i, codePoint: hex(c), kind: 'invisible' };
    if (c >= 0xd800 && c <= 0xdbff) {
      const next = s.charCodeAt(i + 1); // NaN past the end
      if (next >= 0xdc00 && next <= 0xdfff) {
        i++; // a proper pair
        continue;
      }
      return { index: i, codePoint: hex(c), kind: 'lone_surrogate' };
    }
    if (c >= 0xdc00 && c <= 0xdfff) return { index: i, codePoint: hex(c), kind: 'lone_surrogate' };
  }
  return null;
}

export interface UnsafeTextHit extends ForbiddenChar {
  /** Where in the input: `sections.0.name` (object keys and array indexes joined by dots; '' = the input itself). */
  path: string;
  /** The character is in an object key, not a value. */
  inKey: boolean;
}

function isPlainContainer(v: unknown): v is Record<string, unknown> | unknown[] {
  if (Array.isArray(v)) return true;
  if (typeof v !== 'object' || v === null) return false;
  const proto = Object.getPrototypeOf(v) as unknown;
  return proto === Object.prototype || proto === null;
}

/**
 * Walks a parsed input (strings, plain objects, arrays; anything else — numbers, streams, buffers — is
 * not text and is skipped) and returns the first refused character, with its path. Keys never allow line
 * breaks; values follow `opts`. Iterative, so a deeply nested input cannot exhaust the stack.
 */
export function findUnsafeText(value: unknown, opts: TextRuleOptions = {}): UnsafeTextHit | null {
  const stack: { v: unknown; path: string }[] = [{ v: value, path: '' }];
  const join = (base: string, key: string) => (base === '' ? key : `${base}.${key}`);
  while (stack.length > 0) {
    const { v, path } = stack.pop()!;
    if (typeof v === 'string') {
      const f = findForbiddenChar(v, opts);
      if (f) return { ...f, path, inKey: false };
      continue;
    }
    if (!isPlainContainer(v)) continue;
    if (Array.isArray(v)) {
      for (let i = v.length - 1; i >= 0; i--) stack.push({ v: v[i], path: join(path, String(i)) });
      continue;
    }
    const keys = Object.keys(v);
    for (const k of keys) {
      const f = findForbiddenChar(k);
      if (f) return { ...f, path: join(path, k), inKey: true };
    }
    for (let i = keys.length - 1; i >= 0; i--) stack.push({ v: v[keys[i]!], path: join(path, keys[i]!) });
  }
  return null;
}

/** `s` with every refused character (line breaks included) written as `\uXXXX`, safe to echo back. */
export function escapeForbidden(s: string): string {
  let out = '';
  for (const ch of s) {
    // for…of yields whole code points: a proper surrogate pair stays one (allowed) character.
    out += findForbiddenChar(ch) ? `\\u${ch.charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}` : ch;
  }
  return out;
}

/** The typed refusal of a hit: VALIDATION naming the field path (escaped) and the character. */
export function unsafeTextError(hit: UnsafeTextHit, prefix = ''): AppError {
  const path = escapeForbidden(hit.path);
  const field = prefix === '' ? path : path === '' ? prefix : `${prefix}.${path}`;
  const shown = field === '' ? '输入' : `字段 ${field} `;
  const shownEn = field === '' ? 'The input' : `The field ${field}`;
  const what =
    hit.kind === 'bidi'
      ? { zh: '双向文本控制字符', en: 'a bidirectional text control character' }
      : hit.kind === 'control'
        ? { zh: '控制字符', en: 'a control character' }
        : { zh: '无效的 Unicode 代理字符', en: 'an invalid (unpaired surrogate) character' };
  return new AppError(
    'VALIDATION',
    {
      zh: `${shown}${hit.inKey ? '的名称' : ''}含有不允许的${what.zh}（${hit.codePoint}）`,
      en: `${shownEn}${hit.inKey ? ' has a name that contains' : ' contains'} ${what.en} (${hit.codePoint}), which is not allowed`,
    },
    { field, reason: 'FORBIDDEN_CHARACTER', codePoint: hit.codePoint, kind: hit.kind },
  );
}

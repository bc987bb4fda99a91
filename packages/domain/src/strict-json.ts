/**
 * Strict JSON for signed and sealed objects (issue 14 §7): bytes are decoded as UTF-8 with a fatal
 * decoder (invalid UTF-8 is refused, a BOM is refused), and the text is parsed by a small RFC 8259 parser
 * that refuses what JSON.parse silently accepts — a key given twice (JSON.parse keeps the last one, so
 * two readers of the same bytes could see different values). Pure and browser-safe.
 */

export class StrictJsonError extends Error {
  constructor(readonly reason: 'UTF8' | 'SYNTAX' | 'DUPLICATE_KEY', detail: string) {
    super(`${reason}: ${detail}`);
    this.name = 'StrictJsonError';
  }
}

const fatalUtf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

/** UTF-8 → string; invalid sequences and a leading BOM are refused (StrictJsonError 'UTF8'). */
export function decodeUtf8Strict(bytes: Uint8Array): string {
  let s: string;
  try {
    s = fatalUtf8.decode(bytes);
  } catch {
    throw new StrictJsonError('UTF8', 'not valid UTF-8');
  }
  if (s.charCodeAt(0) === 0xfeff) throw new StrictJsonError('UTF8', 'byte order mark');
  return s;
}

const NUMBER = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;
const WS = /[ \t\n\r]*/y;

/** Parses one JSON text (RFC 8259), refusing duplicate keys in any object. */
export function parseJsonStrict(text: string): unknown {
  let i = 0;
  const syntax = (what: string): never => {
    throw new StrictJsonError('SYNTAX', `${what} at ${i}`);
  };
  const ws = () => {
    WS.lastIndex = i;
    WS.exec(text);
    i = WS.lastIndex;
  };
  const str = (): string => {
    if (text[i] !== '"') syntax('expected a string');
    i++;
    let out = '';
    for (;;) {
      const c = text.charCodeAt(i);
      if (Number.isNaN(c)) syntax('unterminated string');
      if (c === 0x22) {
        i++;
        return out;
      }
      if (c < 0x20) syntax('control character in a string');
      if (c !== 0x5c) {
        out += text[i];
        i++;
        continue;
      }
      const e = text[i + 1];
      i += 2;
      switch (e) {
        case '"':
          out += '"';
          break;
        case '\\':
          out += '\\';
          break;
        case '/':
          out += '/';
          break;
        case 'b':
          out += '\b';
          break;
        case 'f':
          out += '\f';
          break;
        case 'n':
          out += '\n';
          break;
        case 'r':
          out += '\r';
          break;
        case 't':
          out += '\t';
          break;
        case 'u': {
          const h = text.slice(i, i + 4);
          if (!/^[0-9a-fA-F]{4}$/.test(h)) syntax('bad \\u escape');
          out += String.fromCharCode(parseInt(h, 16));
          i += 4;
          break;
        }
        default:
          syntax('bad escape');
      }
    }
  };
  const value = (depth: number): unknown => {
    if (depth > 64) syntax('nested too deeply');
    ws();
    const c = text[i];
    if (c === '{') {
      i++;
      const obj: Record<string, unknown> = Object.create(null) as Record<string, unknown>;
      const seen = new Set<string>();
      ws();
      if (text[i] === '}') {
        i++;
        return { ...obj };
      }
      for (;;) {
        ws();
        const k = str();
        if (seen.has(k)) throw new StrictJsonError('DUPLICATE_KEY', JSON.stringify(k));
        seen.add(k);
        ws();
        if (text[i] !== ':') syntax('expected ":"');
        i++;
        obj[k] = value(depth + 1);
        ws();
        if (text[i] === ',') {
          i++;
          continue;
        }
        if (text[i] === '}') {
          i++;
          // A plain object again (JSON.parse gives one; "__proto__" stays an own data property).
          const plain: Record<string, unknown> = {};
          for (const key of seen) Object.defineProperty(plain, key, { value: obj[key], enumerable: true, writable: true, configurable: true });
          return plain;
        }
        syntax('expected "," or "}"');
      }
    }
    if (c === '[') {
      i++;
      const arr: unknown[] = [];
      ws();
      if (text[i] === ']') {
        i++;
        return arr;
      }
      for (;;) {
        arr.push(value(depth + 1));
        ws();
        if (text[i] === ',') {
          i++;
          continue;
        }
        if (text[i] === ']') {
          i++;
          return arr;
        }
        syntax('expected "," or "]"');
      }
    }
    if (c === '"') return str();
    if (text.startsWith('true', i)) return (i += 4), true;
    if (text.startsWith('false', i)) return (i += 5), false;
    if (text.startsWith('null', i)) return (i += 4), null;
    NUMBER.lastIndex = i;
    const m = NUMBER.exec(text);
    if (!m) return syntax('unexpected character');
    i = NUMBER.lastIndex;
    return Number(m[0]);
  };
  const v = value(0);
  ws();
  if (i !== text.length) syntax('text after the value');
  return v;
}

/** decodeUtf8Strict then parseJsonStrict. */
export function parseJsonBytesStrict(bytes: Uint8Array): unknown {
  return parseJsonStrict(decodeUtf8Strict(bytes));
}

/** The own keys of `o` are exactly `keys`, in this order (the layout a writer produces). */
export function hasExactKeys(o: unknown, keys: readonly string[]): o is Record<string, unknown> {
  if (typeof o !== 'object' || o === null || Array.isArray(o)) return false;
  const own = Object.keys(o);
  return own.length === keys.length && own.every((k, n) => k === keys[n]);
}

export function bytesToHexLower(b: Uint8Array): string {
  let s = '';
  for (const x of b) s += x.toString(16).padStart(2, '0');
  return s;
}

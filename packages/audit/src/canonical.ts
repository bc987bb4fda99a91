/**
 * The canonical encoding of audit events (DESIGN §7). Pure: used by the append path, by the verifier and
 * by offline tools (`ebid verify-audit`, `ebid verify-archive`), so it is specified exactly here.
 *
 * ## canonicalJson(v) — the exact encoding
 *
 * The result is a JSON text with no insignificant whitespace; hashes are taken over its UTF-8 bytes.
 * For any value that is plain JSON it is identical to RFC 8785 (JSON Canonicalization Scheme):
 *
 * - `null`, `true`, `false` as such.
 * - Numbers: finite only (NaN / ±Infinity are refused), written as ECMAScript `Number.prototype.toString`
 *   writes them (the shortest text that reads back as the same double; `-0` is written `0`; exponent
 *   form `1e+21`, `1.5e-7` where ECMAScript uses it) — i.e. exactly `JSON.stringify(n)`.
 * - Strings (and object keys): `"` + the characters, with `"` → `\"`, `\` → `\\`, U+0008 → `\b`,
 *   U+0009 → `\t`, U+000A → `\n`, U+000C → `\f`, U+000D → `\r`, any other U+0001…U+001F → `\u00xx`
 *   (lowercase hex); every other character is written literally (UTF-8 in the hashed bytes: Chinese
 *   text, U+007F, U+2028 … are NOT escaped) — i.e. exactly `JSON.stringify(s)`. Refused: U+0000 and
 *   unpaired surrogates (PostgreSQL text/jsonb cannot store them, so such a value could never be
 *   re-verified from the database).
 * - Arrays: `[` + elements joined by `,` + `]`, in order.
 * - Objects (plain objects only: prototype `Object.prototype` or `null`): `{` + members `"key":value`
 *   joined by `,` + `}`, members sorted by key comparing UTF-16 code units (JavaScript's default
 *   `Array.prototype.sort` order, the RFC 8785 order). Members whose value is `undefined` are omitted
 *   (as JSON.stringify does); symbol keys are ignored.
 * - `Date`: written as the string `date.toISOString()` — UTC with milliseconds, `YYYY-MM-DDTHH:mm:ss.sssZ`.
 *   So a Date and its ISO string encode identically, which is what makes a payload read back from jsonb
 *   hash the same as the one given to append. Invalid dates are refused.
 * - Everything else is refused with AppError VALIDATION: `undefined` at the top level or inside an
 *   array, functions, symbols, bigint, Map, Set, Buffer / typed arrays, class instances, cycles.
 *
 * ## payloadHash(p) = lowercase hex SHA-256 of UTF-8(canonicalJson(p)).
 *
 * ## eventHash(e) = lowercase hex SHA-256 of UTF-8(canonicalJson(o)) where o is the object with exactly
 * these 15 members (so, sorted: action, actorOrgId, actorRole, actorUserId, at, certSerial, chain,
 * clientAddress, objectHashes, payload, payloadHash, prevHash, seq, subjectId, subjectType):
 *   chain (string), seq (number), prevHash (64 hex), at (ISO string as above), actorUserId, actorRole,
 *   actorOrgId, certSerial (each a value or null), action, subjectType, subjectId (strings),
 *   payload (the JSON value), payloadHash (64 hex, as stored — NOT recomputed), objectHashes (array of
 *   64 hex, in stored order), clientAddress (string or null).
 * Two more members are added only when they are set (so every event written before they existed keeps its
 * hash): userAgent and deviceFingerprint (strings; issue 13 §7, X3/X4). A stored null is the same as absent.
 * `id` (a database artefact) and `hash` itself are not covered. The genesis prevHash of every chain is
 * 64 zeros.
 */
import { createHash } from 'node:crypto';
import { AppError } from '@ebid/domain';
import type { AuditEvent } from './types.ts';

/** prevHash of the first event of every chain. */
export const GENESIS_HASH = '0'.repeat(64);

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

function refuse(path: string, why: string): never {
  throw new AppError(
    'VALIDATION',
    { zh: `审计数据无法规范编码（${path}：${why}）`, en: `Audit data cannot be canonically encoded (${path}: ${why})` },
    { path, reason: why },
  );
}

function encodeString(s: string, path: string): string {
  if (s.includes('\u0000')) refuse(path, 'contains U+0000');
  if (LONE_SURROGATE.test(s)) refuse(path, 'contains an unpaired surrogate');
  return JSON.stringify(s);
}

function encode(v: unknown, path: string, ancestors: Set<object>): string {
  if (v === null) return 'null';
  switch (typeof v) {
    case 'boolean':
      return v ? 'true' : 'false';
    case 'number':
      if (!Number.isFinite(v)) refuse(path, `non-finite number ${String(v)}`);
      return JSON.stringify(v); // -0 → "0"
    case 'string':
      return encodeString(v, path);
    case 'object':
      break;
    default:
      // undefined, function, symbol, bigint
      return refuse(path, `unsupported ${typeof v}`);
  }
  if (v instanceof Date) {
    if (Number.isNaN(v.getTime())) refuse(path, 'invalid Date');
    return JSON.stringify(v.toISOString());
  }
  if (ancestors.has(v)) refuse(path, 'cycle');
  ancestors.add(v);
  try {
    if (Array.isArray(v)) {
      const parts: string[] = [];
      for (let i = 0; i < v.length; i++) {
        const el: unknown = v[i];
        if (el === undefined) refuse(`${path}[${i}]`, 'undefined array element');
        parts.push(encode(el, `${path}[${i}]`, ancestors));
      }
      return `[${parts.join(',')}]`;
    }
    const proto: unknown = Object.getPrototypeOf(v);
    if (proto !== Object.prototype && proto !== null) {
      const name = (v as { constructor?: { name?: string } }).constructor?.name ?? 'object';
      refuse(path, `not a plain object (${name})`);
    }
    const rec = v as Record<string, unknown>;
    const keys = Object.keys(rec).sort();
    const parts: string[] = [];
    for (const k of keys) {
      const val = rec[k];
      if (val === undefined) continue;
      const childPath = `${path}.${k}`;
      parts.push(`${encodeString(k, childPath)}:${encode(val, childPath, ancestors)}`);
    }
    return `{${parts.join(',')}}`;
  } finally {
    ancestors.delete(v);
  }
}

/** The canonical JSON text of `v` (see the file comment for the exact rules). Throws AppError VALIDATION. */
export function canonicalJson(v: unknown): string {
  return encode(v, '$', new Set());
}

export function sha256Hex(data: string | Uint8Array): string {
  return createHash('sha256').update(data).digest('hex');
}

/** SHA-256 (lowercase hex) of the UTF-8 canonical JSON of the payload. */
export function payloadHash(payload: unknown): string {
  return sha256Hex(canonicalJson(payload));
}

/** The object whose canonical JSON is hashed: every field of the event except `id` and `hash`. */
export function eventHashInput(e: Omit<AuditEvent, 'id' | 'hash'>): Record<string, unknown> {
  return {
    chain: e.chain,
    seq: e.seq,
    prevHash: e.prevHash,
    at: e.at,
    actorUserId: e.actorUserId,
    actorRole: e.actorRole,
    actorOrgId: e.actorOrgId,
    certSerial: e.certSerial,
    action: e.action,
    subjectType: e.subjectType,
    subjectId: e.subjectId,
    payload: e.payload,
    payloadHash: e.payloadHash,
    objectHashes: e.objectHashes,
    clientAddress: e.clientAddress,
    ...(e.userAgent != null ? { userAgent: e.userAgent } : {}),
    ...(e.deviceFingerprint != null ? { deviceFingerprint: e.deviceFingerprint } : {}),
  };
}

/** SHA-256 (lowercase hex) of the canonical encoding of every field of the event except id and hash. */
export function eventHash(e: Omit<AuditEvent, 'id' | 'hash'>): string {
  const o = eventHashInput(e);
  // Nullable fields must be explicit nulls, never omitted (an omitted member would change the encoding
  // of a field rather than fail); the required ones must be present.
  for (const [k, v] of Object.entries(o)) if (v === undefined) refuse(`event.${k}`, 'missing field');
  return sha256Hex(canonicalJson(o));
}

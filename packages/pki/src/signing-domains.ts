/**
 * A signature means one thing (issue 14 §5, DESIGN §5): users sign with ONE key and ONE CMS profile, so
 * the signed bytes themselves must say what they are. This guard (browser-safe: no `node:` imports) lists
 * every kind of object a user's client may sign and how each is recognised by its first bytes; the kinds
 * cannot be confused with one another:
 *
 * | kind             | the signed bytes                                                            |
 * |------------------|-----------------------------------------------------------------------------|
 * | `login`          | exactly `ebid-login:v1:<origin>:<nonce>` (UTF-8), origin = the site the     |
 * |                  | client connects to (`https://host[:port]`, canonical), nonce 32 random       |
 * |                  | bytes base64url (43 characters)                                              |
 * | `opening-record` | a PDF: starts with `%PDF-`                                                   |
 * | `bid`            | a UTF-8 JSON object starting with `{"` whose `type` is a bid object type      |
 * |                  | (`ebid-bid-part`: the outer manifest; `ebid-bid-manifest`: the inner one, v2) |
 * | `alert-handling` | UTF-8 text starting `ebid-alert-handling:v1` + LF: the handling of a         |
 * |                  | supervision alert (issue 20 §2; built by @ebid/domain `alertHandlingText`)   |
 * | `evaluation-declaration` | UTF-8 text starting `ebid-evaluation-declaration:v1` + LF: a member's |
 * |                  | avoidance declaration (issue 22 §1, E3; @ebid/domain `declarationText`)      |
 * | `evaluation-sheet` | a UTF-8 JSON object whose `type` is `ebid-evaluation-sheet`: a member's    |
 * |                  | compliance findings or scores (issue 22 §4, S11; `sheetBytes`)               |
 *
 * Every client-side signing call (web and `ebid`) goes through `assertSignable(kind, bytes, …)` before
 * its key is used, so a server that hands out an outer bid manifest as a "login challenge", or a login
 * challenge as a record, gets no signature; the server checks the same before it accepts a signature
 * (a login signature only over a login challenge for its own origin, a bid signature only over a bid
 * object, a record confirmation only over a PDF).
 */
import { ALERT_HANDLING_TEXT_PREFIX } from '@ebid/domain/alert-handling';
import { EVALUATION_DECLARATION_PREFIX, EVALUATION_SHEET_TYPE } from '@ebid/domain/evaluation-prefixes';
import { AppError } from '@ebid/domain/errors';
import { PKI_REASON_MESSAGES } from './types.ts';

export type SigningKind = 'login' | 'opening-record' | 'bid' | 'alert-handling' | 'evaluation-declaration' | 'evaluation-sheet';
export const SIGNING_KINDS: readonly SigningKind[] = ['login', 'opening-record', 'bid', 'alert-handling', 'evaluation-declaration', 'evaluation-sheet'];

export const LOGIN_CHALLENGE_PREFIX = 'ebid-login:v1:';
/** The `type` of every JSON object a bidder signs (outer and inner manifests). */
export const BID_OBJECT_TYPES: readonly string[] = ['ebid-bid-part', 'ebid-bid-manifest'];

const NONCE_RE = /^[A-Za-z0-9_-]{43}$/;
const LOGIN_RE = /^ebid-login:v1:(.+):([A-Za-z0-9_-]{43})$/;
const PDF_MAGIC = [0x25, 0x50, 0x44, 0x46, 0x2d]; // %PDF-
const MAX_LOGIN_CHALLENGE = 512;
/** An alert handling is at most two texts of 2000 characters (3 UTF-8 bytes each, JSON-escaped) and its facts. */
const MAX_ALERT_HANDLING = 64 * 1024;
const ALERT_HANDLING_MAGIC = [...new TextEncoder().encode(ALERT_HANDLING_TEXT_PREFIX)];
const DECLARATION_MAGIC = [...new TextEncoder().encode(EVALUATION_DECLARATION_PREFIX)];
/** A declaration names the bidders under review: bounded generously (a few hundred bidders). */
const MAX_DECLARATION = 256 * 1024;
/** A sheet of 200 bids × 30 criteria is about 0.5 MB of JSON. */
const MAX_SHEET = 8 * 1024 * 1024;

/** The canonical form of an http(s) origin (`https://example.cn`, `http://127.0.0.1:3000`), or null. */
export function canonicalOrigin(origin: string): string | null {
  if (typeof origin !== 'string' || origin.length === 0 || origin.length > 300) return null;
  let u: URL;
  try {
    u = new URL(origin);
  } catch {
    return null;
  }
  if (u.protocol !== 'https:' && u.protocol !== 'http:') return null;
  // Only an origin itself: no path, query, fragment or credentials; already canonical.
  return u.origin === origin ? origin : null;
}

/** The login challenge for `origin` (canonical) and `nonce` (43 base64url characters). */
export function loginChallenge(origin: string, nonce: string): string {
  if (canonicalOrigin(origin) === null) throw domainError('LOGIN_ORIGIN_MISMATCH', `not a canonical http(s) origin: ${origin}`);
  if (!NONCE_RE.test(nonce)) throw domainError('SIGNING_DOMAIN_MISMATCH', 'the nonce must be 43 base64url characters');
  return `${LOGIN_CHALLENGE_PREFIX}${origin}:${nonce}`;
}

/** `{ origin, nonce }` of a login challenge of exactly the v1 form, or null. */
export function parseLoginChallenge(challenge: string): { origin: string; nonce: string } | null {
  if (typeof challenge !== 'string' || challenge.length > MAX_LOGIN_CHALLENGE) return null;
  const m = LOGIN_RE.exec(challenge);
  if (!m) return null;
  const origin = canonicalOrigin(m[1]!);
  return origin === null ? null : { origin, nonce: m[2]! };
}

const strictUtf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

function text(bytes: Uint8Array): string | null {
  try {
    return strictUtf8.decode(bytes);
  } catch {
    return null;
  }
}

function startsWith(bytes: Uint8Array, prefix: readonly number[]): boolean {
  return bytes.length >= prefix.length && prefix.every((b, i) => bytes[i] === b);
}

/** The kind of object `bytes` is, by the table above; null when it is none of them. */
export function signingKindOf(bytes: Uint8Array): SigningKind | null {
  if (startsWith(bytes, PDF_MAGIC)) return 'opening-record';
  if (startsWith(bytes, ALERT_HANDLING_MAGIC)) {
    // "ebid-alert-handling:v1\n": valid UTF-8 text of a bounded size
    return bytes.length <= MAX_ALERT_HANDLING && text(bytes) !== null ? 'alert-handling' : null;
  }
  if (startsWith(bytes, DECLARATION_MAGIC)) {
    return bytes.length <= MAX_DECLARATION && text(bytes) !== null ? 'evaluation-declaration' : null;
  }
  if (startsWith(bytes, [0x65, 0x62, 0x69, 0x64, 0x2d])) {
    // "ebid-": only the exact login form is a login challenge
    const s = bytes.length <= MAX_LOGIN_CHALLENGE ? text(bytes) : null;
    return s !== null && parseLoginChallenge(s) !== null ? 'login' : null;
  }
  if (startsWith(bytes, [0x7b, 0x22])) {
    // '{"': a JSON object naming a bid object type
    const s = text(bytes);
    if (s === null) return null;
    let v: unknown;
    try {
      v = JSON.parse(s);
    } catch {
      return null;
    }
    if (v === null || typeof v !== 'object' || Array.isArray(v)) return null;
    const type = (v as Record<string, unknown>).type;
    if (type === EVALUATION_SHEET_TYPE) return bytes.length <= MAX_SHEET ? 'evaluation-sheet' : null;
    return typeof type === 'string' && BID_OBJECT_TYPES.includes(type) ? 'bid' : null;
  }
  return null;
}

function domainError(reason: 'SIGNING_DOMAIN_MISMATCH' | 'LOGIN_ORIGIN_MISMATCH', detail: string, extra: Record<string, unknown> = {}): AppError {
  return new AppError('VALIDATION', PKI_REASON_MESSAGES[reason], { reason, detail, ...extra });
}

/**
 * Throws VALIDATION (SIGNING_DOMAIN_MISMATCH) unless `bytes` is an object of `kind`; for a login
 * challenge also LOGIN_ORIGIN_MISMATCH unless it names `opts.origin` (required for 'login').
 * Call it before every signature a user's key makes, and before a server accepts one.
 */
export function assertSignable(kind: SigningKind, bytes: Uint8Array, opts: { origin?: string } = {}): void {
  if (!SIGNING_KINDS.includes(kind)) throw domainError('SIGNING_DOMAIN_MISMATCH', `unknown signing kind ${String(kind)}`);
  const got = signingKindOf(bytes);
  if (got !== kind) {
    throw domainError('SIGNING_DOMAIN_MISMATCH', `expected ${kind}, got ${got ?? 'an unknown kind of object'}`, { expected: kind, got });
  }
  if (kind === 'login') {
    const expected = opts.origin === undefined ? null : canonicalOrigin(opts.origin);
    if (expected === null) throw domainError('LOGIN_ORIGIN_MISMATCH', 'the origin the client connects to is required to sign a login challenge');
    const c = parseLoginChallenge(text(bytes)!)!;
    if (c.origin !== expected) throw domainError('LOGIN_ORIGIN_MISMATCH', `the challenge names ${c.origin}, the client connects to ${expected}`, { challengeOrigin: c.origin, origin: expected });
  }
}

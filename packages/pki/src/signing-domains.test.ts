/** Issue 14 §5: one signing guard — each kind of signed object is told apart by its first bytes. */
import { describe, expect, it } from 'vitest';
import { AppError } from '@ebid/domain';
import { alertHandlingText } from '@ebid/domain';
import { outerManifestBytes } from './envelope/format.ts';
import { type SigningKind, assertSignable, canonicalOrigin, loginChallenge, parseLoginChallenge, signingKindOf } from './signing-domains.ts';

const enc = (s: string) => new TextEncoder().encode(s);
const NONCE = 'Q'.repeat(43);
const ORIGIN = 'https://ebid.example.cn';
const LOGIN = loginChallenge(ORIGIN, NONCE);
const OUTER = outerManifestBytes({ projectId: 1, sectionId: 2, bidderOrgId: 3, version: 1, part: 'summary', headerSha256: 'a'.repeat(64), partHash: 'b'.repeat(64), size: 10 });
const INNER_V2 = enc(JSON.stringify({ type: 'ebid-bid-manifest', v: 2, part: 'summary', projectId: 1, sectionId: 2, name: 's.json', size: 10, sha256: 'c'.repeat(64) }));
const PDF = enc('%PDF-1.7\n%âãÏÓ\n1 0 obj\n<<>>\nendobj\n');
const ALERT = enc(
  alertHandlingText({ alertId: 1, projectCode: 'E1', checkpointKind: 'opening.start', level: 'red', handling: '已处理', result: '已开标', handler: { userId: 2, username: 'staff', displayName: '张敏' } }),
);

function reasonOf(fn: () => unknown): string {
  try {
    fn();
  } catch (e) {
    if (e instanceof AppError) return `${e.code}/${String(e.details?.reason)}`;
    throw e;
  }
  return 'OK';
}

describe('signingKindOf', () => {
  it.each<[string, Uint8Array, SigningKind | null]>([
    ['a login challenge', enc(LOGIN), 'login'],
    ['a login challenge for a port', enc(loginChallenge('http://127.0.0.1:3000', NONCE)), 'login'],
    ['the outer bid manifest (v2)', OUTER, 'bid'],
    ['an inner bid manifest (v2, typed)', INNER_V2, 'bid'],
    ['a PDF', PDF, 'opening-record'],
    ['an alert handling (issue 20 §2)', ALERT, 'alert-handling'],
    ['an alert handling prefix without its line feed', enc('ebid-alert-handling:v1 alert: 1'), null],
    ['an alert handling with invalid UTF-8', Uint8Array.from([...enc('ebid-alert-handling:v1\nhandling: "'), 0xff, ...enc('"\n')]), null],
    ['an alert handling over 64 KiB', enc(`ebid-alert-handling:v1\n${'x'.repeat(64 * 1024)}`), null],
    ['an evaluation declaration (issue 22, E3)', enc('ebid-evaluation-declaration:v1\nevaluation: 1\n'), 'evaluation-declaration'],
    ['a declaration prefix without its line feed', enc('ebid-evaluation-declaration:v1 evaluation: 1'), null],
    ['a declaration with invalid UTF-8', Uint8Array.from([...enc('ebid-evaluation-declaration:v1\n'), 0xff]), null],
    ['an evaluation sheet (issue 22, S11)', enc('{"type":"ebid-evaluation-sheet","version":1}'), 'evaluation-sheet'],
    ['a sheet type in a JSON array', enc('[{"type":"ebid-evaluation-sheet"}]'), null],
    ['a sheet over 8 MiB', enc(`{"type":"ebid-evaluation-sheet","pad":"${'x'.repeat(8 * 1024 * 1024)}"}`), null],
    ['the old unversioned challenge', enc(`ebid-login:${NONCE}`), null],
    ['a challenge with a path in the origin', enc(`ebid-login:v1:${ORIGIN}/x:${NONCE}`), null],
    ['a challenge with a default port spelled out', enc(`ebid-login:v1:https://ebid.example.cn:443:${NONCE}`), null],
    ['a challenge with an upper-case host', enc(`ebid-login:v1:https://EBID.example.cn:${NONCE}`), null],
    ['a challenge with a short nonce', enc(`ebid-login:v1:${ORIGIN}:${'Q'.repeat(42)}`), null],
    ['a challenge with a trailing newline', enc(`${LOGIN}\n`), null],
    ['a challenge for a ftp: origin', enc(`ebid-login:v1:ftp://ebid.example.cn:${NONCE}`), null],
    ['a JSON object of another type (a receipt)', enc('{"type":"ebid-bid-receipt","v":1}'), null],
    ['a JSON object without type (the v1 inner manifest)', enc('{"part":"summary","projectId":1}'), null],
    ['a JSON array', enc('["ebid-bid-part"]'), null],
    ['a JSON object with a leading space', enc(` ${new TextDecoder().decode(OUTER)}`), null],
    ['JSON with invalid UTF-8', Uint8Array.from([...enc('{"type":"ebid-bid-part","x":"'), 0xff, ...enc('"}')]), null],
    ['empty bytes', new Uint8Array(0), null],
    ['arbitrary text', enc('please sign me'), null],
  ])('%s → %s', (_what, bytes, kind) => {
    expect(signingKindOf(bytes)).toBe(kind);
  });
});

describe('assertSignable', () => {
  it.each<[string, SigningKind, Uint8Array, { origin?: string }, string]>([
    ['a login challenge for our origin, as login', 'login', enc(LOGIN), { origin: ORIGIN }, 'OK'],
    ['a login challenge for another origin', 'login', enc(loginChallenge('https://evil.example.com', NONCE)), { origin: ORIGIN }, 'VALIDATION/LOGIN_ORIGIN_MISMATCH'],
    ['a login challenge without knowing our origin', 'login', enc(LOGIN), {}, 'VALIDATION/LOGIN_ORIGIN_MISMATCH'],
    ['an outer bid manifest as a login challenge', 'login', OUTER, { origin: ORIGIN }, 'VALIDATION/SIGNING_DOMAIN_MISMATCH'],
    ['a PDF as a login challenge', 'login', PDF, { origin: ORIGIN }, 'VALIDATION/SIGNING_DOMAIN_MISMATCH'],
    ['an outer bid manifest as a bid', 'bid', OUTER, {}, 'OK'],
    ['an inner v2 manifest as a bid', 'bid', INNER_V2, {}, 'OK'],
    ['a login challenge as a bid', 'bid', enc(LOGIN), {}, 'VALIDATION/SIGNING_DOMAIN_MISMATCH'],
    ['a PDF as a bid', 'bid', PDF, {}, 'VALIDATION/SIGNING_DOMAIN_MISMATCH'],
    ['a PDF as an opening record', 'opening-record', PDF, {}, 'OK'],
    ['a bid manifest as an opening record', 'opening-record', OUTER, {}, 'VALIDATION/SIGNING_DOMAIN_MISMATCH'],
    ['a login challenge as an opening record', 'opening-record', enc(LOGIN), {}, 'VALIDATION/SIGNING_DOMAIN_MISMATCH'],
    ['an alert handling as an alert handling', 'alert-handling', ALERT, {}, 'OK'],
    ['an alert handling as a login challenge', 'login', ALERT, { origin: ORIGIN }, 'VALIDATION/SIGNING_DOMAIN_MISMATCH'],
    ['an alert handling as an opening record', 'opening-record', ALERT, {}, 'VALIDATION/SIGNING_DOMAIN_MISMATCH'],
    ['a PDF as an alert handling', 'alert-handling', PDF, {}, 'VALIDATION/SIGNING_DOMAIN_MISMATCH'],
    ['a login challenge as an alert handling', 'alert-handling', enc(LOGIN), {}, 'VALIDATION/SIGNING_DOMAIN_MISMATCH'],
    ['a sheet as a bid object', 'bid', enc('{"type":"ebid-evaluation-sheet","version":1}'), {}, 'VALIDATION/SIGNING_DOMAIN_MISMATCH'],
    ['a bid manifest as a sheet', 'evaluation-sheet', enc('{"type":"ebid-bid-part"}'), {}, 'VALIDATION/SIGNING_DOMAIN_MISMATCH'],
    ['a declaration as an alert handling', 'alert-handling', enc('ebid-evaluation-declaration:v1\n'), {}, 'VALIDATION/SIGNING_DOMAIN_MISMATCH'],
    ['a PDF as a declaration', 'evaluation-declaration', PDF, {}, 'VALIDATION/SIGNING_DOMAIN_MISMATCH'],
    ['an unknown kind', 'receipt' as SigningKind, OUTER, {}, 'VALIDATION/SIGNING_DOMAIN_MISMATCH'],
  ])('%s → %s', (_what, kind, bytes, opts, expected) => {
    expect(reasonOf(() => assertSignable(kind, bytes, opts))).toBe(expected);
  });

  it('the error says what was expected and what was found, in Chinese and English', () => {
    try {
      assertSignable('login', OUTER, { origin: ORIGIN });
      expect.unreachable();
    } catch (e) {
      expect(e).toMatchObject({ code: 'VALIDATION', messageZh: expect.stringContaining('拒绝签名'), details: { reason: 'SIGNING_DOMAIN_MISMATCH', expected: 'login', got: 'bid' } });
    }
  });
});

describe('login challenges', () => {
  it.each([
    ['https://ebid.example.cn', 'https://ebid.example.cn'],
    ['http://127.0.0.1:3000', 'http://127.0.0.1:3000'],
    ['https://ebid.example.cn/', null],
    ['https://ebid.example.cn:443', null],
    ['HTTPS://ebid.example.cn', null],
    ['javascript:alert(1)', null],
    ['null', null],
    ['', null],
  ])('canonicalOrigin(%s) = %s', (origin, expected) => {
    expect(canonicalOrigin(origin)).toBe(expected);
  });

  it('round-trips and refuses to build a challenge for a non-origin or a bad nonce', () => {
    expect(LOGIN).toBe(`ebid-login:v1:${ORIGIN}:${NONCE}`);
    expect(parseLoginChallenge(LOGIN)).toEqual({ origin: ORIGIN, nonce: NONCE });
    expect(reasonOf(() => loginChallenge(`${ORIGIN}/path`, NONCE))).toBe('VALIDATION/LOGIN_ORIGIN_MISMATCH');
    expect(reasonOf(() => loginChallenge(ORIGIN, 'short'))).toBe('VALIDATION/SIGNING_DOMAIN_MISMATCH');
  });
});

/**
 * Talking to a running platform server from the CLI (submit, decrypt, confirm-record): a small
 * tRPC-over-HTTP client (no transformer, one call per request) with the session cookie, plain GETs for
 * files and raw-body PUTs (bid pieces), the password login (EBID_PASSWORD) and the certificate login
 * (auth.certChallenge → a detached CMS over the challenge's UTF-8 bytes, signed with the signing key of
 * the .p12 → auth.certLogin, as apps/web's certificateSignIn), and turning server and network failures
 * into a message and an exit code.
 */
import { isAppError } from '@ebid/domain';
import { type SigningKind, signCmsDetachedAs } from '@ebid/pki';
import { EXIT, type Out, UsageError } from './args.ts';
import { machineFingerprint } from './machine.ts';

/** An AppError answered by the server: `{ error: { code, messageZh, messageEn, details? } }` (or tRPC's data.appError). */
export class ServerError extends Error {
  constructor(
    readonly code: string,
    readonly zh: string,
    readonly en: string,
    readonly status: number,
    readonly reason?: string,
  ) {
    super(`${code}${reason ? ` ${reason}` : ''}: ${en}`);
  }
}

interface WireAppError {
  code?: string;
  messageZh?: string;
  messageEn?: string;
  details?: { reason?: unknown };
}

export function serverError(status: number, body: unknown): ServerError {
  const b = body as { error?: WireAppError & { message?: string; data?: { appError?: WireAppError } } } | undefined;
  const e = b?.error?.data?.appError ?? b?.error;
  const reason = typeof e?.details?.reason === 'string' ? e.details.reason : undefined;
  return new ServerError(e?.code ?? `HTTP_${status}`, e?.messageZh ?? '', e?.messageEn ?? b?.error?.message ?? `HTTP ${status}`, status, reason);
}

/**
 * Sign with the user's key through the signing guard (issue 14 §5): `kind` is what the command means to
 * sign; bytes of another kind (a bid manifest handed over as a "login challenge", a challenge for
 * another site) are refused with a ServerError naming SIGNING_DOMAIN_MISMATCH / LOGIN_ORIGIN_MISMATCH,
 * and nothing is signed.
 */
export function signAs(
  kind: SigningKind,
  content: Uint8Array,
  signer: { privateKeyPem: string; certPem: string; chainPem: string[] },
  opts: { origin?: string } = {},
): Buffer {
  try {
    return signCmsDetachedAs(kind, content, { keyPem: signer.privateKeyPem, certPem: signer.certPem, chainPem: signer.chainPem }, opts);
  } catch (e) {
    if (isAppError(e) && (e.details?.reason === 'SIGNING_DOMAIN_MISMATCH' || e.details?.reason === 'LOGIN_ORIGIN_MISMATCH')) {
      throw new ServerError('REFUSED_TO_SIGN', `拒绝签名：${e.messageZh}`, `Refused to sign: ${e.messageEn}`, 0, e.details.reason);
    }
    throw e;
  }
}

export class ServerApi {
  private readonly cookies = new Map<string, string>();
  constructor(readonly base: string) {}

  /** The origin this client connects to (sent as the Origin header; login challenges must name it). */
  get origin(): string {
    return new URL(this.base).origin;
  }

  private async fetch(path: string, init: RequestInit = {}): Promise<Response> {
    const headers = new Headers(init.headers);
    if (this.cookies.size) headers.set('cookie', [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; '));
    headers.set('user-agent', 'ebid-cli');
    headers.set('x-ebid-device', machineFingerprint());
    headers.set('origin', this.origin);
    const res = await fetch(new URL(path, this.base), { ...init, headers });
    for (const c of res.headers.getSetCookie()) {
      const pair = c.split(';')[0] ?? '';
      const i = pair.indexOf('=');
      if (i <= 0) continue;
      const name = pair.slice(0, i).trim();
      if (/;\s*Max-Age=0/i.test(c) || /;\s*Expires=Thu, 01 Jan 1970/i.test(c)) this.cookies.delete(name);
      else this.cookies.set(name, pair.slice(i + 1).trim());
    }
    return res;
  }

  private async json<T>(res: Response): Promise<T> {
    const text = await res.text();
    let body: unknown;
    try {
      body = JSON.parse(text);
    } catch {
      throw new ServerError(`HTTP_${res.status}`, '', text.slice(0, 200) || `HTTP ${res.status}`, res.status);
    }
    if (!res.ok || (body as { error?: unknown }).error) throw serverError(res.status, body);
    return body as T;
  }

  async mutation<T>(path: string, input?: unknown): Promise<T> {
    const res = await this.fetch(`/trpc/${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      ...(input !== undefined ? { body: JSON.stringify(input) } : {}),
    });
    return (await this.json<{ result: { data: T } }>(res)).result.data;
  }

  async query<T>(path: string, input?: unknown): Promise<T> {
    const q = input !== undefined ? `?input=${encodeURIComponent(JSON.stringify(input))}` : '';
    const res = await this.fetch(`/trpc/${path}${q}`);
    return (await this.json<{ result: { data: T } }>(res)).result.data;
  }

  /** A raw body (application/octet-stream) PUT to a plain route, answered with JSON; an error answer becomes a ServerError. */
  async put<T>(path: string, body: Uint8Array): Promise<T> {
    const res = await this.fetch(path, {
      method: 'PUT',
      headers: { 'content-type': 'application/octet-stream' },
      body: body as Uint8Array<ArrayBuffer>,
    });
    return this.json<T>(res);
  }

  /** A file from a plain GET route, with the session cookie; an error answer becomes a ServerError. */
  async download(path: string): Promise<{ bytes: Buffer; headers: Headers }> {
    const res = await this.fetch(path);
    if (!res.ok) await this.json(res); // throws the AppError
    return { bytes: Buffer.from(await res.arrayBuffer()), headers: res.headers };
  }
}

export interface SessionActor {
  userId: number;
  username: string;
  displayName: string;
  role: string;
  orgId: number;
  orgName: string;
  certSerial: string | null;
}

/** The account password: EBID_PASSWORD (never argv). */
export function envPassword(): string {
  // eslint-disable-next-line no-restricted-properties -- the password must stay off argv
  const password = process.env.EBID_PASSWORD;
  if (!password) throw new UsageError('no password: set EBID_PASSWORD');
  return password;
}

/** Password login (auth.login): the session cookie is kept by `api`. */
export async function passwordLogin(api: ServerApi, username: string, password: string): Promise<SessionActor> {
  const { actor } = await api.mutation<{ actor: SessionActor }>('auth.login', { username, password });
  return actor;
}

/**
 * Certificate login with the signing key and certificate of a .p12: the session then carries the
 * certificate (actor.certSerial), as the opening's sign-in and decryption require. `expectedUsername`
 * (--user) must be the user the certificate belongs to.
 */
export async function certificateLogin(
  api: ServerApi,
  signer: { privateKeyPem: string; certPem: string; chainPem: string[] },
  expectedUsername: string,
): Promise<SessionActor> {
  const { challenge } = await api.mutation<{ challenge: string; expiresAt: string }>('auth.certChallenge');
  const cms = signAs('login', new TextEncoder().encode(challenge), signer, { origin: api.origin });
  const { actor } = await api.mutation<{ actor: SessionActor }>('auth.certLogin', { challenge, signature: cms.toString('base64') });
  if (actor.username !== expectedUsername) {
    await api.mutation('auth.logout').catch(() => undefined);
    throw new ServerError(
      'USER_MISMATCH',
      `签名证书属于用户 ${actor.username}，不是 ${expectedUsername}`,
      `The signing certificate belongs to user ${actor.username}, not ${expectedUsername}`,
      0,
    );
  }
  return actor;
}

/**
 * Runs the server part of a command: ServerError → `error: CODE (REASON): zh / en`, exit 1; unreachable →
 * exit 2. With `{ reason: false }` the reason is left out (`error: CODE: zh / en`, as `ebid submit` prints).
 */
export async function serverGuard(out: Out, server: string, body: () => Promise<number>, opts: { reason?: boolean } = {}): Promise<number> {
  try {
    return await body();
  } catch (e) {
    if (e instanceof ServerError) {
      const reason = opts.reason !== false && e.reason ? ` (${e.reason})` : '';
      out(`error: ${e.code}${reason}: ${e.zh ? `${e.zh} / ` : ''}${e.en}\n`);
      return EXIT.FAIL;
    }
    const cause = (e as { cause?: { code?: string; message?: string } })?.cause;
    if (e instanceof TypeError && cause && (cause.code || e.message === 'fetch failed')) {
      out(`error: cannot reach ${server}: ${cause.code ?? cause.message ?? e.message}\n`);
      return 2;
    }
    throw e;
  }
}

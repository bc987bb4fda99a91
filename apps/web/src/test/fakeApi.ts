/**
 * Test-only: a real tRPC client whose terminating link answers from in-memory handlers, so components
 * go through the same client, error class and error shape as in production (`data.appError`).
 */
import { TRPCClientError, type TRPCLink } from '@trpc/client';
import { observable } from '@trpc/server/observable';
import { AppError, isAppError } from '@ebid/domain';
import type { AppRouter } from '@ebid/api';
import { createApiClient, type ApiClient } from '../api.ts';
import type { LiveEvent } from '../live.ts';

export type Handler = (input: unknown) => unknown;

export interface FakeApi {
  client: ApiClient;
  calls: { path: string; input: unknown }[];
  /** Push an event to every open subscription. */
  emit: (ev: LiveEvent) => void;
}

const HTTP: Record<string, number> = { UNAUTHORIZED: 401, FORBIDDEN: 403, NOT_FOUND: 404, VALIDATION: 400 };

function toClientError(path: string, e: unknown): TRPCClientError<AppRouter> {
  const app = isAppError(e) ? e : new AppError('INTERNAL');
  const httpStatus = HTTP[app.code] ?? 500;
  return TRPCClientError.from({
    error: {
      code: -32000,
      message: app.messageEn,
      data: { code: app.code, httpStatus, path, appError: app.toJSON() },
    },
  });
}

export function createFakeApi(handlers: Record<string, Handler>): FakeApi {
  const calls: FakeApi['calls'] = [];
  const listeners = new Set<(ev: LiveEvent) => void>();
  const link: TRPCLink<AppRouter> =
    () =>
    ({ op }) =>
      observable((observer) => {
        calls.push({ path: op.path, input: op.input });
        if (op.type === 'subscription') {
          const listener = (ev: LiveEvent) =>
            observer.next({ result: { id: String(ev.id), data: { id: String(ev.id), data: ev } } });
          listeners.add(listener);
          queueMicrotask(() => observer.next({ result: { type: 'started' } }));
          return () => listeners.delete(listener);
        }
        let cancelled = false;
        Promise.resolve()
          .then(() => {
            const h = handlers[op.path];
            if (!h) throw new AppError('NOT_FOUND', { zh: `测试未定义 ${op.path}`, en: `No fake for ${op.path}` });
            return h(op.input);
          })
          .then(
            (data) => {
              if (cancelled) return;
              observer.next({ result: { type: 'data', data } });
              observer.complete();
            },
            (e: unknown) => {
              if (!cancelled) observer.error(toClientError(op.path, e));
            },
          );
        return () => {
          cancelled = true;
        };
      });
  return {
    client: createApiClient([link]),
    calls,
    emit: (ev) => {
      for (const l of listeners) l(ev);
    },
  };
}

/** The demo accounts as the server describes them. */
export const ACTORS = {
  staff: {
    userId: 2,
    username: 'staff',
    displayName: '张敏（交易中心）',
    role: 'staff',
    orgId: 1,
    orgName: '示范市公共资源交易中心',
    isOrgAdmin: false,
    certSerial: null,
  },
  bidder1: {
    userId: 5,
    username: 'bidder1',
    displayName: '陈伟（华东建工）',
    role: 'bidder',
    orgId: 4,
    orgName: '华东建工集团有限公司',
    isOrgAdmin: true,
    certSerial: null,
  },
  bidder1b: {
    userId: 6,
    username: 'bidder1b',
    displayName: '林峰（华东建工）',
    role: 'bidder',
    orgId: 4,
    orgName: '华东建工集团有限公司',
    isOrgAdmin: false,
    certSerial: null,
  },
  tenderee: {
    userId: 3,
    username: 'tenderee',
    displayName: '王芳（城投集团）',
    role: 'tenderee',
    orgId: 2,
    orgName: '示范市城市建设投资集团有限公司',
    isOrgAdmin: true,
    certSerial: null,
  },
  supervisor: {
    userId: 40,
    username: 'supervisor',
    displayName: '赵刚（监管）',
    role: 'supervisor',
    orgId: 3,
    orgName: '示范市公共资源交易监督管理局',
    isOrgAdmin: false,
    certSerial: null,
  },
  expert01: {
    userId: 30,
    username: 'expert01',
    displayName: '孙立平',
    role: 'expert',
    orgId: 9,
    orgName: '示范市综合评标专家库',
    isOrgAdmin: false,
    certSerial: null,
  },
} as const;

export const SYSTEM_INFO = {
  name: '公共资源交易平台',
  version: '0.1.0',
  mode: 'embedded',
  database: 'pglite',
  objectStore: 'fs',
  instance: 'test-1',
  /** The demo center, as a server without CENTER_* configuration answers (issue 15 §3). */
  center: {
    platformName: '示范市公共资源交易平台',
    centerName: '示范市公共资源交易中心',
    regionCode: '330100',
    address: '示范市人民大道 1 号市民服务中心 3 楼',
    contact: '0571-12345678',
  },
} as const;

/** Handlers of a server with the given accounts (password Demo#2026) and a real-time clock at `epochMs`. */
export function demoServer(opts: { epochMs?: number; fakeClock?: boolean; acceleration?: number } = {}) {
  let actor: (typeof ACTORS)[keyof typeof ACTORS] | null = null;
  const handlers: Record<string, Handler> = {
    'system.time': () => ({
      epochMs: opts.epochMs ?? Date.UTC(2026, 0, 1, 0, 0, 0),
      iso: new Date(opts.epochMs ?? Date.UTC(2026, 0, 1)).toISOString(),
      timeZone: 'Asia/Shanghai',
      fakeClock: opts.fakeClock ?? false,
      acceleration: opts.acceleration ?? 1,
    }),
    'system.info': () => SYSTEM_INFO,
    'auth.me': () => ({ actor }),
    'portal.notices': () => ({ items: [], nextBeforeId: null }),
    'committee.published': () => [],
    // The evaluation's lists (issue 22 §6): none unless a test gives them.
    'evaluation.list': () => [],
    'evaluation.myClarifications': () => [],
    'notification.list': () => ({ items: [], unread: 0, nextBeforeId: null }),
    'auth.login': (input) => {
      const { username, password } = input as { username: string; password: string };
      const found = (Object.values(ACTORS) as (typeof actor)[]).find((a) => a?.username === username);
      if (!found || password !== 'Demo#2026') {
        throw new AppError('UNAUTHORIZED', { zh: '用户名或密码错误', en: 'Wrong username or password' });
      }
      actor = found;
      return { actor, expiresAt: new Date(Date.UTC(2026, 0, 2)).toISOString() };
    },
    'auth.logout': () => {
      if (!actor) throw new AppError('UNAUTHORIZED');
      actor = null;
      return { ok: true };
    },
  };
  return handlers;
}

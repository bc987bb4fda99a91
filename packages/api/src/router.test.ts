import { describe, expect, it } from 'vitest';
import { TRPCError } from '@trpc/server';
import { APP_ERROR_CODES, AppError } from '@ebid/domain';
import type { Actor } from '@ebid/services';
import { appRouter } from './root.ts';
import { APP_TO_TRPC, toTRPCError, wireAppError } from './errors.ts';
import { canSubscribe } from './routers/live.ts';

type ProcDef = { _def: { type: string; inputs: unknown[]; output?: unknown } };
const procedures = Object.entries(appRouter._def.procedures as unknown as Record<string, ProcDef>);

describe('every procedure declares its input and output schemas (issue 2 §8)', () => {
  it('the router is not empty', () => {
    expect(procedures.length).toBeGreaterThan(5);
  });
  it.each(procedures.map(([name, p]) => [name, p]))('%s', (_name, p) => {
    expect(p._def.inputs.length).toBeGreaterThan(0);
    expect(p._def.output).toBeDefined();
  });
});

describe('AppError codes map once to tRPC codes', () => {
  it.each(APP_ERROR_CODES.map((c) => [c]))('%s has a mapping and keeps its messages', (code) => {
    expect(APP_TO_TRPC[code]).toBeTruthy();
    const e = toTRPCError(new AppError(code));
    expect(e).toBeInstanceOf(TRPCError);
    expect(e.code).toBe(APP_TO_TRPC[code]);
    const wire = wireAppError(e);
    expect(wire.code).toBe(code);
    expect(wire.messageZh).toMatch(/[\u4e00-\u9fff]/);
    expect(wire.messageEn).toMatch(/[a-z]/i);
  });

  it('an unknown error reaches the client as INTERNAL without its message', () => {
    const wire = wireAppError(toTRPCError(new Error('password=hunter2 at db')));
    expect(wire.code).toBe('INTERNAL');
    expect(JSON.stringify(wire)).not.toContain('hunter2');
  });
});

describe('who may follow which live topic', () => {
  const actor = { userId: 7 } as Actor;
  it.each([
    [null, 'system', true],
    [null, 'public', true],
    [null, 'user.7', false],
    [actor, 'user.7', true],
    [actor, 'user.8', false],
    [actor, 'user.7x', false],
    [actor, 'project.1', false], // later capabilities declare project topics with their own checks
    [null, 'opening.1', false], // the opening room: participants only (integration-tested with a database)
  ] as const)('%o on %s → %s', async (a, topic, ok) => {
    // Only `opening.<id>` reads the database; no other topic may touch it.
    const noDb = { get db(): never { throw new Error('no database in this test') } } as unknown as Parameters<typeof canSubscribe>[0];
    expect(await canSubscribe(noDb, a, topic)).toBe(ok);
  });
});

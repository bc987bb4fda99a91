import { describe, expect, it } from 'vitest';
import { createTRPCClient, type TRPCLink } from '@trpc/client';
import { observable } from '@trpc/server/observable';
import { initTRPC } from '@trpc/server';
import { SessionGate } from './session-gate.ts';
import { toAppErrorView } from './errors.ts';

// A router-shaped type for the client; the terminating link below plays the server.
const t = initTRPC.create();
const _router = t.router({
  a: t.procedure.query(() => 'a'),
  b: t.procedure.query(() => 'b'),
  auth: t.router({ logout: t.procedure.mutation(() => 'bye'), login: t.procedure.mutation(() => 'hi') }),
});
type Router = typeof _router;

/** A server whose answers the test releases by hand; it records what reached it, in order. */
function fakeServer() {
  const reached: string[] = [];
  const waiting: Array<{ path: string; answer: () => void }> = [];
  let sessionEnded = false;
  const link: TRPCLink<Router> = () => ({ op }) =>
    observable((observer) => {
      reached.push(op.path);
      waiting.push({
        path: op.path,
        answer: () => {
          if (op.path === 'auth.logout') sessionEnded = true;
          else if (op.path === 'auth.login') sessionEnded = false;
          else if (sessionEnded) reached.push(`401:${op.path}`);
          observer.next({ result: { type: 'data', data: op.path } });
          observer.complete();
        },
      });
    });
  const answer = async (path: string) => {
    const i = waiting.findIndex((w) => w.path === path);
    expect(i, `a request to ${path} is waiting`).toBeGreaterThanOrEqual(0);
    waiting.splice(i, 1)[0]!.answer();
    await tick();
  };
  return { link, reached, answer, waiting };
}

const tick = () => new Promise((r) => setTimeout(r, 0));

function setup() {
  const gate = new SessionGate();
  const server = fakeServer();
  const client = createTRPCClient<Router>({ links: [gate.link<Router>(), server.link] });
  return { gate, server, client };
}

describe('the session gate: signing out leaves no request to be refused', () => {
  it('waits for the requests in flight before the logout reaches the server', async () => {
    const { gate, server, client } = setup();
    const a = client.a.query();
    await tick();
    expect(gate.pending).toBe(1);
    const out = gate.signOut(() => client.auth.logout.mutate(), () => false);
    await tick();
    expect(server.reached).toEqual(['a']); // the logout waits
    await server.answer('a');
    expect(await a).toBe('a');
    expect(server.reached).toEqual(['a', 'auth.logout']);
    await server.answer('auth.logout');
    expect(await out).toBe('auth.logout');
    expect(server.reached).not.toContain('401:a');
  });

  it('holds a request made during the logout and fails it locally with UNAUTHORIZED once signed out', async () => {
    const { server, client, gate } = setup();
    const out = gate.signOut(() => client.auth.logout.mutate(), () => false);
    await tick();
    const b = client.b.query().then(
      () => undefined,
      (e: unknown) => e,
    );
    await tick();
    expect(server.reached).toEqual(['auth.logout']); // b is held, not sent
    await server.answer('auth.logout');
    await out;
    const err = await b;
    expect(toAppErrorView(err).code).toBe('UNAUTHORIZED');
    expect(server.reached).toEqual(['auth.logout']); // b never reached the server
  });

  it('sends the held requests when the sign-out is refused for another reason (the session stays)', async () => {
    const { server, client, gate } = setup();
    const failing = gate.signOut(() => Promise.reject(new Error('network down')), () => false);
    const b = client.b.query();
    await expect(failing).rejects.toThrow('network down');
    await tick();
    expect(server.reached).toEqual(['b']);
    await server.answer('b');
    expect(await b).toBe('b');
  });

  it('an expired session counts as signed out: settled, the held requests dropped', async () => {
    const { server, client, gate } = setup();
    let fail!: (e: unknown) => void;
    let settled = 0;
    const out = gate.signOut(
      () => new Promise((_, reject) => (fail = reject)),
      () => true,
      () => (settled += 1),
    );
    await tick();
    const b = client.b.query().then(
      () => undefined,
      (e: unknown) => e,
    );
    fail(new Error('expired'));
    await expect(out).resolves.toBeUndefined();
    expect(settled).toBe(1);
    expect(toAppErrorView(await b).code).toBe('UNAUTHORIZED');
    expect(server.reached).toEqual([]);
  });

  it('a page still mounted after the reset refetches during the grace: dropped, not sent', async () => {
    const { server, client, gate } = setup();
    let late: Promise<unknown> | undefined;
    const out = gate.signOut(
      () => client.auth.logout.mutate(),
      () => false,
      () => {
        // the app resets its cache; a component of the ended session refetches before it unmounts
        setTimeout(() => {
          late = client.a.query().then(
            () => undefined,
            (e: unknown) => e,
          );
        }, 20);
      },
    );
    await tick();
    await server.answer('auth.logout');
    await out;
    expect(toAppErrorView(await late).code).toBe('UNAUTHORIZED');
    expect(server.reached).toEqual(['auth.logout']);
  });

  it('the next sign-in during the grace ends it: it and what follows go out, the held ones are dropped', async () => {
    const { server, client, gate } = setup();
    let held: Promise<unknown> | undefined;
    const out = gate.signOut(
      () => client.auth.logout.mutate(),
      () => false,
      () => {
        held = client.a.query().then(
          () => undefined,
          (e: unknown) => e,
        );
      },
    );
    await tick();
    await server.answer('auth.logout');
    const login = client.auth.login.mutate();
    await tick();
    expect(toAppErrorView(await held).code).toBe('UNAUTHORIZED');
    await server.answer('auth.login');
    expect(await login).toBe('auth.login');
    const b = client.b.query();
    await tick();
    await server.answer('b');
    expect(await b).toBe('b');
    await out;
    expect(server.reached).toEqual(['auth.logout', 'auth.login', 'b']);
  });

  it('after signing out, new requests go out again (the next user)', async () => {
    const { server, client, gate } = setup();
    const out = gate.signOut(() => client.auth.logout.mutate(), () => false);
    await tick();
    await server.answer('auth.logout');
    await out;
    const a = client.a.query();
    await tick();
    await server.answer('a');
    expect(await a).toBe('a');
  });
});

import { describe, expect, it } from 'vitest';
import { commitmentOf, computeIndex, nextAction, phaseAt, storedValue, valueToCommit, verifyInBrowser, type DrawView, type ValueStore } from './draw-client.ts';

// The same vectors as the server's (packages/services/src/draws/crypto.test.ts): browser and server agree.
const V = 'ab'.repeat(32);
const P = '11'.repeat(32);

const memory = (): ValueStore & { data: Map<string, string> } => {
  const data = new Map<string, string>();
  return { data, getItem: (k) => data.get(k) ?? null, setItem: (k, v) => void data.set(k, v) };
};

describe('draw client: the server’s hashes in WebCrypto', () => {
  it('commitments and the result match the server’s vectors', async () => {
    expect(await commitmentOf(7, 'user:42', V)).toBe('88233bd6a7b3e88b2e06758afe05380104865fb26c8b7f4ddcd87061747381f6');
    expect(await commitmentOf(7, 'platform', P)).toBe('2b4c1d63090775ca0a560c3e8b01b9852876f332d0b28d528bf86a137d4c3a3b');
    const r = await computeIndex({ drawId: 7, n: 6, platformShareHex: P, reveals: [{ commitmentId: 3, participant: 'user:42', valueHex: V }, { commitmentId: 1, participant: 'user:5', valueHex: 'cd'.repeat(32) }] });
    expect(r).toEqual({ index: 1, digestHex: '2d7bb2f35b640cb662c4ce0f9257cccf377192dcb3348fbab67beae382b8bdae' });
  });

  it('verifies a drawn draw in the browser, and fails on an altered one', async () => {
    const d: DrawView = {
      id: 7,
      purpose: 'opening.k',
      options: [150, 125, 100, 75, 50, 25],
      phase: 'drawn',
      serverTime: '2026-06-24T02:16:00.000Z',
      createdAt: '2026-06-24T02:00:00.000Z',
      commitCloseAt: '2026-06-24T02:10:00.000Z',
      revealCloseAt: '2026-06-24T02:15:00.000Z',
      platformCommitment: '2b4c1d63090775ca0a560c3e8b01b9852876f332d0b28d528bf86a137d4c3a3b',
      platformShare: P,
      commitments: [
        { id: 1, participant: 'user:5', label: '投标人', mine: false, commitment: await commitmentOf(7, 'user:5', 'cd'.repeat(32)), committedAt: '', valueHex: 'cd'.repeat(32), revealedAt: '' },
        { id: 3, participant: 'user:42', label: '监管部门', mine: false, commitment: '88233bd6a7b3e88b2e06758afe05380104865fb26c8b7f4ddcd87061747381f6', committedAt: '', valueHex: V, revealedAt: '' },
        { id: 4, participant: 'user:43', label: '招标人', mine: true, commitment: 'e'.repeat(64), committedAt: '', valueHex: null, revealedAt: null },
      ],
      result: { index: 1, drawnAt: '2026-06-24T02:15:01.000Z', digestHex: '2d7bb2f35b640cb662c4ce0f9257cccf377192dcb3348fbab67beae382b8bdae', inputsSha256: '', unrevealed: [4] },
      me: { mayContribute: true, committed: true, revealed: false },
    };
    expect(await verifyInBrowser(d)).toEqual({ platform: true, reveals: true, result: true, ok: true });
    expect((await verifyInBrowser({ ...d, result: { ...d.result!, index: 2 } }))!.ok).toBe(false);
    expect((await verifyInBrowser({ ...d, platformShare: '22'.repeat(32) }))!.platform).toBe(false);
    expect((await verifyInBrowser({ ...d, commitments: d.commitments.map((c) => (c.id === 1 ? { ...c, valueHex: 'ce'.repeat(32) } : c)) }))!.reveals).toBe(false);
    expect(await verifyInBrowser({ ...d, result: null, platformShare: null })).toBeNull();
  });
});

describe('draw client: commits while open, reveals after the commit close (server time, T1)', () => {
  const t = { commitCloseAt: '2026-06-24T02:10:00.000Z', revealCloseAt: '2026-06-24T02:15:00.000Z', result: null };
  const close = Date.parse(t.commitCloseAt);
  const me = (over: Partial<DrawView['me']> = {}) => ({ mayContribute: true, committed: false, revealed: false, ...over });
  it.each<[string, number | undefined, DrawView['me'], boolean, 'commit' | 'reveal' | null]>([
    ['open, not committed → commit', close - 60_000, me(), false, 'commit'],
    ['exactly at the commit close → still commit', close, me(), false, 'commit'],
    ['committed, before the close → wait', close - 1, me({ committed: true }), true, null],
    ['committed, after the close → reveal', close + 1, me({ committed: true }), true, 'reveal'],
    ['committed, no value kept here → nothing', close + 1, me({ committed: true }), false, null],
    ['revealed → nothing', close + 1, me({ committed: true, revealed: true }), true, null],
    ['after the reveal close → nothing', Date.parse(t.revealCloseAt) + 1, me({ committed: true }), true, null],
    ['not a contributor (staff) → nothing', close - 60_000, me({ mayContribute: false }), false, null],
    ['clock not measured yet → nothing', undefined, me(), false, null],
    ['too late to commit → nothing', close + 1, me(), false, null],
  ])('%s', (_n, now, m, hasValue, want) => {
    expect(nextAction({ ...t, me: m }, now, hasValue)).toBe(want);
  });

  it('phases by the server clock', () => {
    expect(phaseAt(t, close)).toBe('commit');
    expect(phaseAt(t, close + 1)).toBe('reveal');
    expect(phaseAt(t, Date.parse(t.revealCloseAt) + 1)).toBe('closed');
    expect(phaseAt({ ...t, result: { index: 0, drawnAt: '', digestHex: '', inputsSha256: '', unrevealed: [] } }, 0)).toBe('drawn');
  });

  it('keeps the value locally before committing, and commits the same value on a retry', () => {
    const store = memory();
    const v = valueToCommit(9, 42, store);
    expect(v).toMatch(/^[0-9a-f]{64}$/);
    expect(store.data.get('ebid-draw:9:user:42')).toBe(v);
    expect(valueToCommit(9, 42, store)).toBe(v);
    expect(storedValue(9, 42, store)).toBe(v);
    expect(storedValue(9, 43, store)).toBeNull();
    expect(valueToCommit(10, 42, store)).not.toBe(v);
  });
});

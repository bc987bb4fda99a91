/**
 * 统一交易标识码 without gaps (issue 13 §9.7), through the real HTTP server on PostgreSQL: the sequence runs
 * per region, year and trade type; a create that fails after its project row was written leaves no gap;
 * concurrent creates get distinct, consecutive codes; the migration keeps existing codes and starts each
 * counter from the highest sequence given out.
 */
import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { dealCodeCounters } from '@ebid/db';
import { DEMO_PASSWORD } from '@ebid/services';
import { testSectionsFor } from '@ebid/testing';
import { startTestApp, type TestApp } from './test-app.ts';

let t: TestApp;
let cookie = '';

beforeAll(async () => {
  t = await startTestApp({ clockStart: new Date('2026-03-02T10:00:00+08:00') });
  const res = await fetch(`${t.base}/trpc/auth.login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'tenderee', password: DEMO_PASSWORD }) });
  cookie = (res.headers.getSetCookie()[0] ?? '').split(';')[0]!;
});
afterAll(async () => {
  await t?.close();
});

const METHOD = { engineering: 'open', procurement: 'open', land: 'listing', property: 'listing' } as const;

async function create(tradeType: keyof typeof METHOD, opts: { regionCode?: string; sectionName?: string } = {}): Promise<{ status: number; code?: string }> {
  const res = await fetch(`${t.base}/trpc/project.create`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', cookie },
    body: JSON.stringify({
      tradeType,
      method: METHOD[tradeType],
      name: `编码测试 ${tradeType}`,
      ...(tradeType === 'procurement' ? { budgetFen: 100_000_000 } : {}), // R87 §63: a GP project states its budget
      ...(opts.regionCode ? { regionCode: opts.regionCode } : {}),
      ...(tradeType === 'property' ? { propertyKind: 'equity_transfer' } : {}), // issue 18 §4: the deal kind
      // A land plot or property item states its sale terms (issue 18 §4); a tender section only its name here.
      sections: [{ ...(tradeType === 'land' || tradeType === 'property' ? testSectionsFor(tradeType)[0] : {}), name: opts.sectionName ?? '一标段' }],
    }),
  });
  const json = (await res.json()) as { result?: { data: { unifiedDealCode: string } } };
  return { status: res.status, code: json.result?.data.unifiedDealCode };
}

/** `330100-2026-E000042` → { key: '330100-2026-E', seq: 42 }. */
function parse(code: string | undefined): { key: string; seq: number } {
  const m = /^(\d{6}-\d{4}-[EPLR])(\d{6,})$/.exec(code ?? '');
  if (!m) throw new Error(`not a deal code: ${code}`);
  return { key: m[1]!, seq: Number(m[2]) };
}

describe('gapless 统一交易标识码 (issue 13 §9.7)', () => {
  it('each region, year and trade type has its own sequence, from 1, without gaps between keys', async () => {
    const e1 = parse((await create('engineering', { regionCode: '110101' })).code);
    const p1 = parse((await create('procurement', { regionCode: '110101' })).code);
    const e2 = parse((await create('engineering', { regionCode: '110101' })).code);
    const x1 = parse((await create('engineering', { regionCode: '120101' })).code);
    expect([e1, p1, e2, x1]).toEqual([
      { key: '110101-2026-E', seq: 1 },
      { key: '110101-2026-P', seq: 1 },
      { key: '110101-2026-E', seq: 2 },
      { key: '120101-2026-E', seq: 1 },
    ]);
  });

  it('a create that fails after its project row was written (rolled back) leaves no gap', async () => {
    // A database-level refusal after the project insert (a failing section insert) stands for any failure
    // late in the creating transaction.
    await t.deps.db.execute(sql`
      create or replace function test_refuse_section() returns trigger language plpgsql as $$
      begin
        if new.name = '拒绝此标段' then raise exception 'refused by test' using errcode = '23514'; end if;
        return new;
      end $$`);
    await t.deps.db.execute(sql`create trigger test_refuse_section before insert on sections for each row execute function test_refuse_section()`);
    try {
      const before = parse((await create('land', { regionCode: '130101' })).code);
      const refused = await create('land', { regionCode: '130101', sectionName: '拒绝此标段' });
      expect(refused.status).toBeGreaterThanOrEqual(400);
      expect(refused.code).toBeUndefined();
      const after = parse((await create('land', { regionCode: '130101' })).code);
      expect(after).toEqual({ key: before.key, seq: before.seq + 1 });
    } finally {
      await t.deps.db.execute(sql`drop trigger test_refuse_section on sections`);
      await t.deps.db.execute(sql`drop function test_refuse_section()`);
    }
  });

  it('concurrent creates of one key get distinct, consecutive codes', async () => {
    const first = parse((await create('property', { regionCode: '140101' })).code);
    const results = await Promise.all(Array.from({ length: 8 }, () => create('property', { regionCode: '140101' })));
    expect(results.map((r) => r.status)).toEqual(Array(8).fill(200));
    const seqs = results.map((r) => parse(r.code).seq).sort((a, b) => a - b);
    expect(seqs).toEqual(Array.from({ length: 8 }, (_, i) => first.seq + 1 + i));
  });

  it('the migration keeps existing codes: counters restart from the highest sequence of each key', async () => {
    const counters = async () =>
      (await t.deps.db.select().from(dealCodeCounters)).map((c) => `${c.regionCode}-${c.year}-${c.tradeType}:${c.lastSeq}`).sort();
    const live = await counters();
    const file = fs.readdirSync(new URL('../../../drizzle/', import.meta.url)).find((f) => f.startsWith('0013_'))!;
    const init = fs
      .readFileSync(new URL(`../../../drizzle/${file}`, import.meta.url), 'utf8')
      .split('--> statement-breakpoint')
      .map((s) => s.trim())
      .find((s) => s.includes('INSERT INTO "deal_code_counters"'))!;
    await t.deps.db.delete(dealCodeCounters);
    await t.deps.db.execute(sql.raw(init));
    expect(await counters()).toEqual(live);
    const next = parse((await create('engineering', { regionCode: '110101' })).code);
    expect(next).toEqual({ key: '110101-2026-E', seq: 3 });
  });
});

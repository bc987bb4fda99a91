/**
 * What the server says names the parties and things by trade and method (issue 18 §1): the notices the
 * platform issues (终止公告, 流标 / 废标公告), the opening record, the bid receipt and the notifications of a
 * land listing, a property transfer and government procurement (公开招标, 竞争性磋商) use that trade's words
 * (terms.ts) and cite that trade's law (procedure/citations.ts) — never 招标人 / 投标人 / 招标控制价 or
 * 《招标投标法实施条例》 outside engineering. Real PostgreSQL, S3, sealed PDFs read back with pdftotext.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Readable } from 'node:stream';
import { afterAll, describe, expect, it } from 'vitest';
import { and, desc, eq, inArray } from 'drizzle-orm';
import { notices, notifications, registrations, users } from '@ebid/db';
import { callerAs, contextAs, openedProject, publishedProject, registeredBidder, TEST_LAND_PLOT, TEST_PROPERTY_ITEM, TEST_START, type TestDeps, useDemoTestDeps } from '@ebid/testing';
import { publicNoticePdf } from '../projects/portal.ts';
import { openingRecordPdf } from '../opening/record.ts';
import { bidReceiptPdf } from '../bids/receipt-pdf.ts';

let deps: TestDeps;
useDemoTestDeps((d) => (deps = d), { clockStart: TEST_START });
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'ebid-trade-words-'));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

async function pdfText(stream: NodeJS.ReadableStream | Readable, name: string): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const c of stream) chunks.push(Buffer.from(c as Uint8Array));
  const file = path.join(tmp, `${name}.pdf`);
  fs.writeFileSync(file, Buffer.concat(chunks));
  return execFileSync('pdftotext', [file, '-'], { encoding: 'utf8' }).replace(/\s+/g, '');
}

async function noticeText(noticeId: number, name: string): Promise<string> {
  return pdfText((await publicNoticePdf(deps, noticeId)).stream, name);
}

/** The newest notice of a kind of a project. */
async function latestNotice(projectId: number, kind: 'termination' | 'failure') {
  const [n] = await deps.db.select().from(notices).where(and(eq(notices.projectId, projectId), eq(notices.kind, kind))).orderBy(desc(notices.id)).limit(1);
  if (!n) throw new Error(`no ${kind} notice for project ${projectId}`);
  return n;
}

/** A published land listing or property transfer (legal schedules of R39L / R32, K), one plot or item. */
async function publishedSale(tradeType: 'land' | 'property') {
  deps.clock.set(TEST_START);
  const land = tradeType === 'land';
  return publishedProject(deps, {
    tradeType,
    method: 'listing',
    name: land ? '示范市滨江新区R21-09地块国有建设用地使用权挂牌出让' : '示范市城投物业管理有限公司20%股权转让',
    budgetFen: null,
    sections: [land ? { ...TEST_LAND_PLOT, name: 'R21-09地块' } : { ...TEST_PROPERTY_ITEM, name: '20%股权' }],
    ...(land ? {} : { propertyKind: 'equity_transfer' as const }),
    noticeKind: land ? 'land_sale' : 'property_disclosure',
    noticeTitle: land ? '示范市国有建设用地使用权挂牌出让公告' : '示范市城投物业管理有限公司20%股权转让信息披露公告',
    noticeBody: land ? '经批准，以挂牌方式出让一幅地块的国有建设用地使用权。' : '转让标的：示范市城投物业管理有限公司20%股权。',
    schedule: land
      ? { noticePublishAt: '2026-02-25T10:00:00+08:00', listingStart: '2026-03-18T09:30:00+08:00', listingEnd: '2026-04-02T09:30:00+08:00' }
      : { noticePublishAt: '2026-02-25T10:00:00+08:00', disclosureStart: '2026-02-25T10:00:00+08:00', disclosureEnd: '2026-03-30T09:30:00+08:00' },
  });
}

/** What each of the project's registrants was told, by notification kind. */
async function toldRegistrants(projectId: number, kind: string): Promise<{ title: string; body: string }[]> {
  const regs = await deps.db.select({ orgId: registrations.bidderOrgId }).from(registrations).where(eq(registrations.projectId, projectId));
  if (regs.length === 0) return [];
  const us = await deps.db.select({ id: users.id }).from(users).where(inArray(users.orgId, regs.map((r) => r.orgId)));
  return deps.db.select({ title: notifications.titleZh, body: notifications.bodyZh }).from(notifications).where(and(inArray(notifications.userId, us.map((u) => u.id)), eq(notifications.kind, kind)));
}

const ENGINEERING_WORDS = ['招标人', '投标人', '招标控制价', '招标投标法', '实施条例'];

function expectNone(text: string, words: string[]): void {
  for (const w of words) expect(text, `should not say ${w}`).not.toContain(w);
}

describe('a 终止公告 in the trade’s own words and law (issue 18 §1)', () => {
  it.each([
    ['land', '出让人', '竞买保证金', '《招标拍卖挂牌出让国有建设用地使用权规定》（国土资源部令第39号）', ['投标保证金', '投标']],
    ['property', '转让方', '交易保证金', '《企业国有资产交易监督管理办法》（国务院国资委财政部令第32号）', ['投标保证金', '投标', '招标']],
  ] as const)('%s listing: names the %s, the %s and cites %s', async (trade, tenderee, security, law, alsoNot) => {
    const p = await publishedSale(trade);
    await (await callerAs(deps, 'tenderee')).project.terminate({ projectId: p.id, reason: '规划条件调整，本次交易终止' });
    const n = await latestNotice(p.id, 'termination');
    expect(n.title).toBe(`${p.name}终止公告`);
    const text = await noticeText(n.id, `${trade}-termination`);
    expect(text).toContain(tenderee);
    expect(text).toContain(security);
    expect(text).toContain(law);
    expect(text).toContain('规划条件调整，本次交易终止');
    expectNone(text, [...ENGINEERING_WORDS, ...alsoNot]);
    expectNone(n.body, [...ENGINEERING_WORDS, ...alsoNot]);
  });

  it('procurement consultation: 采购人, 供应商, 响应保证金, cites R214; the registrants are told in the same words', async () => {
    deps.clock.set(TEST_START);
    const p = await publishedProject(deps, {
      tradeType: 'procurement',
      method: 'consultation',
      name: '示范市政务云服务竞争性磋商采购',
      budgetFen: 100_000_000,
      sections: [{ name: '包1', ceilingFen: 90_000_000, securityFen: 1_000_000 }],
      noticeTitle: '示范市政务云服务竞争性磋商公告',
      noticeBody: '一、项目基本情况\n\n采购人：示范市大数据局。采购方式：竞争性磋商。',
    });
    await registeredBidder(deps, p.sections[0]!.id, { username: 'bidder1' });
    await (await callerAs(deps, 'tenderee')).project.terminate({ projectId: p.id, reason: '采购需求发生重大变化' });
    const n = await latestNotice(p.id, 'termination');
    const text = await noticeText(n.id, 'consultation-termination');
    for (const w of ['采购人', '响应保证金', '《政府采购竞争性磋商采购方式管理暂行办法》（财库〔2014〕214号）', '竞争性磋商']) expect(text).toContain(w);
    expectNone(text, [...ENGINEERING_WORDS, '投标保证金', '招标文件']);
    const told = await toldRegistrants(p.id, 'project.terminated');
    expect(told.length).toBeGreaterThan(0);
    for (const m of told) {
      expect(m.body).toContain('响应保证金');
      expectNone(m.body, ['投标保证金', '招标投标活动']);
    }
  });
});

describe('the failure notice of a procurement tender is a 废标公告 citing 政府采购法 (issue 18 §1)', () => {
  it('open tender with no bids at the deadline: 废标公告, CG §36 and R87 §41, 供应商 — no 招标投标法, no 投标人', async () => {
    deps.clock.set(TEST_START);
    const { project } = await openedProject(deps, {
      tradeType: 'procurement',
      method: 'open',
      name: '示范市第二中学实验室设备采购',
      budgetFen: 100_000_000,
      sections: [{ name: '包1', ceilingFen: 90_000_000, securityFen: 1_000_000 }],
      bids: [],
    });
    const n = await latestNotice(project.id, 'failure');
    expect(n.title).toBe('示范市第二中学实验室设备采购废标公告');
    const text = await noticeText(n.id, 'procurement-failure');
    for (const w of ['废标公告', '供应商', '采购人', '《中华人民共和国政府采购法》第三十六条', '第四十一条']) expect(text).toContain(w);
    expectNone(text, ENGINEERING_WORDS);
    const [owner] = await deps.db.select({ id: users.id }).from(users).where(eq(users.username, 'tenderee'));
    const told = await deps.db.select({ title: notifications.titleZh, body: notifications.bodyZh }).from(notifications).where(and(eq(notifications.userId, owner!.id), eq(notifications.kind, 'opening.failed')));
    const mine = told.filter((m) => m.body.includes(project.unifiedDealCode));
    expect(mine).toHaveLength(1);
    expect(mine[0]!.title + mine[0]!.body).toContain('供应商');
    expectNone(mine[0]!.title + mine[0]!.body, ['投标人', '流标']);
  });
});

describe('the opening record and the receipt of a consultation speak of 响应文件 and 供应商 (issue 18 §1)', () => {
  it('record: 采购人, 供应商, 最高限价, 响应文件; receipt: 响应文件递交回执 of the 供应商', async () => {
    deps.clock.set(TEST_START);
    const opened = await openedProject(deps, {
      tradeType: 'procurement',
      method: 'consultation',
      name: '示范市图书馆数字资源竞争性磋商采购',
      budgetFen: 100_000_000,
      sections: [{ name: '包1', ceilingFen: 90_000_000, securityFen: 1_000_000 }],
      bids: [
        { username: 'bidder1', priceFen: 80_000_000 },
        { username: 'bidder2', priceFen: 81_000_000 },
        { username: 'bidder3', priceFen: 82_000_000 },
      ],
    });
    const receipt = await pdfText((await bidReceiptPdf(deps, await contextAs(deps, 'bidder1'), { bidId: opened.bids[0]!.bid.id })).stream, 'consultation-receipt');
    expect(receipt).toContain('响应文件递交回执');
    expect(receipt).toContain('供应商');
    expectNone(receipt, ['投标人', '投标文件']);

    await (await callerAs(deps, 'staff')).opening.generateRecord({ projectId: opened.project.id });
    const record = await pdfText((await openingRecordPdf(deps, await contextAs(deps, 'staff'), { projectId: opened.project.id })).stream, 'consultation-record');
    for (const w of ['采购人', '供应商', '最高限价', '响应文件', '竞争性磋商']) expect(record).toContain(w);
    expectNone(record, ['招标人', '投标人', '招标控制价', '招标代理', '投标报价']);
  });
});

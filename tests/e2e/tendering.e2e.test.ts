/**
 * Issue 5 in Chromium against the real server: a bidder downloads the prequalification documents (no
 * registration needed, N7), registers, answers the qualification criteria with an evidence file; a
 * clarification that affects preparation and comes less than 3 days before the application deadline
 * moves it (N5) and the bidder sees the new date; after the deadline the timer starts the review and
 * center staff pass the bidder criterion by criterion with written reasons, complete the review, and the
 * bidder sees 合格.
 *
 * The test moves the server clock, so it starts its own server (own database, bucket and fake clock)
 * instead of sharing the suite's. Screenshots: /tmp/ebid-e2e/tendering-*.png.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { expectAccessible, ownServerKit, startOwnServer, type ApiClient, type OwnServer } from './harness.ts';

const RUN = crypto.randomBytes(3).toString('hex');
const NAME = `示范市第三中学风雨操场建设工程施工-${RUN}`;
/** Monday 1 June 2026, 09:00 北京时间: every period below stays inside the announced 2026 calendar. */
const T0 = '2026-06-01T01:00:00.000Z';

let server: OwnServer;
let base: string;

const kit = ownServerKit({ base: () => base, shotPrefix: 'tendering' });
const { as, setClock, newPage, signIn, shot, problems } = kit;
async function uploadAs(c: ApiClient, fileName: string, body: Buffer): Promise<number> {
  const res = await fetch(`${base}/files?name=${encodeURIComponent(fileName)}`, {
    method: 'POST',
    headers: { cookie: c.cookie(), origin: base, 'content-type': 'application/pdf', 'x-content-sha256': crypto.createHash('sha256').update(body).digest('hex') },
    body,
  });
  expect(res.status, await res.clone().text()).toBe(201);
  return ((await res.json()) as { uploadId: number }).uploadId;
}

let projectId: number;
let docSha: string;
let evidence: string;

beforeAll(async () => {
  server = await startOwnServer({ name: 't5', fakeClockStart: T0 });
  base = server.base;
  await kit.launch();
  evidence = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'ebid-ev-')), '资质证书扫描件.pdf');
  fs.writeFileSync(evidence, Buffer.from('%PDF-1.4\n% 资质证书（测试）\n%%EOF\n'));

  // The tenderee prepares a prequalification project: schedule, criteria, prequalification documents;
  // staff publish its notice.
  const t = await as('tenderee');
  const p = await t.trpc.project.create.mutate({
    tradeType: 'engineering',
    method: 'open',
    prequalification: true,
    name: NAME,
    budgetFen: 1_200_000_000,
    sections: [{ name: '施工总承包', ceilingFen: 1_150_000_000, securityFen: 20_000_000 }],
  });
  projectId = p.id;
  await t.trpc.project.saveSchedule.mutate({
    projectId: p.id,
    expectedVersion: p.version,
    schedule: {
      noticePublishAt: T0,
      docsIssueStart: '2026-06-02T09:30:00+08:00',
      prequalDocsEnd: '2026-06-09T17:00:00+08:00', // ZTBT §16: 5 days from the notice, 6/6 Saturday → until 6/8 24:00
      prequalApplicationDeadline: '2026-06-16T09:30:00+08:00',
      prequalReviewEnd: '2026-06-23T09:30:00+08:00',
      docsIssueEnd: '2026-06-30T09:30:00+08:00',
      bidDeadline: '2026-07-14T09:30:00+08:00',
      openingAt: '2026-07-14T09:30:00+08:00',
    },
  });
  await t.trpc.qualification.setCriteria.mutate({
    projectId: p.id,
    criteria: [
      { code: 'Q1', category: 'licence', title: '施工资质', requirement: '具备建筑工程施工总承包二级及以上资质。', evidenceRequired: true },
      { code: 'Q2', category: 'experience', title: '类似工程业绩', requirement: '近五年完成过至少2项类似工程。', minValue: 2, unit: 'count', evidenceRequired: true },
    ],
  });
  const doc = Buffer.from(`%PDF-1.4\n% 资格预审文件 ${RUN}\n%%EOF\n`);
  docSha = crypto.createHash('sha256').update(doc).digest('hex');
  await t.trpc.document.add.mutate({ projectId: p.id, uploadId: await uploadAs(t, '资格预审文件.pdf', doc), kind: 'prequalification' });
  const n = await t.trpc.notice.draft.mutate({
    projectId: p.id,
    kind: 'prequalification',
    title: `${NAME}资格预审公告`,
    body: '一、招标条件\n\n本项目已具备招标条件，现进行公开招标，采用资格预审（合格制）。\n\n二、资格预审文件的获取\n\n登录交易平台免费下载。',
  });
  await t.trpc.notice.submit.mutate({ noticeId: n.id });
  await (await as('staff')).trpc.notice.publish.mutate({ noticeId: n.id });
}, 300_000);

afterAll(async () => {
  await kit.close();
  await server?.stop();
});

describe('tendering: documents, registration, qualification, clarification, prequalification review', () => {
  let bidder: Page;

  it('a bidder downloads the documents without registering (N7), registers, and answers the criteria with evidence', async () => {
    bidder = await newPage();
    await signIn(bidder, 'bidder1');
    await bidder.goto(`${base}/workspace/bidder/projects`);
    await bidder.getByRole('link', { name: '查看' }).first().waitFor();
    await bidder.goto(`${base}/workspace/bidder/projects/${projectId}`);
    await expect.poll(() => bidder.getByRole('heading', { level: 1 }).textContent()).toContain(NAME);

    // Documents tab (the first): download and check the bytes.
    const panel = bidder.getByTestId('documents-panel');
    await panel.getByText('资格预审文件.pdf').first().waitFor();
    const [download] = await Promise.all([bidder.waitForEvent('download'), panel.getByRole('link', { name: /下载/ }).first().click()]);
    const file = await download.path();
    expect(crypto.createHash('sha256').update(fs.readFileSync(file)).digest('hex')).toBe(docSha);
    await shot(bidder, '1-documents');
    await expectAccessible(bidder, '1-documents');

    // Register for the section.
    await bidder.getByRole('tab', { name: '报名与投标保证金' }).click();
    await bidder.getByRole('button', { name: '报名 001' }).click();
    await expect.poll(() => bidder.getByTestId('registration-panel').textContent()).toContain('撤回报名');
    // Its security card (issue 16 §5): the amount, the forms, the center's account and its own payment reference.
    const mine = (await (await as('bidder1')).trpc.registration.mine.query()).find((r) => r.projectId === projectId)!;
    expect(mine.paymentReference).toMatch(/^BZJ[0-9A-HJKMNP-TV-Z]{10}$/);
    const card = bidder.getByTestId('security-card-001');
    await expect.poll(() => card.getByTestId('payment-reference-line').textContent()).toContain(`转账附言请填写：${mine.paymentReference}`);
    expect(await card.getByTestId('security-amount').textContent()).toBe('¥200,000.00');
    expect(await card.getByTestId('security-forms').textContent()).toBe('现金（基本账户转账）、保函、电子保函');
    const account = (await card.getByTestId('security-account').textContent())!;
    for (const part of [mine.security.account.accountName, mine.security.account.bank, mine.security.account.accountNo]) expect(account).toContain(part);
    await shot(bidder, '2-registered');
    await expectAccessible(bidder, '2-registered');

    // Answer both criteria, each with an evidence file.
    await bidder.getByRole('tab', { name: '资格审查' }).click();
    const bidderApi = await as('bidder1');
    const answered = async () => (await bidderApi.trpc.qualification.mineForProject.query({ projectId })).flatMap((r) => r.items.filter((i) => i.answer !== null)).length;
    for (const [i, [code, statement, value]] of ([
      ['Q1', '本公司持有建筑工程施工总承包一级资质。', null],
      ['Q2', '近五年完成类似工程3项。', '3'],
    ] as const).entries()) {
      await bidder.getByLabel(`${code} 声明`).fill(statement);
      if (value) await bidder.getByLabel(`${code} 数值`).fill(value);
      await bidder.getByLabel(`${code} 上传证明材料`).setInputFiles(evidence);
      await bidder.getByRole('button', { name: `移除 资质证书扫描件.pdf` }).nth(i).waitFor();
      await bidder.getByRole('button', { name: `保存答复 ${code}` }).click();
      await expect.poll(answered).toBe(i + 1);
    }
    await shot(bidder, '3-answers');
    await expectAccessible(bidder, '3-answers');
  });

  it('a clarification that affects preparation, published 2 days before the application deadline, moves it (N5); the bidder sees the new date', async () => {
    // Moving the clock 13 days expires the bidder's session: close the page first (its message bell would
    // poll with the dead session) and sign in again afterwards.
    await bidder.context().close();
    await setClock('2026-06-14T01:00:00.000Z'); // 14 June 09:00: less than 3 days before 16 June 09:30
    const t = await as('tenderee');
    const c = await t.trpc.clarification.draft.mutate({
      projectId,
      title: '关于资格预审文件第三章的澄清（第1号）',
      body: '资格预审文件第三章第2条“类似工程业绩”中的“近五年”指2021年6月1日以来。本澄清影响资格预审申请文件的编制。',
      affectsPreparation: true,
    });
    const published = await t.trpc.clarification.publish.mutate({ clarificationId: c.id });
    expect(published.newDeadline).not.toBeNull();
    expect(Date.parse(published.newDeadline!)).toBeGreaterThanOrEqual(Date.parse('2026-06-17T01:30:00.000Z'));

    bidder = await newPage();
    await signIn(bidder, 'bidder1');
    await bidder.goto(`${base}/workspace/bidder/projects/${projectId}?tab=clarifications`);
    const item = bidder.getByTestId('clarification-item').first();
    await expect.poll(async () => (await item.textContent()) ?? '').toContain('已顺延至');
    expect(await bidder.getByTestId('prequal-deadline').textContent()).toContain('2026-06-17');
    await shot(bidder, '4-clarification');
    await expectAccessible(bidder, '4-clarification');
  });

  it('after the deadline the review starts; staff pass the bidder criterion by criterion and complete the review; the bidder sees 合格', async () => {
    // Two more companies apply through the API so that three can qualify.
    const others: { client: ApiClient; registrationId: number }[] = [];
    for (const u of ['bidder2', 'bidder3']) {
      const client = await as(u);
      const project = await client.trpc.project.get.query({ projectId });
      const reg = await client.trpc.registration.register.mutate({ sectionId: project.sections[0]!.id });
      const criteria = await client.trpc.qualification.criteria.query({ projectId });
      const up = await uploadAs(client, '资质证书.pdf', Buffer.from(`%PDF-1.4\n% ${u}\n%%EOF\n`));
      for (const c of criteria) {
        await client.trpc.qualification.answer.mutate({ registrationId: reg.id, criterionId: c.id, statement: `${u} 满足${c.title}要求。`, value: c.minValue ?? null, evidenceUploadIds: [up] });
      }
      others.push({ client, registrationId: reg.id });
    }

    await bidder.context().close();
    await setClock('2026-06-17T03:00:00.000Z'); // past the moved deadline: the job runner starts the review
    const staffApi = await as('staff');
    await expect.poll(async () => (await staffApi.trpc.project.get.query({ projectId })).status, { timeout: 30_000, interval: 500 }).toBe('PREQUALIFICATION');
    const review = await staffApi.trpc.qualification.applicants.query({ projectId });
    for (const o of others) {
      for (const c of review.criteria) await staffApi.trpc.qualification.decide.mutate({ registrationId: o.registrationId, criterionId: c.id, pass: true, reason: '材料齐全，满足要求。' });
    }
    const first = review.applicants.find((a) => !others.some((o) => o.registrationId === a.registrationId))!;

    const staff = await newPage();
    await signIn(staff, 'staff');
    await staff.goto(`${base}/workspace/staff/qualification`);
    await staff.getByRole('button', { name: `审查 ${NAME}` }).click();
    for (const code of ['Q1', 'Q2']) {
      const who = `${first.companyName} ${code}`;
      await staff.getByRole('radiogroup', { name: `${who} 审查结论` }).getByText('通过', { exact: true }).click();
      await staff.getByLabel(`${who} 理由`).fill(code === 'Q1' ? '资质证书有效，满足二级及以上要求。' : '业绩3项，满足不少于2项的要求。');
      await staff.getByRole('button', { name: `保存意见 ${who}` }).click();
      await expect
        .poll(async () => (await staffApi.trpc.qualification.applicants.query({ projectId })).applicants.find((a) => a.registrationId === first.registrationId)!.items.filter((i) => i.decision !== null).length)
        .toBe(code === 'Q1' ? 1 : 2);
    }
    await shot(staff, '5-review');
    await expectAccessible(staff, '5-review');
    await staff.getByRole('button', { name: /完成资格审查/ }).click();
    await staff.getByTestId('complete-confirm').waitFor();
    await staff.getByRole('button', { name: '确认完成' }).click();
    await expect.poll(async () => (await staff.getByTestId('review-complete').textContent()) ?? '').toContain('合格3家');
    expect((await staffApi.trpc.project.get.query({ projectId })).status).toBe('BIDDING');
    await shot(staff, '6-complete');
    await expectAccessible(staff, '6-complete');

    bidder = await newPage(); // the clock moved three days: a new session
    await signIn(bidder, 'bidder1');
    await bidder.goto(`${base}/workspace/bidder/projects/${projectId}?tab=qualification`);
    await expect.poll(async () => (await bidder.getByTestId('qualification-result').first().textContent()) ?? '').toContain('合格');
    await shot(bidder, '7-qualified');
    await expectAccessible(bidder, '7-qualified');
  });

  it('raised no browser errors', () => {
    expect(problems).toEqual([]);
  });
});

/**
 * Issue 21 §3, §7, §8 in Chromium (domain E1, E2, E4): the committee draw and its verification, on a server
 * of its own (demo seed, fake clock). A section is past its bid deadline; center staff open 专家抽取, a
 * request of even size is refused in the server's words (E1) and nothing is created, the request of five is
 * accepted and the commitment published (the eligible list's SHA-256 and its pseudonyms); the supervisor
 * opens the same committee read-only; both browsers commit to the draw by themselves; the clock passes the
 * commit close and both reveal by themselves; it passes the reveal close and the server draws; the
 * supervisor's browser re-runs the draw from the published inputs (WebCrypto) and shows that it matches;
 * staff see the roster. Then the experts answer under 评标邀请 (one declines in the browser, its backup
 * confirms in the browser), staff publish, and a visitor who is not signed in finds the committee on the
 * portal and re-runs the draw there. axe-core at 1366×768 in Chinese and in English.
 *
 * Screenshots: /tmp/ebid-e2e/committee-*.png.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import postgres from 'postgres';
import type { Page } from 'playwright-core';
import { expectAccessible, ownServerKit, startOwnServer, type OwnServer } from './harness.ts';

// 10:00 北京时间, Monday 7 December 2026.
const T0 = '2026-12-07T02:00:00.000Z';
const MIN = 60_000;

let server: OwnServer;
const kit = ownServerKit({ base: () => server.base, shotPrefix: 'committee', timeoutMs: 45_000 });
let projectId: number;
let sectionId: number;
let committeeId: number;
const NAME = `示范市专家抽取浏览器测试工程-${Date.now().toString(36)}`;

beforeAll(async () => {
  server = await startOwnServer({ name: 'i21w', fakeClockStart: T0 });
  await kit.launch();
  const p = await (await kit.as('tenderee')).trpc.project.create.mutate({
    tradeType: 'engineering',
    method: 'open',
    prequalification: false,
    name: NAME,
    budgetFen: 880_000_000,
    sections: [{ name: '施工总承包', ceilingFen: 860_000_000 }],
  });
  projectId = p.id;
  sectionId = p.sections[0]!.id;
  // The bid deadline an hour ago, in the demo supervisor's region (issue 20 scopes).
  const sql = postgres(server.databaseUrl, { max: 1, onnotice: () => {} });
  try {
    await sql`update projects set region_code = '330100', schedule = ${sql.json({ bidDeadline: new Date(Date.parse(T0) - 60 * MIN).toISOString() })} where id = ${projectId}`;
  } finally {
    await sql.end();
  }
}, 300_000);

afterAll(async () => {
  await kit.close();
  await server?.stop();
});

async function pageAs(username: string, lang: 'zh' | 'en' = 'zh'): Promise<Page> {
  const page = await kit.newPage();
  await page.setViewportSize({ width: 1366, height: 768 });
  await kit.signIn(page, username);
  if (lang !== 'zh') {
    await page.evaluate(`localStorage.setItem('ebid.lang', '${lang}')`);
    await page.reload();
  }
  return page;
}

const numberInput = (page: Page, testId: string) => page.locator(`input[data-testid="${testId}"], [data-testid="${testId}"] input`).first();

/**
 * Picks `option` in a searchable select by typing it and pressing Enter, as a keyboard user does — no click
 * on a floating option, which may open above or below the field depending on where the page has scrolled.
 */
async function choose(page: Page, combobox: string, option: string): Promise<void> {
  const box = page.getByRole('combobox', { name: combobox });
  await box.fill(option);
  await page.locator('.ant-select-dropdown:visible .ant-select-item-option-active', { hasText: option }).waitFor();
  await box.press('Enter');
  await expect.poll(async () => (await page.locator('.ant-select', { has: box }).first().textContent()) ?? '').toContain(option);
}

let staff: Page;
let supervisor: Page;

describe('the committee draw in the browser (issue 21)', () => {
  it('staff: the section past its deadline; an even committee refused in the server words (E1); five requested and the commitment published', async () => {
    staff = await pageAs('staff');
    await staff.goto(`${server.base}/workspace/staff/expert-draws`);
    const row = staff.getByTestId('committee-sections').locator('tr', { hasText: NAME });
    await row.waitFor();
    expect(await row.textContent()).toContain('尚未抽取');
    await expectAccessible(staff, 'expert draws: sections (zh)');
    await staff.getByTestId(`committee-request-${sectionId}`).click();
    await staff.getByTestId('committee-request-form').waitFor();
    await choose(staff, '评标专业 1', '房屋建筑');
    await numberInput(staff, 'committee-members-0').fill('3');
    await numberInput(staff, 'committee-backups-0').fill('1');
    await staff.getByTestId('committee-add-specialty').click();
    await choose(staff, '评标专业 2', '市政工程');
    await numberInput(staff, 'committee-members-1').fill('2');
    await numberInput(staff, 'committee-backups-1').fill('1');
    await staff.getByTestId('committee-session-place').fill('示范市公共资源交易中心 第3评标室');
    await numberInput(staff, 'committee-commit-minutes').fill('3');
    await numberInput(staff, 'committee-reveal-minutes').fill('2');
    await numberInput(staff, 'committee-size').fill('6');
    await expectAccessible(staff, 'expert draws: request form (zh)');
    await staff.getByTestId('committee-request-submit').click();
    await staff.getByText('评审委员会人数应为单数').waitFor();
    expect(await staff.getByTestId('error-reason').textContent()).toBe('COMMITTEE_EVEN');
    expect(await (await kit.as('staff')).trpc.committee.ofSection.query({ sectionId })).toBeNull();
    await kit.shot(staff, '1-refused');

    await numberInput(staff, 'committee-size').fill('5');
    await staff.getByTestId('committee-request-submit').click();
    await staff.getByTestId('committee-detail').waitFor();
    committeeId = Number(new URL(staff.url()).searchParams.get('committee'));
    expect(committeeId).toBeGreaterThan(0);
    expect(await staff.getByTestId('committee-status').textContent()).toContain('已发布承诺');
    const sha = (await staff.getByTestId('committee-eligible-sha').textContent()) ?? '';
    expect(sha).toMatch(/^[0-9a-f]{64}$/);
    expect(await staff.getByTestId('committee-eligible-housing').textContent()).toMatch(/EXP-/);
    await staff.getByTestId('draw-panel').waitFor();
    await expectAccessible(staff, 'expert draws: committed (zh)');
    await kit.shot(staff, '2-committed');
  });

  it('the supervisor witnesses read-only; both browsers commit, then reveal by themselves; the server draws', async () => {
    supervisor = await pageAs('supervisor');
    await supervisor.goto(`${server.base}/workspace/supervisor/expert-draws?committee=${committeeId}`);
    await supervisor.getByTestId('committee-detail').waitFor();
    expect(await supervisor.getByTestId('committee-publish').count()).toBe(0);
    expect(await supervisor.getByTestId('committee-request-form').count()).toBe(0);
    const api = await kit.as('staff');
    const { drawId } = await api.trpc.committee.get.query({ committeeId });
    await expect.poll(async () => (await api.trpc.draw.get.query({ drawId: drawId! })).commitments.length, { timeout: 60_000 }).toBe(2);
    await expectAccessible(supervisor, 'expert draws: supervisor witnessing (zh)');
    const d = await api.trpc.draw.get.query({ drawId: drawId! });
    await kit.setClock(new Date(Date.parse(d.commitCloseAt) + 5_000).toISOString());
    await expect.poll(async () => (await api.trpc.draw.get.query({ drawId: drawId! })).commitments.filter((c) => c.valueHex !== null).length, { timeout: 90_000 }).toBe(2);
    await kit.setClock(new Date(Date.parse(d.revealCloseAt) + 5_000).toISOString());
    await expect.poll(async () => (await api.trpc.committee.get.query({ committeeId })).status, { timeout: 90_000 }).toBe('drawn');
  });

  it("the supervisor's browser re-runs the draw from the published inputs and it matches; staff see the roster", async () => {
    const result = supervisor.getByTestId('committee-rerun-result');
    await expect.poll(async () => (await result.getAttribute('data-ok').catch(() => null)) ?? '', { timeout: 60_000 }).toBe('yes');
    expect(await result.textContent()).toContain('一致');
    expect(await supervisor.getByTestId('committee-rerun-parts').locator('[data-ok="yes"]').count()).toBe(6);
    await expect.poll(async () => (await supervisor.getByTestId('draw-verify').textContent().catch(() => '')) ?? '', { timeout: 30_000 }).toContain('✓');
    await supervisor.getByTestId('committee-seats').waitFor();
    await expectAccessible(supervisor, 'expert draws: supervisor re-run (zh)');
    await kit.shot(supervisor, '3-supervisor-rerun');

    await staff.reload();
    await staff.getByTestId('committee-seats').waitFor();
    expect(await staff.getByTestId('committee-seats').locator('tbody tr.ant-table-row').count()).toBe(7); // 5 members + 2 backups
    expect(await staff.getByTestId('committee-seats').textContent()).toContain('已邀请，待答复');
    await expectAccessible(staff, 'expert draws: roster (zh)');
    await kit.shot(staff, '4-roster');
  });

  it('in English at 1366×768: the supervisor re-run and the staff pages in words, axe clean', async () => {
    const sup = await pageAs('supervisor', 'en');
    await sup.goto(`${server.base}/workspace/supervisor/expert-draws?committee=${committeeId}`);
    const result = sup.getByTestId('committee-rerun-result');
    await expect.poll(async () => (await result.getAttribute('data-ok').catch(() => null)) ?? '', { timeout: 60_000 }).toBe('yes');
    expect(await result.textContent()).toContain('Matches');
    await expectAccessible(sup, 'expert draws: supervisor re-run (en)');
    await kit.shot(sup, '5-supervisor-en');
    const st = await pageAs('staff', 'en');
    await st.goto(`${server.base}/workspace/staff/expert-draws`);
    await st.getByTestId('committee-sections').locator('tr', { hasText: NAME }).waitFor();
    await expectAccessible(st, 'expert draws: sections (en)');
    await st.goto(`${server.base}/workspace/staff/expert-draws?committee=${committeeId}`);
    await st.getByTestId('committee-seats').waitFor();
    expect(await st.getByTestId('committee-status').textContent()).toContain('Drawn');
    await expectAccessible(st, 'expert draws: roster (en)');
    await kit.shot(st, '6-staff-en');
  });

  it('experts answer under 评标邀请 (one declines with a reason, its backup confirms), staff publish, and the public re-runs the draw on the portal (E2, E4)', async () => {
    const seatsOf = async (status: string, kind: string) => {
      const sql = postgres(server.databaseUrl, { max: 1, onnotice: () => {} });
      try {
        return await sql<{ username: string; seatId: number; specialty: string }[]>`
          select u.username, m.id::int as "seatId", m.specialty from committee_members m join users u on u.id = m.expert_user_id
          where m.committee_id = ${committeeId} and m.status = ${status} and m.kind = ${kind} order by m.specialty, m.rank`;
      } finally {
        await sql.end();
      }
    };
    const invited = await seatsOf('invited', 'member');
    expect(invited).toHaveLength(5);
    // Before publication the portal neither lists the committee nor shows its page (E4).
    expect((await (await kit.as('bidder1')).trpc.committee.published.query()).map((c) => c.committeeId)).not.toContain(committeeId);

    // The first member declines in the browser, with a reason: its specialty's backup is invited (§6).
    const decliner = invited[0]!;
    const ex = await pageAs(decliner.username);
    await ex.goto(`${server.base}/workspace/expert/invitations`);
    await ex.getByTestId(`invitation-${decliner.seatId}`).waitFor();
    expect(await ex.getByTestId(`invitation-${decliner.seatId}`).textContent()).not.toContain(NAME); // time and place only
    await expectAccessible(ex, 'expert: invitations (zh)');
    await ex.getByTestId(`invitation-decline-${decliner.seatId}`).click();
    await ex.getByTestId('invitation-decline-reason').fill('该时段已有其他评标安排');
    await ex.getByRole('dialog').getByRole('button', { name: /^谢\s*绝/ }).click();
    await ex.getByText('已谢绝邀请').first().waitFor();
    const backup = (await seatsOf('invited', 'backup')).find((b) => b.specialty === decliner.specialty);
    expect(backup, 'the backup of the declined specialty is invited').toBeDefined();

    // The backup confirms in the browser; the other members by API.
    const bp = await pageAs(backup!.username);
    await bp.goto(`${server.base}/workspace/expert/invitations`);
    await bp.getByTestId(`invitation-confirm-${backup!.seatId}`).click();
    await bp.getByText('已确认参加评标').first().waitFor();
    for (const m of invited.slice(1)) await (await kit.as(m.username)).trpc.committee.confirm.mutate({ seatId: m.seatId });

    // Staff publish the committee.
    await staff.goto(`${server.base}/workspace/staff/expert-draws?committee=${committeeId}`);
    await staff.getByTestId('committee-publish').click();
    await expect.poll(async () => (await staff.getByTestId('committee-status').first().textContent()) ?? '', { timeout: 30_000 }).toContain('已公布');

    // Anyone, not signed in: the portal home lists it; its page names the members and re-runs the draw.
    const pub = await kit.newPage();
    await pub.setViewportSize({ width: 1366, height: 768 });
    await pub.goto(`${server.base}/`);
    await pub.getByTestId(`published-committee-${committeeId}`).click();
    await pub.getByTestId('committee-public').waitFor();
    const result = pub.getByTestId('committee-rerun-result');
    await expect.poll(async () => (await result.getAttribute('data-ok').catch(() => null)) ?? '', { timeout: 60_000 }).toBe('yes');
    expect(await result.textContent()).toContain('一致');
    expect(await pub.getByTestId('committee-rerun-parts').locator('[data-ok="yes"]').count()).toBe(5);
    const rows = pub.getByTestId('committee-public-seats').locator('tbody tr.ant-table-row');
    expect(await rows.count()).toBe(5);
    expect(await pub.getByTestId('committee-public-seats').textContent()).not.toContain('公布前不显示');
    expect(await pub.getByTestId('committee-public').textContent()).toContain(NAME);
    await expectAccessible(pub, 'portal: published committee (zh)');
    await kit.shot(pub, '7-public-rerun');
    await pub.goto(`${server.base}/committees`);
    await pub.getByTestId(`published-committee-${committeeId}`).waitFor();
    await expectAccessible(pub, 'portal: published committees (zh)');

    // The one refusal the test asked for (the even committee, E1) and nothing else.
    expect(kit.problems.filter((p) => !/committee\.request\b|expert-draws\?section=\d+: Failed to load resource: the server responded with a status of 400/.test(p))).toEqual([]);
    expect(kit.problems.filter((p) => p.startsWith('HTTP 400 POST') && p.includes('committee.request'))).toHaveLength(1);
  });
});

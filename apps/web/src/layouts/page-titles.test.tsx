// @vitest-environment jsdom
/**
 * Every page says what it is (issue 19 §5): each menu page has its heading and its purpose line, the
 * browser tab is named "<page> - <platform>", and the owner side's per-topic items list the projects with
 * their own column of the work (not five copies of the same list).
 */
import '../test/dom.ts';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { act, cleanup, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { startApp } from '../test/app.tsx';
import { testProject } from '../test/render.tsx';
import { MENUS } from '../menus.ts';

const PLATFORM = '示范市公共资源交易平台';
const work = (over: Record<string, unknown> = {}) => ({
  documents: { current: 0, prequalification: 0 },
  clarifications: { draft: 0, published: 0 },
  objections: { unanswered: 0, earliestDueAt: null, overdue: 0 },
  criteria: 0,
  nextMilestone: null,
  ...over,
});
const ROWS = [
  { ...testProject({ id: 7, name: '示范工程', status: 'BIDDING', schedule: { bidDeadline: '2026-03-25T01:30:00.000Z' } }), work: work({ documents: { current: 2, prequalification: 0 }, clarifications: { draft: 1, published: 2 }, objections: { unanswered: 2, earliestDueAt: '2026-03-07T16:00:00.000Z', overdue: 1 }, criteria: 3, nextMilestone: { field: 'bidDeadline', at: '2026-03-25T01:30:00.000Z' } }) },
  { ...testProject({ id: 8, name: '草稿工程', status: 'DRAFT', unifiedDealCode: '330100-2026-E000008' }), work: work() },
];
const withProjects = (rows: unknown[]) => ({ 'project.list': () => rows });

const table = () => within(screen.getByTestId('project-table'));

describe('workspace pages: title, purpose, tab title (issue 19 §5)', () => {
  beforeEach(() => localStorage.clear());
  afterEach(cleanup);

  it('招标文件: its own heading, purpose line and tab title, and per project the document count and state', async () => {
    startApp('/workspace/tenderee/documents', { as: 'tenderee', handlers: withProjects(ROWS) });
    expect(await screen.findByRole('heading', { level: 1, name: '招标文件' })).toBeTruthy();
    expect(screen.getByTestId('page-purpose').textContent).toBe('选择项目，上传、发布和管理招标文件');
    await waitFor(() => expect(document.title).toBe(`招标文件 - ${PLATFORM}`));
    await waitFor(() => expect(table().getAllByTestId('project-link')).toHaveLength(2));
    expect(table().getByText('2 份')).toBeTruthy();
    expect(table().getByText('已随公告发布')).toBeTruthy();
    expect(table().getByText('未上传')).toBeTruthy();
    expect(table().getAllByTestId('project-link')[0]!.getAttribute('href')).toBe('/workspace/tenderee/projects/7?tab=documents');
  }, 30_000);

  it.each([
    ['clarifications', '澄清与修改', ['草稿 1 份', '已发布 2 份']],
    ['objections', '异议答复', ['2 件待答复', '1 件已超期', '2026-03-08 00:00']],
    ['qualification', '资格条件', ['3 项', '未设置', '公告已发布，不可更改']],
    ['schedule', '时间安排', ['投标截止时间：2026-03-25 09:30:00', '尚未安排时间']],
  ] as const)('%s (%s) shows its own column', async (key, label, texts) => {
    startApp(`/workspace/tenderee/${key}`, { as: 'tenderee', handlers: withProjects(ROWS) });
    expect(await screen.findByRole('heading', { level: 1, name: label })).toBeTruthy();
    expect(screen.getByTestId('page-purpose').textContent).toBe(MENUS.tenderee.find((i) => i.key === key)!.purpose.zh);
    await waitFor(() => expect(table().getAllByTestId('project-link')).toHaveLength(2));
    for (const text of texts) expect(table().getByText(text, { exact: false }), text).toBeTruthy();
    expect(table().getAllByTestId('project-link')[0]!.getAttribute('href')).toBe(`/workspace/tenderee/projects/7?tab=${key === 'schedule' ? 'overview' : key}`);
  }, 30_000);

  it('a project-less topic page says what to do, with the way to a new project', async () => {
    startApp('/workspace/tenderee/objections', { as: 'tenderee', handlers: withProjects([]) });
    expect(await screen.findByText('本单位还没有交易项目。请先新建项目，保存后即可在此答复异议。', {}, { timeout: 10_000 })).toBeTruthy();
    expect(table().getByRole('link', { name: /新建项目/ }).getAttribute('href')).toBe('/workspace/tenderee/project-new');
  }, 30_000);

  it('the center\'s list is named for it, shows the owner, and its tab says so; English has its own words', async () => {
    startApp('/workspace/staff/projects', { as: 'staff', handlers: withProjects(ROWS) });
    expect(await screen.findByRole('heading', { level: 1, name: '中心受理的项目' })).toBeTruthy();
    expect(screen.getByRole('heading', { level: 2, name: '交易中心受理的全部项目' })).toBeTruthy();
    await waitFor(() => expect(table().getAllByText('示范招标人')).toHaveLength(2));
    await waitFor(() => expect(document.title).toBe(`中心受理的项目 - ${PLATFORM}`));
    act(() => fireEvent.click(screen.getByText('English')));
    expect(await screen.findByRole('heading', { level: 1, name: 'Center projects' })).toBeTruthy();
    expect(screen.getByTestId('page-purpose').textContent).toBe(MENUS.staff.find((i) => i.key === 'projects')!.purpose.en);
    await waitFor(() => expect(document.title).toBe(`Center projects - ${PLATFORM}`));
  }, 30_000);

  it('a long English menu label shows its short form with the full label as its tooltip', async () => {
    localStorage.setItem('ebid.lang', 'en');
    startApp('/workspace/tenderee/clarifications', { as: 'tenderee', handlers: withProjects(ROWS) });
    expect(await screen.findByRole('heading', { level: 1, name: 'Clarifications and amendments' })).toBeTruthy();
    const link = within(screen.getByTestId('role-menu')).getByRole('link', { name: 'Clarifications' });
    expect(link.getAttribute('title')).toBe('Clarifications and amendments');
  }, 30_000);

  it('the not-found page names the tab too, and leaving it gives the next page its title', async () => {
    const { router } = startApp('/no-such-page');
    await waitFor(() => expect(document.title).toBe(`页面不存在 - ${PLATFORM}`));
    await act(() => router.navigate('/login'));
    await waitFor(() => expect(document.title).toMatch(new RegExp(`^登录 - ${PLATFORM}$`)));
  }, 30_000);
});

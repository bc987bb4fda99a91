// @vitest-environment jsdom
import '../test/dom.ts';
import { afterEach, describe, expect, it } from 'vitest';
import { cleanup, screen, waitFor } from '@testing-library/react';
import { createMemoryRouter, RouterProvider } from 'react-router';
import { NOTICE_KINDS, VOCABULARY } from '@ebid/domain';
import { NOTICE_KIND_KEYS } from '../labels.ts';
import { renderWithApi, testProject } from '../test/render.tsx';
import { NoticeCard } from './ProjectPage.tsx';
import { ProjectNotices } from './ProjectNotices.tsx';

const base = { projectId: 7, body: '公告内容', scheduledFor: null, amendsNoticeId: null, contentSha256: null, pdfSha256: 'a'.repeat(64), reviewNote: null, version: 1 };
const prequal = { ...base, id: 5, kind: 'prequalification', title: '示范工程资格预审公告', status: 'published', publishedAt: '2026-02-25T02:00:00.000Z' };
const result = { ...base, id: 9, kind: 'prequalification_result', title: '示范工程资格预审结果公告', body: '资格预审已审查完毕。', status: 'published', publishedAt: '2026-03-13T02:00:00.000Z' };

function renderAt(ui: React.ReactNode, notices: unknown[]) {
  const router = createMemoryRouter([{ path: '/p', element: ui }], { initialEntries: ['/p'] });
  return renderWithApi(<RouterProvider router={router} />, { 'notice.forProject': () => notices, 'document.list': () => [] });
}

describe('the project\'s notices (issue 18 §3)', () => {
  afterEach(cleanup);

  it('every notice kind has its word: none is shown raw', () => {
    for (const k of NOTICE_KINDS) expect(VOCABULARY.zh[NOTICE_KIND_KEYS[k] as keyof typeof VOCABULARY.zh], k).toBeTruthy();
  });

  it('lists the published notices with their kind word and a link to the public page — the 资格预审结果公告 included', async () => {
    renderAt(<ProjectNotices project={{ id: 7 }} />, [prequal, result, { ...base, id: 11, kind: 'amendment', title: '未发布的变更公告', status: 'draft', publishedAt: null }]);
    const item = await screen.findByTestId('project-notice-9');
    expect(item.textContent).toContain('资格预审结果公告');
    expect(item.querySelector('a')?.getAttribute('href')).toBe('/notices/9');
    expect(screen.getByTestId('project-notice-5').textContent).toContain('资格预审公告');
    expect(screen.queryByText('未发布的变更公告')).toBeNull();
  });

  it('the owner\'s notice card edits its own notice, not the one the platform issued after it', async () => {
    renderAt(<NoticeCard project={testProject({ prequalification: true, status: 'BIDDING' })} />, [prequal, result]);
    await waitFor(() => expect((screen.getByLabelText('公告标题') as HTMLInputElement).value).toBe('示范工程资格预审公告'));
  });
});

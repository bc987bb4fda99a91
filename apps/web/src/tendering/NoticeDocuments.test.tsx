// @vitest-environment jsdom
import '../test/dom.ts';
import { afterEach, describe, expect, it } from 'vitest';
import { cleanup, fireEvent, screen, waitFor } from '@testing-library/react';
import { createMemoryRouter, RouterProvider, useSearchParams } from 'react-router';
import { AppError } from '@ebid/domain';
import { type RouterOutputs } from '../api.ts';
import { NoticeCard } from '../projects/ProjectPage.tsx';
import { type Handler } from '../test/fakeApi.ts';
import { renderWithApi, testProject } from '../test/render.tsx';

type Project = RouterOutputs['project']['get'];
const project = testProject({ status: 'DRAFT' });

const notice = { id: 5, projectId: 7, kind: 'tender', title: '示范工程招标公告', body: '一、招标条件：本项目已具备招标条件。', status: 'draft', scheduledFor: null, amendsNoticeId: null, contentSha256: null, pdfSha256: null, publishedAt: null, reviewNote: null, version: 1 };
const doc = { id: 11, projectId: 7, kind: 'tender', name: '招标文件.pdf', version: 1, sha256: 'b'.repeat(64), size: 2048, contentType: 'application/pdf', sectionId: null, createdAt: '2026-02-25T02:00:00.000Z', supersededAt: null, supersedesId: null, clarificationId: null, visible: false };

function Tab() {
  const [search] = useSearchParams();
  return <output data-testid="tab">{search.get('tab') ?? ''}</output>;
}

function renderCard(p: Project, handlers: Record<string, Handler>) {
  const router = createMemoryRouter([{ path: '/p', element: <><NoticeCard project={p} /><Tab /></> }], { initialEntries: ['/p?tab=overview'] });
  return renderWithApi(<RouterProvider router={router} />, handlers);
}

describe('NoticeCard — no tender without documents (issue 16 §1)', () => {
  afterEach(cleanup);

  it('without 招标文件: a warning names them, submitting is disabled, the button opens the documents tab', async () => {
    const api = renderCard(project, { 'notice.forProject': () => [notice], 'document.list': () => [{ ...doc, kind: 'attachment', name: '图纸.pdf' }] });
    const alert = await screen.findByTestId('notice-documents-missing');
    expect(alert.textContent).toContain('招标文件尚未上传，公告不能提交审核');
    expect(screen.getByTestId('notice-submit')).toHaveProperty('disabled', true);
    fireEvent.click(screen.getByTestId('notice-open-documents'));
    await waitFor(() => expect(screen.getByTestId('tab').textContent).toBe('documents'));
    expect(api.calls.some((c) => c.path === 'notice.submit')).toBe(false);
  });

  it('a prequalification project names the 资格预审文件; a superseded version does not count', async () => {
    renderCard({ ...project, prequalification: true }, {
      'notice.forProject': () => [{ ...notice, kind: 'prequalification' }],
      'document.list': () => [doc, { ...doc, id: 12, kind: 'prequalification', name: '资格预审文件.pdf', supersededAt: '2026-02-26T02:00:00.000Z' }],
    });
    expect((await screen.findByTestId('notice-documents-missing')).textContent).toContain('资格预审文件尚未上传');
  });

  it('with its documents: no warning, submit enabled; a refusal by the server is shown (AppErrorAlert)', async () => {
    renderCard(project, {
      'notice.forProject': () => [notice],
      'document.list': () => [doc],
      'notice.update': () => ({ ...notice, version: 2 }),
      'notice.submit': () => {
        throw new AppError('INVALID_STATE', { zh: '招标文件尚未上传，公告不能提交审核', en: 'The tender documents are not uploaded yet' }, { reason: 'DOCUMENTS_MISSING', kind: 'tender' });
      },
    });
    const submit = await screen.findByTestId('notice-submit');
    await waitFor(() => expect(screen.getByLabelText('公告标题', { exact: false })).toHaveProperty('value', notice.title));
    expect(screen.queryByTestId('notice-documents-missing')).toBeNull();
    expect(submit).toHaveProperty('disabled', false);
    fireEvent.click(submit);
    expect((await screen.findByText('公告操作失败')).closest('[role="alert"]')?.textContent).toContain('招标文件尚未上传');
  });

  it('a listing disclosure issues no documents: no warning, no document query', async () => {
    const api = renderCard({ ...project, tradeType: 'property', method: 'listing' } as unknown as Project, { 'notice.forProject': () => [{ ...notice, kind: 'property_disclosure' }] });
    expect(await screen.findByTestId('notice-submit')).toHaveProperty('disabled', false);
    expect(screen.queryByTestId('notice-documents-missing')).toBeNull();
    expect(api.calls.some((c) => c.path === 'document.list')).toBe(false);
  });
});

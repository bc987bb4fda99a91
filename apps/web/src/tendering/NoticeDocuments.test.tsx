// @vitest-environment jsdom
import '../test/dom.ts';
import { afterEach, describe, expect, it } from 'vitest';
import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/react';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { App as AntApp } from 'antd';
import { createMemoryRouter, RouterProvider, useSearchParams } from 'react-router';
import { AppError } from '@ebid/domain';
import { ApiProvider, type RouterOutputs } from '../api.ts';
import { LangProvider } from '../i18n.ts';
import { NoticeCard } from '../pages/ProjectPage.tsx';
import { createFakeApi, type Handler } from '../test/fakeApi.ts';

type Project = RouterOutputs['project']['get'];
const project = {
  id: 7,
  unifiedDealCode: '330100-2026-E000007',
  tradeType: 'engineering',
  method: 'open',
  prequalification: false,
  name: '示范工程',
  tendereeOrgId: 1,
  tendereeName: '示范招标人',
  agentOrgId: null,
  status: 'DRAFT',
  statusDetail: {},
  regionCode: '330100',
  budgetFen: null,
  schedule: {},
  sections: [{ id: 70, code: '001', name: '一标段', ceilingFen: null, securityFen: null }],
  steps: [],
  previousProjectId: null,
  version: 3,
  createdAt: '2026-02-25T02:00:00.000Z',
} as unknown as Project;

const notice = { id: 5, projectId: 7, kind: 'tender', title: '示范工程招标公告', body: '一、招标条件：本项目已具备招标条件。', status: 'draft', scheduledFor: null, amendsNoticeId: null, contentSha256: null, pdfSha256: null, publishedAt: null, reviewNote: null, version: 1 };
const doc = { id: 11, projectId: 7, kind: 'tender', name: '招标文件.pdf', version: 1, sha256: 'b'.repeat(64), size: 2048, contentType: 'application/pdf', sectionId: null, createdAt: '2026-02-25T02:00:00.000Z', supersededAt: null, supersedesId: null, clarificationId: null, visible: false };

function Tab() {
  const [search] = useSearchParams();
  return <output data-testid="tab">{search.get('tab') ?? ''}</output>;
}

function renderCard(p: Project, handlers: Record<string, Handler>) {
  const api = createFakeApi(handlers);
  const router = createMemoryRouter([{ path: '/p', element: <><NoticeCard project={p} /><Tab /></> }], { initialEntries: ['/p?tab=overview'] });
  render(
    <LangProvider initial="zh">
      <AntApp>
        <ApiProvider client={api.client}>
          <QueryClientProvider client={new QueryClient({ defaultOptions: { queries: { retry: false } } })}>
            <RouterProvider router={router} />
          </QueryClientProvider>
        </ApiProvider>
      </AntApp>
    </LangProvider>,
  );
  return api;
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

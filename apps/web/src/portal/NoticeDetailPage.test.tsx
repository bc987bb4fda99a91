// @vitest-environment jsdom
import '../test/dom.ts';
import { afterEach, describe, expect, it } from 'vitest';
import { cleanup, screen } from '@testing-library/react';
import { createMemoryRouter, RouterProvider } from 'react-router';
import { renderWithApi } from '../test/render.tsx';
import { NoticeDetailPage } from './NoticeDetailPage.tsx';

const project = {
  id: 3,
  unifiedDealCode: '330100-2026-E000003',
  name: '示范市滨江大道改造工程',
  tradeType: 'engineering',
  method: 'open',
  regionCode: '330100',
  status: 'EVALUATION',
  tendereeName: '示范市城市建设投资集团有限公司',
  bidDeadline: '2026-03-25T01:30:00.000Z',
  sections: [{ code: '001', name: '第一标段', status: 'open', failureReason: null, failureNoticeId: null }],
};
const tender = {
  id: 4,
  kind: 'tender',
  title: '示范市滨江大道改造工程招标公告',
  publishedAt: '2026-02-25T02:00:00.000Z',
  pdfFileName: '示范市滨江大道改造工程-招标公告-2026-02-25.pdf',
  pdfSize: 51_200,
};
const amendment = { ...tender, id: 9, kind: 'amendment', title: '示范市滨江大道改造工程变更公告（第1号）', publishedAt: '2026-03-02T02:00:00.000Z', pdfFileName: '示范市滨江大道改造工程-变更公告-2026-03-02.pdf' };
const record = { version: 2, fileName: '开标记录表-330100-2026-E000003-v2.pdf', size: 80_000, sha256: 'c'.repeat(64), url: '/openings/3/record.pdf', closedAt: '2026-03-25T03:00:00.000Z' };

function notice(openingRecord: typeof record | null) {
  return {
    ...tender,
    body: '一、招标条件\n\n本项目已具备招标条件，现对该项目的施工进行公开招标。\n\n\n二、联系方式\n联系人：张敏\n电话：0571-00000000\n\n',
    pdfSha256: 'a'.repeat(64),
    project,
    section: null,
    projectFiles: { notices: [amendment, tender], openingRecord },
  };
}

function renderNotice(n: ReturnType<typeof notice>) {
  const router = createMemoryRouter([{ path: '/notices/:id', element: <NoticeDetailPage /> }], { initialEntries: ['/notices/4'] });
  return renderWithApi(<RouterProvider router={router} />, { 'portal.notice': () => n, 'system.time': () => ({ epochMs: Date.parse('2026-03-01T02:00:00Z') }) });
}

describe('a notice reads like a notice (issue 19 §1)', () => {
  afterEach(cleanup);

  it('keeps the paragraphs of the PDF — one <p> each, line breaks inside kept — and no capped grey box', async () => {
    renderNotice(notice(null));
    const body = await screen.findByTestId('notice-body');
    const paras = [...body.querySelectorAll('p')].map((p) => p.textContent);
    expect(paras).toEqual(['一、招标条件', '本项目已具备招标条件，现对该项目的施工进行公开招标。', '二、联系方式\n联系人：张敏\n电话：0571-00000000']);
    expect(body.className).toBe('ebid-notice-body');
    expect(body.closest('.ebid-pre')).toBeNull();
    expect(body.getAttribute('lang')).toBe('zh-CN');
  });

  it('lists the project\'s notices, newest first, each PDF linked by its name in words; this one marked', async () => {
    renderNotice(notice(null));
    const files = await screen.findByTestId('project-files');
    expect(files.textContent).toContain('本项目公告与文件');
    const items = [...files.querySelectorAll('li')];
    expect(items.map((li) => li.dataset.testid)).toEqual(['project-file-notice-9', 'project-file-notice-4']);
    const amendmentPdf = items[0]!.querySelector('a[download]')!;
    expect(amendmentPdf.getAttribute('href')).toBe('/portal/notices/9.pdf');
    expect(amendmentPdf.getAttribute('download')).toBe(amendment.pdfFileName);
    expect(amendmentPdf.textContent).toContain(amendment.pdfFileName);
    expect(amendmentPdf.getAttribute('aria-label')).toBe(`下载 ${amendment.pdfFileName}（PDF，50.0 KB）`);
    expect(items[0]!.textContent).toContain('变更公告');
    expect(items[0]!.querySelector('a:not([download])')?.getAttribute('href')).toBe('/notices/9');
    expect(items[1]!.getAttribute('aria-current')).toBe('page');
    expect(items[1]!.textContent).toContain('当前公告');
    // The header's download carries the same name the server sends.
    expect(screen.getByTestId('notice-download').getAttribute('download')).toBe(tender.pdfFileName);
  });

  it('no opening record link until the server sends one; then the record, named and sized', async () => {
    renderNotice(notice(null));
    await screen.findByTestId('project-files');
    expect(screen.queryByTestId('project-file-record')).toBeNull();
    expect(document.body.textContent).not.toContain('开标记录表');
    cleanup();
    renderNotice(notice(record));
    const rec = await screen.findByTestId('project-file-record');
    expect(rec.textContent).toContain('开标记录表（第2版）');
    const a = rec.querySelector('a')!;
    expect(a.getAttribute('href')).toBe('/openings/3/record.pdf');
    expect(a.getAttribute('download')).toBe(record.fileName);
  });
});

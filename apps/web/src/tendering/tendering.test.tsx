// @vitest-environment jsdom
import '../test/dom.ts';
import crypto from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { cleanup, screen, within } from '@testing-library/react';
import { toAppErrorView } from '../errors.ts';
import { type Handler } from '../test/fakeApi.ts';
import { ClarificationsPanel } from './ClarificationsPanel.tsx';
import { DocumentsPanel } from './DocumentsPanel.tsx';
import { sha256OfBlob, uploadErrorFrom } from './upload.ts';
import { renderWithApi, testProject } from '../test/render.tsx';

const project = testProject({ schedule: { bidDeadline: '2026-03-30T01:30:00.000Z' } });

const renderWith = (ui: React.ReactNode, handlers: Record<string, Handler>) => renderWithApi(ui, handlers);

describe('ClarificationsPanel (bidder)', () => {
  afterEach(cleanup);
  it('shows published clarifications newest first, with the PDF link and a conspicuous moved-deadline alert (N5/N6)', async () => {
    const base = { projectId: 7, body: '内容', status: 'published', pdfSha256: 'a'.repeat(64), version: 1, createdAt: '2026-03-15T02:00:00.000Z', documents: [] };
    renderWith(<ClarificationsPanel project={project} mode="bidder" />, {
      'clarification.list': () => [
        { ...base, id: 1, seq: 1, title: '第一次澄清', affectsPreparation: false, deadlineField: 'bidDeadline', previousDeadline: null, newDeadline: null, publishedAt: '2026-03-01T02:00:00.000Z' },
        { ...base, id: 2, seq: 2, title: '第二次澄清', affectsPreparation: true, deadlineField: 'bidDeadline', previousDeadline: '2026-03-25T01:30:00.000Z', newDeadline: '2026-03-30T01:30:00.000Z', publishedAt: '2026-03-15T02:00:00.000Z' },
      ],
    });
    const items = await screen.findAllByTestId('clarification-item');
    expect(items.map((i) => i.textContent?.includes('第二次澄清'))).toEqual([true, false]);
    const alert = within(items[0]!).getByRole('alert');
    expect(alert.textContent).toContain('投标截止时间已顺延至 2026-03-30 09:30:00');
    expect(alert.textContent).toContain('2026-03-25 09:30:00');
    expect(within(items[0]!).getByRole('link', { name: /澄清文件/ }).getAttribute('href')).toBe('/clarifications/2.pdf');
    expect(within(items[1]!).queryByRole('alert')).toBeNull();
  });
});

describe('DocumentsPanel (bidder)', () => {
  afterEach(cleanup);
  it('lists visible documents with version, SHA-256 and a download link; no counts (N6, N7)', async () => {
    const doc = { projectId: 7, kind: 'tender', sha256: 'b'.repeat(64), size: 2048, contentType: 'application/pdf', sectionId: null, createdAt: '2026-02-25T02:00:00.000Z', supersedesId: null, clarificationId: null };
    renderWith(<DocumentsPanel project={project} mode="bidder" />, {
      'document.list': () => [
        { ...doc, id: 11, name: '招标文件.pdf', version: 1, supersededAt: '2026-03-15T02:00:00.000Z', visible: true },
        { ...doc, id: 12, name: '招标文件.pdf', version: 2, supersededAt: null, supersedesId: 11, visible: true },
      ],
    });
    const links = await screen.findAllByRole('link', { name: /下载/ });
    expect(links.map((l) => l.getAttribute('href'))).toEqual(['/documents/11', '/documents/12']);
    expect(screen.getByText('V2')).toBeTruthy();
    expect(screen.queryByRole('button', { name: '上传文件' })).toBeNull();
  });
});

describe('upload helper', () => {
  it('hashes a blob in slices like node:crypto', async () => {
    const bytes = crypto.randomBytes(5 * 1024 * 1024 + 17);
    expect(await sha256OfBlob(new Blob([bytes]))).toBe(crypto.createHash('sha256').update(bytes).digest('hex'));
  });
  it.each<[number, string, string]>([
    [422, JSON.stringify({ error: { code: 'INTEGRITY_FAILED', messageZh: '摘要不符', messageEn: 'Hash mismatch' } }), 'INTEGRITY_FAILED'],
    [413, '<html>too large</html>', 'PAYLOAD_TOO_LARGE'],
    [502, '', 'UNAVAILABLE'],
  ])('maps an HTTP %i error body to the app error shape', (status, body, code) => {
    expect(toAppErrorView(uploadErrorFrom(status, body)).code).toBe(code);
  });
});

// @vitest-environment jsdom
import '../test/dom.ts';
import { afterEach, describe, expect, it } from 'vitest';
import { cleanup, render, screen, within } from '@testing-library/react';
import { LangProvider, type Lang } from '../i18n.ts';
import { AuditReport, type VerifyReport } from './AuditReport.tsx';

const OK: VerifyReport = {
  ok: true,
  chains: [{ chain: 'platform', events: 146, headHash: 'ab'.repeat(32), ok: true }],
  objects: { checked: 2, missing: [], corrupted: [] },
  checkpoints: { checked: 1, problems: [] },
};

const BROKEN: VerifyReport = {
  ok: false,
  chains: [
    { chain: 'platform', events: 146, headHash: 'ab'.repeat(32), ok: false, firstBroken: { seq: 17, eventId: 42, problem: 'PAYLOAD_HASH_MISMATCH' } },
    { chain: 'project:7', events: 9, headHash: 'cd'.repeat(32), ok: true },
  ],
  objects: {
    checked: 5,
    missing: [{ sha256: '11'.repeat(32), eventId: 50 }],
    corrupted: [{ sha256: '22'.repeat(32), eventId: 51 }],
  },
  checkpoints: { checked: 2, problems: [{ eventId: 60, problem: 'BAD_SIGNATURE: the signature does not verify' }] },
};

function show(report: VerifyReport, lang: Lang = 'zh') {
  render(
    <LangProvider initial={lang}>
      <AuditReport report={report} />
    </LangProvider>,
  );
  return screen.getByTestId('audit-report');
}

describe('AuditReport', () => {
  afterEach(cleanup);

  it('says in words that an intact trail verified, with the counts', () => {
    const report = show(OK);
    expect(report.dataset.ok).toBe('true');
    expect(screen.getByRole('status').textContent).toContain('校验通过：审计链完整');
    expect(report.textContent).toContain('1 条链、146 个事件、2 个文件、1 个检查点均校验通过');
    expect(within(screen.getByTestId('audit-chains')).getByText('正常')).toBeTruthy();
    expect(screen.queryByTestId('audit-first-broken')).toBeNull();
  });

  it('names the first broken link of each chain (chain, seq, event id, problem) and every bad object, as text', () => {
    const report = show(BROKEN);
    expect(report.dataset.ok).toBe('false');
    const alert = screen.getByRole('alert');
    expect(alert.textContent).toContain('校验未通过');
    expect(alert.textContent).toContain('损坏的链 1 条，缺失或损坏的文件 2 个，检查点问题 1 个');

    const rows = within(screen.getByTestId('audit-chains')).getAllByRole('row');
    const platform = rows.find((r) => r.textContent?.includes('平台链 (platform)'))!;
    expect(platform.textContent).toContain('已损坏');
    const broken = within(platform).getByTestId('audit-first-broken').textContent ?? '';
    expect(broken).toContain('序号17');
    expect(broken).toContain('事件编号42');
    expect(broken).toContain('PAYLOAD_HASH_MISMATCH — 事件内容与其内容哈希不符（内容被修改）');
    const project = rows.find((r) => r.textContent?.includes('项目 7 链 (project:7)'))!;
    expect(project.textContent).toContain('正常');

    const objects = screen.getByTestId('audit-objects').textContent ?? '';
    expect(objects).toContain('缺失');
    expect(objects).toContain('11'.repeat(32));
    expect(objects).toContain('内容损坏');
    expect(objects).toContain('51');
    expect(screen.getByTestId('audit-checkpoint-problems').textContent).toContain('事件编号 60: BAD_SIGNATURE');
  });

  it('reads in English', () => {
    show(BROKEN, 'en');
    expect(screen.getByRole('alert').textContent).toContain('Verification failed');
    expect(screen.getByTestId('audit-first-broken').textContent).toContain('the content was altered');
  });
});

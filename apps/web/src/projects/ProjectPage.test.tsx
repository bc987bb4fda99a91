// @vitest-environment jsdom
/** The project page's facts (issue 18 §3): a single source shows its named supplier; other methods none. */
import '../test/dom.ts';
import { afterEach, describe, expect, it } from 'vitest';
import { cleanup, screen } from '@testing-library/react';
import { startApp } from '../test/app.tsx';
import { testProject } from '../test/render.tsx';

const SINGLE_SOURCE = testProject({
  tradeType: 'procurement',
  method: 'single_source',
  subject: null,
  budgetFen: 50_000_000,
  singleSourceSupplier: { orgId: 41, name: '之江智能科技有限公司', creditCode: '91330100MA0000011X' },
});

describe('project facts (issue 18 §3)', { timeout: 30_000 }, () => {
  afterEach(cleanup);

  it('a single source names its supplier with its credit code', async () => {
    startApp('/workspace/tenderee/projects/7', { as: 'tenderee', handlers: { 'project.get': () => SINGLE_SOURCE } });
    const facts = await screen.findByTestId('project-facts', {}, { timeout: 10_000 });
    expect(facts.textContent).toContain('拟定的唯一供应商');
    expect(screen.getByTestId('single-source-supplier').textContent).toBe('之江智能科技有限公司（91330100MA0000011X）');
  });

  it('another method shows no supplier', async () => {
    startApp('/workspace/tenderee/projects/7', { as: 'tenderee', handlers: { 'project.get': () => testProject() } });
    const facts = await screen.findByTestId('project-facts', {}, { timeout: 10_000 });
    expect(facts.textContent).not.toContain('拟定的唯一供应商');
    expect(screen.queryByTestId('single-source-supplier')).toBeNull();
  });
});

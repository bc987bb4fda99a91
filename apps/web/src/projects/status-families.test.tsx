// @vitest-environment jsdom
/**
 * Status at a glance (issue 19 §2): a project's status tag, its Steps bar and its row in the list wear the
 * same family — the same colours, the same icon — from the one table (domain statusFamilyOf).
 */
import '../test/dom.ts';
import { afterEach, describe, expect, it } from 'vitest';
import { cleanup, screen, within } from '@testing-library/react';
import { procedureFlags, stepBar, stepsFor, statusFamilyOf, type ProcedureMethod, type ProcedureState, type StatusFamily, type TradeType } from '@ebid/domain';
import { ProjectStatusTag } from '../components/StatusTag.tsx';
import { FAMILY_PALETTE } from '../components/status-palette.ts';
import { startApp } from '../test/app.tsx';
import { renderWithApi, testProject } from '../test/render.tsx';
import { StepBar } from './StepBar.tsx';

function barOf(tradeType: TradeType, method: ProcedureMethod, state: ProcedureState) {
  const bar = stepBar(stepsFor(procedureFlags(tradeType, method), tradeType, method), state);
  return { tradeType, method, status: state.status, steps: bar.steps, stepStop: bar.stop };
}

/** `#rrggbb` as the DOM reports an inline colour. */
function rgb(hex: string): string {
  const n = parseInt(hex.slice(1), 16);
  return `rgb(${(n >> 16) & 255}, ${(n >> 8) & 255}, ${n & 255})`;
}

/** The family a status tag wears, checked against its inline colours (the palette's, not another's). */
function tagFamily(tag: HTMLElement): StatusFamily {
  const family = tag.getAttribute('data-family') as StatusFamily;
  const c = FAMILY_PALETTE[family];
  expect(tag.style.color).toBe(rgb(c.fg));
  expect(tag.style.background).toContain(rgb(c.bg));
  expect(tag.className).toContain(`ebid-family-${family}`);
  return family;
}

/** The family of the step the project is at (current or stopped), checked against its icon's colours. */
function stepFamilyAt(): StatusFamily {
  const bar = screen.getByTestId('project-steps');
  const at = bar.querySelector<HTMLElement>('.ant-steps-item-process, .ant-steps-item-error');
  if (!at) throw new Error('no current or stopped step');
  const family = /ebid-family-(\w+)/.exec(at.className)?.[1] as StatusFamily;
  const icon = at.querySelector<HTMLElement>('.ant-steps-item-icon')!;
  expect(icon.style.color).toBe(rgb(FAMILY_PALETTE[family].fg));
  return family;
}

const FAILED: ProcedureState = { status: 'FAILED', failure: { reason: 'too_few_bidders' }, stoppedAt: 'BIDDING' };

describe('one family per status: tag, Steps bar and list agree (issue 19 §2)', { timeout: 30_000 }, () => {
  afterEach(cleanup);

  it('a failed project: its list row, its page\'s tag and the step where it stopped are all "failed"', async () => {
    const project = testProject(barOf('engineering', 'open', FAILED));
    startApp('/workspace/staff/projects', { as: 'staff', handlers: { 'project.list': () => [project] } });
    const table = await screen.findByTestId('project-table', {}, { timeout: 10_000 });
    const rowTag = await within(table).findByTestId('project-status', {}, { timeout: 10_000 });
    expect(rowTag.textContent).toContain('流标');
    expect(tagFamily(rowTag)).toBe('failed');
    cleanup();

    startApp('/workspace/staff/projects/7', { as: 'staff', handlers: { 'project.get': () => project } });
    await screen.findByTestId('project-steps', {}, { timeout: 10_000 });
    const pageTags = screen.getAllByTestId('project-status');
    expect(pageTags.map(tagFamily)).toEqual(pageTags.map(() => 'failed'));
    expect(stepFamilyAt()).toBe('failed');
    // and not by colour alone: the stopped step says 流标 and carries the failed family's icon
    const stopped = screen.getByTestId('project-steps').querySelector<HTMLElement>('.ant-steps-item-error')!;
    expect(within(stopped).getByText('流标')).toBeTruthy();
    expect(stopped.querySelector('.anticon-close-circle')).not.toBeNull();
    expect(rowTag.querySelector('.anticon-close-circle') ?? pageTags[0]!.querySelector('.anticon-close-circle')).not.toBeNull();
  });

  it.each<[string, StatusFamily, TradeType, ProcedureMethod, ProcedureState]>([
    ['bidding (accepting)', 'open', 'engineering', 'open', { status: 'BIDDING' }],
    ['a land auction running', 'open', 'land', 'auction', { status: 'AUCTION' }],
    ['under evaluation', 'progress', 'engineering', 'open', { status: 'EVALUATION' }],
    ['pending review', 'progress', 'procurement', 'open', { status: 'PENDING_REVIEW' }],
    ['awarded', 'done', 'procurement', 'consultation', { status: 'AWARDED' }],
    ['a draft', 'neutral', 'property', 'listing', { status: 'DRAFT' }],
    ['suspended on an objection', 'suspended', 'engineering', 'open', { status: 'SUSPENDED', suspendedFrom: 'BIDDING', suspension: { reason: 'objection' } }],
    ['terminated', 'failed', 'land', 'listing', { status: 'TERMINATED', termination: { reason: '规划调整' }, stoppedAt: 'BIDDING' }],
    ['failed (流标)', 'failed', 'engineering', 'open', FAILED],
  ])('%s: the tag and the step the project is at are both %s', (_name, family, trade, method, state) => {
    const p = barOf(trade, method, state);
    renderWithApi(
      <>
        <ProjectStatusTag status={p.status} />
        <StepBar project={p} />
      </>,
      {},
    );
    expect(statusFamilyOf('procedure', p.status)).toBe(family);
    expect(tagFamily(screen.getByTestId('project-status'))).toBe(family);
    expect(stepFamilyAt()).toBe(family);
  });

  it('steps passed are "done" and steps to come "neutral", in the palette\'s colours', () => {
    renderWithApi(<StepBar project={barOf('engineering', 'open', { status: 'EVALUATION' })} />, {});
    const items = [...screen.getByTestId('project-steps').querySelectorAll<HTMLElement>('.ant-steps-item')];
    const families = items.map((el) => /ebid-family-(\w+)/.exec(el.className)?.[1]);
    const at = items.findIndex((el) => el.classList.contains('ant-steps-item-process'));
    expect(families.slice(0, at).every((f) => f === 'done')).toBe(true);
    expect(families[at]).toBe('progress');
    expect(families.slice(at + 1).every((f) => f === 'neutral')).toBe(true);
    expect(items[0]!.querySelector<HTMLElement>('.ant-steps-item-icon')!.style.color).toBe(rgb(FAMILY_PALETTE.done.fg));
    expect(items.at(-1)!.querySelector<HTMLElement>('.ant-steps-item-icon')!.style.color).toBe(rgb(FAMILY_PALETTE.neutral.fg));
  });
});

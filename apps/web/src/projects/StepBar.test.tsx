// @vitest-environment jsdom
import '../test/dom.ts';
import { afterEach, describe, expect, it } from 'vitest';
import { cleanup, screen, within } from '@testing-library/react';
import { procedureFlags, stepBar, stepsFor, type ProcedureMethod, type ProcedureState, type TradeType } from '@ebid/domain';
import { renderWithApi } from '../test/render.tsx';
import { StepBar, stepsThatFit } from './StepBar.tsx';

/** A project's step bar fields as project.get returns them (the service builds them with these same domain functions). */
function barOf(tradeType: TradeType, method: ProcedureMethod, state: ProcedureState) {
  const bar = stepBar(stepsFor(procedureFlags(tradeType, method), tradeType, method), state);
  return { tradeType, method, steps: bar.steps, stepStop: bar.stop };
}

/** Each step's title and its antd state (finish / process / error / wait). */
function items(): [string, string][] {
  const bar = screen.getByTestId('project-steps');
  return [...bar.querySelectorAll('.ant-steps-item')].map((el) => {
    const state = ['finish', 'process', 'error', 'wait'].find((s) => el.classList.contains(`ant-steps-item-${s}`)) ?? '?';
    return [el.querySelector('.ant-steps-item-title')?.textContent ?? '', state];
  });
}

describe('the step bar tells the truth (issue 18 §6)', () => {
  afterEach(cleanup);

  it('a failed engineering tender shows 流标 at 投标 with its reason, nothing after it done — not 草稿', () => {
    renderWithApi(<StepBar project={barOf('engineering', 'open', { status: 'FAILED', failure: { reason: 'too_few_bidders' }, stoppedAt: 'BIDDING' })} />, {});
    const alert = screen.getByTestId('project-stop');
    expect(alert.textContent).toContain('流标 · 停止于「投标」');
    expect(alert.textContent).toContain('原因：参与人数不足法定数量');
    expect(items()).toEqual([
      ['草稿', 'finish'],
      ['公告审核', 'finish'],
      ['招标公告', 'finish'],
      ['投标', 'error'],
      ['开标', 'wait'],
      ['评标', 'wait'],
      ['中标候选人公示', 'wait'],
      ['定标', 'wait'],
      ['中标通知书', 'wait'],
      ['签订合同', 'wait'],
      ['归档', 'wait'],
    ]);
    const stopped = screen.getByTestId('project-steps').querySelector('.ant-steps-item-error')!;
    expect(within(stopped as HTMLElement).getByText('流标')).toBeTruthy(); // the word, not colour alone
  });

  it('a terminated land auction: 终止 at 竞买申请 with the owner\'s reason; a failed one is 流拍', () => {
    renderWithApi(<StepBar project={barOf('land', 'auction', { status: 'TERMINATED', termination: { reason: '规划调整，地块收回' }, stoppedAt: 'BIDDING' })} />, {});
    expect(screen.getByTestId('project-stop').textContent).toContain('终止 · 停止于「竞买申请」');
    expect(screen.getByTestId('project-stop').textContent).toContain('原因：规划调整，地块收回');
    expect(items().slice(2, 5)).toEqual([['出让公告', 'finish'], ['竞买申请', 'error'], ['拍卖', 'wait']]);
    cleanup();
    renderWithApi(<StepBar project={barOf('land', 'auction', { status: 'FAILED', failure: { reason: 'reserve_not_met' }, stoppedAt: 'AUCTION' })} />, {});
    expect(screen.getByTestId('project-stop').textContent).toContain('流拍 · 停止于「拍卖」');
    expect(screen.getByTestId('project-stop').textContent).toContain('未达到底价');
  });

  it('archived after a failure: the archive is done, the steps in between are not', () => {
    renderWithApi(<StepBar project={barOf('procurement', 'consultation', { status: 'ARCHIVED', failure: { reason: 'no_agreement' }, stoppedAt: 'NEGOTIATION' })} />, {});
    expect(screen.getByTestId('project-stop').textContent).toContain('采购失败 · 停止于「磋商」 · 已归档');
    expect(items().slice(5)).toEqual([['磋商', 'error'], ['确定成交供应商', 'wait'], ['成交通知书', 'wait'], ['签订合同', 'wait'], ['归档', 'finish']]);
  });

  it('a suspended project pauses at its step (a warning, not an error); the later steps are still to come', () => {
    renderWithApi(<StepBar project={barOf('engineering', 'open', { status: 'SUSPENDED', suspendedFrom: 'BIDDING', suspension: { reason: 'objection' } })} />, {});
    const alert = screen.getByTestId('project-stop');
    expect(alert.className).toContain('ant-alert-warning');
    expect(alert.textContent).toContain('暂停 · 停止于「投标」');
    expect(alert.textContent).toContain('异议（质疑）待答复');
    expect(items()[3]).toEqual(['投标', 'process']);
    expect(screen.getByTestId('project-steps').querySelector('.ant-steps-item-error')).toBeNull();
  });

  it('a stop whose step was never recorded says so, and marks no step', () => {
    renderWithApi(<StepBar project={barOf('engineering', 'open', { status: 'FAILED', failure: { reason: 'no_bids' } })} />, {});
    expect(screen.getByTestId('project-stop').textContent).toContain('流标 · 停止环节未记录');
    expect(items().every(([, s]) => s === 'wait')).toBe(true);
  });

  it('a running inquiry shows its own steps: 询价公告 → 报价, no 谈判', () => {
    renderWithApi(<StepBar project={barOf('procurement', 'inquiry', { status: 'BIDDING' })} />, {});
    expect(screen.queryByTestId('project-stop')).toBeNull();
    expect(items().slice(2, 6)).toEqual([['询价公告', 'finish'], ['报价', 'process'], ['响应文件开启', 'wait'], ['评审', 'wait']]);
    expect(screen.getByTestId('project-steps').textContent).not.toContain('谈判');
  });
});

describe('the step bar fits its width without breaking an English word (issue 19 §5)', () => {
  it.each([
    // [width px, steps, language, how many are shown (undefined: all)]
    [undefined, 13, 'en', undefined], // no layout (jsdom, first render): all
    [0, 13, 'en', undefined],
    [1716, 13, 'en', undefined], // 13 × 132 = 1716: all fit exactly
    [1715, 13, 'en', 12], // a pixel less: one step goes
    [1090, 13, 'en', 8], // 1366 px window: 8 of 13 English steps
    [1090, 13, 'zh', undefined], // the same in Chinese, which may wrap between characters: all 13
    [1040, 13, 'zh', undefined], // 13 × 80 = 1040: all
    [1039, 13, 'zh', 12], // a pixel less: one step goes
    [1090, 8, 'en', undefined], // few steps: all
    [400, 13, 'en', 5], // never fewer than first, last and current ± 1
  ] as const)('width %s, %s steps, %s → %s shown', (width, total, lang, shown) => {
    expect(stepsThatFit(width, total, lang)).toBe(shown);
  });
});

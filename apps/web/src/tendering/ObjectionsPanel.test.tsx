// @vitest-environment jsdom
import '../test/dom.ts';
import { afterEach, describe, expect, it } from 'vitest';
import { cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { createMemoryRouter, RouterProvider } from 'react-router';
import { App as AntApp } from 'antd';
import { AppProviders, createQueryClient } from '../App.tsx';
import type { RouterOutputs } from '../api.ts';
import { createFakeApi, demoServer, type Handler } from '../test/fakeApi.ts';
import { ObjectionsPanel, type Objection } from './ObjectionsPanel.tsx';

type Project = RouterOutputs['project']['get'];

const project = {
  id: 7,
  unifiedDealCode: '330100-2026-E000007',
  tradeType: 'engineering',
  method: 'open',
  prequalification: false,
  name: '示范市滨江路改造工程',
  tendereeOrgId: 2,
  tendereeName: '示范市城投',
  agentOrgId: null,
  status: 'PUBLISHED',
  statusDetail: {},
  regionCode: '330100',
  budgetFen: 1,
  schedule: { bidDeadline: '2026-03-25T01:30:00.000Z' },
  sections: [],
  steps: [],
  previousProjectId: null,
  version: 1,
  createdAt: '2026-02-25T00:00:00.000Z',
} as unknown as Project;

const base: Objection = {
  id: 1,
  projectId: 7,
  stage: 'tender',
  title: '关于资格条件的异议',
  body: '业绩年限要求排斥潜在投标人。',
  status: 'filed',
  filerName: '华东建工集团有限公司',
  mine: false,
  filedAt: '2026-03-03T02:00:00.000Z',
  decidedAt: null,
  declineReason: null,
  answerDueAt: null,
  overdue: false,
  answer: null,
  answeredAt: null,
  version: 1,
};

function mount(mode: 'owner' | 'bidder' | 'center', handlers: Record<string, Handler>) {
  const api = createFakeApi({ ...demoServer(), ...handlers });
  const router = createMemoryRouter([{ path: '/', element: <AntApp><ObjectionsPanel project={project} mode={mode} /></AntApp> }]);
  render(
    <AppProviders api={api.client} queryClient={createQueryClient()}>
      <RouterProvider router={router} />
    </AppProviders>,
  );
  return api;
}

afterEach(cleanup);

describe('ObjectionsPanel', () => {
  it('bidder: shows the window end, files with 标题 / 异议内容, lists own objections and others’ answers without the filer', async () => {
    const filed: unknown[] = [];
    mount('bidder', {
      'objection.window': () => ({ stage: 'tender', closesAt: '2026-03-15T16:00:00.000Z', ruleRef: 'ZTBT §22 (N8)', open: true }),
      'objection.list': () => [
        { ...base, id: 1, mine: true, status: 'accepted', answerDueAt: '2026-03-06T16:00:00.000Z' },
        { ...base, id: 2, title: '关于评标办法的异议', filerName: null, status: 'answered', answer: '评分标准将在澄清中细化。', answeredAt: '2026-03-04T02:00:00.000Z' },
      ],
      'objection.file': (input) => {
        filed.push(input);
        return { ...base, id: 3, mine: true };
      },
    });
    expect(await screen.findByText(/截止时间：2026-03-16 00:00:00/)).toBeTruthy();
    fireEvent.change(screen.getByLabelText('标题'), { target: { value: '关于工期的异议' } });
    fireEvent.change(screen.getByLabelText('异议内容'), { target: { value: '招标文件要求的工期明显短于合理工期，请予以调整。' } });
    fireEvent.click(screen.getByRole('button', { name: '提交异议' }));
    await waitFor(() => expect(filed).toEqual([{ projectId: 7, title: '关于工期的异议', body: '招标文件要求的工期明显短于合理工期，请予以调整。' }]));
    const answers = screen.getByRole('region', { name: '已公布的异议答复' });
    expect(within(answers).getByText('评分标准将在澄清中细化。')).toBeTruthy();
    expect(within(answers).queryByText('华东建工集团有限公司')).toBeNull();
    expect(within(screen.getByRole('region', { name: '我的异议' })).getByText('关于资格条件的异议')).toBeTruthy();
  });

  it('owner: 受理 after confirmation; overdue is stated in text; 答复 through the modal', async () => {
    const calls: { path: string; input: unknown }[] = [];
    mount('owner', {
      'objection.list': () => [
        { ...base, id: 1 },
        { ...base, id: 2, title: '关于工期的异议', status: 'accepted', answerDueAt: '2026-03-06T16:00:00.000Z', overdue: true },
      ],
      'objection.accept': (input) => (calls.push({ path: 'accept', input }), { ...base, status: 'accepted' }),
      'objection.answer': (input) => (calls.push({ path: 'answer', input }), { ...base, status: 'answered' }),
    });
    expect(await screen.findByText(/已逾期/)).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: '受理：关于资格条件的异议' }));
    fireEvent.click(await screen.findByRole('button', { name: /确认受理/ }));
    await waitFor(() => expect(calls).toContainEqual({ path: 'accept', input: { objectionId: 1 } }));
    fireEvent.click(screen.getByRole('button', { name: '答复：关于工期的异议' }));
    fireEvent.change(await screen.findByLabelText('答复内容'), { target: { value: '工期要求维持不变，理由见附件说明。' } });
    fireEvent.click(screen.getByRole('button', { name: /发布答复/ }));
    await waitFor(() => expect(calls).toContainEqual({ path: 'answer', input: { objectionId: 2, answer: '工期要求维持不变，理由见附件说明。' } }));
  });

  it('center: read-only, no action buttons', async () => {
    mount('center', { 'objection.list': () => [{ ...base }] });
    expect(await screen.findByText('关于资格条件的异议')).toBeTruthy();
    expect(screen.queryByRole('button', { name: /受理/ })).toBeNull();
  });
});

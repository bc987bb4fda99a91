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
  subject: 'documents',
  step: null,
  title: '关于资格条件的异议',
  body: '业绩年限要求排斥潜在投标人。',
  status: 'filed',
  filerName: '华东建工集团有限公司',
  mine: false,
  suspends: true,
  filedAt: '2026-03-03T02:00:00.000Z',
  decidedAt: null,
  declineReason: null,
  answerDueAt: '2026-03-06T16:00:00.000Z',
  answerDueProvisional: false,
  open: true,
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
      'objection.window': () => ({ stage: 'tender', closesAt: '2026-03-15T16:00:00.000Z', ruleRef: 'ZTBT §22', rule: { zh: '《中华人民共和国招标投标法实施条例》第二十二条：对招标文件有异议的，应当在投标截止时间10日前提出', en: 'Article 22 of the Regulation on the Implementation of the Bidding Law: an objection to the tender documents is raised at least 10 days before the bid deadline' }, provisional: false, open: true, subjects: ['documents'] }),
      'objection.list': () => [
        { ...base, id: 1, mine: true, status: 'accepted', answerDueAt: '2027-02-08T16:00:00.000Z', answerDueProvisional: true },
        { ...base, id: 2, title: '关于评标办法的异议', filerName: null, status: 'answered', open: false, answer: '评分标准将在澄清中细化。', answeredAt: '2026-03-04T02:00:00.000Z' },
      ],
      'objection.file': (input) => {
        filed.push(input);
        return { ...base, id: 3, mine: true };
      },
    });
    expect(await screen.findByText(/截止时间：2026-03-16 00:00:00/)).toBeTruthy();
    // Issue 19 §6: the rule as a citation and its words, never the key.
    const rule = screen.getByTestId('objection-rule').textContent ?? '';
    expect(rule).toContain('《中华人民共和国招标投标法实施条例》第二十二条：对招标文件有异议的');
    expect(rule).not.toMatch(/§|ZTBT/);
    fireEvent.change(screen.getByLabelText('标题'), { target: { value: '关于工期的异议' } });
    fireEvent.change(screen.getByLabelText('异议内容'), { target: { value: '招标文件要求的工期明显短于合理工期，请予以调整。' } });
    fireEvent.click(screen.getByRole('button', { name: '提交异议' }));
    await waitFor(() => expect(filed).toEqual([{ projectId: 7, title: '关于工期的异议', body: '招标文件要求的工期明显短于合理工期，请予以调整。' }]));
    // The answer due date of a year without a published calendar is marked 暂定.
    expect(within(screen.getByRole('region', { name: '我的异议' })).getByTestId('provisional-tag').textContent).toBe('暂定');
    const answers = screen.getByRole('region', { name: '已公布的异议答复' });
    expect(within(answers).getByText('评分标准将在澄清中细化。')).toBeTruthy();
    expect(within(answers).queryByText('华东建工集团有限公司')).toBeNull();
    expect(within(screen.getByRole('region', { name: '我的异议' })).getByText('关于资格条件的异议')).toBeTruthy();
  });

  it('owner: answers a received objection directly (the clock ran from receipt); 受理 acknowledges; overdue is stated in text', async () => {
    const calls: { path: string; input: unknown }[] = [];
    mount('owner', {
      'objection.list': () => [
        { ...base, id: 1 },
        { ...base, id: 2, title: '关于工期的异议', status: 'filed', answerDueAt: '2026-03-06T16:00:00.000Z', overdue: true },
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

  it('GP bidder: chooses the documents, a step of the process or the result; a process challenge names its step', async () => {
    const filed: unknown[] = [];
    const gpProject = { ...project, tradeType: 'procurement' } as Project;
    const api = createFakeApi({
      ...demoServer(),
      'objection.window': () => ({ stage: 'tender', closesAt: '2026-03-20T16:00:00.000Z', ruleRef: 'CG §52, CGT §53', rule: { zh: '《中华人民共和国政府采购法》第五十二条、《中华人民共和国政府采购法实施条例》第五十三条：供应商应在知道或者应知其权益受到损害之日起7个工作日内提出质疑', en: 'Article 52 of the Government Procurement Law and Article 53 of the Regulation on the Implementation of the Government Procurement Law: a supplier challenges within 7 working days' }, provisional: false, open: false, subjects: ['documents', 'process', 'result'] }),
      'objection.list': () => [],
      'objection.file': (input) => (filed.push(input), { ...base, id: 9, mine: true, subject: 'process', step: 'opening', suspends: false }),
    });
    const router = createMemoryRouter([{ path: '/', element: <AntApp><ObjectionsPanel project={gpProject} mode="bidder" /></AntApp> }]);
    render(
      <AppProviders api={api.client} queryClient={createQueryClient()}>
        <RouterProvider router={router} />
      </AppProviders>,
    );
    expect(await screen.findByText(/7个工作日内答复/)).toBeTruthy();
    fireEvent.click(screen.getByRole('radio', { name: '采购过程' }));
    fireEvent.mouseDown(await screen.findByRole('combobox', { name: '被质疑的环节' }));
    fireEvent.click(await screen.findByTitle('开标'));
    fireEvent.change(screen.getByLabelText('标题'), { target: { value: '关于开标过程的质疑' } });
    fireEvent.change(screen.getByLabelText('异议内容'), { target: { value: '开标时未按招标文件规定公布投标人名单。' } });
    fireEvent.click(screen.getByRole('button', { name: '提交质疑' }));
    await waitFor(() => expect(filed).toEqual([{ projectId: 7, title: '关于开标过程的质疑', body: '开标时未按招标文件规定公布投标人名单。', subject: 'process', step: 'opening' }]));
  });

  it('center: read-only, no action buttons', async () => {
    mount('center', { 'objection.list': () => [{ ...base }] });
    expect(await screen.findByText('关于资格条件的异议')).toBeTruthy();
    expect(screen.queryByRole('button', { name: /受理/ })).toBeNull();
  });
});

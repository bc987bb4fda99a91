import { describe, expect, it } from 'vitest';
import { VOCABULARY } from '../vocabulary/index.ts';
import { procedureFlags, type ProcedureFlagOptions, type ProcedureMethod, type TradeType } from './flags.ts';
import { FAIL_REASONS, mainLine, type ProcedureState, type ProcedureStatus } from './machine.ts';
import { STEP_WORDS, stepBar, stepsFor, type StepBar, type StepState } from './steps.ts';

/**
 * Each trade and method by its own steps, written out by hand from domain §1.1–§1.4 (issue 18 §6) — the
 * Chinese words, in order, so a wrong label or a missing / extra step fails here.
 */
const STEPS: [string, TradeType, ProcedureMethod, ProcedureFlagOptions, string[]][] = [
  ['engineering open (ZTB §16, §34–§40; ZTBT §54)', 'engineering', 'open', {}, ['草稿', '公告审核', '招标公告', '投标', '开标', '评标', '中标候选人公示', '定标', '中标通知书', '签订合同', '归档']],
  [
    'engineering open with prequalification (ZTBT §15–§19)',
    'engineering',
    'open',
    { prequalification: true },
    ['草稿', '公告审核', '资格预审公告', '资格预审', '资格预审结果', '投标', '开标', '评标', '中标候选人公示', '定标', '中标通知书', '签订合同', '归档'],
  ],
  ['engineering invited (ZTB §17: 投标邀请书)', 'engineering', 'invited', {}, ['草稿', '公告审核', '投标邀请', '投标', '开标', '评标', '中标候选人公示', '定标', '中标通知书', '签订合同', '归档']],
  ['procurement open (CG §35)', 'procurement', 'open', {}, ['草稿', '公告审核', '招标公告', '投标', '开标', '评标', '定标', '中标通知书', '签订合同', '归档']],
  [
    'procurement invited (CG §34, pool by prequalification)',
    'procurement',
    'invited',
    {},
    ['草稿', '公告审核', '资格预审公告', '资格预审', '资格预审结果', '投标', '开标', '评标', '定标', '中标通知书', '签订合同', '归档'],
  ],
  ['procurement negotiation (CG §38)', 'procurement', 'negotiation', {}, ['草稿', '公告审核', '竞争性谈判公告', '提交响应文件', '响应文件开启', '谈判', '确定成交供应商', '成交通知书', '签订合同', '归档']],
  ['procurement consultation (R214)', 'procurement', 'consultation', {}, ['草稿', '公告审核', '竞争性磋商公告', '提交响应文件', '响应文件开启', '磋商', '确定成交供应商', '成交通知书', '签订合同', '归档']],
  ['procurement inquiry (CG §40: one fixed price, no negotiation)', 'procurement', 'inquiry', {}, ['草稿', '公告审核', '询价公告', '报价', '响应文件开启', '评审', '确定成交供应商', '成交通知书', '签订合同', '归档']],
  ['procurement single source (CGT §38, R74)', 'procurement', 'single_source', {}, ['草稿', '公告审核', '单一来源公示', '协商', '确定成交供应商', '成交通知书', '签订合同', '归档']],
  ['land tender (R39L)', 'land', 'tender', {}, ['草稿', '公告审核', '出让公告', '投标', '开标', '评标', '定标', '中标通知书', '签订出让合同', '归档']],
  ['land auction (R39L)', 'land', 'auction', {}, ['草稿', '公告审核', '出让公告', '竞买申请', '拍卖', '成交确认', '成交确认书', '签订出让合同', '归档']],
  ['land listing (domain §5.2)', 'land', 'listing', {}, ['草稿', '公告审核', '出让公告', '挂牌', '限时竞价', '成交确认', '成交确认书', '签订出让合同', '归档']],
  ['property listing (GZ §54, R32)', 'property', 'listing', {}, ['草稿', '公告审核', '信息披露', '受让申请', '竞价', '成交确认', '成交', '签订产权交易合同', '归档']],
  ['property online bidding (domain §5.4)', 'property', 'online_bidding', {}, ['草稿', '公告审核', '信息披露', '受让申请', '网络竞价', '成交确认', '成交', '签订产权交易合同', '归档']],
];

const zhOf = (word: string) => VOCABULARY.zh[`step.${word}` as `step.${(typeof STEP_WORDS)[number]}`];

describe('each trade and method shows its own steps (issue 18 §6, domain §1)', () => {
  it.each(STEPS)('%s', (_name, trade, method, opts, expected) => {
    const flags = procedureFlags(trade, method, opts);
    const steps = stepsFor(flags, trade, method);
    expect(steps.map((s) => zhOf(s.word))).toEqual(expected);
    expect(steps.map((s) => s.status)).toEqual(mainLine(flags).map((s) => s.status));
  });

  it('inquiry never negotiates; single source never opens; engineering words stay out of land and property', () => {
    const words = (t: TradeType, m: ProcedureMethod) => stepsFor(procedureFlags(t, m), t, m).map((s) => zhOf(s.word));
    expect(words('procurement', 'inquiry').some((w) => /谈判|磋商|协商/.test(w))).toBe(false);
    expect(words('procurement', 'single_source').some((w) => /开标|开启|评标/.test(w))).toBe(false);
    for (const [t, m] of [['land', 'auction'], ['land', 'listing'], ['property', 'listing'], ['property', 'online_bidding']] as const) {
      expect(words(t, m).some((w) => /招标|投标|中标|定标/.test(w)), `${t} ${m}`).toBe(false);
    }
  });

  it('every step word is used by some trade and method, and has both languages', () => {
    const used = new Set(STEPS.flatMap(([, t, m, o]) => stepsFor(procedureFlags(t, m, o), t, m).map((s) => s.word)));
    expect([...STEP_WORDS].filter((w) => !used.has(w))).toEqual([]);
    for (const w of STEP_WORDS) expect(VOCABULARY.en[`step.${w}`].length, w).toBeGreaterThan(0);
  });
});

/** The states of the bar as a string: d done, c current, S stopped, t todo. */
function shape(bar: StepBar): string {
  const letter: Record<StepState, string> = { done: 'd', current: 'c', stopped: 'S', todo: 't' };
  return bar.steps.map((s) => letter[s.state]).join('');
}

/**
 * For every trade × method: where a project can fail, be terminated and be suspended (and archived after a
 * failure or termination), the bar marks that step and no later one as done.
 */
describe('the step bar tells where a project stopped (issue 18 §6)', () => {
  const rows: [string, string, ProcedureState, number][] = [];
  for (const [name, trade, method, opts] of STEPS) {
    const flags = procedureFlags(trade, method, opts);
    const steps = stepsFor(flags, trade, method);
    steps.forEach((s, i) => {
      if (s.status === 'DRAFT' || s.status === 'ARCHIVED') return;
      rows.push([name, `failed at ${s.status}`, { status: 'FAILED', failure: { reason: 'too_few_bidders' }, stoppedAt: s.status }, i]);
      rows.push([name, `terminated at ${s.status}`, { status: 'TERMINATED', termination: { reason: '项目取消' }, stoppedAt: s.status }, i]);
      rows.push([name, `archived after failing at ${s.status}`, { status: 'ARCHIVED', failure: { reason: 'no_bids' }, stoppedAt: s.status }, i]);
      rows.push([name, `archived after termination at ${s.status}`, { status: 'ARCHIVED', termination: { reason: '项目取消' }, stoppedAt: s.status }, i]);
      // Suspension: after publication (machine SUSPENDABLE).
      if (s.status !== 'PENDING_REVIEW') rows.push([name, `suspended at ${s.status}`, { status: 'SUSPENDED', suspendedFrom: s.status, suspension: { reason: 'complaint' } }, i]);
    });
  }

  it.each(rows.map(([name, what, state, at]) => [`${name}: ${what}`, name, state, at] as const))('%s', (_label, name, state, at) => {
    const [, trade, method, opts] = STEPS.find((s) => s[0] === name)!;
    const steps = stepsFor(procedureFlags(trade, method, opts), trade, method);
    const bar = stepBar(steps, state);
    const archived = state.status === 'ARCHIVED';
    const expected = steps.map((s, i) => (archived && s.status === 'ARCHIVED' ? 'd' : i < at ? 'd' : i === at ? 'S' : 't')).join('');
    expect(shape(bar)).toBe(expected);
    expect(bar.stop?.at).toBe(steps[at]!.status);
    expect(bar.stop?.kind).toBe(state.status === 'SUSPENDED' ? 'suspended' : state.failure ? 'failed' : 'terminated');
  });

  const eng = stepsFor(procedureFlags('engineering', 'open'), 'engineering', 'open');
  it.each<[string, ProcedureState, string, StepBar['stop']]>([
    ['a draft is the first step, not a stop', { status: 'DRAFT' }, 'ctttttttttt', null],
    ['bidding: the steps before are done', { status: 'BIDDING' }, 'dddcttttttt', null],
    ['archived at the end: every step done', { status: 'ARCHIVED' }, 'ddddddddddd', null],
    ['failed too few bidders at the deadline (ZTBT §44)', { status: 'FAILED', failure: { reason: 'too_few_bidders' }, stoppedAt: 'BIDDING' }, 'dddSttttttt', { kind: 'failed', at: 'BIDDING', reason: 'too_few_bidders', archived: false }],
    ['terminated with its reason (ZTBT §31)', { status: 'TERMINATED', termination: { reason: '规划调整，项目取消' }, stoppedAt: 'EVALUATION' }, 'dddddSttttt', { kind: 'terminated', at: 'EVALUATION', reason: '规划调整，项目取消', archived: false }],
    ['suspended on an objection: the later steps are still to come', { status: 'SUSPENDED', suspendedFrom: 'OPENING', suspension: { reason: 'objection' } }, 'ddddStttttt', { kind: 'suspended', at: 'OPENING', reason: 'objection' }],
    ['archived after failing: the archive is done, nothing between', { status: 'ARCHIVED', failure: { reason: 'all_rejected' }, stoppedAt: 'EVALUATION' }, 'dddddSttttd', { kind: 'failed', at: 'EVALUATION', reason: 'all_rejected', archived: true }],
    // A row stopped before issue 18 has no stoppedAt (and no audit trail was found): no step is marked.
    ['failed, step unknown', { status: 'FAILED', failure: { reason: 'no_bids' } }, 'ttttttttttt', { kind: 'failed', at: null, reason: 'no_bids', archived: false }],
    ['terminated, step unknown, archived', { status: 'ARCHIVED', termination: { reason: 'x' } }, 'ttttttttttd', { kind: 'terminated', at: null, reason: 'x', archived: true }],
    // A stop at a state this trade never has (a corrupt row) is unknown too, never a wrong step.
    ['failed at a state engineering has no step for', { status: 'FAILED', failure: { reason: 'no_bids' }, stoppedAt: 'AUCTION' }, 'ttttttttttt', { kind: 'failed', at: null, reason: 'no_bids', archived: false }],
    ['a status outside the steps marks nothing', { status: 'NEGOTIATION' }, 'ttttttttttt', null],
  ])('engineering open: %s', (_name, state, expected, stop) => {
    const bar = stepBar(eng, state);
    expect(shape(bar)).toBe(expected);
    expect(bar.stop).toEqual(stop);
  });

  it('never marks a step after the stop as done, for every failure reason', () => {
    for (const reason of FAIL_REASONS) {
      for (const at of ['OPENING', 'EVALUATION', 'CANDIDATE_PUBLICITY', 'AWARD_PENDING', 'AWARDED'] as ProcedureStatus[]) {
        const bar = stepBar(eng, { status: 'FAILED', failure: { reason }, stoppedAt: at });
        const i = bar.steps.findIndex((s) => s.state === 'stopped');
        expect(bar.steps[i]!.status).toBe(at);
        expect(bar.steps.slice(i + 1).every((s) => s.state === 'todo')).toBe(true);
      }
    }
  });
});

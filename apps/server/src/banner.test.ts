import { describe, expect, it } from 'vitest';
import type { DemoSeedSummary } from '@ebid/services';
import { demoSeedLines } from './banner.ts';

const project = (over: Partial<DemoSeedSummary['projects'][number]>): DemoSeedSummary['projects'][number] => ({
  id: 1,
  name: '示范市滨江大道快速路改造工程施工',
  unifiedDealCode: '330100-2026-E000001',
  tradeType: 'engineering',
  method: 'open',
  status: 'OPENING',
  stage: 'opening',
  seededNow: true,
  ...over,
});

const empty: DemoSeedSummary = { seeded: [], existing: [], disabled: [], projects: [], skipped: [], openAlerts: { yellow: 0, red: 0 } };

describe('the start banner says what the demo seed made (issue 19 §8)', () => {
  it('groups the projects by stage in the procedure\'s order, each with its trade type and method in words', () => {
    const lines = demoSeedLines({
      ...empty,
      seeded: ['identity', 'projects', 'opening'],
      projects: [
        project({ id: 3, status: 'OPENING' }),
        project({ id: 1, name: '示范市R21-07地块国有建设用地使用权挂牌出让', unifiedDealCode: '330100-2026-L000001', tradeType: 'land', method: 'listing', status: 'PUBLISHED', stage: 'projects' }),
        project({ id: 2, name: '示范市政务云平台运维服务采购（竞争性磋商）', unifiedDealCode: '330100-2026-G000002', tradeType: 'procurement', method: 'consultation', status: 'OPENING' }),
      ],
    });
    expect(lines).toEqual([
      '  演示项目（按阶段）/ demo projects by stage: 3',
      '    已发布 / Published:',
      '      示范市R21-07地块国有建设用地使用权挂牌出让（土地使用权 · 挂牌）330100-2026-L000001',
      '    开标 / Opening:',
      '      示范市滨江大道快速路改造工程施工（工程建设 · 公开招标）330100-2026-E000001',
      '      示范市政务云平台运维服务采购（竞争性磋商）（政府采购 · 竞争性磋商）330100-2026-G000002',
    ]);
  });

  it.each<[string, Partial<DemoSeedSummary>, string[]]>([
    [
      'a story a rule refused on this day, with the reason',
      { seeded: ['opening'], skipped: [{ stage: 'opening', name: '示范市滨江大道快速路改造工程施工', reason: 'VALIDATION: 开标时间早于投标截止时间', seededNow: true }] },
      ['  演示项目 / demo projects: 无 / none', '  未生成 / not seeded:', '    示范市滨江大道快速路改造工程施工: VALIDATION: 开标时间早于投标截止时间'],
    ],
    [
      'a restart: every stage already there, kept; a story skipped at the first start still said',
      {
        existing: [
          { stage: 'identity', seededAt: '2026-06-01T01:00:00.000Z' },
          { stage: 'projects', seededAt: '2026-06-01T01:00:05.000Z' },
        ],
        skipped: [{ stage: 'projects', name: '示范市第一人民医院质子治疗系统原厂维保服务单一来源采购', reason: 'VALIDATION: 公示期不足', seededNow: false }],
        projects: [project({ seededNow: false, status: 'EVALUATION' })],
      },
      [
        '  演示项目（按阶段）/ demo projects by stage: 1（本次生成 0 / 0 seeded now）',
        '    评标 / Evaluation:',
        '      示范市滨江大道快速路改造工程施工（工程建设 · 公开招标）330100-2026-E000001',
        '  未生成 / not seeded:',
        '    示范市第一人民医院质子治疗系统原厂维保服务单一来源采购: VALIDATION: 公示期不足（首次启动时未能生成 / could not be seeded at the first start）',
        '    identity, projects: 已存在数据，未重新生成 / already seeded (2026-06-01 09:00 北京时间), kept as it is',
      ],
    ],
    [
      'the open alerts the demo raised, and where each role finds them (issue 20 §2)',
      { seeded: ['identity', 'tendering'], openAlerts: { yellow: 1, red: 2 } },
      ['  演示项目 / demo projects: 无 / none', '  未处理预警 / open alerts: 红灯 2 red, 黄灯 1 yellow — staff: 预警处理 / Alerts; supervisor: 监管看板 / Dashboard'],
    ],
    ['stages switched off', { seeded: ['identity'], disabled: ['certificates', 'projects'] }, ['  演示项目 / demo projects: 无 / none', '  未生成 / not seeded:', '    certificates, projects: 已关闭 / switched off']],
  ])('%s', (_name, over, expected) => {
    expect(demoSeedLines({ ...empty, ...over })).toEqual(expected);
  });
});

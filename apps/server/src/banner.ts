/**
 * What `npm start` prints of the demo seed (issue 19 §8): the demo projects grouped by their stage in
 * the procedure (status in words, trade type and method), in the procedure's order, and every stage or
 * story not generated, with why — already there from an earlier start, switched off, or refused by a rule
 * on this day — and the open alerts the demo raised (issue 20 §2). Pure: main.ts prints the lines.
 */
import { beijingDateTime, PROCEDURE_STATUSES, statusWord, VOCABULARY, word } from '@ebid/domain';
import type { DemoSeedSummary } from '@ebid/services';

const vocab = (lang: 'zh' | 'en', key: string): string | undefined => (VOCABULARY[lang] as Readonly<Record<string, string>>)[key];

/** 工程建设 · 公开招标 / Engineering · Open tendering */
function tradeAndMethod(lang: 'zh' | 'en', p: DemoSeedSummary['projects'][number]): string {
  return `${word(lang, `trade.${p.tradeType}`)} · ${vocab(lang, `method.${p.method}`) ?? p.method}`;
}

const when = (iso: string) => beijingDateTime(new Date(iso));

export function demoSeedLines(s: DemoSeedSummary): string[] {
  const lines: string[] = [];
  const fresh = s.projects.filter((p) => p.seededNow).length;
  lines.push(
    s.projects.length === 0
      ? '  演示项目 / demo projects: 无 / none'
      : `  演示项目（按阶段）/ demo projects by stage: ${s.projects.length}${fresh === s.projects.length ? '' : `（本次生成 ${fresh} / ${fresh} seeded now）`}`,
  );
  for (const status of PROCEDURE_STATUSES) {
    const group = s.projects.filter((p) => p.status === status);
    if (group.length === 0) continue;
    lines.push(`    ${statusWord('zh', status)} / ${statusWord('en', status)}:`);
    for (const p of group) lines.push(`      ${p.name}（${tradeAndMethod('zh', p)}）${p.unifiedDealCode}`);
  }
  const notSeeded: string[] = [];
  for (const k of s.skipped) notSeeded.push(`    ${k.name}: ${k.reason}${k.seededNow ? '' : '（首次启动时未能生成 / could not be seeded at the first start）'}`);
  if (s.existing.length) {
    const first = s.existing.map((e) => e.seededAt).sort()[0] ?? '';
    notSeeded.push(`    ${s.existing.map((e) => e.stage).join(', ')}: 已存在数据，未重新生成 / already seeded (${when(first)} 北京时间), kept as it is`);
  }
  if (s.disabled.length) notSeeded.push(`    ${s.disabled.join(', ')}: 已关闭 / switched off`);
  const { red, yellow } = s.openAlerts;
  if (red + yellow > 0) {
    // Issue 20 §2: where the demo's open alerts are found (supervisor: the dashboard, its region's only).
    lines.push(`  未处理预警 / open alerts: 红灯 ${red} red, 黄灯 ${yellow} yellow — staff: 预警处理 / Alerts; supervisor: 监管看板 / Dashboard`);
  }
  if (notSeeded.length) lines.push('  未生成 / not seeded:', ...notSeeded);
  return lines;
}

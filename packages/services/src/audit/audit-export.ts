/**
 * The export of a filtered audit view (issue 19 §4): CSV in UTF-8 with a BOM (Excel opens Chinese right),
 * the columns in words and the raw ids and hashes beside them, streamed page by page from the same reads
 * as the list — the same readers, the same masking and withheld names. At most AUDIT_EXPORT_MAX_ROWS rows:
 * a larger view is refused before anything is written (PAYLOAD_TOO_LARGE, reason EXPORT_TOO_LARGE).
 * The export is itself audited (`audit.export`, with its filter) before the first row leaves.
 */
import { and, count, type SQL } from 'drizzle-orm';
import { AUDIT_EXPORT_MAX_ROWS, type AuditEntryShown, type AuditExportQuery, type AuditFilter } from '@ebid/contracts';
import { AppError, isAuditAction, isAuditSubjectType, ROLES, word, type Role, type VocabularyLang } from '@ebid/domain';
import { auditEvents } from '@ebid/db';
import { audit, requireRole, type RequestContext } from '../context.ts';
import type { Deps } from '../deps.ts';
import { AUDIT_READERS, filterConditions, readerChainConditions, readVisible } from './audit-list.ts';
import { describeEvents, type ChainProject } from './audit-words.ts';

const BATCH = 1000;
const BOM = '\uFEFF';

export interface AuditCsvExport {
  fileName: string;
  /** The CSV text in pieces: the BOM and header first, then a batch of rows at a time. */
  chunks: AsyncIterable<string>;
}

const HEADERS: Record<VocabularyLang, string[]> = {
  zh: ['时间（北京时间）', '操作', '操作人', '单位', '项目', '对象', '事件编号', '审计链', '序号', '操作代码', '操作人用户编号', '角色', '项目编号', '对象类型', '对象编号', 'IP地址', '事件哈希', '前一事件哈希', '内容哈希', '时间（UTC）'],
  en: ['Time (Beijing)', 'Action', 'Actor', 'Company', 'Project', 'Subject', 'Event id', 'Chain', 'Seq', 'Action code', 'Actor user id', 'Role', 'Project id', 'Subject type', 'Subject id', 'IP address', 'Event hash', 'Previous hash', 'Payload hash', 'Time (UTC)'],
};

const TEXT: Record<VocabularyLang, { masked: string; system: string; withheld: string }> = {
  zh: { masked: '（截止前不公开）', system: '系统', withheld: '（身份暂不公开）' },
  en: { masked: '(not disclosed before the deadline)', system: 'Platform', withheld: '(identity not yet disclosed)' },
};

/** 2026-03-05 09:30:15 in 北京时间 (the seconds matter in an audit log). */
function beijingSeconds(at: Date): string {
  return new Date(at.getTime() + 8 * 3600_000).toISOString().replace('T', ' ').slice(0, 19);
}

/** A CSV cell: quoted when needed; text that a spreadsheet would run as a formula is prefixed with '. */
export function csvCell(v: string | number | null): string {
  if (v === null) return '';
  if (typeof v === 'number') return String(v);
  const safe = /^[=+\-@\t\r]/.test(v) ? `'${v}` : v;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

const isRole = (r: string | null): r is Role => r !== null && (ROLES as readonly string[]).includes(r);

/** One event as a CSV row in `lang`. */
export function csvRow(e: AuditEntryShown, lang: VocabularyLang): string {
  const t = TEXT[lang];
  const action = e.masked && e.action === 'masked' ? t.masked : isAuditAction(e.action) ? word(lang, `auditAction.${e.action}`) : e.action;
  const role = isRole(e.actorRole) ? word(lang, `role.${e.actorRole}`) : (e.actorRole ?? '');
  const actor = e.masked && e.actorRole === null ? '' : e.actorWithheld ? `${role}${t.withheld}` : e.actorUserId === null ? t.system : (e.actorName ?? `#${e.actorUserId}`);
  const subjectWord = isAuditSubjectType(e.subjectType) ? word(lang, `auditSubject.${e.subjectType}`) : e.subjectType;
  const subject = e.subjectLabel === null ? '' : `${subjectWord} ${e.subjectLabel}`;
  const at = e.at instanceof Date ? e.at : new Date(e.at);
  const cells: (string | number | null)[] = [
    beijingSeconds(at),
    action,
    actor,
    e.actorOrgName,
    e.project ? e.project.name : '',
    subject,
    e.id,
    e.chain,
    e.seq,
    e.masked ? '' : e.action,
    e.actorUserId,
    e.actorRole,
    e.project?.id ?? null,
    e.masked && e.subjectId === null ? '' : e.subjectType,
    e.subjectId,
    e.clientAddress,
    e.hash,
    e.prevHash,
    e.payloadHash,
    at.toISOString(),
  ];
  return cells.map(csvCell).join(',');
}

export async function exportAuditCsv(deps: Pick<Deps, 'db' | 'clock'>, ctx: RequestContext, query: AuditExportQuery): Promise<AuditCsvExport> {
  const actor = requireRole(ctx, ...AUDIT_READERS);
  const { lang, ...filter } = query;
  const mine = await readerChainConditions(deps.db, actor, filter); // a supervisor: its projects' chains only (issue 20 §4)
  const conditions = [...filterConditions(filter), ...mine];
  const [n] = await deps.db.select({ n: count() }).from(auditEvents).where(and(...conditions));
  if ((n?.n ?? 0) > AUDIT_EXPORT_MAX_ROWS) {
    throw new AppError(
      'PAYLOAD_TOO_LARGE',
      {
        zh: `导出最多 ${AUDIT_EXPORT_MAX_ROWS.toLocaleString('zh-CN')} 条记录，请缩小筛选范围（项目、操作人、操作或时间）`,
        en: `An export holds at most ${AUDIT_EXPORT_MAX_ROWS.toLocaleString('en-US')} events; narrow the filter (project, actor, action or time)`,
      },
      { reason: 'EXPORT_TOO_LARGE', max: AUDIT_EXPORT_MAX_ROWS },
    );
  }
  await deps.db.transaction((tx) => audit(tx, deps, ctx, { action: 'audit.export', subject: { type: 'audit_log', id: filter.projectId ?? filter.chain ?? 'all' }, payload: { filter: exportedFilter(filter), lang } }));
  const stamp = beijingSeconds(deps.clock.now()).replace(/[-: ]/g, '').slice(0, 12);
  return { fileName: `${lang === 'zh' ? '审计日志' : 'audit-log'}-${stamp}.csv`, chunks: rowsOf(deps, filter, lang, mine) };
}

/** The filter as recorded: only the keys given. */
function exportedFilter(f: AuditFilter): Record<string, string | number> {
  return Object.fromEntries(Object.entries(f).filter(([, v]) => v !== undefined)) as Record<string, string | number>;
}

async function* rowsOf(deps: Pick<Deps, 'db' | 'clock'>, filter: AuditFilter, lang: VocabularyLang, mine: SQL[]): AsyncGenerator<string> {
  yield `${BOM}${HEADERS[lang].map(csvCell).join(',')}\r\n`;
  const known = new Map<string, ChainProject>();
  let beforeId: number | undefined;
  let written = 0;
  for (;;) {
    const { kept, exhausted, lastReadId } = await readVisible(deps, filter, beforeId, Math.min(BATCH, AUDIT_EXPORT_MAX_ROWS - written), known, mine);
    if (kept.length > 0) {
      const shown = await describeEvents(deps, kept);
      yield shown.map((e) => `${csvRow(e, lang)}\r\n`).join('');
      written += kept.length;
    }
    if (exhausted || lastReadId === null || written >= AUDIT_EXPORT_MAX_ROWS) return;
    beforeId = lastReadId;
  }
}

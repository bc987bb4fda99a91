/**
 * One money and one date formatter for every document and page (issue 17 §5): integer arithmetic only
 * (money is integer fen), instants shown in 北京时间 (UTC+8, no daylight saving). Notices, the opening
 * record, receipts, messages, the CLI and the web all use these; do not write another.
 */

/** Fen → yuan with two decimals and grouped thousands, no sign of currency: 123456789 → '1,234,567.89'. */
export function formatYuan(fen: number): string {
  const sign = fen < 0 ? '-' : '';
  const abs = Math.abs(Math.trunc(fen));
  const int = String(Math.trunc(abs / 100)).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return `${sign}${int}.${String(abs % 100).padStart(2, '0')}`;
}

/** Fen → '¥1,234.50' ('-¥…' when negative); null → '—'. */
export function formatFen(fen: number | null | undefined): string {
  if (fen == null) return '—';
  return fen < 0 ? `-¥${formatYuan(-fen)}` : `¥${formatYuan(fen)}`;
}

const BEIJING_OFFSET_MS = 8 * 3600_000;
const pad2 = (n: number) => String(n).padStart(2, '0');

/** An instant as '2026年3月5日 09:30' in 北京时间 — how official documents write a time. */
export function beijingDateTimeZh(at: Date): string {
  const d = new Date(at.getTime() + BEIJING_OFFSET_MS);
  return `${d.getUTCFullYear()}年${d.getUTCMonth() + 1}月${d.getUTCDate()}日 ${pad2(d.getUTCHours())}:${pad2(d.getUTCMinutes())}`;
}

/** An instant as '2026-03-05 09:30' in 北京时间 (tables, English text). */
export function beijingDateTime(at: Date): string {
  const d = new Date(at.getTime() + BEIJING_OFFSET_MS);
  return `${d.getUTCFullYear()}-${pad2(d.getUTCMonth() + 1)}-${pad2(d.getUTCDate())} ${pad2(d.getUTCHours())}:${pad2(d.getUTCMinutes())}`;
}

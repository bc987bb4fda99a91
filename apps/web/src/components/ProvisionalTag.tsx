import { Tag } from 'antd';
import { pick, useLang, useT } from '../i18n.ts';

/**
 * 暂定 (issue 12 §1): a date computed on the provisional calendar of a year whose holiday schedule is not
 * yet published. The text says it (never colour alone); the tooltip says which way it errs.
 */
export function ProvisionalTag({ on, kind = 'owed' }: { on: boolean; kind?: 'owed' | 'due' }) {
  const { lang } = useLang();
  const t = useT();
  if (!on) return null;
  const why =
    kind === 'owed'
      ? { zh: '该年度放假安排尚未公布，按暂定日历计算（取最晚可能日期）；正式安排公布后平台将重新核对', en: 'That year’s holidays are not published: computed on the provisional calendar (the latest possible date); checked again once they are' }
      : { zh: '该年度放假安排尚未公布，按暂定日历计算（取最早可能日期）；正式安排公布后平台将重新计算', en: 'That year’s holidays are not published: computed on the provisional calendar (the earliest possible date); recomputed once they are' };
  return (
    <Tag color="orange" data-testid="provisional-tag" title={pick(lang, why)} style={{ marginInlineStart: 4 }}>
      {t('components.provisionalTag.provisional')}
    </Tag>
  );
}

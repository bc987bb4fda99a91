import { Tag } from 'antd';
import { useT } from '../i18n.ts';

/**
 * 暂定 (issue 12 §1): a date computed on the provisional calendar of a year whose holiday schedule is not
 * yet published. The text says it (never colour alone); the tooltip says which way it errs.
 */
export function ProvisionalTag({ on, kind = 'owed' }: { on: boolean; kind?: 'owed' | 'due' }) {
  const t = useT();
  if (!on) return null;
  const why =
    kind === 'owed'
      ? 'components.provisionalTag.yearHolidaysPublished'
      : 'components.provisionalTag.yearHolidaysPublishedComputed';
  return (
    <Tag color="orange" data-testid="provisional-tag" title={t(why)} style={{ marginInlineStart: 4 }}>
      {t('components.provisionalTag.provisional')}
    </Tag>
  );
}

import { statusFamilyOf } from '@ebid/domain';
import { useT } from '../i18n.ts';
import { StatusTag } from './StatusTag.tsx';

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
    <StatusTag family={statusFamilyOf('holidayYear', 'provisional')} testId="provisional-tag" title={t(why)} layout={{ marginInlineStart: 4 }}>
      {t('components.provisionalTag.provisional')}
    </StatusTag>
  );
}

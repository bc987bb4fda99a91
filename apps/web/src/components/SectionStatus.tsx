import { Space } from 'antd';
import { statusFamilyOf } from '@ebid/domain';
import { Link } from 'react-router';
import { type MessageKey, useT } from '../i18n.ts';
import { StatusTag } from './StatusTag.tsx';

/** Why a section failed alone (issue 16 §7; domain O2 at the deadline and after the compliance review, P4). */
export const SECTION_FAILURE_REASONS: Record<string, MessageKey> = {
  too_few_bids: 'components.sectionFailureReasons.tooFewBids',
  too_few_qualified: 'components.sectionFailureReasons.tooFewQualified',
  too_few_compliant: 'components.sectionFailureReasons.tooFewCompliant',
};

export interface SectionStatusFields {
  code: string;
  status: 'open' | 'failed';
  failureReason: string | null;
  failureNoticeId: number | null;
}

/**
 * A section that failed alone (issue 16 §7): 流标, its reason in words (never colour alone) and a link
 * to its 流标公告. Nothing for a section still open.
 */
export function SectionStatusTag({ section }: { section: SectionStatusFields }) {
  const t = useT();
  if (section.status !== 'failed') return null;
  const reason = section.failureReason ? SECTION_FAILURE_REASONS[section.failureReason] : undefined;
  return (
    <Space size={4} wrap data-testid={`section-failed-${section.code}`}>
      <StatusTag family={statusFamilyOf('section', section.status)}>
        {t('components.sectionStatusTag.sectionFailed')}
        {reason ? `：${t(reason)}` : ''}
      </StatusTag>
      {section.failureNoticeId !== null && (
        <Link to={`/notices/${section.failureNoticeId}`} data-testid={`section-failure-notice-${section.code}`}>
          {t('components.sectionStatusTag.failureNotice')}
        </Link>
      )}
    </Space>
  );
}

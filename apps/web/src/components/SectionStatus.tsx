import { Space } from 'antd';
import { statusFamilyOf } from '@ebid/domain';
import { Link } from 'react-router';
import { type MessageKey, type TermsOf, useProjectT } from '../i18n.ts';
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
 * A section that failed alone (issue 16 §7): 流标 / 废标 / … in the project's words (issue 18 §1), its reason
 * in words (never colour alone) and a link to its failure notice. Nothing for a section still open. The
 * project's words come from `project` or the enclosing `<ProjectTerms>`.
 */
export function SectionStatusTag({ section, project }: { section: SectionStatusFields; project?: TermsOf }) {
  const t = useProjectT(project);
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

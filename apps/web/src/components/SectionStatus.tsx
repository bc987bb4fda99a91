import { Space, Tag } from 'antd';
import { Link } from 'react-router';
import { pick, useLang, useT } from '../i18n.ts';

/** Why a section failed alone (issue 16 §7; domain O2, P4). */
export const SECTION_FAILURE_REASONS: Record<string, { zh: string; en: string }> = {
  too_few_bids: { zh: '投标人不足，不予开标', en: 'Too few bids: not opened' },
  too_few_qualified: { zh: '资格预审合格的申请人不足', en: 'Too few qualified applicants' },
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
  const { lang } = useLang();
  const t = useT();
  if (section.status !== 'failed') return null;
  const reason = section.failureReason ? SECTION_FAILURE_REASONS[section.failureReason] : undefined;
  return (
    <Space size={4} wrap data-testid={`section-failed-${section.code}`}>
      <Tag color="red">
        {t('components.sectionStatusTag.sectionFailed')}
        {reason ? `：${pick(lang, reason)}` : ''}
      </Tag>
      {section.failureNoticeId !== null && (
        <Link to={`/notices/${section.failureNoticeId}`} data-testid={`section-failure-notice-${section.code}`}>
          {t('components.sectionStatusTag.failureNotice')}
        </Link>
      )}
    </Space>
  );
}

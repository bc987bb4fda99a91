import { SPECIALTIES, isSpecialtyCode } from '@ebid/domain';
import { pick, useLang, useT } from '../i18n.ts';
import { formatBeijingDateTime } from '../clock.ts';
import type { RouterOutputs } from '../api.ts';
import { StatusTag } from '../components/StatusTag.tsx';

export type ExpertProfile = RouterOutputs['expert']['list']['items'][number];
export type ExpertTie = RouterOutputs['expert']['mine']['ties'][number];

/** A specialty code in the current language (an unknown code as itself). */
export function useSpecialtyName(): (code: string) => string {
  const { lang } = useLang();
  return (code) => (isSpecialtyCode(code) ? pick(lang, SPECIALTIES[code]) : code);
}

/**
 * 可参加 / 暂不可参加 / 暂停至 …: the expert's state in words, never by colour alone — in the status
 * families' colours (issue 19 §2: their contrast is checked), not antd's preset tag colours.
 */
export function ExpertStateTags({ p }: { p: ExpertProfile }) {
  const t = useT();
  return (
    <>
      {p.available ? <StatusTag family="open">{t('experts.available')}</StatusTag> : <StatusTag family="suspended">{t('experts.unavailable')}</StatusTag>}
      {p.sanctioned && p.sanctionedUntil && (
        <StatusTag family="failed" layout={{ marginInlineStart: 4 }}>
          {t('experts.sanctionedUntil', { until: formatBeijingDateTime(Date.parse(p.sanctionedUntil)) })}
        </StatusTag>
      )}
    </>
  );
}

export function TieCountsTag({ tie }: { tie: ExpertTie }) {
  const t = useT();
  return tie.counts ? <StatusTag family="suspended">{t('experts.tie.counts')}</StatusTag> : <StatusTag family="neutral">{t('experts.tie.expired')}</StatusTag>;
}

import { Tag } from 'antd';
import { SPECIALTIES, isSpecialtyCode } from '@ebid/domain';
import { pick, useLang, useT } from '../i18n.ts';
import { formatBeijingDateTime } from '../clock.ts';
import type { RouterOutputs } from '../api.ts';

export type ExpertProfile = RouterOutputs['expert']['list']['items'][number];
export type ExpertTie = RouterOutputs['expert']['mine']['ties'][number];

/** A specialty code in the current language (an unknown code as itself). */
export function useSpecialtyName(): (code: string) => string {
  const { lang } = useLang();
  return (code) => (isSpecialtyCode(code) ? pick(lang, SPECIALTIES[code]) : code);
}

/** 可参加 / 暂不可参加 / 暂停至 …: the expert's state in words, never by colour alone. */
export function ExpertStateTags({ p }: { p: ExpertProfile }) {
  const t = useT();
  return (
    <>
      {p.available ? <Tag color="success">{t('experts.available')}</Tag> : <Tag color="warning">{t('experts.unavailable')}</Tag>}
      {p.sanctioned && p.sanctionedUntil && <Tag color="error">{t('experts.sanctionedUntil', { until: formatBeijingDateTime(Date.parse(p.sanctionedUntil)) })}</Tag>}
    </>
  );
}

export function TieCountsTag({ tie }: { tie: ExpertTie }) {
  const t = useT();
  return tie.counts ? <Tag color="warning">{t('experts.tie.counts')}</Tag> : <Tag>{t('experts.tie.expired')}</Tag>;
}

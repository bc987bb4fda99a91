/**
 * The shared vocabulary (issue 17 §4; ux.md "Words"): procedure statuses, trade types, methods, subjects,
 * price kinds, notice kinds, roles, bid parts, deposit states and forms, the opening's decryption and
 * confirmation states — one keyed catalog per language (zh.ts, en.ts). The web spreads it into its
 * dictionaries (`t('trade.engineering')`); services and the PDF specs say `word('zh', …)`.
 */
import type { Role } from '../roles.ts';
import type { ProcedureStatus } from '../procedure/machine.ts';
import en from './en.ts';
import type { VocabularyKey } from './keys.ts';
import zh from './zh.ts';

export type { VocabularyKey } from './keys.ts';
export * from './values.ts';

export type VocabularyLang = 'zh' | 'en';

export const VOCABULARY: Readonly<Record<VocabularyLang, Readonly<Record<VocabularyKey, string>>>> = { zh, en };

/** The word of `key` in `lang`. */
export function word(lang: VocabularyLang, key: VocabularyKey): string {
  return VOCABULARY[lang][key];
}

/** Both languages of a word, for the messages that carry both (AppError, notifications). */
export function wordPair(key: VocabularyKey): { zh: string; en: string } {
  return { zh: VOCABULARY.zh[key], en: VOCABULARY.en[key] };
}

export function statusWord(lang: VocabularyLang, status: ProcedureStatus): string {
  return word(lang, `status.${status}`);
}

export function roleWord(lang: VocabularyLang, role: Role): string {
  return word(lang, `role.${role}`);
}

/** `{ value: { zh, en } }` for each value of a list: the bilingual label maps (STATUS_LABELS, ROLE_LABELS) as lookups. */
export function wordPairsOf<V extends string>(values: readonly V[], key: (v: V) => VocabularyKey): Readonly<Record<V, { zh: string; en: string }>> {
  return Object.fromEntries(values.map((v) => [v, wordPair(key(v))])) as Record<V, { zh: string; en: string }>;
}
export * from './terms.ts';
export * from './audit-actions.ts';

/**
 * The web's words, Chinese first and English second (ux.md "Words" gives the English terms). Every
 * visible string comes from the catalogs in i18n/ (one per feature, one file per language) and the shared
 * vocabulary of @ebid/domain/vocabulary (statuses, trade types, roles, bid parts …), through
 * `t('<feature>.<area>.<what>', params)`. Not text sources: proper names (people, organisations, the
 * language names), the messages the server sends in both languages (`serverText`), and the menu labels,
 * which live beside their routes in menus.ts.
 */
import { createContext, createElement, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import { termsOf, type Term } from '@ebid/domain/vocabulary';
import type { ProcedureMethod, TradeType } from '@ebid/domain';
import { en, zh, type Dict, type MessageKey } from './i18n/catalogs.ts';

export type { Dict, MessageKey } from './i18n/catalogs.ts';

export const LANGS = ['zh', 'en'] as const;
export type Lang = (typeof LANGS)[number];

/** What each language is called in itself: shown the same in both languages. */
export const LANG_NAMES: Record<Lang, string> = { zh: '中文', en: 'English' };
export const HTML_LANG: Record<Lang, string> = { zh: 'zh-CN', en: 'en' };
export const LANG_STORAGE_KEY = 'ebid.lang';

export const DICTIONARIES: Record<Lang, Dict> = { zh, en };

export type Params = Record<string, string | number>;

/** Fills `{name}` placeholders; unknown placeholders stay visible so a missing parameter is noticed. */
export function translate(lang: Lang, key: MessageKey, params?: Params): string {
  const text = DICTIONARIES[lang][key];
  if (!params) return text;
  return text.replace(/\{(\w+)\}/g, (m, name: string) => (name in params ? String(params[name]) : m));
}

/**
 * The current language's side of a bilingual text that arrives as data, not a text source: a server
 * message (AppError messageZh/messageEn, notification titles), a domain message (availability, required
 * documents). The web's own words are catalog keys (`t('key')`).
 */
export function serverText(lang: Lang, pair: { zh: string; en: string }): string {
  return lang === 'zh' ? pair.zh : pair.en;
}

/**
 * The menu labels of menus.ts are still `{ zh, en }` pairs (they live beside their routes); until they
 * become catalog keys the layouts and pages read them with this. Nothing else should call it.
 */
export const pick = serverText;

export function isLang(v: unknown): v is Lang {
  return typeof v === 'string' && (LANGS as readonly string[]).includes(v);
}

export function readStoredLang(): Lang {
  try {
    const v = globalThis.localStorage?.getItem(LANG_STORAGE_KEY);
    return isLang(v) ? v : 'zh';
  } catch {
    return 'zh';
  }
}

interface LangContextValue {
  lang: Lang;
  setLang: (lang: Lang) => void;
}

const LangContext = createContext<LangContextValue>({ lang: 'zh', setLang: () => {} });

/** Holds the language, persists it in localStorage and mirrors it on `<html lang>`. */
export function LangProvider({ children, initial }: { children: ReactNode; initial?: Lang }) {
  const [lang, setLangState] = useState<Lang>(() => initial ?? readStoredLang());
  const setLang = useCallback((next: Lang) => {
    setLangState(next);
    try {
      globalThis.localStorage?.setItem(LANG_STORAGE_KEY, next);
    } catch {
      // private mode or storage disabled: the choice lasts for this page only
    }
  }, []);
  useEffect(() => {
    document.documentElement.lang = HTML_LANG[lang];
    // document.title: the configured platform name (components/CenterIdentity.tsx DocumentTitle).
  }, [lang]);
  const value = useMemo(() => ({ lang, setLang }), [lang, setLang]);
  return createElement(LangContext.Provider, { value }, children);
}

export function useLang(): LangContextValue {
  return useContext(LangContext);
}

export type TFunction = (key: MessageKey, params?: Params) => string;

/** The translation function of the current language. */
export function useT(): TFunction {
  const { lang } = useLang();
  return useCallback((key: MessageKey, params?: Params) => translate(lang, key, params), [lang]);
}

/** What a project's words depend on: its trade type and method (issue 18 §1). */
export interface TermsOf {
  tradeType: TradeType;
  method: ProcedureMethod | string;
}

const upperFirst = (s: string) => `${s.slice(0, 1).toUpperCase()}${s.slice(1)}`;

/**
 * A project's own words as `t()` parameters (issue 18 §1; domain vocabulary/terms.ts): `{tenderee}`,
 * `{bidder}`, `{bid}`, `{bidDeadline}`, `{ceiling}`, `{security}`, `{tenderDocs}`, `{registration}`,
 * `{opening}`, `{winner}`, `{award}`, `{law}` — 招标人 / 采购人 / 出让人 / 转让方 … — and the same with a
 * capital first letter (`{Bidder}`) for an English sentence that starts with one.
 */
export function termParams(lang: Lang, p: TermsOf): Params {
  const words = termsOf(lang, p.tradeType, p.method);
  const out: Params = {};
  for (const [term, w] of Object.entries(words) as [Term, string][]) {
    out[term] = w;
    out[upperFirst(term)] = upperFirst(w);
  }
  return out;
}

/** `useProjectT` outside a hook: for a project known only after a query inside the component. */
export function projectT(lang: Lang, p: TermsOf): TFunction {
  const terms = termParams(lang, p);
  return (key, params) => translate(lang, key, { ...terms, ...params });
}

const ProjectTermsContext = createContext<TermsOf | null>(null);

/** The project whose words the screens below speak (`useProjectT()` without an argument reads it). */
export function ProjectTerms({ project, children }: { project: TermsOf; children: ReactNode }) {
  const { tradeType, method } = project;
  const value = useMemo(() => ({ tradeType, method }), [tradeType, method]);
  return createElement(ProjectTermsContext.Provider, { value }, children);
}

/** The project's words as parameters (termParams) of `p` or of the enclosing `<ProjectTerms>`; none outside one. */
export function useTermParams(p?: TermsOf): Params | undefined {
  const { lang } = useLang();
  const inherited = useContext(ProjectTermsContext);
  const tradeType = p?.tradeType ?? inherited?.tradeType;
  const method = p?.method ?? inherited?.method ?? '';
  return useMemo(() => (tradeType ? termParams(lang, { tradeType, method }) : undefined), [lang, tradeType, method]);
}

/**
 * The translation function of a screen about one project: its catalog sentences name the parties and
 * things by the project's trade and method (`t('bids.panel.title')` → 我的投标文件 / 我的响应文件 / 我的竞买文件).
 * Explicit parameters win over the terms. Without `p`, the project of the enclosing `<ProjectTerms>`;
 * outside one the term placeholders stay visible, so a screen that forgot its project is noticed.
 */
export function useProjectT(p?: TermsOf): TFunction {
  const { lang } = useLang();
  const inherited = useContext(ProjectTermsContext);
  const tradeType = p?.tradeType ?? inherited?.tradeType;
  const method = p?.method ?? inherited?.method ?? '';
  return useMemo(
    () => (tradeType ? projectT(lang, { tradeType, method }) : (key: MessageKey, params?: Params) => translate(lang, key, params)),
    [lang, tradeType, method],
  );
}

/** A catalog text in both languages, for what must carry both (an AppError raised in the browser). */
export function textPair(key: MessageKey, params?: Params): { zh: string; en: string } {
  return { zh: translate('zh', key, params), en: translate('en', key, params) };
}

// @vitest-environment jsdom
import './test/dom.ts';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { act, cleanup, fireEvent, render, screen } from '@testing-library/react';
import { BID_PART_WORDS, TERMS } from '@ebid/domain/vocabulary';
import { BID_PARTS } from './bids/seal-upload.ts';
import { CATALOGS } from './i18n/catalogs.ts';
import { DICTIONARIES, LANG_STORAGE_KEY, LangProvider, readStoredLang, translate, useLang, useT } from './i18n.ts';

describe('dictionary', () => {
  it('has the same keys in zh and en, none empty', () => {
    const zhKeys = Object.keys(DICTIONARIES.zh).sort();
    expect(Object.keys(DICTIONARIES.en).sort()).toEqual(zhKeys);
    for (const lang of ['zh', 'en'] as const) {
      for (const [k, v] of Object.entries(DICTIONARIES[lang])) expect(v.trim(), `${lang}:${k}`).not.toBe('');
    }
  });

  // Issue 17 §4: a key that exists in one language only fails, per feature catalog; and no key is defined
  // by two catalogs (the later spread would silently win).
  it.each(Object.entries(CATALOGS))('catalog %s has the same keys in zh and en', (_name, catalog) => {
    expect(Object.keys(catalog.en).sort()).toEqual(Object.keys(catalog.zh).sort());
  });

  it('no key is defined by two catalogs', () => {
    const owner = new Map<string, string>();
    for (const [name, catalog] of Object.entries(CATALOGS)) {
      for (const key of Object.keys(catalog.zh)) {
        expect(owner.get(key), `${key} in ${name}`).toBeUndefined();
        owner.set(key, name);
      }
    }
  });

  // English says these without the named part ("Previously: …" for "原投标截止时间：…"; a failed check without the list).
  const ZH_ONLY_PLACEHOLDERS: Record<string, string[]> = {
    'clarifications.deadlineMovedAlert.previous': ['label'],
    'draws.panel.checkFailed': ['parts'],
  };

  // Issue 18 §1: the project's words ({bidder}, {Bidder} …, filled by useProjectT) are each language's own
  // choice — English may say "Start" where Chinese says 开始{opening} — so they are left out here.
  const TERM_NAMES = new Set(TERMS.flatMap((t) => [t, `${t[0]!.toUpperCase()}${t.slice(1)}`]));

  it('uses the same placeholders in both languages', () => {
    const names = (s: string) => [...new Set([...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]!))].filter((n) => !TERM_NAMES.has(n)).sort();
    for (const [k, v] of Object.entries(DICTIONARIES.zh)) {
      const zhNames = names(v).filter((n) => !(ZH_ONLY_PLACEHOLDERS[k] ?? []).includes(n!));
      expect(names(DICTIONARIES.en[k as keyof typeof DICTIONARIES.en]), k).toEqual(zhNames);
    }
  });

  // Issue 17 §4: the glossary's words come from the shared vocabulary (@ebid/domain/vocabulary), not from a web catalog.
  it('includes the shared vocabulary, with a word for every bid part the envelope knows', () => {
    expect(translate('zh', 'trade.engineering')).toBe('工程建设');
    expect(translate('en', 'status.BIDDING')).toBe('Bidding');
    expect([...BID_PART_WORDS]).toEqual([...BID_PARTS]);
    for (const part of BID_PARTS) expect(translate('en', `bidPart.${part}`)).toBeTruthy();
  });

  it('fills placeholders and leaves unknown ones visible', () => {
    expect(translate('zh', 'clock.accel', { n: 60 })).toBe('加速 ×60');
    expect(translate('en', 'clock.accel', { n: 60 })).toBe('Accelerated ×60');
    expect(translate('en', 'clock.accel')).toBe('Accelerated ×{n}');
  });
});

function Probe() {
  const t = useT();
  const { lang, setLang } = useLang();
  return (
    <div>
      <p data-testid="label">{t('user.logout')}</p>
      <button type="button" onClick={() => setLang(lang === 'zh' ? 'en' : 'zh')}>
        switch
      </button>
    </div>
  );
}

describe('language switch', () => {
  beforeEach(() => localStorage.clear());
  afterEach(cleanup);

  it('starts in Chinese, switches labels to English, persists and sets <html lang>', () => {
    render(
      <LangProvider>
        <Probe />
      </LangProvider>,
    );
    expect(screen.getByTestId('label').textContent).toBe('退出登录');
    expect(document.documentElement.lang).toBe('zh-CN');
    act(() => fireEvent.click(screen.getByRole('button')));
    expect(screen.getByTestId('label').textContent).toBe('Sign out');
    expect(document.documentElement.lang).toBe('en');
    expect(localStorage.getItem(LANG_STORAGE_KEY)).toBe('en');
    expect(readStoredLang()).toBe('en');
  });

  it('starts in the stored language and ignores garbage', () => {
    localStorage.setItem(LANG_STORAGE_KEY, 'en');
    render(
      <LangProvider>
        <Probe />
      </LangProvider>,
    );
    expect(screen.getByTestId('label').textContent).toBe('Sign out');
    localStorage.setItem(LANG_STORAGE_KEY, 'fr');
    expect(readStoredLang()).toBe('zh');
  });
});

// @vitest-environment jsdom
/**
 * Issue 18 §1: the web names the parties and things by the project's trade and method. The catalog
 * sentences of a project's screens say `{tenderee}`, `{bidder}`, `{bid}`, `{ceiling}`, `{security}` …,
 * filled by `useProjectT` / `projectT` from the shared terms; these tests hold the class, not one screen:
 * every file that shows such a sentence passes the project's terms, and the project screens' catalogs
 * carry no engineering word of their own.
 */
import './test/dom.ts';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { cleanup, render, screen } from '@testing-library/react';
import { TERMS } from '@ebid/domain/vocabulary';
import { CATALOGS } from './i18n/catalogs.ts';
import { DICTIONARIES, LangProvider, ProjectTerms, projectT, termParams, useProjectT, type MessageKey } from './i18n.ts';

const TERM_PLACEHOLDER = new RegExp(`\\{(${TERMS.map((t) => `${t}|${t[0]!.toUpperCase()}${t.slice(1)}`).join('|')})\\}`);

describe('termParams / projectT: a project’s own words as t() parameters', () => {
  it.each([
    ['engineering', 'open', '招标人', '投标人', '投标文件', '招标控制价', '投标保证金'],
    ['procurement', 'open', '采购人', '供应商', '投标文件', '最高限价', '投标保证金'],
    ['procurement', 'consultation', '采购人', '供应商', '响应文件', '最高限价', '响应保证金'],
    ['land', 'listing', '出让人', '竞买人', '竞买文件', '起始价', '竞买保证金'],
    ['property', 'online_bidding', '转让方', '意向受让方', '受让申请文件', '转让底价', '交易保证金'],
  ] as const)('%s / %s', (tradeType, method, tenderee, bidder, bid, ceiling, security) => {
    expect(termParams('zh', { tradeType, method })).toMatchObject({ tenderee, bidder, bid, ceiling, security });
    const t = projectT('zh', { tradeType, method });
    expect(t('project.tab.bid')).toBe(`我的${bid}`);
    expect(t('project.section.ceiling')).toBe(`${ceiling}（元）`);
  });

  it('capitalises the English word for a sentence or label that starts with it; explicit parameters win', () => {
    const en = projectT('en', { tradeType: 'procurement', method: 'consultation' });
    expect(en('project.tenderee')).toBe('Purchaser');
    expect(en('bids.submitted', { version: 2 })).toBe('Response submitted (version 2)');
    expect(en('project.tenderee', { Tenderee: 'X' })).toBe('X');
  });

  it('useProjectT reads the enclosing <ProjectTerms>; outside one the placeholder stays visible', () => {
    function Probe({ k }: { k: MessageKey }) {
      const t = useProjectT();
      return <span>{t(k)}</span>;
    }
    render(
      <LangProvider initial="zh">
        <ProjectTerms project={{ tradeType: 'land', method: 'auction' }}>
          <Probe k="project.tab.registration" />
        </ProjectTerms>
        <Probe k="project.tenderee" />
      </LangProvider>,
    );
    expect(screen.getByText('竞买申请与竞买保证金')).toBeTruthy();
    expect(screen.getByText('{tenderee}')).toBeTruthy();
  });
  afterEach(cleanup);
});

/** The web's source files (no tests, no catalogs). */
function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return name === 'i18n' || name === 'test' ? [] : sources(path);
    return /\.tsx?$/.test(name) && !/\.test\.tsx?$/.test(name) ? [path] : [];
  });
}

/** Files that name term sentences but translate them with their caller's project words. */
const TRANSLATED_BY_CALLER: Record<string, string> = {
  'labels.ts': 'projectTermItems and budgetKey are translated with the t() the project page passes',
  'opening/model.ts': 'returns keys the opening room translates with useProjectT; eventText takes the terms',
};

describe('every screen that shows a sentence with a term passes the project’s words', () => {
  const termKeys = Object.entries(DICTIONARIES.zh)
    .filter(([, v]) => TERM_PLACEHOLDER.test(v))
    .map(([k]) => k);

  it('the project screens’ sentences use the terms', () => {
    expect(termKeys.length).toBeGreaterThan(80);
  });

  it.each(sources(join(import.meta.dirname)).map((p) => [p.slice(import.meta.dirname.length + 1), p]))('%s', (_name, path) => {
    const text = readFileSync(path, 'utf8');
    const used = termKeys.filter((k) => text.includes(`'${k}'`));
    if (used.length === 0 || _name in TRANSLATED_BY_CALLER) return;
    // A file showing such a sentence translates with the project's terms.
    expect(/useProjectT\(|projectT\(|termParams\(/.test(text), `${used.join(', ')} without the project's terms`).toBe(true);
  });
});

/**
 * The catalogs of the screens about one project carry no engineering-only word of their own: the word
 * comes from the terms. Listed exceptions say why the engineering word is right there.
 */
const PROJECT_CATALOGS = ['projectPage', 'bids', 'opening', 'registrations', 'documents', 'clarifications'] as const;
const ENGINEERING_WORDS = /招标人|投标人|招标控制价|最高投标限价|投标保证金|招标文件|投标截止/;
const ALLOWED: Record<string, string> = {
  // Engineering prequalification (实施条例 §16–§19) happens only in engineering projects.
  'bids.panel.disqualified': 'prequalification',
};

describe('the project screens’ catalogs have no engineering word of their own', () => {
  it.each(PROJECT_CATALOGS)('%s', (name) => {
    const offending = Object.entries(CATALOGS[name].zh as Record<string, string>).filter(([k, v]) => ENGINEERING_WORDS.test(v) && !(k in ALLOWED));
    expect(offending).toEqual([]);
  });
});

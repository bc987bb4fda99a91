// @vitest-environment jsdom
/** 开标规则 (issue 18 §3): the float-point set of the K draw is asked only where a K coefficient exists. */
import '../test/dom.ts';
import { afterEach, describe, expect, it } from 'vitest';
import { cleanup, fireEvent, screen, waitFor } from '@testing-library/react';
import { renderWithApi } from '../test/render.tsx';
import type { TradeType } from '@ebid/domain';
import { ProjectTerms } from '../i18n.ts';
import { OpeningRulesCard } from './OpeningRulesCard.tsx';
import type { OpeningView } from './model.ts';

const view = (tradeType: string, k: OpeningView['k']) =>
  ({ projectId: 7, tradeType, decryptWindowMinutes: 30, bidDeadline: '2026-06-24T01:30:00.000Z', signInOpensAt: '2026-06-23T01:30:00.000Z', k }) as unknown as OpeningView;
const K = { floatPointsBp: [150, 125], draw: null, commitment: null, contributions: [], drawnAt: null, seedHex: null, resultIndex: null, resultBp: null, kValue: null };

describe('opening rules card (issue 18 §3)', { timeout: 30_000 }, () => {
  afterEach(cleanup);

  it.each([['procurement'], ['land'], ['property']])('%s: no float-point field, and the save sends no set', async (tradeType) => {
    const api = renderWithApi(<ProjectTerms project={{ tradeType: tradeType as TradeType, method: tradeType === 'procurement' ? 'open' : 'listing' }}><OpeningRulesCard view={view(tradeType, null)} editable /></ProjectTerms>, { 'opening.setRules': (input) => ({ ...(input as object), signInLeadMinutes: 1440, floatPointsBp: null }) });
    await screen.findByTestId('opening-rules');
    expect(screen.queryByLabelText('浮动点集合（%）')).toBeNull();
    fireEvent.click(screen.getByRole('button', { name: /保存.*规则/ }));
    await waitFor(() => expect(api.calls.filter((c) => c.path === 'opening.setRules')).toHaveLength(1));
    expect(api.calls.find((c) => c.path === 'opening.setRules')!.input).not.toHaveProperty('floatPointsBp');
  });

  it('engineering: the float-point set is asked and sent', async () => {
    const api = renderWithApi(<ProjectTerms project={{ tradeType: 'engineering', method: 'open' }}><OpeningRulesCard view={view('engineering', K)} editable /></ProjectTerms>, { 'opening.setRules': (input) => input });
    expect(((await screen.findByLabelText('浮动点集合（%）')) as HTMLInputElement).value).toBe('1.5, 1.25');
    fireEvent.click(screen.getByRole('button', { name: /保存.*规则/ }));
    await waitFor(() => expect(api.calls.filter((c) => c.path === 'opening.setRules')).toHaveLength(1));
    expect(api.calls.find((c) => c.path === 'opening.setRules')!.input).toMatchObject({ floatPointsBp: [150, 125] });
  });
});

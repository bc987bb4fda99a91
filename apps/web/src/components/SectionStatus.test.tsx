// @vitest-environment jsdom
/**
 * A failed section in its project's words (issue 18 §1; issue 16 §7): 本标段流标 / 流标公告 for engineering,
 * 本标段废标 / 废标公告 and 供应商 for a GP tender — its reason in words, the notice linked; nothing when open.
 */
import '../test/dom.ts';
import { afterEach, describe, expect, it } from 'vitest';
import { cleanup, screen } from '@testing-library/react';
import { renderWithApi } from '../test/render.tsx';
import { SectionStatusTag } from './SectionStatus.tsx';

describe('SectionStatusTag', () => {
  afterEach(cleanup);

  it.each([
    ['engineering', 'open', 'too_few_bids', '本标段流标：投标人不足，不予开标', '流标公告'],
    ['procurement', 'open', 'too_few_bids', '本标段废标：供应商不足，不予开标', '废标公告'],
    ['procurement', 'open', 'too_few_compliant', '本标段废标：经评标委员会评审，有效投标文件不足', '废标公告'],
    ['engineering', 'open', 'too_few_compliant', '本标段流标：经评标委员会评审，有效投标文件不足', '流标公告'],
  ] as const)('%s %s %s: %s, linking its %s', (tradeType, method, reason, text, notice) => {
    renderWithApi(<SectionStatusTag section={{ code: '002', status: 'failed', failureReason: reason, failureNoticeId: 41 }} project={{ tradeType, method }} />, {}, { router: true });
    expect(screen.getByTestId('section-failed-002').textContent).toContain(text);
    const link = screen.getByTestId('section-failure-notice-002');
    expect(link.textContent).toBe(notice);
    expect(link.getAttribute('href')).toBe('/notices/41');
  });

  it('an open section shows nothing', () => {
    renderWithApi(<SectionStatusTag section={{ code: '001', status: 'open', failureReason: null, failureNoticeId: null }} project={{ tradeType: 'engineering', method: 'open' }} />, {}, { router: true });
    expect(screen.queryByTestId('section-failed-001')).toBeNull();
  });
});

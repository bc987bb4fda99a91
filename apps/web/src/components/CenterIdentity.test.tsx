// @vitest-environment jsdom
import '../test/dom.ts';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { act, cleanup, fireEvent, screen, waitFor } from '@testing-library/react';
import { startApp } from '../test/app.tsx';
import { SYSTEM_INFO } from '../test/fakeApi.ts';

/** A center configured by its operator (not the demo's): what system.info answers (issue 15 §3). */
const JIANGCHENG = {
  platformName: '江城市公共资源交易平台',
  centerName: '江城市公共资源交易中心',
  regionCode: '420100',
  address: '江城市政务服务中心 5 楼',
  contact: '027-87654321',
};
const configured = { 'system.info': () => ({ ...SYSTEM_INFO, center: JIANGCHENG }) };

describe('the configured center in the web (issue 15 §3)', () => {
  beforeEach(() => localStorage.clear());
  afterEach(cleanup);

  it('the top bar, the document title and the footer show the configured names, in Chinese and in English', async () => {
    startApp('/', { handlers: configured });
    await waitFor(() => expect(screen.getByTestId('platform-name').textContent).toBe(` ${JIANGCHENG.platformName}`));
    // The tab names the page first, then the platform (issue 19 §5).
    await waitFor(() => expect(document.title).toBe(`交易公告 - ${JIANGCHENG.platformName}`));
    const footer = await screen.findByTestId('center-footer');
    expect(footer.tagName).toBe('ADDRESS');
    expect(screen.getByTestId('center-name').textContent).toBe(JIANGCHENG.centerName);
    expect(screen.getByTestId('center-address').textContent).toBe(`地址：${JIANGCHENG.address}`);
    expect(screen.getByTestId('center-contact').textContent).toBe(`联系方式：${JIANGCHENG.contact}`);
    expect(screen.getByTestId('status-footer').textContent).toContain(JIANGCHENG.platformName);
    expect(document.body.textContent).not.toContain('示范市');

    // English: the labels change, the names are proper names and stay as configured.
    act(() => fireEvent.click(screen.getByText('English')));
    await waitFor(() => expect(screen.getByTestId('center-address').textContent).toBe(`Address: ${JIANGCHENG.address}`));
    expect(screen.getByTestId('center-contact').textContent).toBe(`Contact: ${JIANGCHENG.contact}`);
    expect(screen.getByTestId('center-name').textContent).toBe(JIANGCHENG.centerName);
    expect(screen.getByTestId('platform-name').textContent).toBe(` ${JIANGCHENG.platformName}`);
    await waitFor(() => expect(document.title).toMatch(new RegExp(` - ${JIANGCHENG.platformName}$`)));
    expect(document.title).not.toMatch(/^交易公告/);
  }, 30_000);

  it('the sign-in page names the configured platform', async () => {
    startApp('/login', { handlers: configured });
    await waitFor(() => expect(screen.getByTestId('login-platform').textContent).toBe(JIANGCHENG.platformName));
    expect(screen.getByRole('heading', { level: 2, name: JIANGCHENG.platformName })).toBeTruthy();
  }, 30_000);

  it('while system.info has not answered: the neutral name, and no center footer yet', async () => {
    let answer: (v: unknown) => void = () => {};
    startApp('/', { handlers: { 'system.info': () => new Promise((resolve) => (answer = resolve)) } });
    expect(await screen.findByRole('heading', { level: 1, name: '交易公告' })).toBeTruthy();
    expect(screen.getByTestId('platform-name').textContent).toBe(' 公共资源交易平台');
    await waitFor(() => expect(document.title).toBe('交易公告 - 公共资源交易平台'));
    expect(screen.queryByTestId('center-footer')).toBeNull();
    act(() => answer({ ...SYSTEM_INFO, center: JIANGCHENG }));
    await waitFor(() => expect(screen.getByTestId('platform-name').textContent).toBe(` ${JIANGCHENG.platformName}`));
    expect(screen.getByTestId('center-name').textContent).toBe(JIANGCHENG.centerName);
  }, 30_000);
});

import { theme } from 'antd';
import { describe, expect, it } from 'vitest';
import { contrast } from './contrast.ts';
import { THEME } from './theme.ts';

/** Every token antd draws as text on white, or as a background under white text, with the theme's derivations. */
const tokens = theme.getDesignToken(THEME);

describe('the theme keeps text readable in every state (WCAG 2.1 AA 1.4.3, issue 19 §7)', () => {
  it('reads antd colours as WCAG does', () => {
    expect(contrast('#000000', '#ffffff')).toBeCloseTo(21, 5);
    expect(contrast('#777777', '#ffffff')).toBeCloseTo(4.48, 2);
    expect(contrast('rgba(0, 0, 0, 0.45)', '#ffffff')).toBeCloseTo(3.35, 2); // antd's own secondary text
  });

  // Buttons: white text on the primary / danger fill, at rest, hovered and pressed (the pointer is still on
  // a button just clicked when the next check runs). Links and link buttons: the colour as text on white.
  it.each([
    'colorPrimary', 'colorPrimaryHover', 'colorPrimaryActive',
    'colorPrimaryText', 'colorPrimaryTextHover', 'colorPrimaryTextActive',
    'colorLink', 'colorLinkHover', 'colorLinkActive',
    'colorError', 'colorErrorHover', 'colorErrorActive', 'colorErrorText',
    'colorSuccess', 'colorSuccessText', 'colorWarningText', 'colorInfo', 'colorInfoText',
    'colorText', 'colorTextSecondary', 'colorTextTertiary', 'colorTextDescription', 'colorTextPlaceholder',
  ] as const)('%s ≥ 4.5:1 against white', (name) => {
    expect(contrast(tokens[name], '#ffffff')).toBeGreaterThanOrEqual(4.5);
  });

  it('secondary text stays readable on the grey page background too', () => {
    expect(contrast(tokens.colorTextSecondary, tokens.colorBgLayout)).toBeGreaterThanOrEqual(4.5);
  });
});

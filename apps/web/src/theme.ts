/** The one antd theme of every page, modal and drawer (issue 19 §7). */
import type { ThemeConfig } from 'antd';

/** Readable grey for text antd draws in colorTextDisabled (empty tables and lists): 0.25 alpha is 1.8:1. */
const READABLE_GREY = 'rgba(0, 0, 0, 0.62)';

/**
 * Colours that keep every text ≥ 4.5:1 on its background (WCAG 2.1 AA 1.4.3; issue 19 §7), set once here
 * for every page, modal and drawer rather than per screen:
 * - government-blue primary; links take it too (antd derives links from #1677ff, 4.2:1) and are
 *   underlined (1.4.1: a link in running text is not told by colour alone — axe link-in-text-block; the
 *   menus, tabs and top bar take the underline off in styles.css);
 * - secondary text darker than antd's 0.45 alpha (≈ 3.4:1) on white and on the #f5f5f5 page;
 * - status colours: error #cf1322 (white on a danger button 5.6:1; antd's #ff4d4f is 3.2:1), the text
 *   tones of success / warning / info one step darker than antd's (#52c41a on white is 2.3:1);
 * - tags: the status tags (success / processing / warning / error) and the preset colours whose
 *   colour-7 text is below 4.5:1 on its colour-1 background (green 3.4, orange 3.3, gold 2.8, cyan 3.4 …)
 *   take colour 8 or 9 of the same palette;
 * - the empty text of tables (antd: colorTextDisabled, 1.8:1) reads as secondary text (lists: styles.css,
 *   as antd's deprecated List does not take a component-level override).
 */
export const THEME: ThemeConfig = {
  token: {
    colorPrimary: '#0958d9',
    colorInfo: '#0958d9',
    // Hover and pressed states stay readable too: antd derives a LIGHTER hover (white on it ≈ 3.3:1,
    // #1677ff link text 4.0:1), and axe judges the button the pointer has just clicked in that state.
    colorPrimaryHover: '#003eb3',
    colorPrimaryActive: '#002c8c',
    colorPrimaryTextHover: '#003eb3',
    colorPrimaryTextActive: '#002c8c',
    colorLink: '#0958d9',
    colorLinkHover: '#003eb3',
    colorLinkActive: '#002c8c',
    linkDecoration: 'underline',
    linkHoverDecoration: 'underline',
    colorTextSecondary: 'rgba(0, 0, 0, 0.65)',
    colorTextTertiary: 'rgba(0, 0, 0, 0.6)',
    colorTextDescription: READABLE_GREY,
    colorTextPlaceholder: 'rgba(0, 0, 0, 0.6)',
    colorError: '#cf1322',
    colorErrorHover: '#a8071a',
    colorErrorActive: '#820014',
    colorErrorText: '#cf1322',
    // antd draws some text in the base status colour, not its *Text tone (Progress: "9.0 MB / 9.0 MB · 100%").
    colorSuccess: '#237804',
    colorSuccessText: '#237804',
    colorWarningText: '#ad4e00',
    colorInfoText: '#0958d9',
    borderRadius: 4,
  },
  components: {
    Tag: {
      colorSuccess: '#237804',
      colorInfo: '#0958d9',
      colorWarning: '#ad4e00',
      colorError: '#cf1322',
      green7: '#237804',
      cyan7: '#006d75',
      lime7: '#3f6600',
      gold7: '#874d00',
      yellow7: '#876800',
      orange7: '#ad4e00',
      volcano7: '#ad2102',
    },
    Table: { colorTextDisabled: READABLE_GREY },
  },
};

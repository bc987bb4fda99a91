/**
 * Test-only: what jsdom lacks and antd needs (matchMedia for responsive layout, getComputedStyle with a
 * pseudo-element for scrollbar measurement). Import first in component tests.
 */
import { configure } from '@testing-library/react';

// findBy*/waitFor give up after 1 s by default: an antd page over the fake API renders in a few hundred ms
// alone, but seconds on two cores shared with the integration suite — the App and committee tests failed
// there now and then. Wait up to 10 s: a test that passes does not wait longer, one that fails says so later.
configure({ asyncUtilTimeout: 10_000 });

if (typeof window !== 'undefined') {
  if (!window.matchMedia) {
    window.matchMedia = (query: string) =>
      ({
        matches: false,
        media: query,
        onchange: null,
        addListener: () => {},
        removeListener: () => {},
        addEventListener: () => {},
        removeEventListener: () => {},
        dispatchEvent: () => false,
      }) as MediaQueryList;
  }
  const original = window.getComputedStyle.bind(window);
  // jsdom computes every style from scratch against all of antd's CSS-in-JS rules (over a thousand on a
  // page with tabs and forms), and testing-library's role queries ask for it for every element: seconds
  // per query. Cache per element until the document changes in any way (takeRecords() is synchronous,
  // so a change made just before a query is never missed).
  let epoch = new WeakMap<Element, CSSStyleDeclaration>();
  const changes = new MutationObserver(() => {});
  changes.observe(document, { subtree: true, childList: true, attributes: true, characterData: true });
  window.getComputedStyle = (elt: Element, pseudo?: string | null) => {
    if (changes.takeRecords().length > 0) epoch = new WeakMap();
    // antd measures scrollbars through a pseudo-element, which jsdom does not support: answer for the element.
    if (pseudo) return original(elt);
    let style = epoch.get(elt);
    if (!style) {
      style = original(elt);
      epoch.set(elt, style);
    }
    return style;
  };
  if (!('ResizeObserver' in window)) {
    (window as unknown as { ResizeObserver: unknown }).ResizeObserver = class {
      observe() {}
      unobserve() {}
      disconnect() {}
    };
  }
}

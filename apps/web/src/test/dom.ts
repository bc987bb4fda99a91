/**
 * Test-only: what jsdom lacks and antd needs (matchMedia for responsive layout, getComputedStyle with a
 * pseudo-element for scrollbar measurement). Import first in component tests.
 */
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
  window.getComputedStyle = (elt: Element, pseudo?: string | null) => original(elt, pseudo ? undefined : pseudo);
  if (!('ResizeObserver' in window)) {
    (window as unknown as { ResizeObserver: unknown }).ResizeObserver = class {
      observe() {}
      unobserve() {}
      disconnect() {}
    };
  }
}
export {};

/**
 * The one place that imports pdf-lib and @pdf-lib/fontkit (DESIGN §2: only packages/pdf may). Every
 * other module of this package imports them from here, so the lint exemption stays on these lines.
 */
/* eslint-disable no-restricted-imports -- packages/pdf owns pdf-lib and @pdf-lib/fontkit (DESIGN §2) */
import fontkit from '@pdf-lib/fontkit';
export * from 'pdf-lib';
/* eslint-enable no-restricted-imports */

export { fontkit };

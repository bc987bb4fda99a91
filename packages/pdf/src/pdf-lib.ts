/**
 * The one place that imports pdf-lib and @pdf-lib/fontkit (DESIGN §2: only packages/pdf may). Every
 * other module of this package imports them from here, so the lint exemption stays on these lines.
 */
import fontkit from '@pdf-lib/fontkit';
export * from 'pdf-lib';

export { fontkit };

/**
 * The one palette of the status families (issue 19 §2; domain `vocabulary/status-family.ts`): a text colour,
 * a tint and a border per family, used by every status tag and the project's Steps bar. Each text colour
 * keeps ≥ 4.5:1 (WCAG 2.1 AA) on its tint and on white (status-palette.test.ts computes it).
 */
import type { StatusFamily } from '@ebid/domain';

export interface FamilyColours {
  /** Text and icon. */
  fg: string;
  /** The tint behind it. */
  bg: string;
  border: string;
}

export const FAMILY_PALETTE: Readonly<Record<StatusFamily, FamilyColours>> = {
  /** Accepting now: blue. */
  open: { fg: '#003eb3', bg: '#e6f4ff', border: '#91caff' },
  /** Under way, waiting for an act: orange. */
  progress: { fg: '#ad4e00', bg: '#fff7e6', border: '#ffd591' },
  /** Finished with its outcome: green. */
  done: { fg: '#135200', bg: '#f6ffed', border: '#b7eb8f' },
  /** Ended without it: red. */
  failed: { fg: '#a8071a', bg: '#fff1f0', border: '#ffa39e' },
  /** Paused: purple. */
  suspended: { fg: '#391085', bg: '#f9f0ff', border: '#d3adf7' },
  /** Not started, set aside, a closed file: grey. */
  neutral: { fg: '#434343', bg: '#f5f5f5', border: '#d9d9d9' },
};

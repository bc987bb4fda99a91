/** English words of the float-point draw (the keys of ../zh/draws.ts, each one). */
import type zh from '../zh/draws.ts';

export default {
  'draws.countdown.left': 'left',
  'draws.countdown.closed': 'closed',
  'draws.panel.options': 'Options',
  'draws.panel.timeline': 'Timeline',
  'draws.panel.commitClose': 'Commit close',
  'draws.panel.revealCloseThen': 'Reveal close (then drawn automatically)',
  'draws.panel.platformShareCommitment': 'Platform share commitment (SHA-256)',
  'draws.panel.commitments': 'Commitments ({length})',
  'draws.panel.you': ' (you)',
  'draws.panel.revealed': 'revealed ',
  'draws.panel.revealedLeftOut': 'not revealed, left out',
  'draws.panel.yetRevealed': 'not yet revealed',
  'draws.panel.drawn': 'Drawn at',
  'draws.panel.platformShareRevealed': 'Platform share (revealed with the result)',
  'draws.panel.checkedInBrowser': 'Checked in this browser',
  'draws.panel.platformShareMatches': '✓ The platform share matches its commitment, every revealed value matches its commitment, and the recomputed result is the published one',
  'draws.panel.drawStepFailed': 'The draw step failed',
} satisfies Record<keyof typeof zh, string>;

/** English words of shared components: section status, provisional dates, notifications (the keys of ../zh/components.ts, each one). */
import type zh from '../zh/components.ts';

export default {
  'components.provisionalTag.provisional': 'Provisional',
  'components.sectionStatusTag.sectionFailed': 'Section failed',
  'components.sectionStatusTag.failureNotice': 'Failure notice',
} satisfies Record<keyof typeof zh, string>;

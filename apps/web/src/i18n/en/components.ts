/** English words of shared components: section status, provisional dates, notifications (the keys of ../zh/components.ts, each one). */
import type zh from '../zh/components.ts';

export default {
  'components.provisionalTag.provisional': 'Provisional',
  'components.sectionStatusTag.sectionFailed': 'Section: {failure}',
  'components.sectionStatusTag.failureNotice': '{Failure} notice',
  'components.provisionalTag.yearHolidaysPublished': 'That year’s holidays are not published: computed on the provisional calendar (the latest possible date); checked again once they are',
  'components.provisionalTag.yearHolidaysPublishedComputed': 'That year’s holidays are not published: computed on the provisional calendar (the earliest possible date); recomputed once they are',
  'components.sectionFailureReasons.tooFewBids': 'Too few {bid}s: no {opening}',
  'components.sectionFailureReasons.tooFewCompliant': 'Too few valid {bid}s after the committee\'s review',
  'components.sectionFailureReasons.tooFewQualified': 'Too few qualified applicants',
} satisfies Record<keyof typeof zh, string>;

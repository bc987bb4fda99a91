/** Chinese words of shared components: section status, provisional dates, notifications. */
export default {
  'components.provisionalTag.provisional': '暂定',
  'components.sectionStatusTag.sectionFailed': '本标段流标',
  'components.sectionStatusTag.failureNotice': '流标公告',
} as const;

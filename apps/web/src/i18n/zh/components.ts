/** Chinese words of shared components: section status, provisional dates, notifications. */
export default {
  'components.provisionalTag.provisional': '暂定',
  'components.sectionStatusTag.sectionFailed': '本标段{failure}',
  'components.sectionStatusTag.failureNotice': '{failure}公告',
  'components.provisionalTag.yearHolidaysPublished': '该年度放假安排尚未公布，按暂定日历计算（取最晚可能日期）；正式安排公布后平台将重新核对',
  'components.provisionalTag.yearHolidaysPublishedComputed': '该年度放假安排尚未公布，按暂定日历计算（取最早可能日期）；正式安排公布后平台将重新计算',
  'components.sectionFailureReasons.tooFewBids': '{bidder}不足，不予{opening}',
  'components.sectionFailureReasons.tooFewCompliant': '经评标委员会评审，有效{bid}不足',
  'components.sectionFailureReasons.tooFewQualified': '资格预审合格的申请人不足',
} as const;

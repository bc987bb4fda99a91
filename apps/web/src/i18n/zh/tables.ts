/** The shared table (components/DenseTable.tsx) and the reshaped dense tables of issue 19 §3. */
export default {
  'tables.details': '详情',
  'tables.detailsOf': '{name} 的详情',
  'tables.closeDetails': '关闭详情',
  'tables.empty': '暂无数据',
  'tables.scrollRegion': '表格（可左右滚动）',
  'tables.deposits.none': '没有符合条件的保证金',
  'tables.deposits.bidderProject': '参与单位 / 项目',
  'tables.deposits.requiredReceived': '应缴 / 到账',
  'tables.deposits.receivedShort': '到账',
  'tables.opening.signInDecrypt': '签到 / 解密',
  'tables.opening.signedInAt': '签到 {at}',
  'tables.orgs.nameCode': '名称 / 统一社会信用代码',
} as const;

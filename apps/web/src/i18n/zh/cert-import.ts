/** Chinese words of the check of an imported .p12 certificate (certs.ts): why it cannot be used. */
export default {
  'certImport.usage.signing': '签名证书',
  'certImport.usage.encryption': '加密证书',
  'certImport.fileName': '（{name}）',
  'certImport.refusal.swapped': '您在“{want}”处选择的文件{file}是{got}，请在“{want}”处选择{want}文件，在“{got}”处选择{got}文件',
  'certImport.refusal.wrongUsage': '所选文件{file}不是平台签发的{want}',
  'certImport.refusal.otherUser': '所选文件{file}的证书属于“{holder}”，不是当前登录用户“{me}”的证书',
  'certImport.refusal.otherOrg': '所选文件{file}的证书属于单位“{holder}”，不是当前单位“{me}”的证书',
  'certImport.refusal.notYours': '所选文件{file}的证书（序列号 {serial}）不是平台为您签发的{want}',
  'certImport.refusal.revoked': '所选文件{file}的证书已被吊销，不能使用',
  'certImport.refusal.superseded': '所选文件{file}的证书已被新证书替代，请使用最新的证书备份',
  'certImport.refusal.notYetValid': '所选文件{file}的证书尚未生效（以服务器时间为准）',
  'certImport.refusal.expired': '所选文件{file}的证书已过期（以服务器时间为准）',
} as const;

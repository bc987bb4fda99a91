/** English words of the check of an imported .p12 certificate (the keys of ../zh/cert-import.ts, each one). */
import type zh from '../zh/cert-import.ts';

export default {
  'certImport.usage.signing': 'signing certificate',
  'certImport.usage.encryption': 'encryption certificate',
  'certImport.fileName': ' ({name})',
  'certImport.refusal.swapped': 'The file chosen as the {want}{file} is your {got}: choose the {want} file here and the {got} file under “{got}”',
  'certImport.refusal.wrongUsage': 'The chosen file{file} is not a {want} issued by the platform',
  'certImport.refusal.otherUser': 'The certificate in the chosen file{file} belongs to “{holder}”, not to you (“{me}”)',
  'certImport.refusal.otherOrg': 'The certificate in the chosen file{file} belongs to the company “{holder}”, not to yours (“{me}”)',
  'certImport.refusal.notYours': 'The certificate in the chosen file{file} (serial {serial}) is not a {want} the platform issued to you',
  'certImport.refusal.revoked': 'The certificate in the chosen file{file} has been revoked',
  'certImport.refusal.superseded': 'The certificate in the chosen file{file} has been replaced by a newer one: use your latest backup',
  'certImport.refusal.notYetValid': 'The certificate in the chosen file{file} is not valid yet (server time)',
  'certImport.refusal.expired': 'The certificate in the chosen file{file} has expired (server time)',
} satisfies Record<keyof typeof zh, string>;

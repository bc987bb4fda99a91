import type zh from '../zh/tables.ts';

export default {
  'tables.details': 'Details',
  'tables.detailsOf': 'Details of {name}',
  'tables.closeDetails': 'Close details',
  'tables.empty': 'No data',
  'tables.scrollRegion': 'Table (scrolls sideways)',
  'tables.deposits.none': 'No securities match',
  'tables.deposits.bidderProject': 'Participant / project',
  'tables.deposits.requiredReceived': 'Required / received',
  'tables.deposits.receivedShort': 'Received',
  'tables.opening.signInDecrypt': 'Sign-in / decryption',
  'tables.opening.signedInAt': 'Signed in {at}',
  'tables.orgs.nameCode': 'Name / credit code',
} as const satisfies Record<keyof typeof zh, string>;

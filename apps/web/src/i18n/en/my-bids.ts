/** English words of the bidder’s bids list and encryption keys (the keys of ../zh/my-bids.ts, each one). */
import type zh from '../zh/my-bids.ts';

export default {
  'bids.columns.project': 'Project',
  'bids.columns.projectStatus': 'Project status',
  'bids.keysCard.usingSigningEncryption': 'Using the signing and encryption keys this browser keeps',
  'bids.keysCard.usingImportedP12': 'Using the imported .p12 backups (this session only, not stored)',
  'bids.keysCard.importP12Backups': 'Import .p12 backups',
  'bids.keysCard.signingP12': 'Signing .p12',
  'bids.keysCard.signingPassphrase': 'Signing passphrase',
  'bids.keysCard.encryptionP12': 'Encryption .p12',
  'bids.keysCard.encryptionPassphrase': 'Encryption passphrase',
  'bids.keysCard.blankSameSigning': 'Blank: same as signing',
  'bids.keysCard.importBackups': 'Import backups',
  'bids.keysCard.importFailed': 'Import failed',
  'bids.myBidsPage.viewBid': 'View bid',
  'bids.myBidsPage.section': 'Section',
  'bids.myBidsPage.version': 'Version',
  'bids.myBidsPage.state': 'State',
  'bids.myBidsPage.received': 'Received',
  'bids.myBidsPage.partsSealedSize': 'Parts (sealed size)',
  'bids.myBidsPage.receipt': 'Receipt',
} satisfies Record<keyof typeof zh, string>;

/**
 * The bidder's keys in the opening room: the ones this browser keeps (saved on 我的证书), or the .p12
 * backups imported for this session (shared with 我的投标: importing on either tab serves both). The
 * signing key signs in (certificate login) and confirms the record; the encryption key unwraps the
 * content keys. Nothing here leaves the browser.
 */
import { KeysCard, useBidKeys } from '../bids/KeysCard.tsx';
import type { BidKeys } from '../bids/seal-upload.ts';
import { ErrorBox } from './ui.tsx';
import {  } from '../i18n.ts';

/** The keys for `username` (session .p12 first, then the browser's saved keys), once looked up. */
export const useOpeningKeys = useBidKeys;

export function OpeningKeysCard({ username, keys, onKeys }: { username: string; keys: BidKeys | null; onKeys: (k: BidKeys) => void }) {
  return (
    <KeysCard
      username={username}
      keys={keys}
      onKeys={onKeys}
      idPrefix="opening-keys"
      title={'opening.keysCard.certificatesOpening'}
      missing={'opening.keysCard.browserKeepsKeys'}
      ErrorBox={ErrorBox}
    />
  );
}

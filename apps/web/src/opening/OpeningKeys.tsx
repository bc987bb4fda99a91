/**
 * The bidder's keys in the opening room: the ones this browser keeps (saved on 我的证书), or the .p12
 * backups imported for this session (shared with 我的投标: importing on either tab serves both). The
 * signing key signs in (certificate login) and confirms the record; the encryption key unwraps the
 * content keys. Nothing here leaves the browser.
 */
import { KeysCard, useBidKeys } from '../bids/KeysCard.tsx';
import type { BidKeys } from '../bids/seal-upload.ts';
import { ErrorBox } from './ui.tsx';

/** The keys for `username` (session .p12 first, then the browser's saved keys), once looked up. */
export const useOpeningKeys = useBidKeys;

export function OpeningKeysCard({ username, keys, onKeys }: { username: string; keys: BidKeys | null; onKeys: (k: BidKeys) => void }) {
  return (
    <KeysCard
      username={username}
      keys={keys}
      onKeys={onKeys}
      idPrefix="opening-keys"
      title={{ zh: '开标使用的证书', en: 'Certificates for the opening' }}
      missing={{
        zh: '本浏览器未保存您的证书：签到（证书登录）、解密和确认开标记录表需要签名证书和加密证书，请导入其备份（.p12）。',
        en: 'This browser keeps no keys for you: signing in by certificate, decrypting and confirming the record need your signing and encryption keys; import their .p12 backups.',
      }}
      ErrorBox={ErrorBox}
    />
  );
}

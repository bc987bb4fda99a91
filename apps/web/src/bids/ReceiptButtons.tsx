import { Button } from 'antd';
import { DownloadOutlined, FilePdfOutlined } from '@ant-design/icons';
import { useMutation } from '@tanstack/react-query';
import { useApi } from '../api.ts';
import { downloadBytes, utf8 } from '../certs.ts';
import { useT, type MessageKey } from '../i18n.ts';
import { BidErrorBox } from './BidErrorBox.tsx';

function base64ToBytes(b64: string): Uint8Array<ArrayBuffer> {
  const bin = atob(b64);
  const out = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
  return out;
}

/**
 * The receipt, in the three forms the buttons name (issue 16 §6): the PDF sealed by the platform (opens in
 * the browser's viewer), the receipt data (receipt.json) and its platform signature (receipt.p7s, CMS).
 */
export function ReceiptButtons({ bidId, freshReceipt = null, sfx = '', size }: { bidId: number; freshReceipt?: { json: string; cmsBase64: string } | null; sfx?: string; size?: 'small' }) {
  const t = useT();
  const api = useApi();
  const download = useMutation({
    mutationFn: async (which: 'json' | 'p7s') => {
      const r = freshReceipt ?? (await api.bid.receipt.query({ bidId }));
      if (which === 'json') downloadBytes(utf8(r.json), `receipt-${bidId}.json`, 'application/json');
      else downloadBytes(base64ToBytes(r.cmsBase64), `receipt-${bidId}.p7s`, 'application/pkcs7-signature');
    },
  });
  const label = (key: MessageKey) => ({ children: t(key), 'aria-label': t(key) + sfx });
  return (
    <>
      <Button size={size} icon={<FilePdfOutlined aria-hidden />} href={`/bids/${bidId}/receipt.pdf`} target="_blank" rel="noopener noreferrer" {...label('bids.receipt.pdf')} />
      <Button size={size} icon={<DownloadOutlined aria-hidden />} onClick={() => download.mutate('json')} {...label('bids.receipt.json')} />
      <Button size={size} icon={<DownloadOutlined aria-hidden />} onClick={() => download.mutate('p7s')} {...label('bids.receipt.cms')} />
      {download.isError && <BidErrorBox error={download.error} />}
    </>
  );
}

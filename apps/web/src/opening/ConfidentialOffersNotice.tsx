/**
 * Issue 18 §2: where the offers are confidential (竞争性谈判 / 竞争性磋商 / 询价 / 单一来源; 政府采购法 §38,
 * §40) the responses are opened for the group, not read out. The room says so: a supplier is told that it
 * sees its own response only and that the record it downloads and confirms is its own copy; the owner
 * side, the center and the supervisor that the suppliers see nothing of each other.
 */
import { Alert } from 'antd';
import { useT } from '../i18n.ts';
import type { OpeningView } from './model.ts';

export function ConfidentialOffersNotice({ view, supplier }: { view: Pick<OpeningView, 'confidentialOffers'>; supplier: boolean }) {
  const t = useT();
  if (!view.confidentialOffers) return null;
  return (
    <Alert
      type="info"
      showIcon
      data-testid="opening-confidential"
      title={t('opening.confidential.title')}
      description={t(supplier ? 'opening.confidential.supplier' : 'opening.confidential.group')}
    />
  );
}

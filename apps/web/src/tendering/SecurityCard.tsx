/**
 * The bidder's security card (issue 16 §5): for one registration, the amount to pay, the forms its trade
 * type allows (B7), the center's receiving account and the bidder's own payment reference to write in the
 * transfer's remark — or 本项目不收取投标保证金 when the tender waives the security — and, once recorded,
 * the guarantee's issuer, number and verification.
 */
import { Alert, Card, Descriptions, Typography } from 'antd';
import type { RouterOutputs } from '../api.ts';
import { formatBeijingDateTime } from '../clock.ts';
import { useProjectT } from '../i18n.ts';
import { formatFen } from '../money.ts';
import { DEPOSIT_FORM_LABELS, DepositSummary } from './deposit-labels.tsx';

type Mine = RouterOutputs['registration']['mine'][number];

export function SecurityCard({ registration: r }: { registration: Mine }) {
  // The words of the enclosing project (竞买保证金, 交易保证金 …; issue 18 §1).
  const t = useProjectT();
  const d = r.deposit;
  const title = `${t('deposits.securityCard.security')} · ${r.sectionCode} ${r.sectionName}`;
  if (r.security.waived) {
    return (
      <Card size="small" title={title} data-testid={`security-card-${r.sectionCode}`}>
        <Alert type="info" showIcon data-testid="security-waived" title={t('deposits.securityCard.tenderRequiresSecurity')} />
      </Card>
    );
  }
  if (!d) return null;
  const account = r.security.account;
  const guarantee = d.form && d.form !== 'cash' && d.guaranteeIssuer;
  return (
    <Card size="small" title={title} data-testid={`security-card-${r.sectionCode}`}>
      <Descriptions size="small" column={1} bordered>
        <Descriptions.Item label={t('deposits.securityCard.amount')}>
          <strong data-testid="security-amount">{formatFen(d.requiredFen)}</strong>
        </Descriptions.Item>
        <Descriptions.Item label={t('deposits.securityCard.formsAllowed')}>
          <span data-testid="security-forms">{r.security.allowedForms.map((f) => t(DEPOSIT_FORM_LABELS[f])).join(t('deposits.securityCard.text'))}</span>
        </Descriptions.Item>
        <Descriptions.Item label={t('deposits.securityCard.receivingAccount')}>
          <div data-testid="security-account">
            <div>{t('deposits.securityCard.name')}{account.accountName}</div>
            <div>{t('deposits.securityCard.bank')}{account.bank}</div>
            <div>
              {t('deposits.securityCard.account')}
              <span className="ebid-mono">{account.accountNo}</span>
            </div>
          </div>
        </Descriptions.Item>
        <Descriptions.Item label={t('deposits.status')}>
          <DepositSummary deposit={d} showAmount={false} />
        </Descriptions.Item>
        {guarantee && (
          <Descriptions.Item label={t(DEPOSIT_FORM_LABELS[d.form!])}>
            <div data-testid="security-guarantee">
              <div>{t('deposits.securityCard.issuer')}{d.guaranteeIssuer}</div>
              <div>{t('deposits.securityCard.number')}<span className="ebid-mono">{d.reference}</span></div>
              <div>
                {t('deposits.securityCard.verification')}
                {d.guaranteeVerification}
                {d.guaranteeVerifiedAt && ` (${formatBeijingDateTime(Date.parse(d.guaranteeVerifiedAt))})`}
              </div>
            </div>
          </Descriptions.Item>
        )}
      </Descriptions>
      {r.paymentReference && d.status === 'pending' && (
        <Typography.Paragraph className="ebid-gap" data-testid="payment-reference-line">
          {t('deposits.securityCard.writeInTransfer')}
          <Typography.Text strong copyable className="ebid-mono" data-testid="payment-reference">
            {r.paymentReference}
          </Typography.Text>
          <br />
          <Typography.Text type="secondary">
            {t('deposits.securityCard.centerMatchesPayments')}
            {r.project.tradeType === 'engineering' &&
              t('deposits.securityCard.cashMustCome')}
          </Typography.Text>
        </Typography.Paragraph>
      )}
    </Card>
  );
}

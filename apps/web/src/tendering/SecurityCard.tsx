/**
 * The bidder's security card (issue 16 §5): for one registration, the amount to pay, the forms its trade
 * type allows (B7), the center's receiving account and the bidder's own payment reference to write in the
 * transfer's remark — or 本项目不收取投标保证金 when the tender waives the security — and, once recorded,
 * the guarantee's issuer, number and verification.
 */
import { Alert, Card, Descriptions, Typography } from 'antd';
import type { RouterOutputs } from '../api.ts';
import { formatBeijingDateTime } from '../clock.ts';
import { pick, useLang } from '../i18n.ts';
import { formatFen } from '../money.ts';
import { DEPOSIT_FORM_LABELS, DepositSummary } from './deposit-labels.tsx';

type Mine = RouterOutputs['registration']['mine'][number];

export function SecurityCard({ registration: r }: { registration: Mine }) {
  const { lang } = useLang();
  const d = r.deposit;
  const title = `${pick(lang, { zh: '投标保证金', en: 'Security' })} · ${r.sectionCode} ${r.sectionName}`;
  if (r.security.waived) {
    return (
      <Card size="small" title={title} data-testid={`security-card-${r.sectionCode}`}>
        <Alert type="info" showIcon data-testid="security-waived" title={pick(lang, { zh: '本项目不收取投标保证金', en: 'This tender requires no security' })} />
      </Card>
    );
  }
  if (!d) return null;
  const account = r.security.account;
  const guarantee = d.form && d.form !== 'cash' && d.guaranteeIssuer;
  return (
    <Card size="small" title={title} data-testid={`security-card-${r.sectionCode}`}>
      <Descriptions size="small" column={1} bordered>
        <Descriptions.Item label={pick(lang, { zh: '应缴金额', en: 'Amount' })}>
          <strong data-testid="security-amount">{formatFen(d.requiredFen)}</strong>
        </Descriptions.Item>
        <Descriptions.Item label={pick(lang, { zh: '可用形式', en: 'Forms allowed' })}>
          <span data-testid="security-forms">{r.security.allowedForms.map((f) => pick(lang, DEPOSIT_FORM_LABELS[f])).join(pick(lang, { zh: '、', en: ', ' }))}</span>
        </Descriptions.Item>
        <Descriptions.Item label={pick(lang, { zh: '收款账户', en: 'Receiving account' })}>
          <div data-testid="security-account">
            <div>{pick(lang, { zh: '户名：', en: 'Name: ' })}{account.accountName}</div>
            <div>{pick(lang, { zh: '开户行：', en: 'Bank: ' })}{account.bank}</div>
            <div>
              {pick(lang, { zh: '账号：', en: 'Account no.: ' })}
              <span className="ebid-mono">{account.accountNo}</span>
            </div>
          </div>
        </Descriptions.Item>
        <Descriptions.Item label={pick(lang, { zh: '状态', en: 'Status' })}>
          <DepositSummary deposit={d} showAmount={false} />
        </Descriptions.Item>
        {guarantee && (
          <Descriptions.Item label={pick(lang, DEPOSIT_FORM_LABELS[d.form!])}>
            <div data-testid="security-guarantee">
              <div>{pick(lang, { zh: '出具机构：', en: 'Issuer: ' })}{d.guaranteeIssuer}</div>
              <div>{pick(lang, { zh: '保函编号：', en: 'Number: ' })}<span className="ebid-mono">{d.reference}</span></div>
              <div>
                {pick(lang, { zh: '核验：', en: 'Verification: ' })}
                {d.guaranteeVerification}
                {d.guaranteeVerifiedAt && ` (${formatBeijingDateTime(Date.parse(d.guaranteeVerifiedAt))})`}
              </div>
            </div>
          </Descriptions.Item>
        )}
      </Descriptions>
      {r.paymentReference && d.status === 'pending' && (
        <Typography.Paragraph className="ebid-gap" data-testid="payment-reference-line">
          {pick(lang, { zh: '转账附言请填写：', en: 'Write in the transfer’s remark: ' })}
          <Typography.Text strong copyable className="ebid-mono" data-testid="payment-reference">
            {r.paymentReference}
          </Typography.Text>
          <br />
          <Typography.Text type="secondary">
            {pick(lang, {
              zh: '交易中心按附言核对到账，不按单位名称；附言缺失或有误的款项须由交易中心人工核对后方能计入。',
              en: 'The center matches payments by this remark, not by company name; a payment without it waits until the center checks it by hand.',
            })}
            {r.project.tradeType === 'engineering' &&
              pick(lang, { zh: '现金须从本单位基本账户转出。', en: ' Cash must come from your basic account.' })}
          </Typography.Text>
        </Typography.Paragraph>
      )}
    </Card>
  );
}

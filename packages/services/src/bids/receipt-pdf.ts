/**
 * The bid receipt as a PDF people can read (issue 16 §6), beside receipt.json and its CMS: project,
 * section, bidder, every part with its sealed size and hashes, the version, the server time of arrival
 * (北京时间), the receipt id and the SHA-256 of the receipt JSON — sealed by the platform like the notices
 * and the opening record.
 *
 * Made from the signed receipt JSON (what the platform attested at finalize) on the first request, stored
 * in the object store by hash and kept on the bid (`receipt_pdf_sha256 IS NULL` → set, so of two
 * concurrent makers one wins and the other returns the stored PDF); every later download is the same
 * bytes. Only the bidding company may read it (B5: NOT_FOUND for everyone else, as bid.receipt).
 */
import { createHash } from 'node:crypto';
import type { Readable } from 'node:stream';
import { and, eq, isNull } from 'drizzle-orm';
import { bids, sections } from '@ebid/db';
import { projectChain } from '@ebid/audit';
import { AppError, parseBidReceipt, termsOf, type ProcedureMethod, type TradeType } from '@ebid/domain';
import { renderDocument, sealPdf, type PdfDocumentSpec } from '@ebid/pdf';
import { audit, type RequestContext } from '../context.ts';
import type { Deps } from '../deps.ts';
import { documentHeader } from '../documents/header.ts';
import type { CenterIdentity } from '../identity/center.ts';
import { beijingDateTimeSecZh, bidPartLabel } from '../opening/record-spec.ts';
import { ownBid } from './own-bids.ts';

/** What the receipt PDF shows; the parts, version, bidder and arrival come from the signed receipt JSON. */
export interface BidReceiptPdfData {
  bidId: number;
  projectName: string;
  /** The receipt names the bid and the bidder by these (issue 18 §1): 投标文件 / 响应文件 …, 投标人 / 供应商 … */
  tradeType: TradeType;
  method: ProcedureMethod;
  unifiedDealCode: string;
  sectionCode: string;
  sectionName: string;
  bidderName: string;
  version: number;
  receivedAt: Date;
  signerCertSerial: string;
  receiptSha256: string;
  parts: { part: string; size: number; partHash: string; headerSha256: string }[];
  /** when this PDF was made (its creation date; not the arrival) */
  generatedAt: Date;
}

/** 12345678 → '12,345,678 字节'. */
function bytesZh(n: number): string {
  return `${String(n).replace(/\B(?=(\d{3})+(?!\d))/g, ',')} 字节`;
}

export function bidReceiptSpec(d: BidReceiptPdfData, center: CenterIdentity): PdfDocumentSpec {
  const w = termsOf('zh', d.tradeType, d.method);
  const title = `${w.bid}递交回执`;
  const header = documentHeader(
    {
      documentId: `${d.unifiedDealCode}-${d.sectionCode}-BID${d.bidId}-v${d.version}`,
      title,
      subtitle: d.projectName,
      properties: { title: `${title} ${d.projectName} ${d.sectionCode}`, subject: `${w.bid}回执`, keywords: [d.unifiedDealCode, d.sectionCode, `bid-${d.bidId}`], createdAt: d.generatedAt },
    },
    center,
  );
  return {
    ...header,
    blocks: [
      {
        kind: 'keyValue',
        title: '递交信息',
        columns: 2,
        items: [
          { label: '项目名称', value: d.projectName, span: 2 },
          { label: '统一交易标识码', value: d.unifiedDealCode, span: 2 },
          { label: '标段', value: `${d.sectionCode} ${d.sectionName}`, span: 2 },
          { label: w.bidder, value: d.bidderName, span: 2 },
          { label: '递交版本', value: `第${d.version}版` },
          { label: '回执编号', value: String(d.bidId) },
          { label: '平台接收时间', value: `${beijingDateTimeSecZh(d.receivedAt)}（北京时间，以交易平台服务器时间为准）`, span: 2 },
          { label: '签名证书序列号', value: d.signerCertSerial, span: 2 },
          { label: '回执数据SHA-256', value: d.receiptSha256, span: 2 },
        ],
      },
      {
        kind: 'table',
        title: `${w.bid}各部分（密文）`,
        size: 'small',
        columns: [
          { header: '部分', width: 1.2 },
          { header: '密文大小', width: 1.4, align: 'right' },
          { header: '分块摘要 partHash（SHA-256）', width: 3.6 },
          { header: '信封头 SHA-256', width: 3.6 },
        ],
        rows: d.parts.map((p) => [bidPartLabel(p.part, d), bytesZh(p.size), p.partHash, p.headerSha256]),
      },
      {
        kind: 'paragraph',
        style: 'small',
        text:
          `注：1. 本回执由${center.platformName}在收到${w.bid}时签发，并加盖交易平台电子签章；${w.bid}为加密文件，交易平台在${w.opening}前无法解密，本回执不含报价。` +
          '\n2. 分块摘要（partHash）为密文各4 MiB分块SHA-256摘要的SHA-256，信封头SHA-256为数字信封文件头的摘要，可与本单位保存的加密文件核对（ebid verify-receipt --file）。' +
          '\n3. 回执数据（receipt.json）及其平台签名（receipt.p7s）可离线验证；“回执数据SHA-256”即该JSON文件的SHA-256。',
      },
    ],
  };
}

/** The receipt PDF of the company's own bid: made and stored on the first request, the same bytes afterwards. */
export async function bidReceiptPdf(
  deps: Pick<Deps, 'db' | 'clock' | 'pki' | 'storage' | 'config'>,
  ctx: RequestContext,
  input: { bidId: number },
): Promise<{ stream: Readable; size: number; sha256: string; fileName: string }> {
  const { bid, sectionCode, project } = await ownBid(deps, ctx, input.bidId);
  const fileName = `投标回执-${project.unifiedDealCode}-${sectionCode}-v${bid.version}.pdf`;
  let stored = bid.receiptPdfSha256 !== null && bid.receiptPdfSize !== null ? { sha256: bid.receiptPdfSha256, size: bid.receiptPdfSize } : null;
  if (!stored) {
    const r = parseBidReceipt(bid.receiptJson);
    const [sec] = await deps.db.select({ name: sections.name }).from(sections).where(eq(sections.id, bid.sectionId));
    const generatedAt = deps.clock.now();
    const spec = bidReceiptSpec(
      {
        bidId: bid.id,
        projectName: project.name,
        tradeType: project.tradeType,
        method: project.method,
        unifiedDealCode: project.unifiedDealCode,
        sectionCode,
        sectionName: sec?.name ?? '',
        bidderName: r.bidderName,
        version: r.version,
        receivedAt: new Date(r.receivedAt),
        signerCertSerial: r.signerCertSerial,
        receiptSha256: createHash('sha256').update(bid.receiptJson, 'utf8').digest('hex'),
        parts: r.parts,
        generatedAt,
      },
      deps.config.center,
    );
    const pdf = await sealPdf(await renderDocument(spec), deps.pki.platform, { reason: `${termsOf('zh', project.tradeType, project.method).bid}回执 平台签章`, location: deps.config.center.centerName, signingTime: generatedAt });
    const put = await deps.storage.put(pdf, { contentType: 'application/pdf' });
    stored = await deps.db.transaction(async (tx) => {
      const [won] = await tx
        .update(bids)
        .set({ receiptPdfSha256: put.sha256, receiptPdfSize: put.size })
        .where(and(eq(bids.id, bid.id), isNull(bids.receiptPdfSha256)))
        .returning({ sha256: bids.receiptPdfSha256, size: bids.receiptPdfSize });
      if (!won) {
        // A concurrent request made it first: serve the one kept on the bid.
        const [kept] = await tx.select({ sha256: bids.receiptPdfSha256, size: bids.receiptPdfSize }).from(bids).where(eq(bids.id, bid.id));
        if (!kept?.sha256 || kept.size === null) throw new AppError('INTERNAL');
        return { sha256: kept.sha256, size: kept.size };
      }
      await audit(tx, deps, ctx, {
        chain: projectChain(bid.projectId),
        action: 'bid.receipt_pdf',
        subject: { type: 'bid', id: bid.id },
        payload: { sectionId: bid.sectionId, version: bid.version, sha256: put.sha256, size: put.size },
        objectHashes: [put.sha256],
      });
      return { sha256: put.sha256, size: put.size };
    });
  }
  return { stream: await deps.storage.get(stored.sha256, { expectedSize: stored.size }), size: stored.size, sha256: stored.sha256, fileName };
}

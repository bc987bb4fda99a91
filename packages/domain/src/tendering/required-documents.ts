/**
 * No tender without documents (issue 16 §1): a notice that invites bids or applications on documents the
 * platform issues (N3, N7: the documents are downloaded from the platform from the notice on) cannot be
 * submitted for review, nor published, while the project has no current document of the kind it issues.
 *
 * - 招标公告 (`tender`): the tender documents (招标文件, document kind `tender`);
 * - 资格预审公告 (`prequalification`): the prequalification documents (资格预审文件);
 * - 出让公告 (`land_sale`): the sale documents (出让文件), stored as document kind `tender`;
 * - every other notice (amendment, single-source publicity, listing disclosure, termination, failure)
 *   issues no documents of its own; a direct procedure (单一来源, `submission: 'direct'`) issues none.
 */
import { AppError } from '../errors.ts';
import type { ProcedureFlags } from '../procedure/flags.ts';

/** The document kinds a notice can require (the `document_kind` values that are issued documents). */
export type RequiredDocumentKind = 'tender' | 'prequalification';

const REQUIRED: Readonly<Record<string, RequiredDocumentKind>> = {
  tender: 'tender',
  prequalification: 'prequalification',
  land_sale: 'tender',
};

/** The document kind the notice needs before it may go to review or be published; null = exempt. */
export function requiredDocumentKind(noticeKind: string, flags: Pick<ProcedureFlags, 'submission'>): RequiredDocumentKind | null {
  if (flags.submission === 'direct') return null;
  return Object.hasOwn(REQUIRED, noticeKind) ? REQUIRED[noticeKind]! : null;
}

/** The ux.md name of the documents a notice issues: 招标文件 / 资格预审文件 / 出让文件 (land). */
export function requiredDocumentLabel(noticeKind: string, kind: RequiredDocumentKind): { zh: string; en: string } {
  if (kind === 'prequalification') return { zh: '资格预审文件', en: 'prequalification documents' };
  if (noticeKind === 'land_sale') return { zh: '出让文件', en: 'land sale documents' };
  return { zh: '招标文件', en: 'tender documents' };
}

/**
 * INVALID_STATE DOCUMENTS_MISSING: the notice cannot be submitted (`stage: 'submit'`) or published
 * (`stage: 'publish'`) before its documents are uploaded.
 */
export function documentsMissing(noticeKind: string, kind: RequiredDocumentKind, stage: 'submit' | 'publish'): AppError {
  const label = requiredDocumentLabel(noticeKind, kind);
  const what = stage === 'submit' ? { zh: '提交审核', en: 'submitted for review' } : { zh: '发布', en: 'published' };
  return new AppError(
    'INVALID_STATE',
    {
      zh: `${label.zh}尚未上传，公告不能${what.zh}。请先在“招标文件”中上传${label.zh}`,
      en: `The ${label.en} are not uploaded yet; the notice cannot be ${what.en}. Upload the ${label.en} on the documents tab first`,
    },
    { reason: 'DOCUMENTS_MISSING', kind },
  );
}

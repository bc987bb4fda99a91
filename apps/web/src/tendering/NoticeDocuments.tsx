/**
 * Issue 16 §1 (no tender without documents): on the notice step the owner side sees which documents its
 * notice still lacks (招标文件 / 资格预审文件 / 出让文件), with a way to the documents tab; submitting is
 * disabled for that reason. The server enforces the same rule (DOCUMENTS_MISSING).
 */
import { Alert, Button } from 'antd';
import { FileAddOutlined } from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import { procedureFlags, requiredDocumentKind, requiredDocumentLabel, type ProcedureMethod, type TradeType } from '@ebid/domain';
import { useApi } from '../api.ts';
import { serverText, translate, useLang, useProjectT, type Lang, type TermsOf } from '../i18n.ts';
import type { Project } from '../projects/ProjectsPage.tsx';
import { documentsKey } from './DocumentsPanel.tsx';

export interface MissingDocuments {
  kind: 'tender' | 'prequalification';
  label: { zh: string; en: string };
}

/**
 * The documents the notice of `noticeKind` needs and the project lacks (no current, issued document of
 * that kind); null when it has them or issues none; undefined while the list loads.
 */
export function useMissingDocuments(project: Project, noticeKind: string, enabled: boolean): MissingDocuments | null | undefined {
  const api = useApi();
  const kind = requiredDocumentKind(noticeKind, procedureFlags(project.tradeType as TradeType, project.method as ProcedureMethod, project.prequalification ? { prequalification: true } : {}));
  const docs = useQuery({ queryKey: documentsKey(project.id), queryFn: () => api.document.list.query({ projectId: project.id }), enabled: enabled && kind !== null });
  if (!enabled || kind === null) return null;
  if (!docs.data) return undefined;
  const present = docs.data.some((d) => d.kind === kind && d.supersededAt === null && (d.clarificationId === null || d.visible));
  return present ? null : { kind, label: requiredDocumentLabel(noticeKind, kind) };
}

/** The reason the notice cannot be submitted yet, for the alert and the disabled button. */
export function missingDocumentsText(lang: Lang, m: MissingDocuments): string {
  return translate(lang, 'documents.notice.missing', { documents: serverText(lang, m.label) });
}

export function MissingDocumentsAlert({ project, missing, onOpenDocuments }: { project: TermsOf; missing: MissingDocuments; onOpenDocuments: () => void }) {
  const { lang } = useLang();
  const t = useProjectT(project);
  const documents = serverText(lang, missing.label);
  return (
    <Alert
      className="ebid-gap"
      type="warning"
      showIcon
      data-testid="notice-documents-missing"
      title={missingDocumentsText(lang, missing)}
      description={t('documents.notice.uploadFirst', { documents })}
      action={
        <Button size="small" icon={<FileAddOutlined aria-hidden />} onClick={onOpenDocuments} data-testid="notice-open-documents">
          {t('documents.notice.upload', { documents })}
        </Button>
      }
    />
  );
}

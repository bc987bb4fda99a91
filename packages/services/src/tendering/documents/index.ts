/**
 * Tender documents (issue 5 §1; domain N5–N7, S1) and the uploads they are made of: files streamed to
 * `POST /files` by hash, versioned by name, amended after publication only by a clarification, downloaded
 * by anyone they are visible to — and never a download count before the bid deadline (N6).
 */
export { createUpload, validateFileName, validateUploadDeclaration } from './uploads.ts';
export { addDocument, removeDocument } from './editing.ts';
export { listDocumentDownloads, listDocuments, openDocumentDownload } from './reading.ts';
export { currentDocumentIds } from './versions.ts';

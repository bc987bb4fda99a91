/**
 * Tender documents (issue 5 §1; N5–N7, S1): adding and removing versions, the list a reader may see, and
 * who downloaded — never a count before the bid deadline (N6). Input and output schemas and their types
 * (issue 17 §1).
 */
import { z } from 'zod';
import { ZId } from './common.ts';

export const ZDocumentKind = z.enum(['tender', 'prequalification', 'attachment']);
export type DocumentKind = z.infer<typeof ZDocumentKind>;

export const ZDocument = z.object({
  id: z.number().int(),
  projectId: z.number().int(),
  kind: ZDocumentKind,
  name: z.string(),
  version: z.number().int(),
  sha256: z.string(),
  size: z.number().int(),
  contentType: z.string(),
  sectionId: z.number().int().nullable(),
  createdAt: z.string(),
  supersededAt: z.string().nullable(),
  supersedesId: z.number().int().nullable(),
  clarificationId: z.number().int().nullable(),
  /** Visible to bidders (public project, and its clarification, if any, published). */
  visible: z.boolean(),
});
export type DocumentView = z.infer<typeof ZDocument>;

export const ZAddDocumentInput = z.object({
  projectId: ZId,
  uploadId: ZId,
  kind: ZDocumentKind,
  sectionId: ZId.nullable().optional(),
  clarificationId: ZId.optional(),
});
export type AddDocumentInput = z.infer<typeof ZAddDocumentInput>;

export const ZDocumentRef = z.object({ documentId: ZId });
export type DocumentRef = z.infer<typeof ZDocumentRef>;

export const ZDocumentRemoved = z.object({ removed: z.literal(true) });

/** One download of a document (shown after the bid deadline only, N6). */
export const ZDownloadRecord = z.object({ orgName: z.string(), userDisplayName: z.string(), documentName: z.string(), documentVersion: z.number().int(), at: z.string() });
export type DownloadRecordView = z.infer<typeof ZDownloadRecord>;

/**
 * Issue 16 §1 (no tender without documents): a tender, prequalification or land sale notice is refused
 * until the project has its documents. Every test kit that publishes such a notice uploads one first, the
 * way the owner side does: `POST /files` with the declared SHA-256, then `document.add`.
 */
import crypto from 'node:crypto';
import type { createTestClient } from './trpc-client.ts';

export type TestDocumentKind = 'tender' | 'prequalification' | 'attachment';

/** A small one-page PDF; `id` makes its bytes (and hash) unique. */
export function testPdf(id: string): Buffer {
  return Buffer.from(
    [
      '%PDF-1.4',
      `% ${id}`,
      '1 0 obj <</Type /Catalog /Pages 2 0 R>> endobj',
      '2 0 obj <</Type /Pages /Kids [3 0 R] /Count 1>> endobj',
      '3 0 obj <</Type /Page /Parent 2 0 R /MediaBox [0 0 595 842]>> endobj',
      'trailer <</Root 1 0 R>>',
      '%%EOF',
      '',
    ].join('\n'),
    'latin1',
  );
}

/** Upload a file through the real `POST /files` (the session cookie header as `cookie`); its upload id. */
export async function uploadTestFile(baseUrl: string, cookie: string, name: string, body: Buffer): Promise<number> {
  const res = await fetch(`${baseUrl}/files?name=${encodeURIComponent(name)}`, {
    method: 'POST',
    headers: { 'content-type': 'application/pdf', 'x-content-sha256': crypto.createHash('sha256').update(body).digest('hex'), cookie },
    body,
  });
  const json = (await res.json()) as { uploadId?: number };
  if (res.status !== 201 || typeof json.uploadId !== 'number') throw new Error(`upload of ${name} failed: ${res.status} ${JSON.stringify(json)}`);
  return json.uploadId;
}

/**
 * Upload a small PDF and add it to the project as its documents of `kind` (default the tender documents,
 * 招标文件; land sale documents are stored as `tender` too). `add` is the signed-in owner side's
 * `document.add` (an in-process caller's or a tRPC client's mutate).
 */
export async function addTestDocument(opts: {
  baseUrl: string;
  cookie: string;
  add: (input: { projectId: number; uploadId: number; kind: TestDocumentKind }) => Promise<unknown>;
  projectId: number;
  kind?: TestDocumentKind;
  name?: string;
}): Promise<{ uploadId: number }> {
  const kind = opts.kind ?? 'tender';
  const name = opts.name ?? { tender: '招标文件.pdf', prequalification: '资格预审文件.pdf', attachment: '图纸.pdf' }[kind];
  const uploadId = await uploadTestFile(opts.baseUrl, opts.cookie, name, testPdf(`${kind}-${opts.projectId}-${crypto.randomUUID()}`));
  await opts.add({ projectId: opts.projectId, uploadId, kind });
  return { uploadId };
}

/** The same for a signed-in `createTestClient` (its base URL, session cookie and `document.add`). */
export async function addTestDocumentAs(c: ReturnType<typeof createTestClient>, projectId: number, kind?: TestDocumentKind): Promise<{ uploadId: number }> {
  return addTestDocument({ baseUrl: c.baseUrl, cookie: c.cookie(), add: (input) => c.trpc.document.add.mutate(input), projectId, ...(kind ? { kind } : {}) });
}

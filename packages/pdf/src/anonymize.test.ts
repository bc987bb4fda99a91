/**
 * A blind technical part (暗标, issue 22 §1) without what names its author: a signed, titled, authored
 * PDF with a link and a form field comes out with the same pages and text — pdfsig finds no signature,
 * pdfinfo no title, author, creator or producer, and the bytes hold neither the company's name nor the
 * signer's certificate.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ensureDevPki, type PlatformPki } from '@ebid/pki';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { anonymizePdf, PdfAnonymizeError, renderDocument, sealPdf } from './index.ts';
import { PDFDocument, PDFName, PDFString } from './pdf-lib.ts';
import { threePageSpec } from './test-fixtures.ts';
import { nssDb, pdfsig, pdftotext, run } from './test-helpers.ts';

const COMPANY = '北京华信科技有限公司';
let dir: string;
let pki: PlatformPki;
let original: Uint8Array;
let blind: Uint8Array;

const write = (name: string, bytes: Uint8Array): string => {
  const f = join(dir, name);
  writeFileSync(f, bytes);
  return f;
};

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'ebid-pdf-anon-'));
  pki = await ensureDevPki(join(dir, 'pki'));
  // A technical part as a careless bidder makes it: its company in the metadata, a link, a form field, then signed.
  const doc = await PDFDocument.load(await renderDocument(threePageSpec()));
  doc.setTitle(`${COMPANY}技术标`);
  doc.setAuthor(COMPANY);
  doc.setCreator('WPS Office');
  doc.setProducer(`${COMPANY} 标书工具`);
  doc.setKeywords([COMPANY]);
  const page = doc.getPage(0);
  const link = doc.context.obj({ Type: 'Annot', Subtype: 'Link', Rect: [0, 0, 10, 10], A: { S: 'URI', URI: PDFString.of('https://huaxin.example.com') } });
  page.node.set(PDFName.of('Annots'), doc.context.obj([doc.context.register(link)]));
  doc.getForm().createTextField('company').setText('huaxin');
  original = await sealPdf(await doc.save(), pki, { reason: `${COMPANY} 电子签章`, location: '北京', signingTime: new Date('2026-03-01T10:00:00+08:00') });
  blind = await anonymizePdf(original);
}, 120_000);

afterAll(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('anonymizePdf', () => {
  it('the original names its author: pdfsig finds the signature, pdfinfo the title', () => {
    const f = write('original.pdf', original);
    expect(pdfsig(f, nssDb(join(dir, 'nss-a'))).stdout).toContain('Signature #1');
    expect(run('pdfinfo', [f]).stdout).toContain(COMPANY);
  });

  it('the blind copy: no signature, no title, author, creator, producer or keywords', () => {
    const f = write('blind.pdf', blind);
    const sig = pdfsig(f, nssDb(join(dir, 'nss-b')));
    expect(sig.stdout + sig.stderr).toMatch(/does not contain any signatures/);
    const info = run('pdfinfo', [f]).stdout;
    expect(info).not.toMatch(/^(Title|Author|Creator|Producer|Keywords|Subject):/m);
    expect(info).toMatch(/^Pages:\s+3$/m);
  });

  it('the bytes hold neither the company (as UTF-16 or UTF-8), the link, the form nor the signer certificate', () => {
    const latin = Buffer.from(blind).toString('latin1');
    const utf16hex = Buffer.from(COMPANY, 'utf16le').swap16().toString('hex').toUpperCase();
    expect(latin.toUpperCase()).not.toContain(utf16hex);
    expect(Buffer.from(blind).includes(Buffer.from(COMPANY))).toBe(false);
    expect(latin).not.toContain('huaxin');
    for (const k of ['/Sig', '/ByteRange', '/AcroForm', '/Metadata', '/Widget', '/Link']) expect(latin, k).not.toContain(k);
  });

  it('the pages and their text are the bid: the same text on every page', () => {
    expect(pdftotext(write('b.pdf', blind))).toBe(pdftotext(write('o.pdf', original)));
  });

  it('bytes that are not a PDF: PdfAnonymizeError', async () => {
    await expect(anonymizePdf(new TextEncoder().encode('%PDF-1.7\nnot really'))).rejects.toBeInstanceOf(PdfAnonymizeError);
  });
});

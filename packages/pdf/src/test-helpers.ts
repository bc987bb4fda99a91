/**
 * Test helpers: run poppler-utils (pdffonts, pdftotext, pdftoppm, pdfsig) and NSS certutil, and decode
 * the PNG that pdftoppm writes (8-bit, non-interlaced) with node:zlib: no image library needed.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { inflateSync } from 'node:zlib';

export interface Run {
  status: number | null;
  stdout: string;
  stderr: string;
}

/** Runs a command; `env`, when given, is the child's whole environment (nothing inherited). */
export function run(cmd: string, args: string[], env?: Record<string, string>): Run {
  const r = spawnSync(cmd, args, { encoding: 'utf8', timeout: 60_000, ...(env ? { env } : {}) });
  if (r.error) throw r.error;
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

export interface FontRow {
  name: string;
  type: string;
  emb: string;
  sub: string;
  uni: string;
}

/** `pdffonts` rows (the name column has no spaces for our fonts). */
export function pdffonts(file: string): FontRow[] {
  const r = run('pdffonts', [file]);
  if (r.status !== 0) throw new Error(`pdffonts failed: ${r.stderr}`);
  return r.stdout
    .split('\n')
    .slice(2)
    .filter((l) => l.trim())
    .map((l) => {
      const cols = l.trim().split(/\s+/);
      // name, type (2 words: "CID TrueType"), encoding, emb, sub, uni, object, ID
      const n = cols.length;
      return { name: cols[0]!, type: cols.slice(1, n - 6).join(' '), emb: cols[n - 5]!, sub: cols[n - 4]!, uni: cols[n - 3]! };
    });
}

export function pdftotext(file: string): string {
  const r = run('pdftotext', ['-enc', 'UTF-8', file, '-']);
  if (r.status !== 0) throw new Error(`pdftotext failed: ${r.stderr}`);
  return r.stdout;
}

/** An empty fontconfig: poppler finds no system font, so only embedded glyphs can render (gotcha 13). */
export function emptyFontconfig(dir: string): string {
  const f = join(dir, 'empty-fonts.conf');
  writeFileSync(f, '<?xml version="1.0"?><!DOCTYPE fontconfig SYSTEM "fonts.dtd"><fontconfig></fontconfig>\n');
  return f;
}

/** Renders one page to PNG with no system fonts; returns the PNG path and poppler's stderr. */
export function renderPage(file: string, page: number, dpi: number, outPrefix: string, fontconfigFile: string): { png: string; stderr: string } {
  // A minimal environment: no HOME, so no per-user fontconfig either.
  const r = run('pdftoppm', ['-r', String(dpi), '-png', '-f', String(page), '-l', String(page), '-singlefile', file, outPrefix], {
    PATH: '/usr/local/bin:/usr/bin:/bin',
    FONTCONFIG_FILE: fontconfigFile,
  });
  if (r.status !== 0) throw new Error(`pdftoppm failed: ${r.stderr}`);
  return { png: `${outPrefix}.png`, stderr: r.stderr };
}

export interface Gray {
  width: number;
  height: number;
  /** luminance 0..255, row-major */
  px: Uint8Array;
}

/** Decodes an 8-bit non-interlaced PNG (grey, grey+alpha, RGB or RGBA) to luminance. */
export function decodePng(bytes: Buffer): Gray {
  if (bytes.readUInt32BE(0) !== 0x89504e47) throw new Error('not a PNG');
  let off = 8;
  let width = 0;
  let height = 0;
  let colorType = 0;
  const idat: Buffer[] = [];
  while (off < bytes.length) {
    const len = bytes.readUInt32BE(off);
    const type = bytes.toString('latin1', off + 4, off + 8);
    const data = bytes.subarray(off + 8, off + 8 + len);
    if (type === 'IHDR') {
      width = data.readUInt32BE(0);
      height = data.readUInt32BE(4);
      const depth = data[8];
      colorType = data[9]!;
      if (depth !== 8 || data[12] !== 0) throw new Error(`unsupported PNG (depth ${depth}, interlace ${data[12]})`);
    } else if (type === 'IDAT') {
      idat.push(data);
    } else if (type === 'IEND') {
      break;
    }
    off += 12 + len;
  }
  const channels = ({ 0: 1, 2: 3, 4: 2, 6: 4 } as Record<number, number>)[colorType];
  if (!channels) throw new Error(`unsupported PNG colour type ${colorType}`);
  const raw = inflateSync(Buffer.concat(idat));
  const stride = width * channels;
  const cur = Buffer.alloc(stride);
  const prev = Buffer.alloc(stride);
  const px = new Uint8Array(width * height);
  for (let y = 0; y < height; y++) {
    const base = y * (stride + 1);
    const filter = raw[base]!;
    for (let i = 0; i < stride; i++) {
      const x = raw[base + 1 + i]!;
      const a = i >= channels ? cur[i - channels]! : 0;
      const b = prev[i]!;
      const c = i >= channels ? prev[i - channels]! : 0;
      let v: number;
      switch (filter) {
        case 0:
          v = x;
          break;
        case 1:
          v = x + a;
          break;
        case 2:
          v = x + b;
          break;
        case 3:
          v = x + ((a + b) >> 1);
          break;
        case 4: {
          const p = a + b - c;
          const pa = Math.abs(p - a);
          const pb = Math.abs(p - b);
          const pc = Math.abs(p - c);
          v = x + (pa <= pb && pa <= pc ? a : pb <= pc ? b : c);
          break;
        }
        default:
          throw new Error(`bad PNG filter ${filter}`);
      }
      cur[i] = v & 0xff;
    }
    for (let xPix = 0; xPix < width; xPix++) {
      const o = xPix * channels;
      px[y * width + xPix] =
        channels >= 3 ? Math.round(0.299 * cur[o]! + 0.587 * cur[o + 1]! + 0.114 * cur[o + 2]!) : cur[o]!;
    }
    cur.copy(prev);
  }
  return { width, height, px };
}

/** Pixels darker than `threshold` in rows [y0, y1) (all rows by default). */
export function darkPixels(img: Gray, threshold = 128, y0 = 0, y1 = img.height): number {
  let n = 0;
  for (let y = Math.max(0, y0); y < Math.min(img.height, y1); y++) {
    for (let x = 0; x < img.width; x++) if (img.px[y * img.width + x]! < threshold) n++;
  }
  return n;
}

export function readPng(file: string): Gray {
  return decodePng(readFileSync(file));
}

/** A fresh NSS database in `dir`, optionally trusting `rootPem` as a CA (for `pdfsig -nssdir`). */
export function nssDb(dir: string, rootPem?: string): string {
  mkdirSync(dir, { recursive: true });
  const db = `sql:${dir}`;
  let r = run('certutil', ['-N', '--empty-password', '-d', db]);
  if (r.status !== 0) throw new Error(`certutil -N failed: ${r.stderr}`);
  if (rootPem) {
    const pem = join(dir, 'root.pem');
    writeFileSync(pem, rootPem);
    r = run('certutil', ['-A', '-d', db, '-n', 'root', '-t', 'CT,C,C', '-i', pem]);
    if (r.status !== 0) throw new Error(`certutil -A failed: ${r.stderr}`);
  }
  return db;
}

export function pdfsig(file: string, nssdb: string): Run {
  return run('pdfsig', ['-nssdir', nssdb, file]);
}

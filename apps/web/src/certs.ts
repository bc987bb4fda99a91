/**
 * Certificates as the pages show them (pure helpers, no crypto): names out of a DN, the state a
 * certificate is in at the server's "now", bytes ↔ base64, file downloads, and the browser's index of
 * the keys it keeps in IndexedDB (so the login page can offer "使用本机已保存的证书" before anyone is
 * signed in).
 */
import { translate, type Lang, type MessageKey, type Params } from './i18n.ts';

export type CertUsage = 'signing' | 'encryption';

/** Parses an RFC 4514 DN (`CN=张三,O=示范公司\, 有限,C=CN`) into its attributes, most specific first. */
export function parseDn(dn: string): { type: string; value: string }[] {
  const out: { type: string; value: string }[] = [];
  let i = 0;
  while (i < dn.length) {
    let type = '';
    while (i < dn.length && dn[i] !== '=') type += dn[i++];
    i++; // '='
    let value = '';
    while (i < dn.length && dn[i] !== ',' && dn[i] !== '+') {
      if (dn[i] === '\\' && i + 1 < dn.length) {
        const hex = dn.slice(i + 1, i + 3);
        if (/^[0-9a-fA-F]{2}$/.test(hex)) {
          // a UTF-8 byte in hex: collect the run and decode it whole
          const bytes: number[] = [];
          while (dn[i] === '\\' && /^[0-9a-fA-F]{2}$/.test(dn.slice(i + 1, i + 3))) {
            bytes.push(parseInt(dn.slice(i + 1, i + 3), 16));
            i += 3;
          }
          value += new TextDecoder().decode(new Uint8Array(bytes));
          continue;
        }
        value += dn[i + 1];
        i += 2;
        continue;
      }
      value += dn[i++];
    }
    i++; // ',' or '+'
    if (type.trim()) out.push({ type: type.trim(), value });
  }
  return out;
}

/** One attribute of a DN by its short name (CN, O, OU, C, serialNumber), case-insensitive. */
export function dnAttr(dn: string, type: string): string | undefined {
  const t = type.toLowerCase();
  return parseDn(dn).find((a) => a.type.toLowerCase() === t)?.value;
}

/** "张三 · 示范公司" (CN and O), or the DN itself when it has neither. */
export function dnSummary(dn: string): string {
  const parts = [dnAttr(dn, 'CN'), dnAttr(dn, 'O')].filter((p): p is string => Boolean(p));
  return parts.length ? parts.join(' · ') : dn;
}

export type CertState = 'valid' | 'expiring' | 'expired' | 'notYetValid' | 'revoked' | 'superseded';

/** Certificates that end within this many days are flagged so the holder renews in time. */
export const EXPIRY_WARNING_DAYS = 30;

/**
 * What a certificate is at `nowMs` (server time): the stored status first, then the validity period
 * (skipped until the server clock is known: the browser's own clock is never the judge).
 */
export function certState(
  cert: { status: 'active' | 'revoked' | 'superseded'; notBefore: string; notAfter: string },
  nowMs: number | undefined,
): CertState {
  if (cert.status === 'revoked') return 'revoked';
  if (cert.status === 'superseded') return 'superseded';
  if (nowMs === undefined) return 'valid';
  const from = Date.parse(cert.notBefore);
  const to = Date.parse(cert.notAfter);
  if (nowMs < from) return 'notYetValid';
  if (nowMs > to) return 'expired';
  if (to - nowMs < EXPIRY_WARNING_DAYS * 86_400_000) return 'expiring';
  return 'valid';
}

/** Whether the holder should apply for new certificates (none usable for one of the two usages). */
export function needsRenewal(
  certs: readonly { usage: CertUsage; status: 'active' | 'revoked' | 'superseded'; notBefore: string; notAfter: string }[],
  nowMs: number | undefined,
): boolean {
  return (['signing', 'encryption'] as const).some(
    (usage) => !certs.some((c) => c.usage === usage && ['valid', 'expiring'].includes(certState(c, nowMs))),
  );
}

/** Serial in groups of two, upper case (as CA portals print it). */
export function formatSerial(serialHex: string): string {
  const hex = serialHex.toUpperCase();
  return (hex.length % 2 ? '0' + hex : hex).replace(/(..)(?=.)/g, '$1:');
}

export function bytesToBase64(bytes: Uint8Array): string {
  let bin = '';
  const CHUNK = 0x8000;
  for (let i = 0; i < bytes.length; i += CHUNK) bin += String.fromCharCode(...bytes.subarray(i, i + CHUNK));
  return btoa(bin);
}

export function utf8(s: string): Uint8Array<ArrayBuffer> {
  return new TextEncoder().encode(s);
}

/** Offer bytes as a file download (the browser's own save dialog / download bar). */
export function downloadBytes(bytes: Uint8Array<ArrayBuffer>, filename: string, type = 'application/octet-stream'): void {
  const url = URL.createObjectURL(new Blob([bytes], { type }));
  const a = document.createElement('a');
  a.href = url;
  a.download = filename;
  a.rel = 'noopener';
  a.style.display = 'none';
  document.body.appendChild(a);
  a.click();
  a.remove();
  // Chromium reads the blob asynchronously after the click.
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}

/** The backup file names: `<username>-sign.p12` / `<username>-enc.p12` (as the CLI and the demo seed name them). */
export function p12FileName(username: string, usage: CertUsage): string {
  return `${username}-${usage === 'signing' ? 'sign' : 'enc'}.p12`;
}

// ---------------------------------------------------------------- the browser's key index

/** What the browser remembers about a key it keeps in IndexedDB (never the key itself). */
export interface SavedKeyEntry {
  /** The keyStore name. */
  name: string;
  usage: CertUsage;
  username: string;
  subjectDn: string;
  serialHex: string;
  notAfter: string;
  savedAt: string;
}

export const KEY_INDEX_STORAGE_KEY = 'ebid.keys';

/** The keyStore name of a user's key: one per user and usage in this browser (a renewal replaces it). */
export function keyStoreName(username: string, usage: CertUsage): string {
  return `ebid:${username}:${usage}`;
}

function isEntry(v: unknown): v is SavedKeyEntry {
  if (typeof v !== 'object' || v === null) return false;
  const e = v as Record<string, unknown>;
  return (
    typeof e.name === 'string' &&
    (e.usage === 'signing' || e.usage === 'encryption') &&
    typeof e.username === 'string' &&
    typeof e.subjectDn === 'string' &&
    typeof e.serialHex === 'string' &&
    typeof e.notAfter === 'string' &&
    typeof e.savedAt === 'string'
  );
}

export function readKeyIndex(storage: Pick<Storage, 'getItem'> | undefined = globalThis.localStorage): SavedKeyEntry[] {
  try {
    const raw = storage?.getItem(KEY_INDEX_STORAGE_KEY);
    const parsed: unknown = raw ? JSON.parse(raw) : [];
    return Array.isArray(parsed) ? parsed.filter(isEntry) : [];
  } catch {
    return [];
  }
}

function writeKeyIndex(entries: SavedKeyEntry[], storage: Pick<Storage, 'setItem'> | undefined): void {
  try {
    storage?.setItem(KEY_INDEX_STORAGE_KEY, JSON.stringify(entries));
  } catch {
    // storage disabled: the key is still in IndexedDB, it just is not offered at sign-in
  }
}

/** Record (or replace) the entry of one key. */
export function rememberKey(entry: SavedKeyEntry, storage: Pick<Storage, 'getItem' | 'setItem'> | undefined = globalThis.localStorage): void {
  const rest = readKeyIndex(storage).filter((e) => e.name !== entry.name);
  writeKeyIndex([...rest, entry], storage);
}

export function forgetKey(name: string, storage: Pick<Storage, 'getItem' | 'setItem'> | undefined = globalThis.localStorage): void {
  writeKeyIndex(
    readKeyIndex(storage).filter((e) => e.name !== name),
    storage,
  );
}

// ---------------------------------------------------------------- checking a .p12 at import

/** The fields of an imported certificate the import check reads (the browser's parseCertificate gives them). */
export interface ImportedCert {
  serialHex: string;
  /** CN, O, serialNumber, … by short name. */
  subject: Record<string, string>;
  notBefore: Date | string;
  notAfter: Date | string;
  keyUsage: readonly string[];
}

/** What the import check compares against; a missing part is not checked (e.g. no session at certificate login). */
export interface ImportContext {
  /** Server epoch now (clock.ts); the browser's own clock is never the judge. */
  nowMs?: number | undefined;
  /** The signed-in person: the platform issues CN = the person's name and O = the company's name. */
  actor?: { displayName: string; orgName: string } | undefined;
  /** The caller's own certificates as the server knows them (`cert.list`): revocation and ownership. */
  own?: readonly { serialHex: string; usage: CertUsage; status: 'active' | 'revoked' | 'superseded' }[] | undefined;
  /** The chosen file's name, to say which file is which. */
  fileName?: string | undefined;
}

export type ImportRefusalReason =
  | 'CERT_WRONG_USAGE'
  | 'CERT_OTHER_USER'
  | 'CERT_OTHER_ORG'
  | 'CERT_NOT_YOURS'
  | 'CERT_REVOKED'
  | 'CERT_SUPERSEDED'
  | 'CERT_EXPIRED'
  | 'CERT_NOT_YET_VALID';

export interface ImportRefusal {
  reason: ImportRefusalReason;
  zh: string;
  en: string;
}

const USAGE_KEYS: Record<CertUsage, MessageKey> = {
  signing: 'certImport.usage.signing',
  encryption: 'certImport.usage.encryption',
};

/** A refusal with its message in both languages (catalog cert-import; `params` per language: the file and usage words). */
function refusal(reason: ImportRefusalReason, key: MessageKey, params: (lang: Lang) => Params): ImportRefusal {
  return { reason, zh: translate('zh', key, params('zh')), en: translate('en', key, params('en')) };
}

/**
 * The usage a platform user certificate was issued for, from its keyUsage (packages/pki issues signing
 * certificates with digitalSignature + nonRepudiation and encryption ones with keyEncipherment +
 * dataEncipherment); undefined for anything else (a CA, no keyUsage, both kinds).
 */
export function usageOfCert(keyUsage: readonly string[]): CertUsage | undefined {
  const signs = keyUsage.includes('digitalSignature') || keyUsage.includes('nonRepudiation');
  const encrypts = keyUsage.includes('keyEncipherment') || keyUsage.includes('dataEncipherment');
  if (keyUsage.includes('keyCertSign') || signs === encrypts) return undefined;
  return signs ? 'signing' : 'encryption';
}

function time(v: Date | string): number {
  return typeof v === 'string' ? Date.parse(v) : v.getTime();
}

/**
 * Whether the certificate of a .p12 chosen for `slot` may be imported (issue 16 §3): the usage of the
 * slot (a swapped file names which file is which), the signed-in person and company, the server's
 * record of it (revoked, replaced, or not one of the caller's), and its validity at the server's now.
 * Null when it may; otherwise the refusal with its zh/en message.
 */
export function checkImportedCert(cert: ImportedCert, slot: CertUsage, ctx: ImportContext = {}): ImportRefusal | null {
  const file = (lang: Lang) => (ctx.fileName ? translate(lang, 'certImport.fileName', { name: ctx.fileName }) : '');
  const usage = usageOfCert(cert.keyUsage);
  const want = (lang: Lang) => translate(lang, USAGE_KEYS[slot]);
  if (usage !== slot) {
    if (usage) {
      const gotKey = USAGE_KEYS[usage];
      return refusal('CERT_WRONG_USAGE', 'certImport.refusal.swapped', (lang) => ({ want: want(lang), file: file(lang), got: translate(lang, gotKey) }));
    }
    return refusal('CERT_WRONG_USAGE', 'certImport.refusal.wrongUsage', (lang) => ({ want: want(lang), file: file(lang) }));
  }
  if (ctx.actor) {
    const actor = ctx.actor;
    if ((cert.subject.CN ?? '') !== actor.displayName) {
      return refusal('CERT_OTHER_USER', 'certImport.refusal.otherUser', (lang) => ({ file: file(lang), holder: cert.subject.CN ?? '', me: actor.displayName }));
    }
    if ((cert.subject.O ?? '') !== actor.orgName) {
      return refusal('CERT_OTHER_ORG', 'certImport.refusal.otherOrg', (lang) => ({ file: file(lang), holder: cert.subject.O ?? '', me: actor.orgName }));
    }
  }
  if (ctx.own) {
    const serial = cert.serialHex.toLowerCase().replace(/^0+/, '');
    const known = ctx.own.find((c) => c.serialHex.toLowerCase().replace(/^0+/, '') === serial && c.usage === slot);
    if (!known) {
      return refusal('CERT_NOT_YOURS', 'certImport.refusal.notYours', (lang) => ({ file: file(lang), serial: formatSerial(cert.serialHex), want: want(lang) }));
    }
    if (known.status === 'revoked') return refusal('CERT_REVOKED', 'certImport.refusal.revoked', (lang) => ({ file: file(lang) }));
    if (known.status === 'superseded') return refusal('CERT_SUPERSEDED', 'certImport.refusal.superseded', (lang) => ({ file: file(lang) }));
  }
  if (ctx.nowMs !== undefined) {
    if (ctx.nowMs < time(cert.notBefore)) return refusal('CERT_NOT_YET_VALID', 'certImport.refusal.notYetValid', (lang) => ({ file: file(lang) }));
    if (ctx.nowMs > time(cert.notAfter)) return refusal('CERT_EXPIRED', 'certImport.refusal.expired', (lang) => ({ file: file(lang) }));
  }
  return null;
}

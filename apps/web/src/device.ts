/**
 * The browser's device fingerprint (issue 13 §7, X4), sent as the header x-ebid-device with every API
 * call so the audit trail records which device acted: "web:" + SHA-256 over a random id this browser
 * keeps (localStorage) and the stable things it says about itself (user agent, languages, platform,
 * cores, screen, time zone). Self-reported by nature: the server records it and never grants anything
 * because of it. Computed once per page load (WebCrypto's digest is asynchronous).
 */
const STORAGE_KEY = 'ebid.deviceId';
let cached: Promise<string | null> | null = null;

function deviceId(): string {
  try {
    const known = localStorage.getItem(STORAGE_KEY);
    if (known && /^[0-9a-f-]{36}$/.test(known)) return known;
    const id = crypto.randomUUID();
    localStorage.setItem(STORAGE_KEY, id);
    return id;
  } catch {
    return 'no-storage';
  }
}

async function compute(): Promise<string | null> {
  if (typeof crypto === 'undefined' || !crypto.subtle) return null;
  const nav = typeof navigator === 'undefined' ? null : navigator;
  const scr = typeof screen === 'undefined' ? null : screen;
  const parts = [
    deviceId(),
    nav?.userAgent ?? '',
    (nav?.languages ?? []).join(','),
    nav?.platform ?? '',
    String(nav?.hardwareConcurrency ?? ''),
    scr ? `${scr.width}x${scr.height}x${scr.colorDepth}` : '',
    Intl.DateTimeFormat().resolvedOptions().timeZone ?? '',
  ];
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(parts.join('\n')));
  return `web:${[...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, '0')).join('')}`;
}

/** The fingerprint (null where WebCrypto is unavailable, e.g. over plain HTTP to a remote host). */
export function deviceFingerprint(): Promise<string | null> {
  cached ??= compute().catch(() => null);
  return cached;
}

/** The header to add to a request. */
export async function deviceHeaders(): Promise<Record<string, string>> {
  const fp = await deviceFingerprint();
  return fp ? { 'x-ebid-device': fp } : {};
}

/** What each usage of a certificate is called (签名 / 加密). */
import type { CertUsage } from '../certs.ts';
import type { MessageKey } from '../i18n.ts';

export const USAGE_KEYS: Record<CertUsage, MessageKey> = { signing: 'cert.usage.signing', encryption: 'cert.usage.encryption' };

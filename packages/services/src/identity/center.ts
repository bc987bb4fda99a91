/**
 * The trading center's identity (issue 15 §3) as the services use it: it comes from configuration
 * (`deps.config.center`: PLATFORM_NAME, CENTER_NAME, CENTER_REGION_CODE, CENTER_ADDRESS, CENTER_CONTACT,
 * validated at start) and is printed on every PDF the platform issues, named in the notices and in the
 * notifications that send people to the center, and reserved as an organization name.
 */
import { CENTER_KEYS, centerFieldProblem, ConfigError, type CenterIdentity } from '@ebid/config';
import { missingGlyphs, type PdfIssuer } from '@ebid/pdf';

export type { CenterIdentity };

/** The center as the issuer at the foot of every page of the platform's PDFs. */
export function documentIssuer(center: CenterIdentity): PdfIssuer {
  return { name: center.centerName, address: center.address, contact: center.contact };
}

/** "江城市公共资源交易中心（027-87654321）": where a notification tells people to turn to the center. */
export function centerWithContact(center: CenterIdentity): string {
  return `${center.centerName}（${center.contact}）`;
}

/**
 * The identity values with characters the PDFs' font (Noto Sans SC) has no glyph for, as configuration
 * problems: every PDF prints them, so a name the documents would show as empty boxes is refused at start
 * like any other bad value (issue 15 §3). Throws a ConfigError naming the keys, never the values.
 */
export function assertCenterPrintable(center: CenterIdentity): void {
  const problems: { key: string; problem: string }[] = [];
  for (const [field, key] of Object.entries(CENTER_KEYS) as [keyof CenterIdentity, string][]) {
    const missing = new Set([...missingGlyphs(center[field], 'regular'), ...missingGlyphs(center[field], 'bold')]);
    if (missing.size > 0) problems.push({ key, problem: `${missing.size} character(s) the PDF font cannot print` });
  }
  if (problems.length > 0) throw new ConfigError(problems);
}

/**
 * The administrative region (GB/T 2260) a 统一社会信用代码 names in its 3rd–8th characters (the registering
 * authority's), or null when those digits are no region (e.g. 100000, registered at the national level).
 */
export function regionOfCreditCode(creditCode: string): string | null {
  const region = creditCode.slice(2, 8);
  return centerFieldProblem('regionCode', region) === null ? region : null;
}

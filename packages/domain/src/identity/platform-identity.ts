/**
 * The platform's and the trading center's names (issue 14 §3, issue 15 §3): the names no other
 * organization may take. They come from configuration (@ebid/config `config.center`: PLATFORM_NAME,
 * CENTER_NAME …) and are passed in; this module holds only the pure rule.
 *
 * A registered organization's name appears in its users' certificates (subject O) and on every page
 * that names a signer, so an organization called like the platform or the center could pass for it to a
 * reader. Verifiers never trust a name (the platform seal is told apart by its certificate policy, see
 * @ebid/pki PLATFORM_SEAL_POLICY_OID); the name rule is for people.
 */

export interface PlatformIdentity {
  /** The platform (the CA operator and the seal's organization). */
  platformName: string;
  /** The public resource trading center that runs the platform (an organization of kind 'center'). */
  centerName: string;
}

/**
 * A name folded for comparison: NFKC (full-width letters, digits and punctuation become their ASCII
 * forms, compatibility ideographs their unified ones), lower case, and every whitespace, punctuation,
 * symbol, control and format character removed — "示范市 公共资源·交易中心（）" folds like the center's name.
 */
export function foldOrganizationName(name: string): string {
  return name
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[\p{White_Space}\p{P}\p{S}\p{C}]/gu, '');
}

/**
 * Which reserved name (the configured platform's or center's) `name` takes or impersonates, or null: its
 * folded form contains a folded reserved name (with the center "X市公共资源交易中心", both
 * "X市公共资源交易中心有限公司" and "X市 公共资源交易中心（分中心）" impersonate). Only the center itself
 * (kind 'center', created by a platform administrator) may carry such a name.
 */
export function reservedNameTaken(name: string, identity: PlatformIdentity): string | null {
  const folded = foldOrganizationName(name);
  for (const reserved of [identity.platformName, identity.centerName]) {
    const r = foldOrganizationName(reserved);
    if (r.length > 0 && folded.includes(r)) return reserved;
  }
  return null;
}

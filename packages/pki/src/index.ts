/**
 * @ebid/pki, Node entry: the platform CA (dev PKI, user certificates, CRLs), certificate and CMS
 * verification, CSRs and .p12 files. node-forge is used for ASN.1 / PKCS#12 structures only; every RSA
 * operation, hash and chain check runs in node:crypto (stack.md §0, gotchas 8–10).
 */
export type { CertCheck, CertFailReason, CertInfo, CmsCheck, CmsFailReason, DnInput, KeyUsageName, PkiReason } from './types.ts';
export { PKI_REASONS, PKI_REASON_MESSAGES, PLATFORM_SEAL_POLICY_OID } from './types.ts';
export {
  hasPlatformSealIdentity,
  parseCertificate,
  signCmsDetached,
  signCmsDetachedAs,
  verifyCertificate,
  verifyCmsDetached,
  verifyPlatformSeal,
  type SealTrust,
  type VerifyOptions,
} from './node-verify.ts';
export { createCsrPem, fromP12, generateKeyPairPem, toP12 } from './node-keys.ts';
export {
  DEV_PKI_NAMES,
  DEV_PLATFORM_SUBJECT,
  DEV_ROOT_SUBJECT,
  devRootSubject,
  ensureDevPki,
  isDevelopmentCa,
  loadPlatformPki,
  productionRootSubject,
  sealSubject,
  type PkiNames,
  type PlatformCertRole,
  type PlatformCertificate,
  type PlatformPki,
} from './node-ca.ts';
export {
  initPlatformPki,
  loadConfiguredPki,
  pkiConfigProblems,
  platformPkiExpiry,
  type CaFilesInput,
  type LoadPkiOptions,
  type PkiConfigProblem,
  type PkiSource,
  type PlatformCertExpiry,
  type PlatformPkiExpiry,
} from './ca-config.ts';
export * from './envelope/format.ts';
export {
  checkKeyCommitment,
  createPartHasher,
  keyCommitmentOf,
  openPart,
  partHashOfFile,
  readEnvelopeHeader,
  sealPart,
  sealPartWithHooks,
  sha256Hex,
  unwrapContentKey,
  type EnvelopeInput,
  type SealHooks,
  type OpenPartInput,
  type OpenPartResult,
  type OpenPartWithContentKey,
  type OpenPartWithPrivateKey,
  type SealPartInput,
  type SealPartResult,
} from './envelope/node.ts';
export * from './signing-domains.ts';

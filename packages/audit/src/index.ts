/**
 * @ebid/audit — the audit trail (DESIGN §7): hash-chained events per project plus a platform chain,
 * appended in the caller's transaction; signed checkpoints of the chain heads; a verifier that
 * recomputes every chain, object and checkpoint and names the first broken link; staff viewer queries;
 * the published Merkle roots over the chain heads that outside witnesses keep (issue 13 §6).
 * The database itself refuses UPDATE / DELETE / TRUNCATE on audit_events (migration 0002).
 */
export { PLATFORM_CHAIN, isChainId, projectChain } from './types.ts';
export type {
  AuditActor,
  AuditEvent,
  AuditInput,
  BrokenLinkProblem,
  ChainId,
  ChainReport,
  VerifyReport,
  WitnessDivergence,
  WitnessReport,
} from './types.ts';
export { GENESIS_HASH, canonicalJson, eventHash, payloadHash, sha256Hex } from './canonical.ts';
export { appendAuditEvent } from './append.ts';
export { verifyAudit, type SigCheck, type SigCheckResult, type VerifyOptions } from './verify.ts';
export { platformSealVerifiers, signedDocumentTime, type PlatformSealCheck } from './seal.ts';
export {
  CHECKPOINT_ACTION,
  checkpointDocumentBytes,
  parseCheckpointDocument,
  toPublishedRoot,
  writeCheckpoint,
  type CheckpointDocument,
  type CheckpointHead,
  type CheckpointPayload,
  type CheckpointReason,
  type WriteCheckpointOptions,
} from './checkpoint.ts';
export { MAX_ROOTS_PAGE, getPublishedRoot, latestRootWitness, listPublishedRoots } from './roots.ts';
export * from './merkle.ts';
export * from './root.ts';
export { MAX_LIST_LIMIT, eventColumns, listAuditEvents, rowToEvent, type AuditEventFilter } from './list.ts';

/** The public types of the audit trail and the chain naming (DESIGN §7). */
import { AppError } from '@ebid/domain';

/** 'platform' (events that belong to no project, and the checkpoints) or 'project:<id>'. */
export type ChainId = 'platform' | `project:${number}`;

export const PLATFORM_CHAIN = 'platform' as const;

const CHAIN_RE = /^(platform|project:[1-9][0-9]{0,15})$/;

export function isChainId(v: unknown): v is ChainId {
  if (typeof v !== 'string' || !CHAIN_RE.test(v)) return false;
  return v === PLATFORM_CHAIN || Number.isSafeInteger(Number(v.slice('project:'.length)));
}

export function projectChain(projectId: number): ChainId {
  if (!Number.isSafeInteger(projectId) || projectId <= 0) {
    throw new AppError('VALIDATION', { zh: '项目编号无效', en: 'Invalid project id for an audit chain' }, { projectId });
  }
  return `project:${projectId}`;
}

export interface AuditActor {
  userId: number;
  role: string;
  orgId?: number | null;
  certSerial?: string | null;
}

export interface AuditInput {
  /** 'platform' for events that belong to no project. */
  chain: ChainId;
  /** null = the system itself (jobs, seed). */
  actor: AuditActor | null;
  /** Dotted verb, e.g. 'org.register', 'user.login', 'cert.issue'. */
  action: string;
  subject: { type: string; id: string | number };
  /** JSON-serializable (see canonical.ts); the caller never puts secrets (passwords, tokens, keys) in it. */
  payload: unknown;
  /** SHA-256 hex of stored objects this event refers to. */
  objectHashes?: string[];
  clientAddress?: string | null;
  /** The client's User-Agent header (X3), when the act came over HTTP. */
  userAgent?: string | null;
  /** A device fingerprint the client reported (X4: the browser's or `ebid`'s), never trusted for access. */
  deviceFingerprint?: string | null;
  /** Server time from the caller's clock (domain T1). */
  at: Date;
}

export interface AuditEvent {
  id: number;
  chain: ChainId;
  seq: number;
  prevHash: string;
  hash: string;
  at: Date;
  actorUserId: number | null;
  actorRole: string | null;
  actorOrgId: number | null;
  certSerial: string | null;
  action: string;
  subjectType: string;
  subjectId: string;
  payload: unknown;
  payloadHash: string;
  objectHashes: string[];
  clientAddress: string | null;
  userAgent: string | null;
  deviceFingerprint: string | null;
}

export type BrokenLinkProblem = 'HASH_MISMATCH' | 'PAYLOAD_HASH_MISMATCH' | 'PREV_HASH_MISMATCH' | 'SEQ_GAP' | 'HEAD_MISMATCH';

export interface ChainReport {
  chain: ChainId;
  /** Events read for this chain. */
  events: number;
  /** The chain head row's hash (null when the chain has no head row). */
  headHash: string | null;
  ok: boolean;
  /**
   * The first broken link. For SEQ_GAP, `seq`/`eventId` are those of the first event found after the
   * gap (the missing seq is in `detail`). For HEAD_MISMATCH, `seq` is the head row's seq (0 when there
   * is none) and `eventId` the chain's last event (0 when it has none).
   */
  firstBroken?: { seq: number; eventId: number; problem: BrokenLinkProblem; detail?: string };
}

export interface VerifyReport {
  ok: boolean;
  chains: ChainReport[];
  objects: {
    /** Distinct objects checked. */
    checked: number;
    missing: { sha256: string; eventId: number }[];
    corrupted: { sha256: string; eventId: number }[];
  };
  checkpoints: { checked: number; problems: { eventId: number; problem: string }[] };
  /** Only when roots kept by an outside witness were given (verify.ts `witnessedRoots`). */
  witness?: WitnessReport;
}

/** A chain whose recomputed head no longer gives a root that an outside witness kept. */
export interface WitnessDivergence {
  /** The portal id of the witnessed root (null when the witness did not keep it). */
  rootId: number | null;
  /** The checkpoint's time. */
  at: string;
  root: string;
  chain: ChainId;
  /** The events fromSeq … toSeq of the chain must have been rewritten (or removed). */
  fromSeq: number;
  toSeq: number;
  /** The head hash at toSeq when the root was published, and as recomputed now (null: no event at toSeq). */
  witnessedHead: string;
  recomputedHead: string | null;
}

export interface WitnessReport {
  /** Witnessed roots given. */
  checked: number;
  problems: { rootId: number | null; at: string | null; problem: string }[];
  /** The first divergence of each chain, oldest root first. */
  divergences: WitnessDivergence[];
  firstDivergence: WitnessDivergence | null;
}

/**
 * The workflow of one section's bid in this browser (issue 6 §2–§6), apart from how it is shown:
 * the 开标一览表 form and the chosen files; sealing each part here and uploading it in pieces, with
 * progress per part; cancelling (what the server holds is kept) and resuming (only the missing pieces,
 * also after a reload: sealed parts are kept in the browser); and submitting (outer signatures for the
 * version this bid becomes, then finalize). SectionBid.tsx renders what this hook holds.
 */
import { useEffect, useRef, useState } from 'react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { AppError, aboveCeiling, bidSummaryFieldsOf, priceCeiling } from '@ebid/domain';
import { useApi, type RouterOutputs } from '../api.ts';
import { textPair } from '../i18n.ts';
import { yuanToFen } from '../money.ts';
import { BID_KEYS } from './my-bids.ts';
import {
  BID_PARTS,
  SUMMARY_FILE_NAME,
  finalizeParts,
  nextBidVersion,
  isCancelled,
  keptParts,
  sealOnePart,
  sealedKey,
  summaryFile,
  uploadSealedPart,
  type BidKeys,
  type BidPart,
  type SealedPart,
  type SummaryForm,
} from './seal-upload.ts';

type Project = RouterOutputs['project']['get'];
type Section = Project['sections'][number];

/** The parts that are files the bidder chooses (the summary is built from the form). */
export const FILE_PARTS = ['commercial', 'technical', 'qualification'] as const satisfies readonly BidPart[];
export type FilePart = (typeof FILE_PARTS)[number];

export type Phase = 'waiting' | 'sealing' | 'sealed' | 'uploading' | 'uploaded';

export interface PartWork {
  phase: Phase;
  done: number;
  total: number;
  sealed?: SealedPart;
  uploadId?: number;
  /** Pieces the server already held when the last upload call started (a resume). */
  resumedFrom?: number[];
  /** Pieces sent by the last upload call. */
  sent?: number[];
}

type Work = Partial<Record<BidPart, PartWork>>;
type PlanStep = { part: BidPart; file?: File; name?: string };

/** A receipt just issued by finalize (offered for download without asking the server again). */
export interface FreshReceipt {
  bidId: number;
  json: string;
  cmsBase64: string;
}

const NO_FILES: Record<FilePart, File | null> = { commercial: null, technical: null, qualification: null };

/**
 * The section's public price ceiling (issue 16 §2) and what it is called: 最高投标限价 (engineering),
 * 最高限价 or — without one — the budget (procurement); null for rate bids, land and property.
 */
function sectionCeiling(project: Pick<Project, 'tradeType' | 'priceKind' | 'budgetFen'>, section: Pick<Section, 'ceilingFen'>): { fen: number; label: { zh: string; en: string } } | null {
  return priceCeiling({ tradeType: project.tradeType, priceKind: project.priceKind, sectionCeilingFen: section.ceilingFen, budgetFen: project.budgetFen });
}

export function useSectionBid({
  project,
  section,
  username,
  keys,
  onSubmitted,
}: {
  project: Project;
  section: Section;
  username: string;
  keys: BidKeys | null;
  /** Called once a bid is submitted, with the version it became. */
  onSubmitted: (version: number) => void;
}) {
  const api = useApi();
  const qc = useQueryClient();
  const ids = { projectId: project.id, sectionId: section.id };

  const [form, setForm] = useState<SummaryForm>({ priceYuan: '', durationDays: '', quality: '' });
  const [files, setFiles] = useState<Record<FilePart, File | null>>(NO_FILES);
  const [work, setWork] = useState<Work>({});
  const [running, setRunning] = useState(false);
  const [cancelled, setCancelled] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [receipt, setReceipt] = useState<FreshReceipt | null>(null);
  const abort = useRef<AbortController | null>(null);
  // Issue 16 §2: the ceiling is public; the typed price is compared with it here only (nothing is sent).
  const ceiling = sectionCeiling(project, section);
  // Issue 18 §2: the summary asks only what the trade has (no 工期 on a goods bid, no quality on a land bid).
  const asks = bidSummaryFieldsOf(project);
  const overCeiling = ceiling !== null && aboveCeiling(yuanToFen(form.priceYuan), ceiling.fen);
  /** The file inputs, emptied once the bid is submitted. */
  const fileInputs = useRef<Partial<Record<FilePart, HTMLInputElement | null>>>({});

  // Sealed parts kept from earlier in this session (or before a reload): offer 继续上传.
  useEffect(() => {
    let live = true;
    void (async () => {
      const found: Work = {};
      for (const part of BID_PARTS) {
        const kept = await keptParts.get(sealedKey(username, section.id, part));
        if (kept) found[part] = { phase: 'sealed', done: 0, total: kept.sealed.size, sealed: kept.sealed, ...(kept.uploadId !== undefined ? { uploadId: kept.uploadId } : {}) };
      }
      if (live && Object.keys(found).length) setWork((w) => (Object.keys(w).length ? w : found));
    })();
    return () => {
      live = false;
    };
  }, [username, section.id]);

  const setPart = (part: BidPart, patch: Partial<PartWork>) =>
    setWork((w) => ({ ...w, [part]: { ...(w[part] ?? { phase: 'waiting', done: 0, total: 0 }), ...patch } }));

  const forgetKept = async () => {
    for (const part of BID_PARTS) await keptParts.remove(sealedKey(username, section.id, part));
  };

  /** Seal what is not sealed yet and upload what the server does not hold yet — part by part. */
  const run = async (plan: PlanStep[], start: Work) => {
    if (!keys) {
      setError(new AppError('VALIDATION', textPair('bids.error.importKeys'), { field: 'keys', reason: 'KEY_MISSING' }));
      return;
    }
    const ac = new AbortController();
    abort.current = ac;
    setRunning(true);
    setCancelled(false);
    setError(null);
    const upload = { startUpload: (i: { sectionId: number; part: BidPart; size: number; partHash: string }) => api.bid.startUpload.mutate(i) };
    try {
      for (const step of plan) {
        let sealed = start[step.part]?.sealed;
        if (!sealed) {
          if (!step.file) continue;
          setPart(step.part, { phase: 'sealing', done: 0, total: step.file.size });
          sealed = await sealOnePart(
            { file: step.file, name: step.name ?? step.file.name, part: step.part, ...ids, keys },
            { onProgress: (done, total) => setPart(step.part, { phase: 'sealing', done, total }), signal: ac.signal },
          );
          await keptParts.put(sealedKey(username, section.id, step.part), { sealed });
          setPart(step.part, { phase: 'sealed', sealed, done: 0, total: sealed.size });
        }
        const s = sealed;
        setPart(step.part, { phase: 'uploading', done: 0, total: s.size });
        const r = await uploadSealedPart(upload, s, section.id, {
          signal: ac.signal,
          onStarted: (u) => void keptParts.put(sealedKey(username, section.id, step.part), { sealed: s, uploadId: u.uploadId }),
          onProgress: (done, total) => setPart(step.part, { phase: 'uploading', done, total }),
        });
        setPart(step.part, { phase: 'uploaded', uploadId: r.uploadId, done: s.size, total: s.size, resumedFrom: r.alreadyReceived, sent: r.sent });
      }
    } catch (e) {
      if (isCancelled(e) || ac.signal.aborted) {
        setCancelled(true);
        // a part cancelled while sealing has nothing to resume from: it is sealed again
        setWork((w) => Object.fromEntries(Object.entries(w).filter(([, v]) => v.phase !== 'sealing' || v.sealed)) as typeof w);
      } else setError(e);
      setWork((w) => Object.fromEntries(Object.entries(w).map(([k, v]) => [k, v.phase === 'uploading' ? { ...v, phase: 'sealed' as const } : v])) as typeof w);
    } finally {
      abort.current = null;
      setRunning(false);
    }
  };

  /** 加密并上传: a new sealing of the summary and the chosen files (the caller confirms a price above the ceiling first). */
  const sealAndUpload = async () => {
    setError(null);
    let summary: File;
    try {
      summary = summaryFile(form, ids, asks);
    } catch (e) {
      setError(e);
      return;
    }
    // A new sealing: drop what was kept (new content keys → new files; old uploads are cleaned up by the server).
    await forgetKept();
    const plan: PlanStep[] = [{ part: 'summary', file: summary, name: SUMMARY_FILE_NAME }];
    for (const part of FILE_PARTS) {
      const f = files[part];
      if (f) plan.push({ part, file: f });
    }
    const fresh = Object.fromEntries(plan.map((p) => [p.part, { phase: 'waiting' as const, done: 0, total: p.file?.size ?? 0 }])) as Work;
    setWork(fresh);
    setReceipt(null);
    await run(plan, {});
  };

  /** What a part not yet sealed is sealed from when resuming: the form or the chosen file, if still there. */
  const resumeSource = (part: BidPart): { file?: File; name?: string } => {
    if (part === 'summary') {
      try {
        return { file: summaryFile(form, ids, asks), name: SUMMARY_FILE_NAME };
      } catch {
        return {};
      }
    }
    const f = files[part];
    return f ? { file: f } : {};
  };

  /** 继续上传: the parts not uploaded yet, sending only the pieces the server lacks. */
  const resume = async () => {
    const plan = BID_PARTS.filter((p) => work[p] && work[p].phase !== 'uploaded').map((part) => ({ part, ...resumeSource(part) }));
    await run(plan, work);
  };

  const parts = BID_PARTS.filter((p) => work[p]);
  const allUploaded = parts.length > 0 && parts.every((p) => work[p]?.phase === 'uploaded');
  const resumable = !running && parts.some((p) => work[p]?.phase !== 'uploaded');

  /** 提交投标: the outer signatures over the uploaded parts, then finalize. */
  const finalize = useMutation({
    mutationFn: async () => {
      if (!keys) throw new AppError('VALIDATION', textPair('bids.error.importSigningKey'), { field: 'keys' });
      if (!work.summary) throw new AppError('VALIDATION', textPair('bids.error.summaryMissing'), { field: 'summary' });
      const ready = parts.map((p) => ({ sealed: work[p]!.sealed!, uploadId: work[p]!.uploadId! }));
      // The outer signatures name the company and the version this bid becomes (issue 14 §8), read now:
      // if another submission of the company finalizes first, the server refuses this one
      // (BID_VERSION_MISMATCH) and submitting again signs for the new version.
      const [who, mineNow] = await Promise.all([api.auth.me.query(), api.bid.mine.query({ sectionId: section.id })]);
      if (!who.actor) throw new AppError('UNAUTHORIZED');
      const version = nextBidVersion(mineNow, section.id);
      const signed = await finalizeParts(ready, { ...ids, bidderOrgId: who.actor.orgId, version }, keys);
      return api.bid.finalize.mutate({ sectionId: section.id, version, parts: signed });
    },
    onSuccess: async (r) => {
      setReceipt({ bidId: r.bid.id, json: r.receipt.json, cmsBase64: r.receipt.cmsBase64 });
      await forgetKept();
      setWork({});
      setFiles(NO_FILES);
      for (const i of Object.values(fileInputs.current)) if (i) i.value = '';
      onSubmitted(r.bid.version);
      await qc.invalidateQueries({ queryKey: BID_KEYS.mine });
    },
  });

  return {
    form,
    setForm,
    files,
    chooseFile: (part: FilePart, file: File | null) => setFiles((x) => ({ ...x, [part]: file })),
    fileInputs,
    ceiling,
    overCeiling,
    /** What the summary asks besides the price (issue 18 §2). */
    asks,
    work,
    parts,
    running,
    cancelled,
    error,
    receipt,
    allUploaded,
    resumable,
    sealAndUpload,
    cancel: () => abort.current?.abort(),
    resume,
    finalize,
  };
}

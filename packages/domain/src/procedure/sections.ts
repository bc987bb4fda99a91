/**
 * Sections stand alone (issue 16 §7; domain O2, P4): every section (标段) is a competition of its own, so
 * a section with fewer than the minimum bids at the deadline — or, after prequalification, fewer than the
 * minimum qualified applicants — fails by itself, while the other sections go on. The project fails only
 * when all its sections have.
 */

export interface SectionOutcomes {
  /** Sections failing now (count below the minimum), in code order. */
  failed: string[];
  /** Sections going on (count at least the minimum), in code order. */
  proceeding: string[];
  /** True when no section goes on (all failed now or before; a project without sections). */
  projectFails: boolean;
  /**
   * The count the procedure machine judges for the project: the smallest count of the proceeding
   * sections, or — when the project fails — the smallest count of the sections failing now (0 if none).
   */
  projectCount: number;
}

/**
 * Splits a project's sections by their counts (bids at the deadline, or qualified applicants after
 * prequalification) against `minBidders`. Sections in `alreadyFailed` are ignored (they failed before
 * and neither fail again nor go on).
 */
export function sectionOutcomes(
  counts: Readonly<Record<string, number>>,
  minBidders: number,
  alreadyFailed: readonly string[] = [],
): SectionOutcomes {
  const gone = new Set(alreadyFailed);
  const codes = Object.keys(counts)
    .filter((c) => !gone.has(c))
    .sort();
  const failed = codes.filter((c) => counts[c]! < minBidders);
  const proceeding = codes.filter((c) => counts[c]! >= minBidders);
  const projectFails = proceeding.length === 0;
  const judged = projectFails ? failed : proceeding;
  const projectCount = judged.length ? Math.min(...judged.map((c) => counts[c]!)) : 0;
  return { failed, proceeding, projectFails, projectCount };
}

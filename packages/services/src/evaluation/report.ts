/**
 * STUB (issue 22 review branch): the sealed evaluation report is written by another change; this keeps
 * finish.ts compiling until it lands. It must be replaced, not merged.
 */
import type { Tx } from '@ebid/db';
import type { Deps } from '../deps.ts';

export async function sealEvaluationReport(_tx: Tx, _deps: Pick<Deps, 'db' | 'clock' | 'pki' | 'storage'>, _evaluationId: number): Promise<void> {}

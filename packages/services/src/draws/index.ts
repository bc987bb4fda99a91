/**
 * Public commit–reveal draws (issue 14 §2): the use cases — commit, reveal, read a draw, and the
 * `draw.run` job at the reveal close (service.ts). Features create their draws with createDraw inside
 * their own transaction and say who may take part through a purpose (purposes.ts). The hashes are
 * crypto.ts; `verifyDraw` recomputes a drawn draw from its public record, for anyone.
 */
export { commitToDraw, DRAW_RUN_JOB, getDraw, revealToDraw, runDraw } from './service.ts';
export { computeDraw, drawCommitment, platformShareOf, verifyDraw, type DrawRecord } from './crypto.ts';

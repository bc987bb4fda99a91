/** The jobs queue (DESIGN §3), below the features; the handler registry is above them (../job-handlers.ts). */
export { enqueueJob, JobRunner, type ClaimedJob, type JobHandler, type JobHandlers } from './queue.ts';
export type { JobKind, JobPayloads } from './kinds.ts';

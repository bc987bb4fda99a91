/** The audit trail as staff read and verify it, and its checkpoints (DESIGN §7, issue 3 §4, issue 13 §6). */
export { auditCheckpoint, verifyAuditTrail } from './audit-trail.ts';
export { listAudit } from './audit-list.ts';
export { auditChoices } from './audit-choices.ts';
export { exportAuditCsv, type AuditCsvExport } from './audit-export.ts';
export {
  CHECKPOINT_REQUEST_JOB,
  DEADLINE_CHECKPOINT_JOB,
  requestCheckpoint,
  scheduleAuditCheckpoint,
  scheduleDeadlineCheckpoint,
  type CheckpointMoment,
} from './checkpoints.ts';

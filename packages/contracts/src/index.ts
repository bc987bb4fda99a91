/**
 * The API contracts (issue 17 §1): one module per feature holds its zod input and output schemas and the
 * types inferred from them. Services return these types, routers validate with these schemas (zod strips
 * unknown keys, so a field must be added here once, not in two places), and the web imports them.
 * Browser-safe: zod, pure @ebid/domain and the constants of @ebid/pki (`@ebid/pki/constants`) only.
 */
export * from './common.ts';
export * from './notifications.ts';
export * from './projects.ts';
export * from './calendar.ts';
export * from './notices.ts';
export * from './portal.ts';
export * from './qualification.ts';
export * from './registrations.ts';
export * from './deposits.ts';
export * from './objections.ts';
export * from './clarifications.ts';
export * from './documents.ts';
export * from './bids.ts';
export * from './draws.ts';
export * from './opening.ts';
export * from './identity.ts';
export * from './certificates.ts';
export * from './audit.ts';
export * from './system.ts';
export * from './outages.ts';
export * from './checkpoints.ts';
export * from './auth.ts';
export * from './live.ts';
export * from './supervision-alerts.ts';
export * from './supervision-dashboard.ts';
export * from './experts.ts';
export * from './committee.ts';
export * from './evaluation.ts';
export * from './evaluation-session.ts';
export * from './evaluation-review.ts';
export * from './evaluation-report.ts';

export * from './system.ts';
export * from './jobs.ts';
export * from './live.ts';
export * from './identity.ts';
export * from './pki.ts';
export * from './audit.ts';
export * from './projects.ts';
export * from './notifications.ts';

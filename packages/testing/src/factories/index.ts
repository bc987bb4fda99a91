/** Factories that make test data through the real API and services (issue 17 §7). */
export * from './schedule.ts';
export * from './callers.ts';
export * from './uploads.ts';
export * from './projects.ts';
export * from './bidders.ts';
export * from './bids.ts';
export * from './opening.ts';
export * from './qualification.ts';

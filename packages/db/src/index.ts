export * from './client.ts';
export * from './migrate.ts';
export * from './errors.ts';
export * from './schema/index.ts';
export * as schema from './schema/index.ts';

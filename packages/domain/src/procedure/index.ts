export * from './flags.ts';
export * from './machine.ts';
export * from './availability.ts';

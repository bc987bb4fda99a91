export * from './flags.ts';
export * from './machine.ts';

export * from './flags.ts';
export * from './machine.ts';
export * from './sections.ts';

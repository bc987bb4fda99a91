export * from './flags.ts';
export * from './machine.ts';
export * from './project-fields.ts';
export * from './sections.ts';
export * from './availability.ts';
export * from './method-rules.ts';
